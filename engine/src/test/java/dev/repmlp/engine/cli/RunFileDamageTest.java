package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repmlp.engine.runs.MetricsChunk;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.train.FullCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each file of a run damaged in turn (truncated, zeroed, garbage, missing, a torn line, a stale
 * owner, leftover temporary files), on a copy of a run SIGKILLed in its last epoch (after step 1 of
 * epoch 2: its checkpoints/last is at epoch 2 step 0). After each: {@code repmlp runs} tells the
 * truth, {@code --resume} repairs what it can, or refuses in one line naming the file and the fix,
 * and then ends with the uninterrupted run's weights (train-time and EMA), resuming where the last
 * checkpoint stood (nothing lost beyond the checkpoint interval).
 */
@EnabledOnOs(OS.LINUX)
class RunFileDamageTest extends TrainingProcesses {
    @TempDir Path tmp;
    private Path killed;
    private int caseNo;

    @BeforeAll
    void killedRun(@TempDir Path dir) throws Exception {
        Child c = train(dir, "k", "metrics.jsonl:after-append:pause:10", null);
        assertEquals(137, c.exit(), c.out());
        killed = dir.resolve("k");
        assertEquals(
                new FullCheckpoint.State(
                        2, 0, FullCheckpoint.position(FullCheckpoint.last(killed)).bestTop1()),
                FullCheckpoint.position(FullCheckpoint.last(killed)));
    }

    /** A fresh copy of the killed run, in its own runs folder. */
    private Path copy() throws IOException {
        Path runs = tmp.resolve("runs-" + caseNo++);
        Path run = runs.resolve("k");
        List<Path> all;
        try (Stream<Path> s = Files.walk(killed)) {
            all = s.toList();
        }
        for (Path p : all) {
            Path t = run.resolve(killed.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(t);
            } else {
                Files.copy(p, t);
                Files.setLastModifiedTime(t, Files.getLastModifiedTime(p));
            }
        }
        return run;
    }

