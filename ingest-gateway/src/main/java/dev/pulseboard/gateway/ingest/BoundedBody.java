package dev.pulseboard.gateway.ingest;

import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body of at most {@code maxBytes} (413 err-pb-request-too-large beyond), never buffering more. */
public final class BoundedBody {
    private BoundedBody() {}

    /**
     * @param limitName the property that sets the limit, named in the error
     * @param unreadable the error id when the stream fails mid-read
     */
    public static byte[] read(InputStream body, long maxBytes, String limitName, ErrorId unreadable) {
        try (InputStream in = body) {
            byte[] bytes =
                    in == null ? new byte[0] : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new ApiException(
                        ErrorKind.PAYLOAD_TOO_LARGE,
                        ErrorId.REQUEST_TOO_LARGE,
                        "the body is over " + maxBytes + " bytes (" + limitName + "); split it");
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiException(ErrorKind.INVALID_REQUEST, unreadable, "the body could not be read");
        }
    }
}
