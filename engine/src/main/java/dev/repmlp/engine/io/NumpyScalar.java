package dev.repmlp.engine.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes a pickled NumPy scalar, {@code numpy.core.multiarray.scalar(dtype, bytes)}, which
 * training scripts often store (e.g. {@code best_acc}). Supports float, int and bool kinds.
 */
final class NumpyScalar {
    private NumpyScalar() {}

    /** The scalar as a Double, Long or Boolean; {@code null} when not understood. */
    static Object decode(Object[] args) {
        if (args.length != 2
                || !(args[0] instanceof PythonObject dtype)
                || !"dtype".equals(dtype.name())
                || dtype.args().isEmpty()
                || !(dtype.args().get(0) instanceof String code)
                || !(args[1] instanceof byte[] raw)) {
            return null;
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (dtype.state() instanceof Object[] st && st.length > 1 && ">".equals(st[1])) {
            order = ByteOrder.BIG_ENDIAN;
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(order);
        return switch (code + ":" + raw.length) {
            case "f8:8" -> b.getDouble();
            case "f4:4" -> (double) b.getFloat();
            case "f2:2" -> (double) Halfs.halfToFloat(b.getShort());
            case "i8:8", "u8:8" -> b.getLong();
            case "i4:4" -> (long) b.getInt();
            case "u4:4" -> b.getInt() & 0xFFFF_FFFFL;
            case "i2:2" -> (long) b.getShort();
            case "i1:1" -> (long) b.get();
            case "u1:1" -> (long) (b.get() & 0xFF);
            case "b1:1" -> b.get() != 0;
            default -> null;
        };
    }
}
