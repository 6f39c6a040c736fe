package dev.repmlp.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class HostTensorTest {

    @Test
    void shapeIsCopiedDefensivelyBothWays() {
        long[] shape = {2, 3};
        HostTensor t = HostTensor.ofFloats(shape, 1, 2, 3, 4, 5, 6);
        shape[0] = 99;
        assertEquals("[2, 3]", t.shapeString());
        t.shape()[1] = 42;
        assertArrayEquals(new long[] {2, 3}, t.shape());
    }

    @Test
    void dataIsCopiedAndReadOnly() {
        byte[] raw = {0, 0, (byte) 0x80, 0x3f}; // 1.0f little-endian
        HostTensor t = HostTensor.of(DType.FLOAT32, new long[] {1}, raw);
        raw[3] = 0;
        assertArrayEquals(new float[] {1f}, t.toFloatArray());
        assertThrows(ReadOnlyBufferException.class, () -> t.data().put(0, (byte) 1));
        t.toByteArray()[3] = 0;
        assertArrayEquals(new float[] {1f}, t.toFloatArray());
    }

    @Test
    void scalarHasEmptyShapeAndOneElement() {
        HostTensor s = HostTensor.scalarLong(7);
        assertEquals(0, s.rank());
        assertEquals(1, s.numel());
        assertEquals("[]", s.shapeString());
        assertArrayEquals(new long[] {7}, s.toLongArray());
        assertEquals(DType.INT64, s.dtype());
    }

    @Test
    void shapeStringLooksLikeTorch() {
        HostTensor t = HostTensor.ofFloats(new long[] {3, 2, 1, 1}, new float[6]);
        assertEquals("[3, 2, 1, 1]", t.shapeString());
        assertEquals(6, t.numel());
        assertEquals(24, t.byteSize());
    }

    @Test
    void wrongElementCountIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> HostTensor.ofFloats(new long[] {2, 2}, 1, 2, 3));
        assertThrows(
                IllegalArgumentException.class,
                () -> HostTensor.of(DType.FLOAT16, new long[] {2}, new byte[3]));
        assertThrows(
                IllegalArgumentException.class,
                () -> HostTensor.ofFloats(new long[] {-1}, new float[0]));
    }

    @Test
    void float16BitPatternsConvertExactly() {
        // 1.0, -2.0, 0.5, 65504 (max), 2^-24 (smallest subnormal), 2^-14 (smallest normal), +inf,
        // -0
        short[] bits = {
            0x3C00, (short) 0xC000, 0x3800, 0x7BFF, 0x0001, 0x0400, 0x7C00, (short) 0x8000
        };
        byte[] raw = new byte[bits.length * 2];
        for (int i = 0; i < bits.length; i++) {
            raw[2 * i] = (byte) bits[i];
            raw[2 * i + 1] = (byte) (bits[i] >> 8);
        }
        float[] f = HostTensor.of(DType.FLOAT16, new long[] {bits.length}, raw).toFloatArray();
        assertArrayEquals(
                new float[] {
                    1f,
                    -2f,
                    0.5f,
                    65504f,
                    (float) Math.pow(2, -24),
                    (float) Math.pow(2, -14),
                    Float.POSITIVE_INFINITY,
                    -0f
                },
                f);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(f[7]));
        byte[] nan = {0x00, 0x7E};
        assertTrue(
                Float.isNaN(HostTensor.of(DType.FLOAT16, new long[] {1}, nan).toFloatArray()[0]));
    }

    @Test
    void bfloat16IsTheHighHalfOfAFloat() {
        int bits = Float.floatToIntBits(-3.5f) >>> 16;
        byte[] raw = {(byte) bits, (byte) (bits >> 8)};
        assertArrayEquals(
                new double[] {-3.5},
                HostTensor.of(DType.BFLOAT16, new long[] {1}, raw).toDoubleArray());
    }

    @Test
    void conversionsBetweenTypes() {
        HostTensor d = HostTensor.ofDoubles(new long[] {2}, 0.1, -1e300);
        assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY}, d.toFloatArray());
        assertArrayEquals(new double[] {0.1, -1e300}, d.toDoubleArray());
        HostTensor l = HostTensor.ofLongs(new long[] {3}, 1L << 40, -3, 0);
        assertArrayEquals(new float[] {0x1p40f, -3f, 0f}, l.toFloatArray());
        assertArrayEquals(new double[] {0x1p40, -3, 0}, l.toDoubleArray());
        assertArrayEquals(new long[] {1L << 40, -3, 0}, l.toLongArray());
        HostTensor u8 = HostTensor.of(DType.UINT8, new long[] {2}, new byte[] {(byte) 255, 1});
        assertArrayEquals(new long[] {255, 1}, u8.toLongArray());
        HostTensor b = HostTensor.of(DType.BOOL, new long[] {2}, new byte[] {1, 0});
        assertArrayEquals(new float[] {1, 0}, b.toFloatArray());
        assertArrayEquals(new long[] {-5}, HostTensor.ofInts(new long[] {1}, -5).toLongArray());
        assertThrows(UnsupportedOperationException.class, d::toLongArray);
    }

    @Test
    void equalityIsOnContent() {
        HostTensor a = HostTensor.ofFloats(new long[] {2}, 1, 2);
        assertEquals(a, HostTensor.ofFloats(new long[] {2}, 1, 2));
        assertEquals(a.hashCode(), HostTensor.ofFloats(new long[] {2}, 1, 2).hashCode());
        assertNotEquals(a, HostTensor.ofFloats(new long[] {1, 2}, 1, 2));
        assertNotEquals(a, HostTensor.ofFloats(new long[] {2}, 1, 3));
        assertNotEquals(HostTensor.scalarLong(0), HostTensor.scalarFloat(0));
    }

    @Test
    void dtypeNamesInEachFormat() {
        assertEquals("HalfStorage", DType.FLOAT16.torchStorageClass());
        assertEquals(DType.BFLOAT16, DType.fromSafetensorsName("BF16").orElseThrow());
        assertEquals(DType.INT64, DType.fromTorchStorageClass("LongStorage").orElseThrow());
        assertEquals(DType.FLOAT64, DType.fromNpyDescr("<f8").orElseThrow());
        assertEquals(8, DType.INT64.itemSize());
        assertTrue(DType.fromSafetensorsName("F8_E4M3").isEmpty());
    }
}
