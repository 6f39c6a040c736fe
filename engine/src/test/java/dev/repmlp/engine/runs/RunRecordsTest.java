package dev.repmlp.engine.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordsTest {
    private static final String STEP0 =
            "{\"type\":\"step\",\"epoch\":0,\"step\":0,\"steps_per_epoch\":2,\"loss\":1.5,"
                    + "\"lr\":0.001,\"images_per_sec\":100.0,\"time\":0.5}\n";
    private static final String STEP1 =
            "{\"type\":\"step\",\"epoch\":0,\"step\":1,\"steps_per_epoch\":2,\"loss\":1.25,"
                    + "\"lr\":0.002,\"images_per_sec\":120.0,\"time\":1.0}\n";
    private static final String EPOCH0 =
            "{\"type\":\"epoch\",\"epoch\":0,\"train_loss\":1.4,\"train_top1\":40.0,"
                    + "\"val_loss\":1.1,\"val_top1\":55.5,\"val_top5\":100.0,\"seconds\":2.0}\n";

    @TempDir Path tmp;

    private Path run(String name, String config) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve(RunDirectory.CONFIG), config);
        return dir;
    }

    private static Path append(Path run, String text) throws IOException {
        return Files.writeString(
                run.resolve(RunDirectory.METRICS),
                text,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static String config(String preset, int epochs) {
        return "{\"training\":{\"model\":{\"name\":\""
                + preset
                + "\"},\"epochs\":"
                + epochs
                + ",\"data_path\":null},\"dataset\":\"/data/set\"}";
    }

    @Test
    void readsStepAndEpochRecords() throws IOException {
        Path run = run("r", config("tiny", 2));
        append(run, STEP0 + STEP1 + EPOCH0);

        MetricsChunk all = RunRecords.readMetrics(run);

        assertEquals(2, all.steps().size());
        assertEquals(new StepMetrics(0, 1, 2, 1.25, 0.002, 120.0, 1.0), all.steps().get(1));
        assertEquals(new EpochMetrics(0, 1.4, 40.0, 1.1, 55.5, 100.0, 2.0), all.epochs().get(0));
        assertEquals(Files.size(run.resolve(RunDirectory.METRICS)), all.nextOffset());
        assertFalse(all.restarted());
        assertEquals(0, all.skippedLines());
    }

    @Test
    void readingFromAnOffsetReturnsOnlyNewRecords() throws IOException {
        Path run = run("r", config("tiny", 2));
        append(run, STEP0);
        MetricsChunk first = RunRecords.readMetrics(run, 0);

        append(run, STEP1 + EPOCH0);
        MetricsChunk second = RunRecords.readMetrics(run, first.nextOffset());

        assertEquals(1, first.steps().size());
        assertEquals(List.of(1), second.steps().stream().map(StepMetrics::step).toList());
        assertEquals(1, second.epochs().size());
        assertTrue(RunRecords.readMetrics(run, second.nextOffset()).isEmpty());
    }

    @Test
    void aHalfWrittenLastLineWaitsForItsNewline() throws IOException {
        Path run = run("r", config("tiny", 2));
        append(run, STEP0 + STEP1.substring(0, 30));

        MetricsChunk partial = RunRecords.readMetrics(run, 0);
        assertEquals(1, partial.steps().size());
        assertEquals(STEP0.length(), partial.nextOffset());
        assertEquals(0, partial.skippedLines());

        append(run, STEP1.substring(30));
        MetricsChunk rest = RunRecords.readMetrics(run, partial.nextOffset());
        assertEquals(1, rest.steps().size());
        assertEquals(1.25, rest.steps().get(0).loss());
    }

    @Test
    void unvalidatedEpochsReadAsNaN() throws IOException {
        Path run = run("r", config("tiny", 2));
        append(
                run,
                "{\"type\":\"epoch\",\"epoch\":3,\"train_loss\":0.5,\"train_top1\":80.0,"
                        + "\"val_loss\":null,\"val_top1\":null,\"val_top5\":null,\"seconds\":1.0}\n");

        EpochMetrics e = RunRecords.readMetrics(run).epochs().get(0);

        assertEquals(3, e.epoch());
        assertTrue(Double.isNaN(e.valTop1()));
        assertTrue(Double.isNaN(e.valLoss()));
        assertEquals(80.0, e.trainTop1());
    }

    @Test
    void damagedLinesAreSkippedAndCounted() throws IOException {
        Path run = run("r", config("tiny", 2));
        append(run, STEP0 + "not json\n{\"type\":\"other\",\"epoch\":0}\n\n" + STEP1);

        MetricsChunk all = RunRecords.readMetrics(run);

        assertEquals(2, all.steps().size());
        assertEquals(2, all.skippedLines());
    }

    @Test
    void aMissingMetricsFileReadsAsEmpty() throws IOException {
        Path run = run("r", config("tiny", 2));

        MetricsChunk none = RunRecords.readMetrics(run, 0);

        assertTrue(none.isEmpty());
        assertEquals(0, none.nextOffset());
    }

    @Test
    void aFileShorterThanTheOffsetIsReadAgainFromTheStart() throws IOException {
        Path run = run("r", config("tiny", 2));
        append(run, STEP0 + STEP1);
        long offset = RunRecords.readMetrics(run).nextOffset();
        Files.writeString(run.resolve(RunDirectory.METRICS), STEP0);

        MetricsChunk again = RunRecords.readMetrics(run, offset);

        assertTrue(again.restarted());
        assertEquals(1, again.steps().size());
    }

    @Test
    void summaryOfARunWithoutStateIsStarting() throws IOException {
        Path run = run("r", config("RepMLPNet-Demo", 20));

        RunSummary s = RunRecords.summary(run);

        assertEquals("r", s.name());
        assertEquals("RepMLPNet-Demo", s.preset());
        assertEquals("/data/set", s.dataset());
        assertEquals(RunStatus.STARTING, s.status());
        assertEquals(0, s.epochsDone());
        assertEquals(20, s.epochs());
        assertTrue(Double.isNaN(s.bestValTop1()));
        assertFalse(s.resumable());
    }

    @Test
    void summaryReadsTheState() throws IOException {
        Path run = run("r", config("tiny", 20));
        Files.writeString(
                run.resolve(RunDirectory.STATE),
                "{\"status\":\"cancelled\",\"epochs_done\":3,\"epochs\":20,\"best_val_top1\":71.5}");
        Files.createDirectories(RunDirectory.lastCheckpoint(run).getParent());
        Files.writeString(RunDirectory.lastCheckpoint(run), "x");

        RunSummary s = RunRecords.summary(run);

        assertEquals(RunStatus.CANCELLED, s.status());
        assertEquals(3, s.epochsDone());
        assertEquals(71.5, s.bestValTop1());
        assertTrue(s.resumable());
    }

    @Test
    void summaryOfAFolderWithoutConfigFails() {
        assertThrows(IOException.class, () -> RunRecords.summary(tmp));
    }

    @Test
    void listShowsRunsNewestFirstSkipsOtherFoldersAndSaysWhichRunIsDamaged() throws IOException {
        Path old = run("old", config("a", 1));
        Path recent = run("recent", config("b", 1));
        Files.createDirectories(tmp.resolve("not-a-run"));
        run("broken", "{not json");
        Files.setLastModifiedTime(
                old.resolve(RunDirectory.CONFIG),
                FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.setLastModifiedTime(
                recent.resolve(RunDirectory.CONFIG),
                FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));

        List<RunSummary> runs = RunRecords.list(tmp);

        assertEquals(
                List.of("broken", "recent", "old"), runs.stream().map(RunSummary::name).toList());
        RunSummary broken = runs.get(0);
        assertEquals(RunStatus.UNKNOWN, broken.status());
        assertFalse(broken.resumable());
        assertTrue(
                broken.reason().startsWith(tmp.resolve("broken/config.json") + " is damaged"),
                broken.reason());
        assertTrue(RunRecords.list(tmp.resolve("missing")).isEmpty());
    }

    @Test
    void aRunKilledWhileWritingConfigJsonIsListedAsDamagedWithTheFix() throws IOException {
        run("ok", config("a", 1));
        // what a kill during the config.json write leaves: the lock, the log, a metrics file
        Path killed = Files.createDirectories(tmp.resolve("killed"));
        Files.writeString(killed.resolve(RunDirectory.LOCK), "");
        Files.writeString(killed.resolve(RunDirectory.LOG), "starting\n");
        Files.writeString(killed.resolve(RunDirectory.METRICS), "");
        Path empty = run("empty", ""); // a 0-byte config.json
        Files.createDirectories(tmp.resolve("photos")); // no run files: not a run

        List<RunSummary> runs = RunRecords.list(tmp);

        assertEquals(
                List.of("empty", "killed", "ok"),
                runs.stream().map(RunSummary::name).sorted().toList());
        RunSummary k = runs.stream().filter(r -> r.name().equals("killed")).findFirst().get();
        assertEquals(RunStatus.UNKNOWN, k.status());
        assertFalse(k.resumable());
        assertTrue(
                k.reason().startsWith(killed.resolve(RunDirectory.CONFIG) + " is missing"),
                k.reason());
        assertTrue(k.reason().contains("start a new run"), k.reason());
        RunSummary e = RunRecords.summaryOrDamaged(empty);
        assertEquals(RunStatus.UNKNOWN, e.status());
        assertTrue(e.reason().contains("is damaged"), e.reason());
        assertTrue(e.reason().contains("restore it from a backup"), e.reason());
    }

    @Test
    void statusWordsMapToStatuses() {
        assertEquals(RunStatus.RUNNING, RunStatus.of("running"));
        assertEquals(RunStatus.FAILED, RunStatus.of("failed"));
        assertEquals(RunStatus.UNKNOWN, RunStatus.of("exploded"));
        assertEquals(RunStatus.STARTING, RunStatus.of(null));
        assertTrue(RunStatus.STARTING.isLive());
        assertFalse(RunStatus.COMPLETED.isLive());
    }
}
