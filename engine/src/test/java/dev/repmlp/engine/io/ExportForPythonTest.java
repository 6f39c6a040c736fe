package dev.repmlp.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes files with the io package and has engine/src/test/python/verify_written_files.py check
 * them with real torch.load and numpy.load (expected values written there independently). Runs
 * where a python3 with torch and numpy is found (Debian's python3-torch); skipped elsewhere. To
 * keep the files: {@code -Drepmlp.io.exportDir=DIR}.
 */
class ExportForPythonTest {
    @TempDir Path tmp;

    private static final String PYTHON =
            Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private static boolean hasTorch() {
        try {
            Process p =
                    new ProcessBuilder(PYTHON, "-c", "import torch, numpy")
                            .redirectErrorStream(true)
                            .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void torchAndNumpyReadWhatWeWrite() throws Exception {
        String target = System.getProperty("repmlp.io.exportDir");
        Path dir =
                target != null && !target.isBlank()
                        ? Files.createDirectories(Path.of(target))
                        : tmp;
        assumeTrue(hasTorch(), "no python3 with torch and numpy: nothing to check against");
        write(dir);
        Path script = Path.of("src/test/python/verify_written_files.py").toAbsolutePath();
        Process p =
                new ProcessBuilder(PYTHON, script.toString(), dir.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the verifier finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("all passed"), out);
        assertFalse(out.contains("FAIL "), out);
    }

    private static void write(Path dir) throws Exception {

        StateDict sd = SampleData.allDtypes();
        TorchPth.write(dir.resolve("written_sd.pth"), sd);
        SafeTensors.write(dir.resolve("written.safetensors"), sd, Map.of("format", "pt"));

        StateDict small = new StateDict();
        small.put("module.fc.weight", HostTensor.ofFloats(new long[] {2, 2}, 1, 2, 3, 4));
        small.put("module.bn.num_batches_tracked", HostTensor.scalarLong(3));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("model", small);
        nested.put("epoch", 3);
        nested.put("big", 1L << 40);
        nested.put("lr", 0.1);
        nested.put("arch", "RepMLPNet-B224");
        nested.put("hist", Arrays.asList(1, null, true, "x"));
        nested.put("pair", new Object[] {1, 2.5});
        TorchPth.write(dir.resolve("written_nested.pth"), nested);

        // a larger fc3-like weight: value i / 1000 at flat index i
        int n = 256;
        float[] v = new float[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 1000f;
        }
        StateDict big = new StateDict();
        big.put("fc3.weight", HostTensor.ofFloats(new long[] {n, n, 1, 1}, v));
        TorchPth.write(dir.resolve("written_big.pth"), big);

        Npy.write(
                dir.resolve("written_f32.npy"),
                HostTensor.ofFloats(new long[] {3, 4}, Fixtures.arange(0, 12, 0.25f)));
        Npy.write(
                dir.resolve("written_f64.npy"), HostTensor.ofDoubles(new long[] {2}, 0.1, -1e300));
        Npy.write(
                dir.resolve("written_i64.npy"),
                HostTensor.ofLongs(new long[] {3}, Long.MIN_VALUE, -1, 1L << 40));
        Npy.write(dir.resolve("written_scalar.npy"), HostTensor.scalarLong(7));
        Npy.write(
                dir.resolve("written_1d.npy"), HostTensor.ofFloats(new long[] {5}, 1, 2, 3, 4, 5));
    }
}
