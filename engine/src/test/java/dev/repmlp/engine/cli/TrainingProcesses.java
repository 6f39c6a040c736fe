package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.TestModels;
import dev.repmlp.engine.io.SafeTensors;
import dev.repmlp.engine.runs.MetricsChunk;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the crash-safety tests share: a tiny dataset and model, an uninterrupted reference run (its
 * {@code model-train.pth} and {@code model-ema-train.pth} are what every resumed run must end with,
 * byte for byte), child JVMs running {@code repmlp train} with an optional {@code repmlp.fault},
 * and the {@code repmlp runs --json} listing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TrainingProcesses {
    /** 24 train images, batch 8: 3 steps an epoch; 3 epochs; a checkpoint every 2 steps. */
    static final int STEPS_PER_EPOCH = 3;

    static final int EPOCHS = 3;
    static final int CHECKPOINT_STEPS = 2;
    static final ObjectMapper JSON = new ObjectMapper();

    Path data;
    Path modelJson;
    byte[] reference;
    byte[] referenceEma;
    Path referenceRun;

    record Child(int exit, String out) {}

    @BeforeAll
    void referenceRun(@TempDir Path shared) throws Exception {
        data = TinyDataset.write(shared.resolve("data"), 8, 3);
        modelJson = shared.resolve("tiny.json");
        Files.writeString(modelJson, TestModels.tiny().toJson());
        Child c = train(shared.resolve("runs"), "ref", null, null);
        assertEquals(0, c.exit(), c.out());
        referenceRun = shared.resolve("runs/ref");
        reference = Files.readAllBytes(referenceRun.resolve("model-train.pth"));
        referenceEma = Files.readAllBytes(referenceRun.resolve("model-ema-train.pth"));
    }

    List<String> command(String fault, String... args) {
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

    /** A new run's arguments: EMA on (updated every step), so that its file is checked too. */
    List<String> trainArgs(Path runs, String name) {
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
                "--set",
                "ema_alpha=0.05",
                "--set",
                "ema_update_period=1",
                "--checkpoint-steps",
                String.valueOf(CHECKPOINT_STEPS),
                "--out",
                runs.toString(),
                "--name",
                name);
    }

    /**
     * Runs {@code repmlp train} (or {@code --resume}) in a child JVM; with a {@code pause} fault,
     * SIGKILLs the child as soon as it reports the pause.
     */
    Child train(Path runs, String name, String fault, Path resume) throws Exception {
        List<String> args =
                resume == null
                        ? trainArgs(runs, name)
                        : List.of("train", "--resume", resume.toString());
        return run(fault, args.toArray(String[]::new));
    }

    Child run(String fault, String... args) throws Exception {
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

    /** `repmlp runs DIR --json`, the row of run {@code name}. */
    static JsonNode listing(Path runs, String name) throws IOException {
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

    /** `repmlp CMD ARGS...` in this JVM: exit code and output (stdout and stderr). */
    static Child inProcess(String... args) {
        StringWriter sw = new StringWriter();
        var cl = RepMlpCli.commandLine();
        cl.setOut(new PrintWriter(sw, true));
        cl.setErr(new PrintWriter(sw, true));
        int exit = cl.execute(args);
        return new Child(exit, sw.toString());
    }

    /**
     * Resume finishes; weights (train-time and EMA), metrics and listing are those of an
     * uninterrupted run.
     *
     * @return the resumed run's output
     */
    String assertResumesToTheSameWeights(Path run) throws Exception {
        return assertResumesToTheSameWeights(run, 0);
    }

    /**
     * As {@link #assertResumesToTheSameWeights(Path)}, where {@code lostStepRecords} step records
     * before the checkpoint were damaged on disk (not written again by the resumed run).
     */
    String assertResumesToTheSameWeights(Path run, int lostStepRecords) throws Exception {
        // in this JVM (same libtorch thread count as the children): saves a JVM start per case
        Child resumed = inProcess("train", "--resume", run.toString());
        assertEquals(0, resumed.exit(), resumed.out());
        assertArrayEquals(
                reference,
                Files.readAllBytes(run.resolve("model-train.pth")),
                "resumed weights equal the uninterrupted run's");
        assertArrayEquals(
                referenceEma,
                Files.readAllBytes(run.resolve("model-ema-train.pth")),
                "resumed EMA weights equal the uninterrupted run's");
        MetricsChunk m = RunRecords.readMetrics(run);
        Set<Integer> seen = new HashSet<>();
        for (StepMetrics s : m.steps()) {
            assertTrue(seen.add(s.epoch() * STEPS_PER_EPOCH + s.step()), "step seen once: " + s);
        }
        assertEquals(EPOCHS * STEPS_PER_EPOCH - lostStepRecords, seen.size());
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
        // ... and holds that epoch's weights, as the uninterrupted run's best does
        assertEquals(
                modelEntries(FullCheckpoint.best(referenceRun)),
                modelEntries(FullCheckpoint.best(run)),
                "best holds the best epoch's weights");
        return resumed.out();
    }

    /** A checkpoint's model/ and ema/ tensors as name=bytes (SHA-256) lines, for comparing. */
    static List<String> modelEntries(Path checkpoint) throws Exception {
        List<String> out = new ArrayList<>();
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (var e : SafeTensors.read(checkpoint).entries()) {
            if (e.getKey().startsWith("model/") || e.getKey().startsWith("ema/")) {
                out.add(
                        e.getKey()
                                + "="
                                + java.util.HexFormat.of()
                                        .formatHex(sha.digest(e.getValue().toByteArray())));
            }
        }
        return out;
    }
}
