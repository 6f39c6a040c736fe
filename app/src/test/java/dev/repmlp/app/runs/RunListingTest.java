package dev.repmlp.app.runs;

import static dev.repmlp.app.runs.SlurmFixtures.jobWrote;
import static dev.repmlp.app.runs.SlurmFixtures.submitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.engine.slurm.Slurm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Runs page's listing of a runs folder with Slurm runs and a sweep, squeue faked by a script
 * printing what the real one prints for {@code --format=%i|%T|%r}; no FX toolkit.
 */
class RunListingTest {
    @TempDir Path tmp;

    private Map<String, RunRow> byName(RunListing.Listing l) {
        return l.runs().stream().collect(Collectors.toMap(RunRow::name, r -> r));
    }

    private Path folder() throws Exception {
        Path runs = tmp.resolve("runs");
        TrainingFixtures.run(runs.resolve("here"), "tiny", "completed", 2, 2);
        // queued: the job has not started, so there is no config.json yet
        submitted(runs.resolve("queued"), "7");
        // as the Train page submits: every setting as --set
        Path fromForm = runs.resolve("from-form");
        Files.createDirectories(fromForm);
        Files.writeString(
                fromForm.resolve("slurm.json"),
                "{\"job\": \"13\", \"args\": [\"train\", \"--set\","
                        + " \"model.name=\\\"RepMLPNet-Demo\\\"\", \"--set\", \"epochs=5\"]}");
        Path running = TrainingFixtures.run(runs.resolve("running"), "tiny", "running", 4, 1);
        submitted(running, "8");
        jobWrote(running, "8", "running", "null");
        Path done = TrainingFixtures.run(runs.resolve("done"), "tiny", "completed", 2, 2);
        submitted(done, "9");
        jobWrote(done, "9", "completed", "0");
        Path late = TrainingFixtures.run(runs.resolve("late"), "tiny", "running", 9, 3);
        submitted(late, "10");
        jobWrote(late, "10", "terminated", "143");
        Path broke = TrainingFixtures.run(runs.resolve("broke"), "tiny", "failed", 4, 1);
        submitted(broke, "12");
        jobWrote(broke, "12", "failed", "1");
        // a sweep of base_lr over 2 values as a job array: point 0 done, point 1 still queued
        Path sweep = runs.resolve("lr-sweep");
        Files.createDirectories(sweep);
        Files.writeString(
                sweep.resolve("sweep.json"),
                "{\"format\": \"repmlp-sweep/1\", \"grid\": {\"base_lr\": [\"1e-3\", \"2e-3\"]},"
                        + " \"points\": [{\"index\": 0, \"values\": {\"base_lr\": \"1e-3\"},"
                        + " \"run\": \"0-base_lr=1e-3\"}, {\"index\": 1, \"values\":"
                        + " {\"base_lr\": \"2e-3\"}, \"run\": \"1-base_lr=2e-3\"}],"
                        + " \"train_args\": [\"--epochs\", \"3\"], \"job\": \"11\"}");
        Path p0 = TrainingFixtures.run(sweep.resolve("0-base_lr=1e-3"), "tiny", "completed", 3, 3);
        submitted(p0, "11_0");
        jobWrote(p0, "11_0", "completed", "0");
        submitted(sweep.resolve("1-base_lr=2e-3"), "11_1");
        return runs;
    }

