package dev.pulseboard.gateway.ingest.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.pulseboard.contract.errors.ApiException;
import dev.pulseboard.contract.errors.ErrorId;
import dev.pulseboard.contract.errors.ErrorKind;
import dev.pulseboard.contract.prometheus.WriteRequest;
import java.io.IOException;
import org.xerial.snappy.Snappy;

/**
 * Pure decoding of a remote-write 1.0 body: snappy block format, then protobuf {@link WriteRequest}. The declared
 * decompressed size is checked before anything is decompressed, so a small body cannot make the gateway allocate
 * gigabytes. Every failure is a 4xx {@link ApiException} with an error id.
 */
public final class RemoteWriteDecoder {
    private RemoteWriteDecoder() {}

    public static WriteRequest decode(byte[] compressed, long maxDecompressedBytes) {
        return parse(decompress(compressed, maxDecompressedBytes));
    }

    /** The snappy block-compressed body, decompressed; the size it declares is checked first. */
    public static byte[] decompress(byte[] compressed, long maxDecompressedBytes) {
        try {
            if (!Snappy.isValidCompressedBuffer(compressed)) {
                throw malformed("the body is not snappy block-compressed (Content-Encoding: snappy)");
            }
            int size = Snappy.uncompressedLength(compressed);
            if (size < 0 || size > maxDecompressedBytes) {
                throw new ApiException(
                        ErrorKind.PAYLOAD_TOO_LARGE,
                        ErrorId.REQUEST_TOO_LARGE,
                        "the body decompresses to " + size + " bytes, over " + maxDecompressedBytes
                                + " (pulseboard.gateway.remote-write.max-decompressed-size); lower max_samples_per_send");
            }
            return Snappy.uncompress(compressed);
        } catch (IOException e) {
            throw malformed("the body is not snappy block-compressed (Content-Encoding: snappy)");
        }
    }

    /** A decompressed body as a {@link WriteRequest}. */
    public static WriteRequest parse(byte[] decompressed) {
        try {
            return WriteRequest.parseFrom(decompressed);
        } catch (InvalidProtocolBufferException e) {
            throw malformed("the body is not a remote-write 1.0 WriteRequest");
        }
    }

    private static ApiException malformed(String message) {
        return new ApiException(ErrorKind.INVALID_REQUEST, ErrorId.REMOTE_WRITE_MALFORMED, message);
    }
}
