package dev.pulseboard.contract.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.pulseboard.contract.errors.ErrorId;

/**
 * Frames protobuf messages for Kafka: {@code [MAGIC][version][protobuf bytes]}.
 *
 * <p>The two-byte frame lets a reader tell a Pulseboard record from stray bytes and refuse a version it does
 * not understand without guessing. Decoding never throws: a bad record becomes a {@link Decoded} with a
 * {@link DecodeError}, which the caller counts and skips.
 */
public final class WireCodec {
    /** First byte of every framed record ('P'). */
    public static final byte MAGIC = 0x50;
    /** The frame version this code writes and reads. */
    public static final byte CURRENT_VERSION = 1;

    private WireCodec() {}

    public static byte[] encode(MessageLite message) {
        int size = message.getSerializedSize();
        byte[] out = new byte[size + 2];
        out[0] = MAGIC;
        out[1] = CURRENT_VERSION;
        com.google.protobuf.CodedOutputStream cos = com.google.protobuf.CodedOutputStream.newInstance(out, 2, size);
        try {
            message.writeTo(cos);
            cos.checkNoSpaceLeft();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("protobuf serialisation into an exactly sized array failed", e);
        }
        return out;
    }

    public static <T extends MessageLite> Decoded<T> decode(byte[] bytes, Parser<T> parser) {
        if (bytes == null || bytes.length < 2) {
            return Decoded.error(DecodeError.TRUNCATED);
        }
        if (bytes[0] != MAGIC) {
            return Decoded.error(DecodeError.NOT_PULSEBOARD);
        }
        if (bytes[1] != CURRENT_VERSION) {
            return Decoded.error(DecodeError.UNKNOWN_VERSION);
        }
        try {
            return Decoded.ok(parser.parseFrom(bytes, 2, bytes.length - 2));
        } catch (InvalidProtocolBufferException e) {
            return Decoded.error(DecodeError.MALFORMED);
        }
    }

    /** Why a record could not be decoded; {@link #id()} is the stable ID used in counters and logs. */
    public enum DecodeError {
        TRUNCATED(ErrorId.RECORD_TRUNCATED),
        NOT_PULSEBOARD(ErrorId.RECORD_NOT_PULSEBOARD),
        UNKNOWN_VERSION(ErrorId.RECORD_UNKNOWN_VERSION),
        MALFORMED(ErrorId.RECORD_MALFORMED);

        private final ErrorId errorId;

        DecodeError(ErrorId errorId) {
            this.errorId = errorId;
        }

        public String id() {
            return errorId.id();
        }
    }

    /** Either a message or the reason there is none. */
    public record Decoded<T>(T message, DecodeError error) {
        static <T> Decoded<T> ok(T message) {
            return new Decoded<>(message, null);
        }

        static <T> Decoded<T> error(DecodeError error) {
            return new Decoded<>(null, error);
        }

        public boolean isOk() {
            return error == null;
        }
    }
}
