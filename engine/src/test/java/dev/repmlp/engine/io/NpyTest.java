package dev.repmlp.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir Path dir;

    @Test
    void readsNumpyFiles() throws IOException {
        assertEquals(
                HostTensor.ofFloats(new long[] {3, 4}, Fixtures.arange(0, 12, 0.25f)),
                Npy.read(Fixtures.path("c_f32.npy")));
        assertEquals(
                HostTensor.ofFloats(new long[] {4}, 0, 1, 2, 3),
                Npy.read(Fixtures.path("v2_f32.npy")));
        assertEquals(
                HostTensor.ofDoubles(new long[0], 2.5), Npy.read(Fixtures.path("scalar_f64.npy")));
    }

    @Test
    void fortranOrderIsTransposedToCOrder() throws IOException {
        // np.asfortranarray(np.arange(6.0).reshape(2, 3)): logical values are still 0..5 row-major
        assertEquals(
                HostTensor.ofDoubles(new long[] {2, 3}, 0, 1, 2, 3, 4, 5),
                Npy.read(Fixtures.path("fortran_f64.npy")));
    }

    @Test
    void bigEndianIsConverted() throws IOException {
        assertEquals(
                HostTensor.ofLongs(new long[] {3}, 1, -2, 1L << 40),
                Npy.read(Fixtures.path("big_endian_i8.npy")));
    }

    @Test
    void roundTrips() throws IOException {
        HostTensor[] tensors = {
            HostTensor.ofFloats(new long[] {2, 3}, 1, 2, 3, 4, 5, -6),
            HostTensor.ofDoubles(new long[] {1}, Math.E),
            HostTensor.ofLongs(new long[] {2, 1}, Long.MAX_VALUE, Long.MIN_VALUE),
            HostTensor.scalarLong(7),
            HostTensor.ofFloats(new long[] {0, 5}),
            SampleData.raw(DType.FLOAT16, new long[] {1}, 0x00, 0x3C),
        };
        for (int i = 0; i < tensors.length; i++) {
            Path p = dir.resolve("t" + i + ".npy");
            Npy.write(p, tensors[i]);
            assertEquals(tensors[i], Npy.read(p), tensors[i].toString());
        }
    }

    @Test
    void writesAVersion1HeaderLikeNumpy() throws IOException {
        Path p = dir.resolve("x.npy");
        Npy.write(p, HostTensor.ofFloats(new long[] {3}, 1, 2, 3));
        byte[] b = Files.readAllBytes(p);
        assertEquals(1, b[6]);
        int headerLen = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getShort(8);
        assertEquals(0, (10 + headerLen) % 64);
        String header = new String(b, 10, headerLen, StandardCharsets.ISO_8859_1);
        assertTrue(
                header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"),
                header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLen + 12, b.length);
    }

    @Test
    void bfloat16HasNoNumpyType() {
        HostTensor bf = SampleData.raw(DType.BFLOAT16, new long[] {1}, 0x80, 0x3F);
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("b.npy"), bf));
        assertArrayEquals(new float[] {1f}, bf.toFloatArray());
    }
}
