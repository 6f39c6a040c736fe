package dev.repmlp.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchPthWriteTest {
    @TempDir Path dir;

    @Test
    void roundTripKeepsOrderDtypesShapesAndValues() throws IOException {
        StateDict sd = SampleData.allDtypes();
        Path p = dir.resolve("all.pth");
        TorchPth.write(p, sd);
        StateDict back = TorchPth.readStateDict(p);
        assertEquals(SampleData.KEYS, back.keys());
        assertEquals(sd, back);
        assertEquals(HostTensor.scalarLong(12), back.get("bn.num_batches_tracked"));
        assertArrayEquals(new float[] {1, -2, 65504, 0x1p-24f}, back.get("half").toFloatArray());
    }

    @Test
    void writesTheLayoutTorchSaveWrites() throws IOException {
        Path p = dir.resolve("layout.pth");
        StateDict sd = new StateDict();
        sd.put("w", HostTensor.ofFloats(new long[] {3}, 1, 2, 3));
        sd.put("n", HostTensor.scalarLong(5));
        TorchPth.write(p, sd);
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(p.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
            }
            assertEquals("little", read(z, "archive/byteorder"));
            assertEquals("3\n", read(z, "archive/version"));
        }
        assertEquals(
                List.of(
                        "archive/data.pkl",
                        "archive/byteorder",
                        "archive/data/0",
                        "archive/data/1",
                        "archive/version"),
                names);
        byte[] file = Files.readAllBytes(p);
        for (String name : names) {
            long start = dataStart(file, name);
            assertEquals(0, start % 64, name + " data starts at " + start);
        }
        // data/0 holds 1, 2, 3 as little-endian float32
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int s0 = (int) dataStart(file, "archive/data/0");
        assertEquals(2f, b.getFloat(s0 + 4));
    }

    private static String read(ZipFile z, String name) throws IOException {
        return new String(
                z.getInputStream(z.getEntry(name)).readAllBytes(), StandardCharsets.US_ASCII);
    }

    /** Where an entry's data begins, from its local file header (signature, then name). */
    private static long dataStart(byte[] file, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 30 + n.length <= file.length; i++) {
            if (b.getInt(i) == 0x04034b50
                    && (b.getShort(i + 26) & 0xFFFF) == n.length
                    && Arrays.equals(Arrays.copyOfRange(file, i + 30, i + 30 + n.length), n)) {
                return i + 30L + n.length + (b.getShort(i + 28) & 0xFFFF);
            }
        }
        throw new AssertionError("no local header for " + name);
    }

    @Test
    void nestedObjectsRoundTrip() throws IOException {
        StateDict sd = new StateDict();
        sd.put("module.fc.weight", HostTensor.ofFloats(new long[] {2, 2}, 1, 2, 3, 4));
        sd.put("module.fc.bias", HostTensor.ofFloats(new long[] {2}, 0, -1));
        Map<String, Object> ckpt = new LinkedHashMap<>();
        ckpt.put("model", sd);
        ckpt.put("epoch", 3);
        ckpt.put("step", 1L << 40);
        ckpt.put("lr", 0.1);
        ckpt.put("arch", "RepMLPNet-B224");
        ckpt.put("hist", Arrays.asList(1, null, true, -7000000000L, "x"));
        ckpt.put("pair", new Object[] {1, 2.5});
        ckpt.put("opt", Map.of("momentum", 0.9));
        Path p = dir.resolve("ckpt.pth");
        TorchPth.write(p, ckpt);

        Map<?, ?> m = assertInstanceOf(Map.class, TorchPth.readObject(p));
        assertEquals(List.copyOf(ckpt.keySet()), new ArrayList<>(m.keySet()));
        assertEquals(3, ((Number) m.get("epoch")).intValue());
        assertEquals(1L << 40, ((Number) m.get("step")).longValue());
        assertEquals(0.1, m.get("lr"));
        assertEquals("RepMLPNet-B224", m.get("arch"));
        List<?> hist = assertInstanceOf(List.class, m.get("hist"));
        assertEquals(1, ((Number) hist.get(0)).intValue());
        assertNull(hist.get(1));
        assertEquals(true, hist.get(2));
        assertEquals(-7000000000L, ((Number) hist.get(3)).longValue());
        Object[] pair = assertInstanceOf(Object[].class, m.get("pair"));
        assertEquals(2.5, pair[1]);
        assertEquals(0.9, ((Map<?, ?>) m.get("opt")).get("momentum"));

        StateDict back = TorchPth.readStateDict(p); // unwraps 'model', strips 'module.'
        assertEquals(List.of("fc.weight", "fc.bias"), back.keys());
        assertEquals(sd.get("module.fc.weight"), back.get("fc.weight"));
    }

    @Test
    void oneTensorUnderTwoKeysIsStoredOnce() throws IOException {
        HostTensor shared = HostTensor.ofFloats(new long[] {2}, 5, 6);
        StateDict sd = new StateDict();
        sd.put("embed.weight", shared);
        sd.put("head.weight", shared);
        Path p = dir.resolve("tied.pth");
        TorchPth.write(p, sd);
        try (ZipFile z = new ZipFile(p.toFile())) {
            assertTrue(z.getEntry("archive/data/0") != null);
            assertNull(z.getEntry("archive/data/1"));
        }
        assertEquals(sd, TorchPth.readStateDict(p));
    }

    @Test
    void unsupportedValueFailsBeforeTouchingTheFile() throws IOException {
        Path p = dir.resolve("bad.pth");
        Map<String, Object> m = Map.of("when", java.time.Instant.EPOCH);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TorchPth.write(p, m));
        assertTrue(e.getMessage().contains("java.time.Instant at when"), e.getMessage());
        assertFalse(Files.exists(p));
        assertEquals(0, listing().size());
    }

    @Test
    void replacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path p = dir.resolve("model.pth");
        Files.writeString(p, "old");
        StateDict sd = SampleData.allDtypes();
        TorchPth.write(p, sd);
        assertEquals(sd, TorchPth.readStateDict(p));
        assertEquals(List.of(p), listing());
    }

    @Test
    void permissionsAreTheUsualNotOwnerOnly() throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path reference = Files.createFile(dir.resolve("reference"));
        Path p = dir.resolve("model.pth");
        TorchPth.write(p, SampleData.allDtypes());
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        assertEquals(expected, Files.getPosixFilePermissions(p));
    }

    @Test
    void unwritableTargetGivesAnErrorNamingThePath() throws IOException {
        Path noDir = dir.resolve("no/such/dir/model.pth");
        IOException e =
                assertThrows(IOException.class, () -> TorchPth.write(noDir, new StateDict()));
        assertTrue(e.getMessage().contains(noDir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());

        Path isDir = Files.createDirectories(dir.resolve("taken.pth"));
        Files.writeString(isDir.resolve("inside"), "x");
        IOException e2 =
                assertThrows(
                        IOException.class, () -> TorchPth.write(isDir, SampleData.allDtypes()));
        assertTrue(e2.getMessage().startsWith("cannot write " + isDir), e2.getMessage());
        assertEquals(List.of(isDir), listing()); // the temporary file is gone
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(x -> !x.getFileName().toString().equals("reference")).toList();
        }
    }
}