    @Test
    void slurmRunsShowTheirJobsStateFromSqueueAndTheirFolder() throws Exception {
        Path runs = folder();
        Path bin = tmp.resolve("bin");
        SlurmFixtures.squeue(
                bin,
                "7|PENDING|Resources",
                "8|RUNNING|None",
                "10|TIMEOUT|TimeLimit",
                "11_1|PENDING|Priority",
                "13|PENDING|Priority");

        RunListing.Listing l = RunListing.list(runs, new Slurm(bin, Duration.ofSeconds(10)));

        assertEquals("", l.queueProblem());
        Map<String, RunRow> r = byName(l);
        assertEquals(
                List.of(
                        "broke",
                        "done",
                        "from-form",
                        "here",
                        "late",
                        "lr-sweep/0-base_lr=1e-3",
                        "lr-sweep/1-base_lr=2e-3",
                        "queued",
                        "running"),
                r.keySet().stream().sorted().toList());
        assertEquals("", r.get("here").slurm());
        assertFalse(r.get("here").cancellable());

        RunRow queued = r.get("queued");
        assertEquals("pending (Resources)", queued.slurm());
        assertEquals("7", queued.job());
        assertEquals("not started", queued.state());
        assertEquals("RepMLPNet-Demo", queued.preset());
        assertEquals("0/6", queued.epochsText());
        assertTrue(queued.cancellable());
        assertTrue(queued.live());

        RunRow fromForm = r.get("from-form");
        assertEquals("RepMLPNet-Demo", fromForm.preset());
        assertEquals("0/5", fromForm.epochsText());
        assertEquals("pending (Priority)", fromForm.slurm());

        assertEquals("running", r.get("running").slurm());
        assertTrue(r.get("running").cancellable());
        assertEquals("completed", r.get("done").slurm());
        assertFalse(r.get("done").cancellable());
        assertEquals("timeout (TimeLimit)", r.get("late").slurm());
        assertFalse(r.get("late").cancellable());
        assertEquals("failed (exit code 1 (see its output))", r.get("broke").slurm());

        RunRow point1 = r.get("lr-sweep/1-base_lr=2e-3");
        assertEquals("lr-sweep", point1.sweep());
        assertEquals("pending (Priority)", point1.slurm());
        assertEquals("11_1", point1.job());
    }

    @Test
    void aSweepIsAGroupOfItsGridValuesAgainstBestTop1() throws Exception {
        Path runs = folder();
        Path bin = tmp.resolve("bin");
        SlurmFixtures.squeue(bin, "11_1|RUNNING|None");

        RunListing.Listing l = RunListing.list(runs, new Slurm(bin, Duration.ofSeconds(10)));

        assertEquals(1, l.sweeps().size());
        RunListing.SweepGroup g = l.sweeps().get(0);
        assertEquals("lr-sweep", g.name());
        assertEquals("11", g.job());
        assertEquals(List.of("base_lr"), g.keys());
        assertEquals(2, g.points().size());
        RunListing.SweepPoint p0 = g.points().get(0);
        assertEquals(List.of("1e-3"), p0.values());
        assertEquals("completed", p0.state());
        // the fixture's last epoch (3 done) records best val top-1 50 + 3
        assertEquals("53.00", p0.bestText());
        RunListing.SweepPoint p1 = g.points().get(1);
        assertEquals(List.of("2e-3"), p1.values());
        assertEquals("running", p1.state());
        assertEquals("", p1.bestText());
        assertEquals(p0, g.best().orElseThrow());
    }

    @Test
    void withoutSqueueTheRunDirectoriesAloneDecideAndTheListingSaysWhy() throws Exception {
        Path runs = folder();
        Path bin = tmp.resolve("empty-bin");
        Files.createDirectories(bin);

        RunListing.Listing l = RunListing.list(runs, new Slurm(bin, Duration.ofSeconds(10)));

        assertTrue(l.queueProblem().startsWith("squeue not found in " + bin), l.queueProblem());
        Map<String, RunRow> r = byName(l);
        assertEquals(9, r.size());
        assertEquals("completed", r.get("done").slurm());
        assertEquals("running (the queue could not be asked)", r.get("running").slurm());
        assertEquals("unknown (the queue could not be asked)", r.get("queued").slurm());
    }

    @Test
    void aRunFolderWithoutAReadableConfigIsADamagedRowNotAGap() throws Exception {
        Path runs = tmp.resolve("plain");
        TrainingFixtures.run(runs.resolve("good"), "tiny", "completed", 2, 2);
        Path killed = Files.createDirectories(runs.resolve("killed"));
        Files.writeString(killed.resolve("run.lock"), "");
        Files.writeString(killed.resolve("log.txt"), "starting\n");
        Path broken = TrainingFixtures.run(runs.resolve("broken"), "tiny", "completed", 2, 2);
        Files.writeString(broken.resolve("config.json"), "{\"training\": ");

        RunListing.Listing l =
                RunListing.list(runs, new Slurm(tmp.resolve("no-bin"), Duration.ofSeconds(10)));

        Map<String, RunRow> rows = byName(l);
        assertEquals(3, rows.size(), rows.keySet().toString());
        assertTrue(rows.get("killed").state().startsWith("damaged: "), rows.get("killed").state());
        assertTrue(rows.get("killed").state().contains("config.json is missing"));
        assertTrue(rows.get("broken").state().contains("config.json is damaged"));
        assertFalse(rows.get("broken").live());
        assertEquals("completed", rows.get("good").state());
    }
}
