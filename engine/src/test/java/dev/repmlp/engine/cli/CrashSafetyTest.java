package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repmlp.engine.io.SafeTensors;
import dev.repmlp.engine.runs.MetricsChunk;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.StepMetrics;
import dev.repmlp.engine.train.FullCheckpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real training processes (child JVMs running {@code repmlp train} on a tiny model and dataset)
 * killed with SIGKILL at step boundaries and inside file writes (the {@code repmlp.fault} hook
 * pauses the writer at the chosen point, then the test kills it), or given a full disk at a chosen
 * write. After every fault: every file is readable, no more is lost than the checkpoint interval,
 * {@code repmlp runs} says "interrupted" (or "failed" with the reason), and {@code --resume}
 * finishes with byte-identical weights to an uninterrupted run.
 */
@EnabledOnOs(OS.LINUX)
class CrashSafetyTest extends TrainingProcesses {
    @TempDir Path tmp;

    /** What a kill may leave: readable files only, at most the checkpoint interval lost. */
    private void assertConsistentAfterKill(Path run, Child killed) throws Exception {
        assertEquals(137, killed.exit(), "killed by SIGKILL: " + killed.out());
        JsonNode config = JSON.readTree(run.resolve(RunDirectory.CONFIG).toFile());
        assertTrue(config.path("training").isObject());
        JsonNode state = JSON.readTree(run.resolve(RunDirectory.STATE).toFile());
        assertEquals("running", state.path("status").asText(), "as the killed writer left it");
        try (Stream<Path> files = Files.list(run.resolve(RunDirectory.CHECKPOINTS))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".safetensors")).toList()) {
                assertNotNull(SafeTensors.read(f), f.toString()); // whole, or it throws
            }
        }
        MetricsChunk m = RunRecords.readMetrics(run);
        assertEquals(0, m.skippedLines(), "no damaged complete line in metrics.jsonl");
        int doneSteps = 0;
        for (StepMetrics s : m.steps()) {
            doneSteps = Math.max(doneSteps, s.epoch() * STEPS_PER_EPOCH + s.step() + 1);
        }
        int saved = 0;
        if (Files.isRegularFile(FullCheckpoint.last(run))) {
            FullCheckpoint.State st = FullCheckpoint.position(FullCheckpoint.last(run));
            saved = st.epoch() * STEPS_PER_EPOCH + st.step();
        }
        assertTrue(
                doneSteps - saved <= CHECKPOINT_STEPS,
                "lost " + (doneSteps - saved) + " steps, more than the checkpoint interval");
        // the listing tells the truth: the owner is gone
        JsonNode listed = listing(run.getParent(), run.getFileName().toString());
        assertEquals("interrupted", listed.path("status").asText(), listed.toString());
        assertTrue(listed.path("resumable").asBoolean(), listed.toString());
    }

    /**
     * SIGKILL at step boundaries (after the N-th metrics line: step records and epoch records) and
     * inside each file write. Counts: 3 steps + 1 epoch record an epoch; last is written twice an
     * epoch (a step checkpoint after step 2, the epoch end).
     */
    @ParameterizedTest(name = "SIGKILL at {0}")
    @CsvSource({
        // step boundaries: after step 1 (no checkpoint yet), after epoch 0's record, mid epoch 2
        "metrics.jsonl:after-append:pause:1",
        "metrics.jsonl:after-append:pause:4",
        "metrics.jsonl:after-append:pause:10",
        // a half-written metrics line
        "metrics.jsonl:append:pause:6",
        // inside file writes
        "config.json:mid:pause:1",
        "last.safetensors:mid:pause:1",
        "last.safetensors:mid:pause:2",
        "best.safetensors:mid:pause:1",
        "epoch-002.safetensors:mid:pause:1",
        "state.json:mid:pause:3",
        // between the renames: last of epoch 1 in place, best not yet
        "last.safetensors:after-rename:pause:2",
        "best.safetensors:before-rename:pause:1",
        // the EMA weights: a kill between last and last-ema must not leave an older average
        "last.safetensors:after-rename:pause:1",
        "last-ema.pth:mid:pause:2",
        // a half-written log line; the final weights files
        "log.txt:append:pause:4",
        "model-train.pth:mid:pause:1",
        "model-ema-train.pth:before-rename:pause:1",
        "model-deploy.pth:mid:pause:1",
    })
    void aKillLosesNothingBeyondTheCheckpointIntervalAndResumesToTheSameWeights(String fault)
            throws Exception {
        Path runs = tmp.resolve("runs-" + fault.replace(':', '-'));
        Child killed = train(runs, "k", fault, null);
        assertTrue(killed.out().contains("repmlp.fault: paused"), killed.out());
        Path run = runs.resolve("k");
        if (!Files.isRegularFile(run.resolve(RunDirectory.CONFIG))) {
            // killed while writing config.json: no run yet, nothing to resume; only a temp file
            assertEquals(137, killed.exit());
            return;
        }
        assertConsistentAfterKill(run, killed);
        assertResumesToTheSameWeights(run);
    }

    @Test
    void aTrainingCheckpointIsReadAsItsModelWeights() {
        Child ckpt = inProcess("info", FullCheckpoint.best(referenceRun).toString());
        Child weights = inProcess("info", referenceRun.resolve("model-train.pth").toString());
        assertEquals(0, ckpt.exit(), ckpt.out());
        assertTrue(ckpt.out().contains("is a training checkpoint"), ckpt.out());
        assertEquals(
                weights.out()
                        .lines()
                        .filter(l -> l.startsWith("keys:") || l.startsWith("parameters:"))
                        .toList(),
                ckpt.out()
                        .lines()
                        .filter(l -> l.startsWith("keys:") || l.startsWith("parameters:"))
                        .toList(),
                "the model's entries only, not the optimizer state");
        Child folder = inProcess("info", referenceRun.toString());
        assertEquals(2, folder.exit());
        assertTrue(folder.out().contains("is a folder, not a weights file"), folder.out());
        assertEquals(1, folder.out().strip().lines().count(), folder.out());
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolderAndANewRunGetsAFreshName() throws Exception {
        Path runs = tmp.resolve("runs-two");
        List<String> args = new ArrayList<>(trainArgs(runs, "w"));
        Process first =
                new ProcessBuilder(
                                command(
                                        "metrics.jsonl:after-append:pause:1",
                                        args.toArray(String[]::new)))
                        .redirectErrorStream(true)
                        .start();
        try {
            BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null && !line.startsWith("repmlp.fault: paused")) {
                // the first writer is now inside its run, holding the lock
            }
            assertNotNull(line, "first writer paused");
            JsonNode listed = listing(runs, "w");
            assertEquals("running", listed.path("status").asText(), listed.toString());

            Child second = run(null, "train", "--resume", runs.resolve("w").toString());
            assertEquals(2, second.exit(), second.out());
            assertTrue(
                    second.out()
                            .contains("is being written by another process (pid " + first.pid()),
                    second.out());

            Child third = run("metrics.jsonl:after-append:kill:1", args.toArray(String[]::new));
            assertTrue(third.out().contains("run name w is taken"), third.out());
            assertTrue(Files.isRegularFile(runs.resolve("w-2").resolve(RunDirectory.CONFIG)));
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals("interrupted", listing(runs, "w").path("status").asText());
    }

    @Test
    void aFullDiskGivesOneLineNamingTheFileAndTheRunResumes() throws Exception {
        Path runs = tmp.resolve("runs-full");
        Child full = train(runs, "f", "last.safetensors:mid:enospc:3", null);
        assertEquals(2, full.exit(), full.out());
        List<String> errors = full.out().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), full.out());
        String err = errors.get(0);
        assertTrue(
                err.contains("last.safetensors") && err.contains("No space left on device"), err);
        assertTrue(err.contains("free disk space"), err);
        assertTrue(err.contains("The previous last.safetensors is kept"), err);
        assertFalse(full.out().contains("\tat "), "no stack trace: " + full.out());
        Path run = runs.resolve("f");
        JsonNode listed = listing(runs, "f");
        assertEquals("failed", listed.path("status").asText(), listed.toString());
        assertTrue(listed.path("reason").asText().contains("No space left"), listed.toString());
        assertResumesToTheSameWeights(run);
    }

    @Test
    void aFullDiskAtTheFirstCheckpointDoesNotClaimAPreviousOne() throws Exception {
        Child full = train(tmp.resolve("runs-first"), "f1", "last.safetensors:mid:enospc:1", null);
        assertEquals(2, full.exit(), full.out());
        assertFalse(full.out().contains("is kept"), full.out());
        assertTrue(full.out().contains("No space left on device"), full.out());
    }

    @Test
    void aFullDiskDuringAMetricsAppendLeavesWholeLines() throws Exception {
        Path runs = tmp.resolve("runs-append");
        Child full = train(runs, "m", "metrics.jsonl:append:enospc:5", null);
        assertEquals(2, full.exit(), full.out());
        assertTrue(full.out().contains("metrics.jsonl"), full.out());
        byte[] bytes = Files.readAllBytes(runs.resolve("m/metrics.jsonl"));
        assertEquals('\n', bytes[bytes.length - 1], "the failed append was cut back");
        assertEquals(0, RunRecords.readMetrics(runs.resolve("m")).skippedLines());
        assertResumesToTheSameWeights(runs.resolve("m"));
    }

    /**
     * A full disk on log.txt (simulated: the {@code repmlp.fault} hook throws ENOSPC from the
     * append, as a tmpfs cannot be mounted here): one line naming the file and the fix, log.txt
     * holds whole lines only, the run reads failed with that reason and resumes.
     */
    @Test
    void aFullDiskOnLogTxtIsOneLineNamingTheFileAndTheFix() throws Exception {
        Path runs = tmp.resolve("runs-log");
        Child full = train(runs, "l", "log.txt:append:enospc:3", null);
        assertEquals(2, full.exit(), full.out());
        assertFalse(full.out().contains("\tat "), "no stack trace: " + full.out());
        List<String> errors = full.out().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), full.out());
        Path log = runs.resolve("l").resolve(RunDirectory.LOG);
        assertEquals(
                "error: cannot write "
                        + log
                        + ": No space left on device; free disk space (or choose another --out)"
                        + " and resume",
                errors.get(0));
        // true to what is on disk: the two lines before the failed one, whole
        byte[] bytes = Files.readAllBytes(log);
        assertEquals('\n', bytes[bytes.length - 1]);
        assertEquals(2, Files.readAllLines(log).size(), Files.readString(log));
        JsonNode listed = listing(runs, "l");
        assertEquals("failed", listed.path("status").asText(), listed.toString());
        assertTrue(listed.path("reason").asText().contains("log.txt"), listed.toString());
        assertResumesToTheSameWeights(runs.resolve("l"));
    }

    /** A full disk at config.json: one line naming it and the fix; no temporary file left. */
    @Test
    void aFullDiskAtConfigJsonIsOneLineAndLeavesNoTemporaryFile() throws Exception {
        Path runs = tmp.resolve("runs-config");
        Child full = train(runs, "c", "config.json:mid:enospc:1", null);
        assertEquals(2, full.exit(), full.out());
        List<String> errors = full.out().lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), full.out());
        String err = errors.get(0);
        assertTrue(err.contains(runs.resolve("c").resolve("config.json").toString()), err);
        assertTrue(err.contains("No space left on device"), err);
        assertTrue(err.contains("free disk space"), err);
        try (Stream<Path> files = Files.list(runs.resolve("c"))) {
            assertFalse(
                    files.anyMatch(f -> f.getFileName().toString().contains("config.json")),
                    "neither config.json nor its temporary file");
        }
    }
}
