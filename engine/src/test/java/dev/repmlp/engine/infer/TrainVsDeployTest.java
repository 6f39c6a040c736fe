package dev.repmlp.engine.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.Assets;
import dev.repmlp.engine.checkpoint.IncompatibleWeightsException;
import dev.repmlp.engine.checkpoint.Structure;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.data.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainVsDeployTest {

    @Test
    void demoModelAgreesWithItsDeployTwinOnEverySample() throws IOException {
        List<Path> samples =
                ImageFiles.expand(List.of(Assets.require("sample-images/fashion-mnist")));
        List<ImageComparison> results = new ArrayList<>();
        try (TrainVsDeploy t = TrainVsDeploy.load(Assets.require(Assets.DEMO_MODEL))) {
            assertEquals(Structure.TRAIN, t.train().structure());
            assertEquals(Structure.DEPLOY, t.deploy().structure());
            for (Path p : samples) {
                results.add(t.compare(p, 5));
            }
        }

        for (ImageComparison r : results) {
            assertTrue(r.top1Agrees(), r.name());
            assertTrue(r.maxAbsLogitDiff() < 1e-4, r.name() + " " + r.maxAbsLogitDiff());
            assertEquals(5, r.train().topK().size());
            assertEquals(5, r.deploy().topK().size());
            assertTrue(r.train().nanos() > 0 && r.deploy().nanos() > 0);
        }
        ComparisonSummary s = ComparisonSummary.of(results);
        assertEquals(20, s.compared());
        assertTrue(s.allAgree());
        assertTrue(s.describe().startsWith("20/20 top-1 agree, max |Δlogit| "), s.describe());
    }

    @Test
    void unreadableImageIsReportedAndCountedApart(@TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("fake.png"), "text");
        List<ImageComparison> results = new ArrayList<>();
        try (TrainVsDeploy t = TrainVsDeploy.load(Assets.require(Assets.DEMO_MODEL))) {
            results.add(t.compare(fake, 5));
            results.add(t.compare(Assets.require("sample-images/fashion-mnist/bag-1.png"), 5));
        }

        assertFalse(results.get(0).ok());
        assertTrue(results.get(0).error().contains("fake.png"));
        assertFalse(results.get(0).top1Agrees());
        ComparisonSummary s = ComparisonSummary.of(results);
        assertEquals(2, s.images());
        assertEquals(1, s.compared());
        assertEquals(1, s.agree());
    }

    @Test
    void deployTimeFileAloneCannotBeCompared(@TempDir Path dir) throws IOException {
        Path deployFile = dir.resolve("demo-deploy.pth");
        try (LoadedModel train = LoadedModel.load(Assets.require(Assets.DEMO_MODEL), null);
                LoadedModel deploy = train.deployTwin()) {
            Weights.save(deploy.net(), deployFile);
        }

        IncompatibleWeightsException e =
                assertThrows(
                        IncompatibleWeightsException.class, () -> TrainVsDeploy.load(deployFile));
        assertTrue(e.getMessage().contains("demo-deploy.pth holds deploy-time weights"));
        assertTrue(e.getMessage().contains("Load the train-time weights"));
    }

    @Test
    void diffsAreFormattedForPeople() {
        assertEquals("0", ComparisonSummary.formatDiff(0));
        assertEquals("2.3e-6", ComparisonSummary.formatDiff(2.3e-6));
        assertEquals("1.0e-3", ComparisonSummary.formatDiff(0.001));
        assertEquals("0.125", ComparisonSummary.formatDiff(0.125));
        assertEquals("n/a", ComparisonSummary.formatDiff(Double.NaN));
    }

    @Test
    void summaryCountsDisagreementsAndSpeed() {
        List<Scored> cat = List.of(new Scored(0, "cat", 0.9));
        List<Scored> dog = List.of(new Scored(1, "dog", 0.8));
        List<ImageComparison> rs =
                List.of(
                        new ImageComparison(
                                "a",
                                null,
                                null,
                                new ImageComparison.Side(cat, 300),
                                new ImageComparison.Side(cat, 100),
                                1e-6,
                                null),
                        new ImageComparison(
                                "b",
                                null,
                                null,
                                new ImageComparison.Side(cat, 300),
                                new ImageComparison.Side(dog, 200),
                                0.5,
                                null));

        ComparisonSummary s = ComparisonSummary.of(rs);

        assertFalse(s.allAgree());
        assertEquals("1/2 top-1 agree, max |Δlogit| 0.500", s.describe());
        assertEquals(2.0, s.speedup(), 1e-12);
    }
}
