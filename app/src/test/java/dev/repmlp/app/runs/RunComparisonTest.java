package dev.repmlp.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunNotes;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The settings diff and the results of compared runs, without the FX toolkit, on two config.json
 * files written by hand (test resources compare-a and compare-b) whose differences are listed here
 * by reading them side by side.
 */
class RunComparisonTest {
    private static JsonNode config(String run) throws IOException, URISyntaxException {
        Path dir =
                Path.of(RunComparisonTest.class.getResource(run + "/config.json").toURI())
                        .getParent();
        return RunDirectory.readConfig(dir);
    }

    private static EpochMetrics epoch(int e, double loss, double top1, double top5) {
        return new EpochMetrics(e, 1.0, 50.0, loss, top1, top5, 2.0);
    }

    @Test
    void theDifferingSettingsAreTheOnesFoundByHand() throws Exception {
        List<RunComparison.Setting> all =
                RunComparison.settings(List.of(config("compare-a"), config("compare-b")));
        List<String> differing = new ArrayList<>();
        List<String> same = new ArrayList<>();
        for (RunComparison.Setting s : all) {
            (s.differs() ? differing : same).add(s.key() + "=" + String.join(" | ", s.values()));
        }
        // by hand: channels' last stage, base_lr, optimizer, mixup set in a only, train images,
        // seed set in b only; format and created are left out; sections in order model,
        // training, recipe, dataset, other
        assertEquals(
                List.of(
                        "model.channels=[32, 64, 128] | [32, 64, 256]",
                        "training.base_lr=0.004 | 0.002",
                        "training.optimizer=adamw | sgd",
                        "training.mixup=0.0 | \u2014",
                        "dataset.train_images=5000 | 4000",
                        "seed=\u2014 | 7"),
                differing);
        assertEquals(
                List.of(
                        "model.name=RepMLPNet-Demo | RepMLPNet-Demo",
                        "model.hs=[8, 4, 2] | [8, 4, 2]",
                        "model.num_class=10 | 10",
                        "training.epochs=40 | 40",
                        "training.batch_size=64 | 64",
                        "recipe.name=small | small",
                        "recipe.reason=demo | demo",
                        "dataset=/data/fashion | /data/fashion",
                        "dataset.classes=[a, b] | [a, b]",
                        "dataset.val_images=1000 | 1000",
                        "versions.djl=0.33.0 | 0.33.0"),
                same);
        assertEquals(RunComparison.Section.MODEL, all.get(0).section());
        assertEquals(RunComparison.Section.OTHER, all.get(all.size() - 1).section());
    }

    @Test
    void aRunComparedWithItselfDiffersNowhereAndAnUnreadableConfigIsShownAsSuch() throws Exception {
        JsonNode a = config("compare-a");
        List<RunComparison.Setting> self = RunComparison.settings(List.of(a, a, a));
        assertEquals(0, self.stream().filter(RunComparison.Setting::differs).count());
        // a's keys: 4 model, 5 training, 2 recipe, 4 dataset, 1 version
        assertEquals(16, self.size());

        List<RunComparison.Setting> broken = RunComparison.settings(Arrays.asList(a, null));
        assertEquals(16, broken.size());
        for (RunComparison.Setting s : broken) {
            assertEquals(RunComparison.UNREADABLE, s.values().get(1), s.key());
            assertEquals(true, s.differs(), s.key());
        }
    }

    @Test
    void longClassListsAreCountedAndStillCompareInFull() throws Exception {
        String names = "\"c0\",\"c1\",\"c2\",\"c3\",\"c4\",\"c5\",\"c6\",\"c7\"";
        JsonNode x =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree("{\"training\":{},\"classes\":[" + names + "]}");
        JsonNode y =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(
                                "{\"training\":{},\"classes\":["
                                        + names.replace("c7", "other")
                                        + "]}");
        RunComparison.Setting s = RunComparison.settings(List.of(x, y)).get(0);
        assertEquals("dataset.classes", s.key());
        assertEquals(
                true, s.values().get(0).startsWith("8 classes: c0, c1, c2, c3, c4, c5, \u2026"));
        assertEquals(true, s.differs(), s.values().toString());
    }

    @Test
    void bestIsTheHighestValTop1AndLastTheLastValidatedEpoch() {
        // epochs 0..3 (shown from 1); epoch 2 ties epoch 1's top-1: the first stays best;
        // epoch 3 was not validated
        List<EpochMetrics> epochs =
                List.of(
                        epoch(0, 1.2, 40.0, 80.0),
                        epoch(1, 0.9, 55.5, 90.0),
                        epoch(2, 0.8, 55.5, 91.0),
                        epoch(3, Double.NaN, Double.NaN, Double.NaN));
        RunComparison.Results r = RunComparison.results(epochs);
        assertEquals(new RunComparison.Results(2, 55.5, 90.0, 0.9, 3, 55.5, 91.0, 0.8), r);
        assertEquals(RunComparison.Results.NONE, RunComparison.results(List.of()));
    }

    @Test
    void theTableHoldsResultsNotesAndTheSplitSettings() throws Exception {
        ComparisonTable t =
                ComparisonTable.of(
                        List.of("a", "b"),
                        List.of(config("compare-a"), config("compare-b")),
                        List.of(
                                List.of(epoch(0, 1.5, 30.0, 70.0), epoch(1, 1.25, 42.125, 75.0)),
                                List.of()),
                        List.of(
                                new RunNotes("lr too high?\nretry", List.of("baseline", "t224")),
                                RunNotes.EMPTY));
        assertEquals(List.of("a", "b"), t.runs());
        assertEquals(
                List.of(
                        new ComparisonTable.Row("best val top-1 %", List.of("42.13", "\u2014")),
                        new ComparisonTable.Row("best val top-5 %", List.of("75.00", "\u2014")),
                        new ComparisonTable.Row("best val loss", List.of("1.2500", "\u2014")),
                        new ComparisonTable.Row("best epoch", List.of("2", "\u2014")),
                        new ComparisonTable.Row("last val top-1 %", List.of("42.13", "\u2014")),
                        new ComparisonTable.Row("last val top-5 %", List.of("75.00", "\u2014")),
                        new ComparisonTable.Row("last val loss", List.of("1.2500", "\u2014")),
                        new ComparisonTable.Row("last epoch", List.of("2", "\u2014"))),
                t.results());
        assertEquals(
                List.of(
                        new ComparisonTable.Row("tags", List.of("baseline, t224", "")),
                        new ComparisonTable.Row("notes", List.of("lr too high? retry", ""))),
                t.notes());
        assertEquals(6, t.differing().size());
        assertEquals(11, t.same().size());
        assertThrows(
                IllegalArgumentException.class,
                () -> ComparisonTable.of(List.of("a"), List.of(), List.of(), List.of()));
    }
}
