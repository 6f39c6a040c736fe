package dev.repmlp.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every malformed input gives a CheckpointFormatException that names the file, fast. */
class CorruptFilesTest {
    private static final Duration FAST = Duration.ofSeconds(10);

    @TempDir Path dir;

    /**
     * Reads with the reader for the extension; asserts a CheckpointFormatException naming the file.
     */
    private static String failure(Path file) {
        CheckpointFormatException e =
                assertTimeoutPreemptively(
                        FAST,
                        () -> assertThrows(CheckpointFormatException.class, () -> read(file)));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    private static Object read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".safetensors")) {
            return SafeTensors.read(file);
        }
        if (name.endsWith(".npy")) {
            return Npy.read(file);
        }
        return TorchPth.readStateDict(file);
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' in: " + message);
        }
    }

    private Path copyTruncated(String fixture, int length) throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.path(fixture));
        Path p = dir.resolve("cut" + length + "_" + fixture);
        Files.write(p, Arrays.copyOf(all, length));
        return p;
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 10, 100, 400, 700, 1000, -200, -22, -1})
    void truncatedZip(int cut) throws IOException {
        int size = (int) Files.size(Fixtures.path("contiguous_f32.pth"));
        Path p = copyTruncated("contiguous_f32.pth", cut > 0 ? cut : size + cut);
        assertContains(failure(p), "truncated", "re-download or re-copy");
    }

    @Test
    void truncatedAtEveryLengthNeverEscapesUnchecked() throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.path("strided.pth"));
        Path p = dir.resolve("cut.pth");
        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> {
                    for (int len = 0; len < all.length; len += 3) {
                        Files.write(p, Arrays.copyOf(all, len));
                        assertThrows(
                                CheckpointFormatException.class, () -> read(p), "length " + len);
                    }
                });
    }

    @Test
    void emptyFile() throws IOException {
        Path p = Files.createFile(dir.resolve("model.pth"));
        assertContains(failure(p), "is empty");
    }

    @Test
    void textFileRenamedPth() throws IOException {
        Path p = Files.writeString(dir.resolve("notes.pth"), "epoch 3: top-1 81.2%\nlr 0.1\n");
        assertContains(
                failure(p),
                "is not a PyTorch checkpoint",
                "text file",
                "expected a file written by torch.save");
    }

    @Test
    void htmlPageAndGitLfsPointerAreRecognised() throws IOException {
        Path html =
                Files.writeString(dir.resolve("dl.pth"), "<!DOCTYPE html><html><body>404</body>");
        assertContains(failure(html), "HTML page");
        Path lfs =
                Files.writeString(
                        dir.resolve("lfs.pth"),
                        "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n");
        assertContains(failure(lfs), "Git LFS pointer", "git lfs pull");
    }

    @Test
    void legacyNonZipTorchFile() {
        assertContains(
                failure(Fixtures.path("legacy.pth")),
                "legacy (pre-1.6)",
                "torch.save(torch.load('legacy.pth'), 'resaved.pth')");
    }

    @Test
    void safetensorsFileNamedPth() throws IOException {
        Path p = dir.resolve("weights.pth");
        Files.copy(Fixtures.path("sample.safetensors"), p);
        assertContains(failure(p), "safetensors file");
    }

    @Test
    void dataPklHoldsAListOrAString() {
        assertContains(failure(Fixtures.path("list.pth")), "holds a list", "not a state dict");
        assertContains(failure(Fixtures.path("string.pth")), "holds a str", "not a state dict");
    }

    @Test
    void dictWithoutTensors() {
        assertContains(
                failure(Fixtures.path("no_tensors.pth")), "without tensors", "epoch", "note");
    }

    @Test
    void missingStorageRecord() throws IOException {
        Map<String, byte[]> entries = ZipTools.entries(Fixtures.path("contiguous_f32.pth"));
        assertTrue(entries.remove("contiguous_f32/data/1") != null);
        Path p = dir.resolve("missing.pth");
        ZipTools.write(p, entries);
        assertContains(
                failure(p), "storage record contiguous_f32/data/1 is missing", "re-download");
    }

    @Test
    void zipWithoutDataPkl() throws IOException {
        Path p = dir.resolve("other.pth");
        ZipTools.write(p, Map.of("readme.txt", "hello".getBytes(StandardCharsets.US_ASCII)));
        assertContains(failure(p), "no data.pkl in the zip", "torch.save");
    }

    @Test
    void storageRecordShorterThanItsElementCount() throws IOException {
        Path p = dir.resolve("short.pth");
        byte[] pkl =
                new ZipTools.Pickle()
                        .op('}')
                        .str("w")
                        .tensor(8, 0, new long[] {8}, new long[] {1})
                        .op('s')
                        .stop();
        ZipTools.torchZip(p, pkl, new byte[16]);
        assertContains(failure(p), "has 16 bytes but data.pkl says it holds 8");
    }

    @Test
    void hugeStorageSizeDoesNotAllocate() throws IOException {
        Path p = dir.resolve("huge.pth");
        byte[] pkl =
                new ZipTools.Pickle()
                        .op('}')
                        .str("w")
                        .tensor(1L << 40, 0, new long[] {4}, new long[] {1})
                        .op('s')
                        .stop();
        ZipTools.torchZip(p, pkl, new byte[16]);
        assertContains(failure(p), "claims 1099511627776 elements");
    }

    @Test
    void viewOutsideItsStorage() throws IOException {
        Path p = dir.resolve("view.pth");
        byte[] pkl =
                new ZipTools.Pickle()
                        .op('}')
                        .str("w")
                        .tensor(4, 2, new long[] {2, 2}, new long[] {1, 2})
                        .op('s')
                        .stop();
        ZipTools.torchZip(p, pkl, new byte[16]);
        assertContains(failure(p), "reaches element 5 but the storage has 4 elements");
    }

    @Test
    void zeroStrideViewWithBogusSizeDoesNotAllocate() throws IOException {
        Path p = dir.resolve("expand.pth");
        byte[] pkl =
                new ZipTools.Pickle()
                        .op('}')
                        .str("w")
                        .tensor(1, 0, new long[] {20000, 20000}, new long[] {0, 0})
                        .op('s')
                        .stop();
        ZipTools.torchZip(p, pkl, new byte[4]);
        assertContains(failure(p), "[20000, 20000]", "is damaged");
    }

    @Test
    void stringLengthBeyondTheData() throws IOException {
        Path p = dir.resolve("len.pth");
        byte[] pkl = new ZipTools.Pickle().raw('X', 0xff, 0xff, 0xff, 0x7f, 'a', 'b').stop();
        ZipTools.torchZip(p, pkl, null);
        assertContains(failure(p), "damaged data.pkl", "claims 2147483647 bytes");
    }

    @Test
    void garbagePickles() throws IOException {
        byte[][] pickles = {
            new ZipTools.Pickle().op('R').stop(), // stack underflow
            new ZipTools.Pickle().raw('K', 1).noStop(), // no STOP
            new ZipTools.Pickle().op('}').op(']').raw('K', 1).op('s').stop(), // list as dict key
            new ZipTools.Pickle().raw(0xff).stop(), // unknown opcode
            new ZipTools.Pickle().raw('h', 9).stop(), // memo miss
            new ZipTools.Pickle()
                    .global("os", "system")
                    .op('(')
                    .str("echo hi")
                    .op('t')
                    .op('R')
                    .stop(),
        };
        for (int i = 0; i < pickles.length; i++) {
            Path p = dir.resolve("garbage" + i + ".pth");
            ZipTools.torchZip(p, pickles[i], null);
            String m = failure(p);
            if (i < 5) {
                assertContains(m, "damaged data.pkl");
            } else {
                // never executed: becomes a PythonObject, so there is no state dict in it
                assertContains(m, "holds a os.system");
            }
        }
    }

    /** Random byte flips in data.pkl: either a valid read or a CheckpointFormatException. */
    @Test
    void mutatedDataPklNeverEscapesUnchecked() throws IOException {
        Map<String, byte[]> entries = ZipTools.entries(Fixtures.path("module_sd.pth"));
        byte[] original = entries.get("module_sd/data.pkl");
        Random rnd = new Random(42);
        Path p = dir.resolve("mutated.pth");
        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> {
                    for (int round = 0; round < 300; round++) {
                        byte[] pkl = original.clone();
                        for (int k = 0; k <= round % 3; k++) {
                            pkl[rnd.nextInt(pkl.length)] = (byte) rnd.nextInt(256);
                        }
                        entries.put("module_sd/data.pkl", pkl);
                        ZipTools.write(p, entries);
                        try {
                            TorchPth.readObject(p);
                        } catch (CheckpointFormatException expected) {
                            // fine
                        } catch (Throwable t) {
                            fail("round " + round + ": " + t, t);
                        }
                    }
                });
    }

    // ---- safetensors ----

    private Path safetensors(String name, long headerLen, String json, int dataBytes)
            throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLen).put(h);
        return Files.write(dir.resolve(name), b.array());
    }

    @Test
    void safetensorsHeaderLengthLargerThanTheFile() throws IOException {
        Path p = safetensors("big.safetensors", 1L << 40, "{}", 0);
        assertContains(failure(p), "header length of 1099511627776 bytes, larger than the file");
    }

    @Test
    void safetensorsDamagedHeaders() throws IOException {
        String[][] cases = {
            {
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]",
                "invalid JSON"
            },
            {
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}",
                "ends at byte 16"
            },
            {
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}",
                "needs 12 bytes"
            },
            {"{\"w\": {\"dtype\": \"Q7\", \"shape\": [2], \"data_offsets\": [0, 8]}}", "dtype Q7"},
            {
                "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                        + " \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}",
                "overlap"
            },
            {
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [-2], \"data_offsets\": [0, 8]}}",
                "bad shape"
            },
            {
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 0]}}",
                "invalid data_offsets"
            },
            {"[1, 2]", "not a JSON object"},
            {
                "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]},"
                        + " \"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}",
                "Duplicate field 'w'"
            },
        };
        for (int i = 0; i < cases.length; i++) {
            String json = cases[i][0];
            Path p = safetensors("bad" + i + ".safetensors", json.length(), json, 8);
            assertContains(failure(p), cases[i][1]);
        }
    }

    @Test
    void safetensorsTooShortOrAPthFile() throws IOException {
        assertContains(
                failure(Files.write(dir.resolve("s.safetensors"), new byte[3])), "too short");
        Path pth = dir.resolve("m.safetensors");
        Files.copy(Fixtures.path("contiguous_f32.pth"), pth);
        assertContains(failure(pth), "a zip file, not safetensors");
    }

    // ---- npy ----

    @Test
    void npyNotNpyTruncatedOrUnsupported() throws IOException {
        assertContains(
                failure(Files.writeString(dir.resolve("a.npy"), "1 2 3\n")),
                "not a NumPy .npy file");
        byte[] all = Files.readAllBytes(Fixtures.path("c_f32.npy"));
        Path cut = Files.write(dir.resolve("cut.npy"), Arrays.copyOf(all, all.length - 4));
        assertContains(failure(cut), "truncated", "header promises 48 data bytes");
        Path cutHeader = Files.write(dir.resolve("cuth.npy"), Arrays.copyOf(all, 40));
        assertContains(failure(cutHeader), "more than the file holds");
        byte[] obj = all.clone();
        String header = new String(obj, StandardCharsets.ISO_8859_1);
        int at = header.indexOf("<f4");
        obj[at] = '|';
        obj[at + 1] = 'O';
        obj[at + 2] = '8';
        assertContains(failure(Files.write(dir.resolve("obj.npy"), obj)), "dtype '|O8'");
        assertEquals(12, Npy.read(Fixtures.path("c_f32.npy")).numel()); // the original is fine
    }
}
