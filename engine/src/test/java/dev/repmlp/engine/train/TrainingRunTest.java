package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.TestModels;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.StepMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {

    @TempDir static Path shared;
    static Path data;

    @TempDir Path tmp;

    @BeforeAll
    static void dataset() throws IOException {
        data = TinyDataset.write(shared.resolve("data"), 12, 4);
    }

    private static List<JsonNode> metrics(Path run, String type) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(run.resolve(RunDirectory.METRICS))) {
            JsonNode n = json.readTree(line);
            if (n.get("type").asText().equals(type)) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void aRunWritesItsRecordsCheckpointsAndEquivalentExports() throws IOException {
        Path run = tmp.resolve("run");
        TrainingRun.Result r = TrainingRun.create(TinyDataset.config(data, 2), run, null).run();
        assertEquals(RunStatus.COMPLETED, r.status());
        JsonNode cfg = new ObjectMapper().readTree(run.resolve(RunDirectory.CONFIG).toFile());
        assertEquals(
                TinyDataset.CLASSES.toString(),
                cfg.get("classes").toString().replace("\"", "").replace(",", ", "));
        assertTrue(cfg.get("versions").has("pytorch"));
        List<JsonNode> steps = metrics(run, "step");
        List<JsonNode> epochs = metrics(run, "epoch");
        assertEquals(2 * 4, steps.size()); // 36 images / batch 8 = 4 steps (drop last)
        for (String f : List.of("epoch", "step", "loss", "lr", "images_per_sec", "time")) {
            assertTrue(steps.get(0).has(f), f);
        }
        assertEquals(2, epochs.size());
        for (String f :
                List.of(
                        "train_loss",
                        "train_top1",
                        "val_loss",
                        "val_top1",
                        "val_top5",
                        "seconds")) {
            assertTrue(epochs.get(1).has(f), f);
        }
        assertTrue(Files.isRegularFile(FullCheckpoint.last(run)));
        assertTrue(Files.isRegularFile(FullCheckpoint.best(run)));
        // the best epoch's val report: its matrix's diagonal / total is that epoch's val top-1
        int bestEpoch = 0;
        for (int e = 1; e < epochs.size(); e++) {
            if (epochs.get(e).get("val_top1").asDouble()
                    > epochs.get(bestEpoch).get("val_top1").asDouble()) {
                bestEpoch = e;
            }
        }
        dev.repmlp.engine.eval.SavedReport report =
                dev.repmlp.engine.eval.SavedReport.read(run.resolve(RunDirectory.BEST_VAL_REPORT));
        assertEquals(TinyDataset.CLASSES, report.classes());
        assertEquals(
                epochs.get(bestEpoch).get("val_top1").asDouble(),
                100.0 * report.correct() / report.total(),
                1e-9);
        assertEquals(bestEpoch + 1, report.summary().get("epoch").asInt());
        assertEquals(report.total(), report.predictions(p -> true).size());
        // the exported deploy model gives the train model's eval logits
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(TestModels.tiny(), false);
            train.initialize(m);
            Weights.load(train, run.resolve("model-train.pth"));
            RepMlpNet deploy = new RepMlpNet(TestModels.tiny(), true);
            deploy.initialize(m);
            Weights.load(deploy, run.resolve("model-deploy.pth"));
            NDArray x = m.randomNormal(new Shape(4, 3, 16, 16));
            float[] a =
                    train.forward(new ParameterStore(m, false), new NDList(x), false)
                            .singletonOrThrow()
                            .toFloatArray();
            float[] b =
                    deploy.forward(new ParameterStore(m, false), new NDList(x), false)
                            .singletonOrThrow()
                            .toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5);
            }
        }
    }

    @Test
    void resumingAtAnEpochBoundaryReproducesTheUninterruptedRun() throws IOException {
        TrainingConfig cfg = TinyDataset.config(data, 3);
        Path full = tmp.resolve("full");
        TrainingRun.create(cfg, full, null).run();

        Path split = tmp.resolve("split");
        TrainingRun[] holder = new TrainingRun[1];
        holder[0] =
                TrainingRun.create(
                        cfg,
                        split,
                        new TrainingListener() {
                            @Override
                            public void onEpoch(EpochMetrics m) {
                                if (m.epoch() == 0) {
                                    holder[0].cancel();
                                }
                            }
                        });
        TrainingRun.Result first = holder[0].run();
        assertEquals(RunStatus.CANCELLED, first.status());
        assertEquals(1, first.epochsDone());
        TrainingRun.Result second = TrainingRun.resume(split, null).run();
        assertEquals(RunStatus.COMPLETED, second.status());

        List<JsonNode> a = metrics(full, "epoch");
        List<JsonNode> b = metrics(split, "epoch");
        assertEquals(3, a.size());
        assertEquals(3, b.size());
        for (int e = 0; e < 3; e++) {
            double la = a.get(e).get("train_loss").asDouble();
            double lb = b.get(e).get("train_loss").asDouble();
            assertEquals(la, lb, 1e-4 * Math.abs(la), "epoch " + e);
            assertEquals(
                    a.get(e).get("val_loss").asDouble(), b.get(e).get("val_loss").asDouble(), 1e-4);
        }
    }

    @Test
    void aDamagedLastResumesFromBestInsteadOfTheBeginning() throws IOException {
        Path run = tmp.resolve("damaged-last");
        assertEquals(
                RunStatus.COMPLETED,
                TrainingRun.create(TinyDataset.config(data, 2), run, null).run().status());
        int bestEpoch = FullCheckpoint.position(FullCheckpoint.best(run)).epoch();
        assertTrue(bestEpoch >= 1, "best is an epoch-end checkpoint");
        Path last = FullCheckpoint.last(run);
        byte[] whole = Files.readAllBytes(last);
        Files.write(last, java.util.Arrays.copyOf(whole, whole.length / 2)); // truncated

        TrainingRun.Result more = TrainingRun.resume(run, null, Map.of("epochs", "3")).run();
        assertEquals(RunStatus.COMPLETED, more.status());
        List<JsonNode> resumes = metrics(run, "resume");
        assertEquals(bestEpoch, resumes.get(resumes.size() - 1).get("epoch").asInt());
        assertEquals(0, resumes.get(resumes.size() - 1).get("step").asInt());
    }

    @Test
    void cancelStopsWithinAStepAndLeavesAResumableCheckpoint() throws IOException {
        Path run = tmp.resolve("cancel");
        TrainingRun[] holder = new TrainingRun[1];
        int[] stepsSeen = {0};
        holder[0] =
                TrainingRun.create(
                        TinyDataset.config(data, 2),
                        run,
                        new TrainingListener() {
                            @Override
                            public void onStep(StepMetrics m) {
                                stepsSeen[0]++;
                                if (m.step() == 1) {
                                    holder[0].cancel();
                                }
                            }
                        });
        TrainingRun.Result r = holder[0].run();
        assertEquals(RunStatus.CANCELLED, r.status());
        assertEquals(2, stepsSeen[0]);
        assertTrue(Files.isRegularFile(FullCheckpoint.last(run)));
        TrainingRun.Result resumed = TrainingRun.resume(run, null).run();
        assertEquals(RunStatus.COMPLETED, resumed.status());
        assertEquals(8, metrics(run, "step").size()); // 2 before + 6 after the cancel
    }

    @Test
    void stopDuringValidationEndsTheRunAndResumeValidatesThatEpochAgain() throws IOException {
        Path straight = tmp.resolve("straight");
        assertEquals(
                RunStatus.COMPLETED,
                TrainingRun.create(TinyDataset.config(data, 2), straight, null).run().status());

        Path run = tmp.resolve("stop-in-val");
        TrainingRun[] holder = new TrainingRun[1];
        int[] valReports = {0};
        holder[0] =
                TrainingRun.create(
                        TinyDataset.config(data, 2),
                        run,
                        new TrainingListener() {
                            @Override
                            public void onStep(StepMetrics m) {
                                if (m.epoch() == 0 && m.step() == m.stepsPerEpoch() - 1) {
                                    holder[0].cancel(); // Stop as epoch 1's validation begins
                                }
                            }

                            @Override
                            public void onValidation(ValidationProgress p) {
                                valReports[0]++;
                            }
                        });
        TrainingRun.Result r = holder[0].run();
        assertEquals(RunStatus.CANCELLED, r.status());
        assertEquals(0, valReports[0], "the validation stopped before its first batch");
        assertEquals(0, metrics(run, "epoch").size(), "the epoch was not recorded as validated");
        int stepsBefore = metrics(run, "step").size();
        assertEquals(metrics(straight, "step").size() / 2, stepsBefore, "all of epoch 1's steps");

        TrainingRun.Result resumed = TrainingRun.resume(run, null).run();
        assertEquals(RunStatus.COMPLETED, resumed.status());
        // no step repeated, epoch 1 validated on resume, and the same weights as a run never
        // stopped
        assertEquals(metrics(straight, "step").size(), metrics(run, "step").size());
        List<JsonNode> a = metrics(straight, "epoch");
        List<JsonNode> b = metrics(run, "epoch");
        assertEquals(2, b.size());
        for (int e = 0; e < 2; e++) {
            assertEquals(a.get(e).get("val_top1").asDouble(), b.get(e).get("val_top1").asDouble());
            assertEquals(
                    a.get(e).get("train_loss").asDouble(), b.get(e).get("train_loss").asDouble());
        }
        assertArrayEquals(
                Files.readAllBytes(straight.resolve("model-train.pth")),
                Files.readAllBytes(run.resolve("model-train.pth")));
    }

    @Test
    void aValSplitWithNoReadableImageFailsTheRunInsteadOfCompletingWithNaN() throws IOException {
        Path bad = TinyDataset.write(tmp.resolve("bad-val"), 4, 2);
        try (java.util.stream.Stream<Path> files = Files.walk(bad.resolve("val"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(f, "not an image");
            }
        }
        Path run = tmp.resolve("bad-val-run");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainingRun.create(TinyDataset.config(bad, 1), run, null).run());
        assertTrue(e.getMessage().contains("could be read"), e.getMessage());
        JsonNode state = new ObjectMapper().readTree(run.resolve(RunDirectory.STATE).toFile());
        assertEquals("failed", state.get("status").asText());
    }

    @Test
    void divergingLossStopsWithAClearMessage() throws IOException {
        TrainingConfig cfg =
                TinyDataset.config(data, 2).toBuilder()
                        .baseLr(1e12)
                        .warmupEpochs(0)
                        .clipGrad(0.0)
                        .build();
        Path run = tmp.resolve("nan");
        TrainingDivergedException e =
                assertThrows(
                        TrainingDivergedException.class,
                        () -> TrainingRun.create(cfg, run, null).run());
        assertTrue(e.getMessage().contains("loss became"), e.getMessage());
        assertTrue(e.getMessage().contains("--lr"), e.getMessage());
        JsonNode state = new ObjectMapper().readTree(run.resolve(RunDirectory.STATE).toFile());
        assertEquals("diverged", state.get("status").asText());
        assertTrue(state.get("reason").asText().contains("at epoch 1 step"), state.toString());
    }

    @Test
    void datasetProblemsAreReportedBeforeTraining() throws IOException {
        Path missing = tmp.resolve("nope");
        IOException e1 =
                assertThrows(
                        IOException.class,
                        () ->
                                TrainingRun.create(
                                                TinyDataset.config(missing, 1),
                                                tmp.resolve("r1"),
                                                null)
                                        .run());
        assertTrue(e1.getMessage().contains("not found"), e1.getMessage());

        TrainingConfig wrongClasses =
                TinyDataset.config(data, 1).withModel(TestModels.tiny().withNumClass(5));
        IllegalArgumentException e2 =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TrainingRun.create(wrongClasses, tmp.resolve("r2"), null).run());
        assertTrue(e2.getMessage().contains("set num_class to 3"), e2.getMessage());

        Path odd = TinyDataset.write(tmp.resolve("odd"), 2, 1);
        Files.move(odd.resolve("val/red"), odd.resolve("val/purple"));
        IOException e3 =
                assertThrows(
                        IOException.class,
                        () ->
                                TrainingRun.create(
                                                TinyDataset.config(odd, 1), tmp.resolve("r3"), null)
                                        .run());
        assertTrue(e3.getMessage().contains("only in train: [red]"), e3.getMessage());
    }

    @Test
    void unreadableImagesAreSkippedAndCounted() throws IOException {
        Path d = TinyDataset.write(tmp.resolve("bad"), 4, 2);
        Files.writeString(d.resolve("train/red/broken.png"), "this is not a png");
        List<String> log = new ArrayList<>();
        TrainingRun.Result r =
                TrainingRun.create(
                                TinyDataset.config(d, 1).toBuilder().batchSize(4).build(),
                                tmp.resolve("badrun"),
                                new TrainingListener() {
                                    @Override
                                    public void onLog(String line) {
                                        log.add(line);
                                    }
                                })
                        .run();
        assertEquals(RunStatus.COMPLETED, r.status());
        assertTrue(
                log.stream()
                        .anyMatch(
                                l ->
                                        l.startsWith("skipping unreadable image")
                                                && l.contains("broken.png")),
                log.toString());
        assertTrue(
                log.stream().anyMatch(l -> l.contains("1 unreadable image(s) skipped so far")),
                log.toString());
    }

    @Test
    void aStepWhoseImagesAreAllUnreadableIsSkippedWithoutAnUpdate() throws IOException {
        // batch 1: 6 readable images (3 classes x 2) and 1 broken one make 7 steps, one without
        // image
        Path d = TinyDataset.write(tmp.resolve("allbad"), 2, 1);
        Files.writeString(d.resolve("train/red/broken.png"), "this is not a png");
        List<String> log = new ArrayList<>();
        List<StepMetrics> steps = new ArrayList<>();
        TrainingRun.Result r =
                TrainingRun.create(
                                TinyDataset.config(d, 1).toBuilder().batchSize(1).build(),
                                tmp.resolve("allbadrun"),
                                new TrainingListener() {
                                    @Override
                                    public void onLog(String line) {
                                        log.add(line);
                                    }

                                    @Override
                                    public void onStep(StepMetrics m) {
                                        steps.add(m);
                                    }
                                })
                        .run();
        assertEquals(RunStatus.COMPLETED, r.status());
        assertEquals(6, steps.size(), steps.toString());
        // the skipped step keeps its place in the order: the others keep their indices 0..6
        assertTrue(steps.stream().allMatch(m -> m.stepsPerEpoch() == 7), steps.toString());
        assertEquals(6, steps.stream().mapToInt(StepMetrics::step).distinct().count());
        assertTrue(
                steps.stream().allMatch(m -> Double.isFinite(m.loss()) && m.imagesPerSec() > 0),
                steps.toString());
        assertEquals(
                1,
                log.stream()
                        .filter(l -> l.startsWith("epoch 1: skipped 1 step(s) whose images"))
                        .count(),
                log.toString());
    }

    @Test
    void validationReportsItsProgressEndingAtEveryValImage() throws IOException {
        // 3 classes x 300 val images: 4 batches of 256, reported at most once a second and at the
        // end
        Path d = TinyDataset.write(tmp.resolve("valprogress"), 2, 300);
        List<ValidationProgress> seen = new ArrayList<>();
        TrainingRun.Result r =
                TrainingRun.create(
                                TinyDataset.config(d, 2),
                                tmp.resolve("valprogressrun"),
                                new TrainingListener() {
                                    @Override
                                    public void onValidation(ValidationProgress p) {
                                        seen.add(p);
                                    }
                                })
                        .run();
        assertEquals(RunStatus.COMPLETED, r.status());
        // both epochs validate (the last always does); each ends with a report of all 900 images
        List<ValidationProgress> ends = seen.stream().filter(ValidationProgress::done).toList();
        assertEquals(
                List.of(0, 1),
                ends.stream().map(ValidationProgress::epoch).toList(),
                seen.toString());
        for (ValidationProgress p : ends) {
            assertEquals(900, p.images());
            assertEquals(900, p.total());
            assertTrue(p.imagesPerSec() > 0, p.toString());
        }
        for (int i = 1; i < seen.size(); i++) {
            ValidationProgress a = seen.get(i - 1);
            ValidationProgress b = seen.get(i);
            assertTrue(b.epoch() > a.epoch() || b.images() > a.images(), seen.toString());
            assertTrue(b.images() % 256 == 0 || b.images() == 900, b.toString());
        }
    }

    @Test
    void anUnwritableRunDirectoryIsReported() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                TrainingRun.create(
                                                TinyDataset.config(data, 1),
                                                file.resolve("run"),
                                                null)
                                        .run());
        assertTrue(e.getMessage().contains("cannot create run directory"), e.getMessage());
    }
}