    private static void truncate(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(b, b.length / 2));
    }

    private static void zero(Path p) throws IOException {
        Files.write(p, new byte[(int) Files.size(p)]);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "config.json truncated",
                "config.json zeroed",
                "state.json garbage",
                "state.json missing",
                "state.json owner pid reused",
                "metrics.jsonl line damaged",
                "metrics.jsonl torn tail",
                "last.safetensors truncated",
                "last.safetensors zeroed",
                "best.safetensors truncated",
                "epoch-001.safetensors zeroed",
                "last-ema.pth truncated",
                "run.lock garbage",
                "leftover temporary files",
            })
    void aDamagedRunFileIsRepairedOrNamedInOneLine(String damage) throws Exception {
        Path run = copy();
        Path runs = run.getParent();
        Path ckpts = run.resolve(RunDirectory.CHECKPOINTS);
        String status = "interrupted";
        String reason = "is gone";
        String logSays = null;
        int skippedLines = 0;
        List<Path> gone = new ArrayList<>();
        switch (damage) {
            case "config.json truncated" -> truncate(run.resolve(RunDirectory.CONFIG));
            case "config.json zeroed" -> zero(run.resolve(RunDirectory.CONFIG));
            case "state.json garbage" -> {
                Files.writeString(run.resolve(RunDirectory.STATE), "{\"status\": \"runn");
                status = "unknown";
                reason = "state.json is damaged";
            }
            case "state.json missing" -> {
                Files.delete(run.resolve(RunDirectory.STATE));
                reason = "no state.json and its process";
            }
            case "state.json owner pid reused" -> {
                // the pid now belongs to another (live) process: this JVM, started at another time
                Path state = run.resolve(RunDirectory.STATE);
                JsonNode s = JSON.readTree(state.toFile());
                ((com.fasterxml.jackson.databind.node.ObjectNode) s.get("owner"))
                        .put("pid", ProcessHandle.current().pid())
                        .put("started", "2001-01-01T00:00:00Z");
                JSON.writeValue(state.toFile(), s);
            }
            case "metrics.jsonl line damaged" -> {
                Path m = run.resolve(RunDirectory.METRICS);
                List<String> lines = new ArrayList<>(Files.readAllLines(m));
                lines.set(1, "x".repeat(lines.get(1).length())); // epoch 0, step 1
                Files.write(m, lines);
                skippedLines = 1;
            }
            case "metrics.jsonl torn tail" ->
                    Files.writeString(
                            run.resolve(RunDirectory.METRICS),
                            "{\"type\":\"step\",\"epo",
                            java.nio.file.StandardOpenOption.APPEND);
            case "last.safetensors truncated" -> {
                truncate(FullCheckpoint.last(run));
                logSays = "last.safetensors.damaged";
            }
            case "last.safetensors zeroed" -> {
                zero(FullCheckpoint.last(run));
                logSays = "last.safetensors.damaged";
            }
            case "best.safetensors truncated" -> {
                truncate(FullCheckpoint.best(run));
                logSays = "repaired " + FullCheckpoint.best(run);
            }
            case "epoch-001.safetensors zeroed" -> {
                zero(FullCheckpoint.epoch(run, 1));
                logSays = "epoch-001.safetensors.damaged";
                gone.add(FullCheckpoint.epoch(run, 1));
            }
            case "last-ema.pth truncated" -> truncate(FullCheckpoint.emaFile(run));
            case "run.lock garbage" ->
                    Files.write(run.resolve(RunDirectory.LOCK), new byte[] {0, 1, 2, '\n', 'x'});
            case "leftover temporary files" -> {
                gone.add(Files.writeString(ckpts.resolve(".last.safetensors.1a2b.tmp"), "half"));
                gone.add(Files.writeString(run.resolve(".state.json.99.tmp"), "{"));
                logSays = "left by an interrupted write";
            }
            default -> throw new AssertionError(damage);
        }

        if (damage.startsWith("config.json")) {
            // not resumable, said in one line naming the file and the fix
            JsonNode row = listing(runs, "k");
            assertEquals("unknown", row.path("status").asText(), row.toString());
            assertFalse(row.path("resumable").asBoolean(), row.toString());
            assertTrue(
                    row.path("reason").asText().contains("config.json is damaged"), row.toString());
            Child refused = inProcess("train", "--resume", run.toString());
            assertEquals(2, refused.exit(), refused.out());
            assertEquals(1, refused.out().strip().lines().count(), refused.out());
            assertTrue(
                    refused.out().contains(run.resolve("config.json") + " is damaged"),
                    refused.out());
            assertTrue(refused.out().contains("restore it from a backup"), refused.out());
            // nothing else was touched: with config.json restored the run resumes
            Files.copy(
                    killed.resolve(RunDirectory.CONFIG),
                    run.resolve(RunDirectory.CONFIG),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            status = "interrupted";
        } else {
            JsonNode row = listing(runs, "k");
            assertEquals(status, row.path("status").asText(), row.toString());
            assertTrue(row.path("resumable").asBoolean(), row.toString());
            assertTrue(row.path("reason").asText().contains(reason), row.toString());
        }

        MetricsChunk before = RunRecords.readMetrics(run);
        assertEquals(skippedLines, before.skippedLines());
        String out = assertResumesToTheSameWeights(run, skippedLines);
        // resumed from where the last checkpoint stood (two epochs done, so the third, 1-based,
        // with none of its steps): nothing lost beyond the interval
        assertTrue(out.contains("in epoch 3 after 0 of its steps"), out);
        String log = Files.readString(run.resolve(RunDirectory.LOG), StandardCharsets.UTF_8);
        if (logSays != null) {
            assertTrue(log.contains(logSays), log);
        }
        for (Path p : gone) {
            assertFalse(Files.exists(p), p + " removed or set aside");
        }
    }
}
