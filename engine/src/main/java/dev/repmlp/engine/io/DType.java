package dev.repmlp.engine.io;

import java.util.Optional;

/**
 * Element types that the checkpoint formats can carry, with their names in each format.
 *
 * <p>All data is little-endian. {@link #BFLOAT16} has no NumPy equivalent ({@link #npyDescr()} is
 * {@code null}).
 */
public enum DType {
    FLOAT32(4, "FloatStorage", "F32", "<f4", true),
    FLOAT16(2, "HalfStorage", "F16", "<f2", true),
    BFLOAT16(2, "BFloat16Storage", "BF16", null, true),
    FLOAT64(8, "DoubleStorage", "F64", "<f8", true),
    INT64(8, "LongStorage", "I64", "<i8", false),
    INT32(4, "IntStorage", "I32", "<i4", false),
    INT16(2, "ShortStorage", "I16", "<i2", false),
    INT8(1, "CharStorage", "I8", "|i1", false),
    UINT8(1, "ByteStorage", "U8", "|u1", false),
    BOOL(1, "BoolStorage", "BOOL", "|b1", false);

    private final int itemSize;
    private final String torchStorage;
    private final String safetensorsName;
    private final String npyDescr;
    private final boolean floatingPoint;

    DType(
            int itemSize,
            String torchStorage,
            String safetensorsName,
            String npyDescr,
            boolean floatingPoint) {
        this.itemSize = itemSize;
        this.torchStorage = torchStorage;
        this.safetensorsName = safetensorsName;
        this.npyDescr = npyDescr;
        this.floatingPoint = floatingPoint;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** The legacy typed storage class in module {@code torch}, e.g. {@code FloatStorage}. */
    public String torchStorageClass() {
        return torchStorage;
    }

    /** The dtype string in a safetensors header, e.g. {@code F32}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The little-endian NumPy type descriptor, e.g. {@code <f4}; {@code null} for bfloat16. */
    public String npyDescr() {
        return npyDescr;
    }

    /** Whether the type is a floating-point type. */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** The dtype for a torch storage class name such as {@code HalfStorage}. */
    public static Optional<DType> fromTorchStorageClass(String name) {
        for (DType t : values()) {
            if (t.torchStorage.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The dtype for a safetensors dtype name such as {@code BF16}. */
    public static Optional<DType> fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The dtype for a little-endian or byte-order-free NumPy descriptor such as {@code <f8} or
     * {@code |u1}; big-endian descriptors are handled by {@link Npy} itself.
     */
    public static Optional<DType> fromNpyDescr(String descr) {
        for (DType t : values()) {
            if (t.npyDescr != null && t.npyDescr.equals(descr)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
