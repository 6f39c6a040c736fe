package dev.repmlp.engine.io;

import java.util.Arrays;

/** Copies a strided view of a storage into a new C-contiguous array. */
final class Strided {
    private Strided() {}

    /**
     * Checks that the view {@code (offset, size, stride)} stays inside a storage of {@code
     * storageNumel} elements.
     *
     * @return null when valid, else a description of the problem
     */
    static String checkView(long storageNumel, long offset, long[] size, long[] stride) {
        if (size.length != stride.length) {
            return "size "
                    + Arrays.toString(size)
                    + " and stride "
                    + Arrays.toString(stride)
                    + " differ in rank";
        }
        if (offset < 0) {
            return "negative storage offset " + offset;
        }
        long last = offset;
        try {
            for (int d = 0; d < size.length; d++) {
                if (size[d] < 0 || stride[d] < 0) {
                    return "negative size or stride in size "
                            + Arrays.toString(size)
                            + " stride "
                            + Arrays.toString(stride);
                }
                if (size[d] == 0) {
                    return null; // empty view touches nothing
                }
                last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
            }
        } catch (ArithmeticException e) {
            return "size "
                    + Arrays.toString(size)
                    + " stride "
                    + Arrays.toString(stride)
                    + " overflows";
        }
        if (last >= storageNumel) {
            return "view (offset "
                    + offset
                    + ", size "
                    + Arrays.toString(size)
                    + ", stride "
                    + Arrays.toString(stride)
                    + ") reaches element "
                    + last
                    + " but the storage has "
                    + storageNumel
                    + " elements";
        }
        return null;
    }

    /** True when {@code stride} is the row-major stride of {@code size} (size-1 dims ignored). */
    static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= size[d];
        }
        return true;
    }

    /**
     * Materialises the view; the caller has validated it with {@link #checkView} and checked that
     * its byte size fits in an array.
     */
    static byte[] gather(byte[] storage, int itemSize, long offset, long[] size, long[] stride) {
        long numel = HostTensor.numelOf(size);
        byte[] out = new byte[Math.toIntExact(numel * itemSize)];
        if (numel == 0) {
            return out;
        }
        if (isContiguous(size, stride)) {
            System.arraycopy(storage, Math.toIntExact(offset * itemSize), out, 0, out.length);
            return out;
        }
        int rank = size.length;
        long inner = size[rank - 1];
        long innerStep = stride[rank - 1] * itemSize;
        long[] index = new long[rank];
        long base = offset * itemSize;
        int o = 0;
        for (long row = 0, rows = numel / inner; row < rows; row++) {
            long p = base;
            for (long j = 0; j < inner; j++) {
                int s = (int) p;
                for (int k = 0; k < itemSize; k++) {
                    out[o++] = storage[s + k];
                }
                p += innerStep;
            }
            for (int d = rank - 2; d >= 0; d--) {
                index[d]++;
                base += stride[d] * itemSize;
                if (index[d] < size[d]) {
                    break;
                }
                base -= stride[d] * itemSize * size[d];
                index[d] = 0;
            }
        }
        return out;
    }
}
