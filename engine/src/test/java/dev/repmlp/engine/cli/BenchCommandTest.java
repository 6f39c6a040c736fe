package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repmlp bench} reports consistent figures (no timing assertions: machines are noisy). */
class BenchCommandTest {

    @TempDir Path tmp;

    @Test
    void jsonReportIsConsistentForEveryMode() throws IOException {
        Path cfg = tmp.resolve("tiny.json");
        Files.writeString(
                cfg,
                "{\"num_class\": 4, \"num_blocks\": [1, 1], \"channels\": [8, 16], \"hs\": [4, 2],"
                        + " \"ws\": [4, 2], \"sharesets_nums\": [2, 4], \"reparam_conv_k\": [1, 3],"
                        + " \"image_size\": 16}");
        for (String mode : new String[] {"infer-train", "infer-deploy", "train-step"}) {
            CliTest.Outcome o =
                    CliTest.run(
                            "bench",
                            "--config",
                            cfg.toString(),
                            "--mode",
                            mode,
                            "-b",
                            "4",
                            "--warmup",
                            "1",
                            "--iters",
                            "3",
                            "--json");
            assertEquals(0, o.exit(), o.err());
            JsonNode j = new ObjectMapper().readTree(o.out().trim());
            assertEquals(mode, j.get("mode").asText());
            double median = j.get("median_s").asDouble();
            assertTrue(j.get("min_s").asDouble() <= median && median <= j.get("max_s").asDouble());
            assertEquals(4 / median, j.get("images_per_sec").asDouble(), 1e-9 * (4 / median));
            assertTrue(j.get("peak_rss_mb").asDouble() > 0);
            if (mode.equals("infer-deploy")) {
                assertTrue(j.get("max_abs_diff_to_reference").asDouble() < 1e-5, j.toString());
            }
        }
    }
}
