package dev.repmlp.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSummaryTest {
    @TempDir Path root;

    private void images(String split, String cls, int n) throws IOException {
        Path dir = Files.createDirectories(root.resolve(split).resolve(cls));
        for (int i = 0; i < n; i++) {
            ImageIO.write(
                    new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB),
                    "png",
                    dir.resolve(i + ".png").toFile());
        }
    }

    @Test
    void countsImagesPerClassAndSplit() throws IOException {
        images("train", "cat", 3);
        images("train", "dog", 2);
        images("val", "cat", 1);
        images("val", "dog", 1);

        DatasetSummary s = DatasetSummary.scan(root);

        assertTrue(s.isUsable(), s.problems().toString());
        assertEquals(List.of("cat", "dog"), s.classes());
        DatasetSummary.Split train = s.split("train").orElseThrow();
        assertEquals(List.of(3, 2), train.counts());
        assertEquals(5, train.images());
        assertEquals(5, train.checked());
        assertEquals(2, s.split("val").orElseThrow().images());
        assertEquals(1, s.split("val").orElseThrow().count("dog"));
    }

    @Test
    void samplesTakeEachClassInTurn() throws IOException {
        images("train", "a", 3);
        images("train", "b", 3);
        images("val", "a", 1);
        images("val", "b", 1);

        DatasetSummary s = DatasetSummary.scan(root, 100, 3, () -> false);

        List<Path> samples = s.split("train").orElseThrow().samples();
        assertEquals(3, samples.size());
        assertEquals(
                List.of("a", "b", "a"),
                samples.stream().map(p -> p.getParent().getFileName().toString()).toList());
        assertTrue(s.split("val").orElseThrow().samples().isEmpty());
    }

    @Test
    void unreadableFilesAreListedButDoNotStopTraining() throws IOException {
        images("train", "a", 2);
        images("val", "a", 1);
        Path bad = Files.writeString(root.resolve("train/a/broken.png"), "not an image");

        DatasetSummary s = DatasetSummary.scan(root);

        assertEquals(List.of(bad), s.unreadable());
        assertTrue(s.isUsable());
        assertFalse(s.split("train").orElseThrow().samples().contains(bad));
    }

    @Test
    void aSplitWithoutAnyReadableImageIsAProblem() throws IOException {
        images("train", "a", 1);
        Files.createDirectories(root.resolve("val/a"));
        Files.writeString(root.resolve("val/a/x.jpg"), "nope");

        DatasetSummary s = DatasetSummary.scan(root);

        assertEquals(1, s.problems().size());
        assertTrue(s.problems().get(0).startsWith("val/ holds no readable image"));
    }

    @Test
    void missingSplitsAndFoldersAreProblemsWithTheExpectedLayout() throws IOException {
        DatasetSummary missing = DatasetSummary.scan(root.resolve("nope"));
        assertTrue(missing.problems().get(0).contains("not found"));

        images("train", "a", 1);
        DatasetSummary noVal = DatasetSummary.scan(root);
        assertEquals(1, noVal.problems().size());
        assertTrue(noVal.problems().get(0).contains("no val/ folder"));
        assertEquals(List.of("a"), noVal.classes());
    }

    @Test
    void splitsWithDifferentClassesAreAProblem() throws IOException {
        images("train", "a", 1);
        images("train", "b", 1);
        images("val", "a", 1);

        DatasetSummary s = DatasetSummary.scan(root);

        assertEquals(1, s.problems().size());
        assertTrue(s.problems().get(0).contains("only in train: [b]"), s.problems().get(0));
    }

    @Test
    void largeSplitsAreCheckedOnAnEvenSpread() throws IOException {
        images("train", "a", 6);
        images("train", "b", 6);
        images("val", "a", 1);
        images("val", "b", 1);
        Files.writeString(root.resolve("train/b/5.png"), "broken");

        DatasetSummary s = DatasetSummary.scan(root, 4, 12, () -> false);

        DatasetSummary.Split train = s.split("train").orElseThrow();
        assertEquals(4, train.checked());
        assertEquals(12, train.images());
        // indices 0, 3, 6, 9: both classes are checked
        assertEquals(
                List.of("a", "b"),
                train.samples().stream()
                        .map(p -> p.getParent().getFileName().toString())
                        .distinct()
                        .toList());
    }

    @Test
    void aCancelledScanEndsWithWhatItHas() throws IOException {
        images("train", "a", 3);
        images("val", "a", 1);

        DatasetSummary s = DatasetSummary.scan(root, 100, 12, () -> true);

        assertEquals(0, s.split("train").orElseThrow().checked());
        assertEquals(3, s.split("train").orElseThrow().images());
    }
}
