package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.data.loader.LoaderException;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prefetching loader inside a training run. */
class LoaderWorkersTrainingTest {

    @TempDir Path tmp;

    private static List<String> lines(Path run, String type) throws IOException {
        List<String> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(run.resolve(RunDirectory.METRICS))) {
            JsonNode n = json.readTree(line);
            if (n.get("type").asText().equals(type)) {
                out.add(n.get("loss") + " " + n.get("train_loss"));
            }
        }
        return out;
    }

    @Test
    void oneAndThreeWorkersTrainTheSameWeights() throws IOException {
        Path data = TinyDataset.write(tmp.resolve("data"), 8, 2);
        // strong augmentation (RandAugment, random crops, flips) so each sample's randomness counts
        TrainingConfig cfg =
                TinyDataset.config(data, 2)
                        .withField("batch_size", 4)
                        .withField("aug_preset", "raug15");
        Path one = tmp.resolve("one");
        Path three = tmp.resolve("three");
        assertEquals(
                RunStatus.COMPLETED,
                TrainingRun.create(cfg, one, null).withWorkers(1).run().status());
        assertEquals(
                RunStatus.COMPLETED,
                TrainingRun.create(cfg, three, null).withWorkers(3).run().status());
        List<String> a = lines(one, "step");
        assertEquals(12, a.size()); // 24 images / 4 = 6 steps, 2 epochs
        assertEquals(a, lines(three, "step"));
        assertEquals(lines(one, "epoch"), lines(three, "epoch"));
        assertArrayEquals(
                Files.readAllBytes(one.resolve("model-train.pth")),
                Files.readAllBytes(three.resolve("model-train.pth")));
        // each step records how long it waited for data and took in all
        dev.repmlp.engine.runs.MetricsChunk m = RunRecords.readMetrics(three);
        assertTrue(
                m.steps().stream()
                        .allMatch(s -> s.dataSeconds() >= 0 && s.stepSeconds() >= s.dataSeconds()),
                m.steps().toString());
        String log = Files.readString(three.resolve(RunDirectory.LOG));
        assertTrue(log.contains("data: 3 loader workers"), log);
        assertTrue(log.contains("data time: "), log);
    }

    @Test
    void aDatasetWhoseImagesAllFailStopsWithOneLine() throws IOException {
        Path data = TinyDataset.write(tmp.resolve("bad"), 4, 1);
        try (Stream<Path> files = Files.walk(data.resolve("train"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(p, "not an image any more");
            }
        }
        Path run = tmp.resolve("run");
        LoaderException e =
                assertThrows(
                        LoaderException.class,
                        () ->
                                TrainingRun.create(
                                                TinyDataset.config(data, 1)
                                                        .withField("batch_size", 4),
                                                run,
                                                null)
                                        .withWorkers(2)
                                        .run());
        assertTrue(
                e.getMessage()
                        .startsWith("every training image tried failed to load (12 unreadable"),
                e.getMessage());
        assertTrue(e.getMessage().contains(data.resolve("train").toString()), e.getMessage());
        assertEquals(RunStatus.FAILED, RunRecords.state(run, 1).status());
    }

    @Test
    void filesThatVanishMidEpochAreSkippedAndCounted() throws IOException {
        Path data = TinyDataset.write(tmp.resolve("vanish"), 8, 2);
        List<String> log = new ArrayList<>();
        boolean[] deleted = {false};
        TrainingListener listener =
                new TrainingListener() {
                    @Override
                    public void onStep(dev.repmlp.engine.runs.StepMetrics m) {
                        if (deleted[0]) {
                            return;
                        }
                        deleted[0] = true;
                        // after the first step every file but one val image goes: the batches
                        // not loaded yet, and the val split, meet missing files (a val split
                        // with no readable image at all fails the run: TrainingRunTest)
                        try (Stream<Path> files = Files.walk(data)) {
                            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
                            Path keep =
                                    all.stream()
                                            .filter(p -> p.toString().contains("/val/"))
                                            .findFirst()
                                            .orElseThrow();
                            for (Path p : all) {
                                if (!p.equals(keep)) {
                                    Files.delete(p);
                                }
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }

                    @Override
                    public void onLog(String line) {
                        log.add(line);
                    }
                };
        TrainingRun.Result r =
                TrainingRun.create(
                                TinyDataset.config(data, 1).withField("batch_size", 2),
                                tmp.resolve("run"),
                                listener)
                        .withWorkers(2)
                        .run();
        assertEquals(RunStatus.COMPLETED, r.status());
        assertTrue(
                log.stream()
                        .anyMatch(
                                l ->
                                        l.startsWith("skipping unreadable image: " + data)
                                                && l.contains("/train/")),
                log.toString());
        // 5 of the 6 val images are gone: validation skips them
        assertTrue(
                log.stream().filter(l -> l.contains("skipping") && l.contains("/val/")).count()
                        == 5,
                log.toString());
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.matches("\\d+ unreadable image\\(s\\) skipped so far")),
                log.toString());
    }
}
