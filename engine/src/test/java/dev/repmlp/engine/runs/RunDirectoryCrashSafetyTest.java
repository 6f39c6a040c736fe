package dev.repmlp.engine.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The run directory's one-writer lock, owner check, whole-line appends and resume markers. */
class RunDirectoryCrashSafetyTest {
    @TempDir Path tmp;

    private static final String CONFIG =
            "{\"training\":{\"model\":{\"name\":\"tiny\"},\"epochs\":3},\"dataset\":\"/d\"}";

    private static String step(int epoch, int step, double loss) {
        return "{\"type\":\"step\",\"epoch\":"
                + epoch
                + ",\"step\":"
                + step
                + ",\"steps_per_epoch\":3,\"loss\":"
                + loss
                + ",\"lr\":0.1,\"images_per_sec\":1.0,\"time\":1.0}\n";
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolder() throws IOException {
        Path dir = tmp.resolve("r");
        try (RunDirectory first = RunDirectory.open(dir)) {
            assertEquals(dir, first.path());
            IOException e = assertThrows(IOException.class, () -> RunDirectory.open(dir));
            assertTrue(e.getMessage().contains("being written by another process"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("pid " + ProcessHandle.current().pid()),
                    e.getMessage());
        }
        // released on close: the next writer gets it
        RunDirectory.open(dir).close();
    }

    @Test
    void aNewRunWithATakenNameGetsAFreshDirectory() throws IOException {
        Path a = RunDirectory.claimFresh(tmp, "run");
        Path b = RunDirectory.claimFresh(tmp, "run");
        assertEquals(tmp.resolve("run"), a);
        assertEquals(tmp.resolve("run-2"), b);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aRunningRunWhoseProcessIsGoneReadsInterrupted() throws Exception {
        Path dir = tmp.resolve("r");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(RunDirectory.CONFIG), CONFIG);
        try (RunDirectory w = RunDirectory.open(dir)) {
            w.writeState(new RunState(RunStatus.RUNNING, 1, 3, 50.0));
        }
        // this process owns it and lives: running
        assertEquals(RunStatus.RUNNING, RunRecords.summary(dir).status());
        // the same record naming a process that has ended: interrupted, resumable
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        String state = Files.readString(dir.resolve(RunDirectory.STATE));
        String pid = "\"pid\" : " + ProcessHandle.current().pid();
        assertTrue(state.contains(pid), state);
        Files.writeString(
                dir.resolve(RunDirectory.STATE), state.replace(pid, "\"pid\" : " + p.pid()));
        RunSummary s = RunRecords.summary(dir);
        assertEquals(RunStatus.INTERRUPTED, s.status());
        assertTrue(s.resumable());
        assertTrue(s.reason().contains("pid " + p.pid()), s.reason());
        assertEquals(50.0, s.bestValTop1());
    }

    @Test
    void aRunOnAnotherHostReadsInterruptedOnlyWhenItsHeartbeatIsStale() throws Exception {
        Path dir = tmp.resolve("r");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(RunDirectory.CONFIG), CONFIG);
        String state =
                "{\"status\":\"running\",\"epochs_done\":1,\"epochs\":3,\"updated\":\"%s\","
                        + "\"owner\":{\"pid\":1,\"host\":\"elsewhere.invalid\",\"started\":\"\"}}";
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
        Files.writeString(
                dir.resolve(RunDirectory.STATE), String.format(state, now.minusMinutes(5)));
        assertEquals(RunStatus.RUNNING, RunRecords.summary(dir).status());
        Files.writeString(dir.resolve(RunDirectory.STATE), String.format(state, now.minusHours(2)));
        RunSummary s = RunRecords.summary(dir);
        assertEquals(RunStatus.INTERRUPTED, s.status());
        assertTrue(s.reason().contains("no heartbeat"), s.reason());
    }

    @Test
    void aTornLastLineIsCutOffOnOpenAndAppendsStayWholeLines() throws IOException {
        Path dir = tmp.resolve("r");
        Files.createDirectories(dir);
        String whole = step(0, 0, 1.0);
        Files.writeString(
                dir.resolve(RunDirectory.METRICS),
                whole + step(0, 1, 0.9).substring(0, 30),
                StandardCharsets.UTF_8);
        try (RunDirectory w = RunDirectory.open(dir)) {
            w.step(new StepMetrics(0, 1, 3, 0.9, 0.1, 1.0, 1.0));
        }
        List<String> lines = Files.readAllLines(dir.resolve(RunDirectory.METRICS));
        assertEquals(2, lines.size(), lines.toString());
        assertEquals(whole.strip(), lines.get(0));
        MetricsChunk m = RunRecords.readMetrics(dir);
        assertEquals(0, m.skippedLines());
        assertEquals(2, m.steps().size());
    }

    @Test
    void aResumeMarkerDropsTheRecordsThatTheResumedRunWritesAgain() throws IOException {
        Path dir = tmp.resolve("r");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(RunDirectory.METRICS),
                step(0, 0, 1.0) + step(0, 1, 0.9) + step(0, 2, 0.8) + step(1, 0, 0.7));
        try (RunDirectory w = RunDirectory.open(dir)) {
            w.resumed(0, 2); // the checkpoint was after step 1 of epoch 0
            w.step(new StepMetrics(0, 2, 3, 0.5, 0.1, 1.0, 1.0));
        }
        MetricsChunk m = RunRecords.readMetrics(dir);
        assertEquals(3, m.steps().size(), m.steps().toString());
        assertEquals(0.5, m.steps().get(2).loss()); // the re-run step, not the lost one
        assertEquals(0, m.skippedLines());
    }

