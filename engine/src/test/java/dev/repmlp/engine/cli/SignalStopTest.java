package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGINT (Ctrl-C) and SIGTERM (kill, a cluster's preemption) sent to a real {@code repmlp train}
 * process at a step boundary and while it is inside a file write (the {@code repmlp.fault} hook
 * holds the writer there for 3 s while the test sends the signal). The run stops cleanly at the
 * next step boundary: exit 130/143, state "cancelled", a checkpoint at exactly the steps done
 * (nothing lost), every file whole; {@code --resume} ends with the uninterrupted run's weights.
 */
@EnabledOnOs(OS.LINUX)
class SignalStopTest extends TrainingProcesses {
    @TempDir Path tmp;

    @ParameterizedTest(name = "SIG{0} at {1}")
    @CsvSource({
        // step boundaries: before the first checkpoint, mid epoch 1
        "INT, metrics.jsonl:after-append:hold:2",
        "TERM, metrics.jsonl:after-append:hold:6",
        // inside file writes: a metrics line half written, the checkpoints, state, EMA, log
        "TERM, metrics.jsonl:append:hold:5",
        "INT, last.safetensors:mid:hold:2",
        "TERM, best.safetensors:mid:hold:1",
        "INT, epoch-002.safetensors:before-rename:hold:1",
        "TERM, state.json:mid:hold:3",
        "INT, last-ema.pth:mid:hold:1",
        "TERM, log.txt:append:hold:4",
    })
    void aSignalStopsCleanlyAndTheRunResumesToTheSameWeights(String signal, String fault)
            throws Exception {
        Path runs = tmp.resolve("runs-" + signal + "-" + fault.replace(':', '-'));
        Process p =
                new ProcessBuilder(command(fault, trainArgs(runs, "s").toArray(String[]::new)))
                        .redirectErrorStream(true)
                        .start();
        StringBuilder out = new StringBuilder();
        boolean sent = false;
        try (BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (!sent && line.startsWith("repmlp.fault: held")) {
                    Process kill =
                            new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid()))
                                    .start();
                    assertEquals(0, kill.waitFor());
                    sent = true;
                }
            }
        }
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), out.toString());
        assertTrue(sent, "the writer reached the fault point: " + out);
        assertEquals(signal.equals("INT") ? 130 : 143, p.exitValue(), out.toString());
        assertFalse(out.toString().contains("\tat "), "no stack trace: " + out);

        Path run = runs.resolve("s");
        JsonNode state = JSON.readTree(run.resolve(RunDirectory.STATE).toFile());
        assertEquals("cancelled", state.path("status").asText(), out.toString());
        JsonNode listed = listing(runs, "s");
        assertEquals("cancelled", listed.path("status").asText(), listed.toString());
        assertTrue(listed.path("resumable").asBoolean(), listed.toString());
        try (Stream<Path> files =
                Stream.concat(Files.list(run), Files.list(run.resolve("checkpoints")))) {
            assertFalse(
                    files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")),
                    "no temporary file left");
        }
        // a clean stop loses nothing: the checkpoint is at exactly the steps recorded
        MetricsChunk m = RunRecords.readMetrics(run);
        assertEquals(0, m.skippedLines());
        int doneSteps = 0;
        for (StepMetrics s : m.steps()) {
            doneSteps = Math.max(doneSteps, s.epoch() * STEPS_PER_EPOCH + s.step() + 1);
        }
        FullCheckpoint.State at = FullCheckpoint.position(FullCheckpoint.last(run));
        assertEquals(doneSteps, at.epoch() * STEPS_PER_EPOCH + at.step(), out.toString());
        assertTrue(doneSteps < EPOCHS * STEPS_PER_EPOCH, "stopped before the end: " + out);
        assertTrue(
                Files.readString(run.resolve(RunDirectory.LOG)).contains("cancelled in epoch"),
                "log.txt says where it stopped");

        assertResumesToTheSameWeights(run);
    }
}
