package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.data.loader.Prefetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Absurd numbers on the command line get one line naming the option, before any work, instead of a
 * division by zero, an OutOfMemoryError or a message that blames an image (found by a newcomer's
 * trial).
 */
class CliArgumentLimitsTest {
    @TempDir Path tmp;

    private Path images() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("imgs/cls"));
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(20, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", dir.resolve("a.png").toFile());
        return tmp.resolve("imgs");
    }

    @Test
    void testRefusesABatchSizeBelowOne() throws IOException {
        for (String b : new String[] {"0", "-3"}) {
            CliTest.Outcome o =
                    CliTest.run(
                            "test",
                            "-a",
                            "RepMLPNet-Demo",
                            images().toString(),
                            "train",
                            tmp.resolve("weights.pth").toString(),
                            "--batch-size=" + b);
            assertEquals(2, o.exit(), o.err());
            assertTrue(o.err().contains("-b/--batch-size must be at least 1; got " + b), o.err());
        }
    }

    @Test
    void benchRefusesMoreWorkersThanTheLimitAndAHugeResolution() throws IOException {
        String data = images().toString();
        CliTest.Outcome w =
                CliTest.run(
                        "bench",
                        "--mode",
                        "data-eval",
                        "--data",
                        data,
                        "--workers",
                        String.valueOf(Prefetcher.MAX_WORKERS + 1));
        assertEquals(2, w.exit(), w.err());
        assertTrue(w.err().contains("at most " + Prefetcher.MAX_WORKERS), w.err());
        CliTest.Outcome r =
                CliTest.run("bench", "--mode", "data-eval", "--data", data, "-r", "30000");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("-r must be 1..8192"), r.err());
    }
}