    @Test
    void aDamagedConfigIsOneLineNamingTheFile() throws IOException {
        Path dir = tmp.resolve("r");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(RunDirectory.CONFIG), "{\"training\": {\"epo");
        IOException e = assertThrows(IOException.class, () -> RunDirectory.readConfig(dir));
        assertTrue(
                e.getMessage().startsWith(dir.resolve("config.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        Files.writeString(dir.resolve(RunDirectory.CONFIG), "[]");
        IOException e2 = assertThrows(IOException.class, () -> RunDirectory.readConfig(dir));
        assertTrue(e2.getMessage().contains("no \"training\""), e2.getMessage());
    }

    @Test
    void leftoverTemporaryFilesAreRemoved() throws IOException {
        Path dir = tmp.resolve("r");
        try (RunDirectory w = RunDirectory.open(dir)) {
            Path t1 = Files.writeString(w.checkpoints().resolve(".last.safetensors.1a2b.tmp"), "x");
            Path t2 = Files.writeString(dir.resolve("config.json.tmp"), "");
            Path keep = Files.writeString(w.checkpoints().resolve("best.safetensors"), "x");
            assertEquals(2, w.removeLeftovers().size());
            assertFalse(Files.exists(t1));
            assertFalse(Files.exists(t2));
            assertTrue(Files.exists(keep));
        }
    }

    /** A follower's view: what it read, chunk by chunk, with superseded records dropped. */
    private static final class Follower {
        final List<StepMetrics> steps = new java.util.ArrayList<>();
        final List<EpochMetrics> epochs = new java.util.ArrayList<>();
        long offset;

        MetricsChunk poll(Path dir) throws IOException {
            MetricsChunk c = RunRecords.readMetrics(dir, offset);
            offset = c.nextOffset();
            steps.removeIf(c::supersedes);
            epochs.removeIf(c::supersedes);
            steps.addAll(c.steps());
            epochs.addAll(c.epochs());
            return c;
        }
    }

    @Test
    void aLiveFollowerDropsTheRecordsThatAResumeSupersedes() throws IOException {
        Path dir = tmp.resolve("r");
        Files.createDirectories(dir);
        String epoch0 = "{\"type\":\"epoch\",\"epoch\":0,\"val_top1\":50.0,\"seconds\":1}\n";
        Files.writeString(
                dir.resolve(RunDirectory.METRICS),
                step(0, 0, 1.0) + step(0, 1, 0.9) + step(0, 2, 0.8) + epoch0 + step(1, 0, 0.7));
        Follower f = new Follower();
        assertNull(f.poll(dir).resumedAt());
        assertEquals(4, f.steps.size());
        assertEquals(1, f.epochs.size());
        try (RunDirectory w = RunDirectory.open(dir)) {
            // killed after step 1 of epoch 0 had been checkpointed: the run resumes at step 2
            w.resumed(0, 2);
            MetricsChunk marker = f.poll(dir);
            assertEquals(new MetricsChunk.Position(0, 2), marker.resumedAt());
            assertTrue(marker.isEmpty());
            // the follower no longer shows the superseded steps nor epoch 0's record
            assertEquals(2, f.steps.size(), f.steps.toString());
            assertEquals(0, f.epochs.size());
            w.step(new StepMetrics(0, 2, 3, 0.5, 0.1, 1.0, 1.0));
            w.epoch(new EpochMetrics(0, 0.6, 60, 0.5, 55.0, 100, 1), Double.NaN);
            w.resumed(1, 0); // a second resume in the same chunk
            w.step(new StepMetrics(1, 0, 3, 0.4, 0.1, 1.0, 1.0));
        }
        MetricsChunk last = f.poll(dir);
        assertEquals(new MetricsChunk.Position(1, 0), last.resumedAt());
        MetricsChunk all = RunRecords.readMetrics(dir);
        assertEquals(all.steps(), f.steps, "the follower sees what a full read sees");
        assertEquals(all.epochs(), f.epochs);
        assertEquals(List.of(1.0, 0.9, 0.5, 0.4), f.steps.stream().map(StepMetrics::loss).toList());
        assertEquals(55.0, f.epochs.get(0).valTop1());
    }

    /** Claims raced by 8 threads: fresh names are all distinct; an exact folder goes to one. */
    @Test
    void claimsStartedTogetherNeverShareAFolder() throws Exception {
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Path>> fresh = new java.util.ArrayList<>();
            List<java.util.concurrent.Future<Path>> exact = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fresh.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return RunDirectory.claimFresh(tmp, "run");
                                }));
                exact.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return RunDirectory.claimExactly(tmp.resolve("job-dir"));
                                }));
            }
            go.countDown();
            java.util.Set<Path> dirs = new java.util.HashSet<>();
            for (var f : fresh) {
                dirs.add(f.get());
            }
            assertEquals(8, dirs.size(), dirs.toString());
            int won = 0;
            for (var f : exact) {
                try {
                    f.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(
                            e.getCause().getMessage().contains("already holds a run"),
                            e.getCause().getMessage());
                }
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
    }
}
