package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.TestModels;
import dev.repmlp.engine.io.SafeTensors;
import dev.repmlp.engine.runs.MetricsChunk;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.StepMetrics;
import dev.repmlp.engine.train.FullCheckpoint;
import dev.repmlp.engine.train.TinyDataset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashSafetyTest {
    /** 24 train images, batch 8: 3 steps an epoch; 3 epochs; a checkpoint every 2 steps. */
    private static final int STEPS_PER_EPOCH = 3;

    private static final int EPOCHS = 3;
    private static final int CHECKPOINT_STEPS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    private Path data;
    private Path modelJson;
    private byte[] reference;
    private Path referenceRun;

    private record Child(int exit, String out) {}

    @BeforeAll
    void referenceRun(@TempDir Path shared) throws Exception {
        data = TinyDataset.write(shared.resolve("data"), 8, 3);
        modelJson = shared.resolve("tiny.json");
        Files.writeString(modelJson, TestModels.tiny().toJson());
        Child c = train(shared.resolve("runs"), "ref", null, null);
        assertEquals(0, c.exit(), c.out());
        referenceRun = shared.resolve("runs/ref");
        reference = Files.readAllBytes(referenceRun.resolve("model-train.pth"));
    }

    private List<String> command(String fault, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dai.djl.offline=true");
        if (fault != null) {
            cmd.add("-Drepmlp.fault=" + fault);
        }
        cmd.add(RepMlpCli.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private List<String> trainArgs(Path runs, String name) {
        return List.of(
                "train",
                "--data",
                data.toString(),
                "--config",
                modelJson.toString(),
                "--recipe",
                "small",
                "--skip-checks",
                "--epochs",
                String.valueOf(EPOCHS),
                "--batch-size",
                "8",
                "--set",
                "warmup_epochs=1",
                "--set",
                "aug_preset=weak",
                "--set",
                "save_every=1",
                "--checkpoint-steps",
                String.valueOf(CHECKPOINT_STEPS),
                "--out",
                runs.toString(),
                "--name",
                name);
    }

    /**
     * Runs {@code repmlp train} (or {@code --resume}); with a {@code pause} fault, SIGKILLs the
     * child as soon as it reports the pause.
     */
    private Child train(Path runs, String name, String fault, Path resume) throws Exception {
        List<String> args =
                resume == null
                        ? trainArgs(runs, name)
                        : List.of("train", "--resume", resume.toString());
        return run(fault, args.toArray(String[]::new));
    }

    private Child run(String fault, String... args) throws Exception {
        Process p = new ProcessBuilder(command(fault, args)).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (line.startsWith("repmlp.fault: paused")) {
                    p.destroyForcibly(); // SIGKILL
                    break;
                }
            }
        }
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child finished: " + out);
        return new Child(p.exitValue(), out.toString());
    }

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

    /** `repmlp runs DIR --json`, the row of run {@code name}. */
    private static JsonNode listing(Path runs, String name) throws IOException {
        StringWriter sw = new StringWriter();
        var cl = RepMlpCli.commandLine();
        cl.setOut(new PrintWriter(sw));
        assertEquals(0, cl.execute("runs", runs.toString(), "--json"));
        for (JsonNode n : JSON.readTree(sw.toString())) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError(name + " not listed: " + sw);
    }

    /** Resume finishes; weights, metrics and listing are those of an uninterrupted run. */
    private void assertResumesToTheSameWeights(Path run) throws Exception {
        // in this JVM (same libtorch thread count as the children): saves a JVM start per case
        Child resumed = inProcess("train", "--resume", run.toString());
        assertEquals(0, resumed.exit(), resumed.out());
        assertArrayEquals(
                reference,
                Files.readAllBytes(run.resolve("model-train.pth")),
                "resumed weights equal the uninterrupted run's");
        MetricsChunk m = RunRecords.readMetrics(run);
        Set<Integer> seen = new HashSet<>();
        for (StepMetrics s : m.steps()) {
            assertTrue(seen.add(s.epoch() * STEPS_PER_EPOCH + s.step()), "step seen once: " + s);
        }
        assertEquals(EPOCHS * STEPS_PER_EPOCH, seen.size());
        assertEquals(EPOCHS, m.epochs().size());
        for (int e = 0; e < EPOCHS; e++) {
            assertEquals(e, m.epochs().get(e).epoch());
        }
        JsonNode listed = listing(run.getParent(), run.getFileName().toString());
        assertEquals("completed", listed.path("status").asText(), listed.toString());
        assertEquals(EPOCHS, listed.path("epochs_done").asInt());
        try (Stream<Path> files =
                Stream.concat(Files.list(run), Files.list(run.resolve("checkpoints")))) {
            assertFalse(
                    files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")),
                    "no temporary file left");
        }
        // best is the checkpoint of the best validated epoch, as state.json says
        double best =
                JSON.readTree(run.resolve("state.json").toFile()).path("best_val_top1").asDouble();
        assertEquals(best, FullCheckpoint.position(FullCheckpoint.best(run)).bestTop1(), 1e-9);
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

    /** `repmlp CMD ARGS...` in this JVM: exit code and output (stdout and stderr). */
    private static Child inProcess(String... args) {
        StringWriter sw = new StringWriter();
        var cl = RepMlpCli.commandLine();
        cl.setOut(new PrintWriter(sw, true));
        cl.setErr(new PrintWriter(sw, true));
        int exit = cl.execute(args);
        return new Child(exit, sw.toString());
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
}
