package dev.repmlp.engine.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable tensor in host memory: dtype, shape and little-endian C-contiguous (row-major) data.
 * A 0-dim tensor (scalar) has shape {@code []} and one element.
 *
 * <p>Equality is on content: same dtype, same shape and bitwise identical data (so {@code 0.0} and
 * {@code -0.0} differ, and a NaN equals the same NaN bit pattern).
 */
public final class HostTensor {
    /** Largest data size in bytes: one Java array. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private final long[] shape;
    private final byte[] data;

    private HostTensor(DType dtype, long[] shape, byte[] data) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape;
        this.data = data;
        long bytes = byteSizeOf(dtype, shape);
        if (bytes != data.length) {
            throw new IllegalArgumentException(
                    "data has "
                            + data.length
                            + " bytes but "
                            + dtype
                            + " "
                            + Arrays.toString(shape)
                            + " needs "
                            + bytes);
        }
    }

    /**
     * A tensor over a copy of {@code littleEndianData}, which must hold exactly {@code numel(shape)
     * * dtype.itemSize()} bytes.
     */
    public static HostTensor of(DType dtype, long[] shape, byte[] littleEndianData) {
        return new HostTensor(dtype, shape.clone(), littleEndianData.clone());
    }

    /** Takes ownership of {@code data} without copying; for readers in this package. */
    static HostTensor wrap(DType dtype, long[] shape, byte[] data) {
        return new HostTensor(dtype, shape.clone(), data);
    }

    /** A float32 tensor holding {@code values} in row-major order. */
    public static HostTensor ofFloats(long[] shape, float... values) {
        ByteBuffer b = allocate(DType.FLOAT32, shape, values.length);
        b.asFloatBuffer().put(values);
        return new HostTensor(DType.FLOAT32, shape.clone(), b.array());
    }

    /** A float64 tensor holding {@code values} in row-major order. */
    public static HostTensor ofDoubles(long[] shape, double... values) {
        ByteBuffer b = allocate(DType.FLOAT64, shape, values.length);
        b.asDoubleBuffer().put(values);
        return new HostTensor(DType.FLOAT64, shape.clone(), b.array());
    }

    /** An int64 tensor holding {@code values} in row-major order. */
    public static HostTensor ofLongs(long[] shape, long... values) {
        ByteBuffer b = allocate(DType.INT64, shape, values.length);
        b.asLongBuffer().put(values);
        return new HostTensor(DType.INT64, shape.clone(), b.array());
    }

    /** An int32 tensor holding {@code values} in row-major order. */
    public static HostTensor ofInts(long[] shape, int... values) {
        ByteBuffer b = allocate(DType.INT32, shape, values.length);
        b.asIntBuffer().put(values);
        return new HostTensor(DType.INT32, shape.clone(), b.array());
    }

    /** A 0-dim int64 tensor, e.g. BatchNorm's {@code num_batches_tracked}. */
    public static HostTensor scalarLong(long value) {
        return ofLongs(new long[0], value);
    }

    /** A 0-dim float32 tensor. */
    public static HostTensor scalarFloat(float value) {
        return ofFloats(new long[0], value);
    }

    private static ByteBuffer allocate(DType dtype, long[] shape, int count) {
        long n = numelOf(shape);
        if (n != count) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " has " + n + " elements, got " + count);
        }
        return ByteBuffer.allocate(Math.toIntExact(byteSizeOf(dtype, shape)))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Number of elements of {@code shape} (1 for a scalar).
     *
     * @throws IllegalArgumentException for a negative dimension or an overflowing product
     */
    public static long numelOf(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " has too many elements", e);
            }
        }
        return n;
    }

    /** Bytes needed by {@code shape} of {@code dtype}; throws when above one Java array. */
    static long byteSizeOf(DType dtype, long[] shape) {
        long n = numelOf(shape);
        if (n > MAX_BYTES / dtype.itemSize()) {
            throw new IllegalArgumentException(
                    dtype
                            + " "
                            + Arrays.toString(shape)
                            + " is larger than 2 GiB, the most one host tensor can hold");
        }
        return n * dtype.itemSize();
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public long dim(int i) {
        return shape[i];
    }

    /** Number of elements. */
    public long numel() {
        return data.length / dtype.itemSize();
    }

    /** Size of the data in bytes. */
    public int byteSize() {
        return data.length;
    }

    /** A read-only little-endian view of the data. */
    public ByteBuffer data() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of the little-endian data. */
    public byte[] toByteArray() {
        return data.clone();
    }

    /** The data without copying; callers in this package must not modify it. */
    byte[] rawData() {
        return data;
    }

    /**
     * The shape as in PyTorch's printout, e.g. {@code [3136, 3136, 1, 1]} ({@code []} for 0-dim).
     */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    /**
     * The elements as floats, converting from any dtype (float64 and int64 round to nearest; bool
     * is 0 or 1; uint8 is unsigned).
     */
    public float[] toFloatArray() {
        int n = Math.toIntExact(numel());
        float[] out = new float[n];
        ByteBuffer b = data();
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get(out);
            case FLOAT16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Halfs.halfToFloat(b.getShort(2 * i));
                }
            }
            case BFLOAT16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Halfs.bfloat16ToFloat(b.getShort(2 * i));
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = integerAt(b, i);
                }
            }
        }
        return out;
    }

    /** The elements as doubles, converting from any dtype (int64 beyond 2^53 rounds). */
    public double[] toDoubleArray() {
        int n = Math.toIntExact(numel());
        double[] out = new double[n];
        ByteBuffer b = data();
        switch (dtype) {
            case FLOAT64 -> b.asDoubleBuffer().get(out);
            case FLOAT32, FLOAT16, BFLOAT16 -> {
                float[] f = toFloatArray();
                for (int i = 0; i < n; i++) {
                    out[i] = f[i];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = integerAt(b, i);
                }
            }
        }
        return out;
    }

    /**
     * The elements as longs; only for integer and bool dtypes.
     *
     * @throws UnsupportedOperationException for a floating-point dtype (no silent truncation)
     */
    public long[] toLongArray() {
        if (dtype.isFloatingPoint()) {
            throw new UnsupportedOperationException(
                    "toLongArray() on a " + dtype + " tensor; use toDoubleArray()");
        }
        int n = Math.toIntExact(numel());
        long[] out = new long[n];
        ByteBuffer b = data();
        for (int i = 0; i < n; i++) {
            out[i] = integerAt(b, i);
        }
        return out;
    }

    private long integerAt(ByteBuffer b, int i) {
        return switch (dtype) {
            case INT64 -> b.getLong(8 * i);
            case INT32 -> b.getInt(4 * i);
            case INT16 -> b.getShort(2 * i);
            case INT8 -> b.get(i);
            case UINT8 -> b.get(i) & 0xFF;
            case BOOL -> b.get(i) != 0 ? 1 : 0;
            default -> throw new IllegalStateException(dtype.toString());
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor t
                && dtype == t.dtype
                && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HostTensor[" + dtype + " " + shapeString() + "]";
    }
}
