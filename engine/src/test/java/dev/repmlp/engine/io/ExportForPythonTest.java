package dev.repmlp.engine.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writes files for engine/src/test/python/verify_written_files.py, which checks them with real
 * torch.load and numpy.load. Skipped unless {@code -Drepmlp.io.exportDir=DIR} is given:
 *
 * <pre>
 * ./mvnw -q -B -o -pl engine test -Dtest=ExportForPythonTest -Drepmlp.io.exportDir=/tmp/io-export
 * /usr/bin/python3 engine/src/test/python/verify_written_files.py /tmp/io-export
 * </pre>
 */
class ExportForPythonTest {

    @Test
    void export() throws Exception {
        String target = System.getProperty("repmlp.io.exportDir");
        assumeTrue(target != null && !target.isBlank(), "set -Drepmlp.io.exportDir to export");
        Path dir = Files.createDirectories(Path.of(target));

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
