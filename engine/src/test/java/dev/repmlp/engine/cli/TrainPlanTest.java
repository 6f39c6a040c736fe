package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repmlp train} says which recipe it uses and why, and refuses a plan that cannot work
 * before any step runs (no run directory is written).
 */
class TrainPlanTest {
    @TempDir Path tmp;

    private Path dataset(int perClass) throws IOException {
        Path root = tmp.resolve("ds");
        for (String split : new String[] {"train", "val"}) {
            for (String c : new String[] {"a", "b"}) {
                Path d = Files.createDirectories(root.resolve(split).resolve(c));
                for (int i = 0; i < perClass; i++) {
                    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
                    img.getRaster().setSample(i % 16, c.equals("a") ? 3 : 12, 0, 255);
                    ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
                }
            }
        }
        return root;
    }

    private Path config() throws IOException {
        Path c = tmp.resolve("net.json");
        Files.writeString(
                c,
                "{\"name\": \"net\", \"num_class\": 2, \"num_blocks\": [1, 1], \"channels\": [8,"
                        + " 16], \"hs\": [2, 2], \"ws\": [2, 2], \"sharesets_nums\": [2, 4],"
                        + " \"reparam_conv_k\": [1, 3]}");
        return c;
    }

    @Test
    void upstreamsRecipeForAShortRunIsRefusedBeforeItStarts() throws IOException {
        Path out = tmp.resolve("runs");
        CliTest.Outcome o =
                CliTest.run(
                        "train",
                        "--data",
                        dataset(40).toString(),
                        "--config",
                        config().toString(),
                        "--epochs",
                        "10",
                        "--recipe",
                        "upstream",
                        "--out",
                        out.toString());
        assertEquals(2, o.exit(), o.out() + o.err());
        assertTrue(o.out().contains("recipe: upstream (chosen with --recipe upstream)"), o.out());
        assertTrue(o.out().contains("error: warmup_epochs 10 >= epochs 10"), o.out());
        assertTrue(o.err().contains("--skip-checks"), o.err());
        assertFalse(Files.exists(out), "no run directory for a refused plan");
    }

    @Test
    void theDefaultForASmallDatasetIsTheSmallRecipeRecordedInTheRun() throws IOException {
        Path out = tmp.resolve("runs");
        CliTest.Outcome o =
                CliTest.run(
                        "train",
                        "--data",
                        dataset(10).toString(),
                        "--config",
                        config().toString(),
                        "--epochs",
                        "2",
                        "--out",
                        out.toString(),
                        "--name",
                        "r");
        assertEquals(0, o.exit(), o.out() + o.err());
        assertTrue(o.out().contains("recipe: small (20 training images, 2 epochs"), o.out());
        // the small recipe's batch of 64 is more than the 20 images
        assertTrue(
                o.out()
                        .contains(
                                "warning: the batch (64 images a step) is larger than the"
                                        + " training set (20 images); use --batch-size 5 or"
                                        + " less"),
                o.out());
        var config =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(out.resolve("r/config.json").toFile());
        assertEquals("small", config.path("recipe").path("name").asText());
        assertEquals(4e-3, config.path("training").path("base_lr").asDouble());
        assertTrue(
                Files.readString(out.resolve("r/log.txt")).contains("recipe: small ("),
                "the log says which recipe");
    }
}
