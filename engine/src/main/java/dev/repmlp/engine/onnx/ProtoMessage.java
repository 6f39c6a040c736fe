package dev.repmlp.engine.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One protocol-buffers message, written in the binary wire format
 * (https://protobuf.dev/programming-guides/encoding/): varint fields (wire type 0), 32-bit floats
 * (wire type 5) and length-delimited fields (wire type 2: strings, bytes, nested messages and float
 * arrays as raw little-endian bytes). Write-only and schema-free: {@link OnnxModelWriter} names the
 * ONNX fields by their numbers in onnx.proto.
 *
 * <p>Sizes are computed before writing, so nested messages and large tensors stream straight to the
 * output without being copied into intermediate byte arrays.
 */
final class ProtoMessage {

    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    /** One field: its encoded size and its bytes. */
    private interface Field {
        long size();

        void writeTo(OutputStream out) throws IOException;
    }

    private record Varint(int number, long value) implements Field {
        @Override
        public long size() {
            return tagSize(number) + varintSize(value);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            writeVarint(out, ((long) number << 3) | VARINT);
            writeVarint(out, value);
        }
    }

    private record Fixed32(int number, float value) implements Field {
        @Override
        public long size() {
            return tagSize(number) + 4;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            writeVarint(out, ((long) number << 3) | FIXED32);
            int bits = Float.floatToRawIntBits(value);
            out.write(bits);
            out.write(bits >>> 8);
            out.write(bits >>> 16);
            out.write(bits >>> 24);
        }
    }

    private record Bytes(int number, byte[] value) implements Field {
        @Override
        public long size() {
            return delimitedSize(number, value.length);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            writeVarint(out, ((long) number << 3) | LENGTH_DELIMITED);
            writeVarint(out, value.length);
            out.write(value);
        }
    }

    private record Nested(int number, ProtoMessage value) implements Field {
        @Override
        public long size() {
            return delimitedSize(number, value.size());
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            writeVarint(out, ((long) number << 3) | LENGTH_DELIMITED);
            writeVarint(out, value.size());
            value.writeTo(out);
        }
    }

    /** Float32 values written as one length-delimited field of little-endian bytes. */
    private record Floats(int number, float[] value) implements Field {
        @Override
        public long size() {
            return delimitedSize(number, 4L * value.length);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            writeVarint(out, ((long) number << 3) | LENGTH_DELIMITED);
            writeVarint(out, 4L * value.length);
            writeFloats(out, value);
        }
    }

    private final List<Field> fields = new ArrayList<>();
    private long size = -1;

    /** Appends an int32/int64/enum field (negative values take ten bytes, as in protobuf). */
    ProtoMessage varint(int number, long value) {
        return add(new Varint(number, value));
    }

    /** Appends a {@code float} field. */
    ProtoMessage float32(int number, float value) {
        return add(new Fixed32(number, value));
    }

    /** Appends a {@code string} field (UTF-8). */
    ProtoMessage string(int number, String value) {
        return add(new Bytes(number, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Appends a {@code bytes} field. */
    ProtoMessage bytes(int number, byte[] value) {
        return add(new Bytes(number, value));
    }

    /** Appends a nested message field. */
    ProtoMessage message(int number, ProtoMessage value) {
        return add(new Nested(number, value));
    }

    /** Appends a {@code bytes} field holding {@code values} as little-endian float32. */
    ProtoMessage rawFloats(int number, float[] values) {
        return add(new Floats(number, values));
    }

    private ProtoMessage add(Field f) {
        fields.add(f);
        size = -1;
        return this;
    }

    /** Serialized size in bytes. */
    long size() {
        if (size < 0) {
            long s = 0;
            for (Field f : fields) {
                s += f.size();
            }
            size = s;
        }
        return size;
    }

    private static long delimitedSize(int number, long length) {
        return tagSize(number) + varintSize(length) + length;
    }

    private static int tagSize(int number) {
        return varintSize((long) number << 3);
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /** The message as bytes (for small messages and tests). */
    byte[] toByteArray() {
        var out = new java.io.ByteArrayOutputStream((int) size());
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Writes the message (without a length prefix) to {@code out}. */
    void writeTo(OutputStream out) throws IOException {
        for (Field f : fields) {
            f.writeTo(out);
        }
    }

    static void writeVarint(OutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void writeFloats(OutputStream out, float[] values) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        int i = 0;
        while (i < values.length) {
            buf.clear();
            int n = Math.min(values.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(values, i, n);
            out.write(buf.array(), 0, 4 * n);
            i += n;
        }
    }
}
