package dev.repmlp.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.EvalTotals;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardsTest {

    @Test
    void shardsAreWholeBatchesCoveringEverySampleOnce() {
        for (int samples : new int[] {0, 1, 7, 100, 1001}) {
            for (int batch : new int[] {1, 3, 100}) {
                for (int shards : new int[] {1, 2, 3, 7}) {
                    int next = 0;
                    for (int k = 0; k < shards; k++) {
                        int[] r = Shards.range(samples, batch, k, shards);
                        assertEquals(next, r[0], "contiguous");
                        assertTrue(r[0] % batch == 0 || r[0] == samples, "starts on a batch");
                        assertTrue(r[1] >= r[0]);
                        next = r[1];
                    }
                    assertEquals(samples, next, "covers all");
                }
            }
        }
        // 10 batches of 100 over 3 shards: 3, 3, 4 batches
        assertEquals(300, Shards.range(1000, 100, 1, 3)[0]);
        assertEquals(600, Shards.range(1000, 100, 1, 3)[1]);
        assertThrows(IllegalArgumentException.class, () -> Shards.range(10, 1, 2, 2));
    }

    /** A copy of the first images of each class of the demo val set. */
    private static Path smallVal(Path root, int perClass) throws IOException {
        Path val = Assets.require(Assets.DEMO_DATASET).resolve("val");
        try (Stream<Path> classes = Files.list(val)) {
            for (Path c : classes.sorted().toList()) {
                Path to = Files.createDirectories(root.resolve("val").resolve(c.getFileName()));
                try (Stream<Path> files = Files.list(c)) {
                    for (Path f : files.sorted().limit(perClass).toList()) {
                        Files.copy(f, to.resolve(f.getFileName()));
                    }
                }
            }
        }
        return root;
    }

    @Test
    void mergedShardsEqualTheUnshardedEvaluationExactly(@TempDir Path tmp) throws Exception {
        ImageFolder folder = ImageFolder.scan(smallVal(tmp.resolve("data"), 7).resolve("val"));
        int batch = 8;
        int shards = 3;
        Path dir = Files.createDirectories(tmp.resolve("test"));
        EvalResult whole;
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(RepMlpNetPresets.DEMO, false);
            net.initialize(manager);
            Weights.load(net, Assets.require(Assets.DEMO_MODEL));
            whole = Evaluator.evaluate(net, folder, 32, batch, manager, null, null);
            for (int k = 0; k < shards; k++) {
                int[] r = Shards.range(folder.size(), batch, k, shards);
                EvalTotals t =
                        Evaluator.evaluate(net, folder, 32, batch, manager, null, null, r[0], r[1]);
                Shards.Result.of(k, shards, r[0], r[1], folder.size(), t, 10, 32)
                        .write(dir.resolve(Shards.fileName(k)));
            }
        }
        Shards.Merged m = Shards.merge(dir, shards);
        assertEquals(70, whole.images());
        // bit for bit: counts are integers, the loss sum is exact
        assertEquals(whole, m.result());
        assertEquals(10, m.classes());
    }

    @Test
    void mergeAddsCountsAndExactLossSumsNotAverages(@TempDir Path dir) throws Exception {
        // two shards of unequal size: the mean of their means would be (1.0 + 4.0) / 2 = 2.5
        new Shards.Result(0, 2, 0, 1, 4, 1, 1, "1.0", 0, 1, 0, 10, 32)
                .write(dir.resolve(Shards.fileName(0)));
        new Shards.Result(1, 2, 1, 4, 4, 0, 3, "12.0", 0, 3, 0, 10, 32)
                .write(dir.resolve(Shards.fileName(1)));
        EvalResult r = Shards.merge(dir, 2).result();
        assertEquals(25.0, r.top1());
        assertEquals(100.0, r.top5());
        assertEquals(13.0 / 4, r.loss());
        assertEquals(4, r.images());
        // 0.1 + 0.2 summed exactly, then divided once
        EvalTotals a = new EvalTotals(0, 0, new BigDecimal(0.1), 0, 1, 0);
        EvalTotals b = new EvalTotals(0, 0, new BigDecimal(0.2), 0, 1, 0);
        assertEquals(new BigDecimal(0.1).add(new BigDecimal(0.2)), a.plus(b).lossSum());
    }

    @Test
    void aMissingShardIsNamed(@TempDir Path dir) throws Exception {
        new Shards.Result(0, 2, 0, 1, 2, 1, 1, "1.0", 0, 1, 0, 10, 32)
                .write(dir.resolve(Shards.fileName(0)));
        IOException e = assertThrows(IOException.class, () -> Shards.merge(dir, 2));
        assertTrue(e.getMessage().startsWith("shard 1 of 2 wrote no result"), e.getMessage());
    }
}
