package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void dataModesReportImagesPerSecondInTheContractsShape() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("imgs/cls"));
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(50, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 3; i++) {
            img.setRGB(i, i, 0xFF8040);
            javax.imageio.ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
        }
        Files.writeString(dir.resolve("broken.png"), "not a png");
        for (String mode : new String[] {"data-eval", "data-train"}) {
            CliTest.Outcome o =
                    CliTest.run(
                            "bench",
                            "--mode",
                            mode,
                            "--data",
                            tmp.resolve("imgs").toString(),
                            "-r",
                            "32",
                            "--workers",
                            "2",
                            "--images",
                            "10",
                            "--json");
            assertEquals(0, o.exit(), o.err());
            JsonNode j = new ObjectMapper().readTree(o.out().trim());
            // the keys tools/bench's side-by-side script reads, and no others; the CPU time only
            // when the process clock advanced (it ticks in 10 ms steps: 10 tiny images may not)
            java.util.List<String> keys =
                    new java.util.ArrayList<>(
                            java.util.List.of(
                                    "mode",
                                    "workers",
                                    "resolution",
                                    "images",
                                    "seconds",
                                    "images_per_second"));
            if (j.has("cpu_seconds")) {
                keys.addAll(java.util.List.of("cpu_seconds", "cpu_images_per_second"));
                double cpu = j.get("cpu_seconds").asDouble();
                assertTrue(cpu > 0, "process CPU time of the timed part");
                assertEquals(
                        10 / cpu, j.get("cpu_images_per_second").asDouble(), 1e-9 * (10 / cpu));
            }
            keys.add("jpeg_decoder");
            assertEquals(keys, names(j));
            assertFalse(j.get("jpeg_decoder").asText().isBlank());
            assertEquals(mode, j.get("mode").asText());
            assertEquals(2, j.get("workers").asInt());
            assertEquals(32, j.get("resolution").asInt());
            assertEquals(10, j.get("images").asInt());
            double s = j.get("seconds").asDouble();
            assertEquals(10 / s, j.get("images_per_second").asDouble(), 1e-9 * (10 / s));
        }
        CliTest.Outcome none = CliTest.run("bench", "--mode", "data-eval", "--json");
        assertTrue(none.exit() != 0);
        assertTrue(none.err().contains("needs --data DIR"), none.err());
    }

    private static java.util.List<String> names(JsonNode j) {
        java.util.List<String> out = new java.util.ArrayList<>();
        j.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
