package dev.pulseboard.testing;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Protobuf messages written field by field with {@link CodedOutputStream}: for tests that need bytes a generated builder
 * would never write (fields out of order, a field twice) or that speak a protocol without its generated classes.
 */
public final class WireMessages {
    private WireMessages() {}

    /** The fields of one message, written in the order given. */
    public interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    /** A message's bytes, written by {@code fields}. */
    public static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}
