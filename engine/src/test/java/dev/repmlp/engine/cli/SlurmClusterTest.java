package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetPresets;
import dev.repmlp.engine.slurm.JobState;
import dev.repmlp.engine.slurm.Shards;
import dev.repmlp.engine.slurm.Slurm;
import dev.repmlp.engine.slurm.SlurmRecord;
import dev.repmlp.engine.slurm.SlurmRuns;
import dev.repmlp.engine.slurm.SlurmStatus;
import dev.repmlp.engine.slurm.SlurmWatch;
import dev.repmlp.engine.slurm.Sweep;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real one-node Slurm cluster (tools/slurm/local-cluster.sh, started here as root): a
 * 2-point sweep of the demo, a 2-shard test of the demo model, a cancelled job and a refused
 * submission. Skipped, saying why, only where Slurm cannot be installed or started (not root).
 */
class SlurmClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path tmp;
    private static Path demoSubset;

    @BeforeAll
    static void startCluster() throws Exception {
        Path home = Assets.require(Assets.DEMO_DATASET).getParent().getParent().getParent();
        Path script = home.resolve("tools/slurm/local-cluster.sh");
        assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "Slurm tests skipped: the local cluster needs root (sudo " + script + " start)");
        Process p =
                new ProcessBuilder(script.toString(), "start").redirectErrorStream(true).start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(
                done && p.exitValue() == 0,
                "Slurm tests skipped: the local cluster could not be started: " + said);
        demoSubset = subset(tmp.resolve("demo-subset"), 30, 10);
    }

    /** The first images of each class of the demo dataset: 1 epoch in a few seconds. */
    private static Path subset(Path root, int train, int val) throws IOException {
        Path demo = Assets.require(Assets.DEMO_DATASET);
        for (String split : List.of("train", "val")) {
            try (Stream<Path> classes = Files.list(demo.resolve(split))) {
                for (Path c : classes.sorted().toList()) {
                    Path to = Files.createDirectories(root.resolve(split).resolve(c.getFileName()));
                    try (Stream<Path> files = Files.list(c)) {
                        for (Path f :
                                files.sorted()
                                        .limit(split.equals("train") ? train : val)
                                        .toList()) {
                            Files.copy(f, to.resolve(f.getFileName()));
                        }
                    }
                }
            }
        }
        return root;
    }

    @Test
    void aTwoPointSweepRunsAsAJobArrayAndEachPointTrainsItsValue() throws Exception {
        Path dir = tmp.resolve("sweep");
        CliTest.Outcome o =
                CliTest.run(
                        "sweep",
                        "--data",
                        demoSubset.toString(),
                        "--epochs",
                        "1",
                        "--set",
                        "warmup_epochs=0",
                        "--grid",
                        "base_lr=1e-3,4e-3",
                        "--out",
                        dir.toString(),
                        "--slurm",
                        "--cpus",
                        "1",
                        "--wait");
        assertEquals(0, o.exit(), o.out() + o.err());
        Sweep sweep = Sweep.read(dir).orElseThrow();
        assertTrue(sweep.job().matches("\\d+"));
        for (Sweep.Point p : sweep.points()) {
            Path run = dir.resolve(p.run());
            JsonNode state = JSON.readTree(run.resolve("state.json").toFile());
            assertEquals("completed", state.path("status").asText(), p.run());
            assertTrue(state.path("best_val_top1").isNumber());
            JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
            assertEquals(
                    Double.parseDouble(p.values().get("base_lr")),
                    config.path("training").path("base_lr").asDouble(),
                    "the point's --set reached the run");
            SlurmRecord rec = SlurmRecord.read(run).orElseThrow();
            assertEquals(sweep.job() + "_" + p.index(), rec.job());
            Map<String, Object> written =
                    SlurmRecord.readState(run.resolve(SlurmRecord.STATE)).orElseThrow();
            assertEquals("completed", written.get("state"));
            assertTrue(Files.isRegularFile(run.resolve("model-deploy.pth")));
            assertTrue(o.out().contains("job " + rec.job() + " (" + p.run() + "): completed"));
        }
        assertTrue(o.out().contains("base_lr  status     best val top-1"), o.out());
    }

    @Test
    void aTwoShardTestEqualsTheUnshardedOne() throws Exception {
        Path data = Assets.require(Assets.DEMO_DATASET);
        Path model = Assets.require(Assets.DEMO_MODEL);
        Path dir = tmp.resolve("sharded");
        CliTest.Outcome o =
                CliTest.run(
                        "test",
                        data.toString(),
                        "train",
                        model.toString(),
                        "-a",
                        "RepMLPNet-Demo",
                        "--slurm",
                        "--shards",
                        "2",
                        "--out",
                        dir.toString(),
                        "--wait");
        assertEquals(0, o.exit(), o.out() + o.err());
        EvalResult merged = Shards.Merged.read(dir.resolve(Shards.RESULT)).result();
        EvalResult whole;
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(RepMlpNetPresets.DEMO, false);
            net.initialize(manager);
            Weights.load(net, model);
            whole =
                    Evaluator.evaluate(
                            net,
                            ImageFolder.scan(data.resolve("val")),
                            32,
                            100,
                            manager,
                            null,
                            null);
        }
        assertEquals(whole, merged, "top-1, top-5, loss and counts, bit for bit");
        assertEquals(1000, merged.images());
        // the printed summary is the unsharded test's
        Matcher m = Pattern.compile(" \\* Acc@1 \\S+ Acc@5 \\S+ Loss \\S+").matcher(o.out());
        assertTrue(m.find(), o.out());
        assertEquals(TestCommand.summary(whole, 0).substring(0, m.group().length()), m.group());
    }

    @Test
    void aCancelledJobShowsAsCancelled() throws Exception {
        Path run = tmp.resolve("to-cancel");
        CliTest.Outcome o =
                CliTest.run(
                        "train",
                        "--data",
                        demoSubset.toString(),
                        "--epochs",
                        "50",
                        "--run-dir",
                        run.toString(),
                        "--slurm",
                        "--cpus",
                        "1");
        assertEquals(0, o.exit(), o.out() + o.err());
        SlurmRecord rec = SlurmRecord.read(run).orElseThrow();
        Slurm slurm = new Slurm();
        Path stateFile = run.resolve(SlurmRecord.STATE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // cancel once it trains (its first metrics written)
        while (!Files.isRegularFile(run.resolve("metrics.jsonl"))
                || Files.size(run.resolve("metrics.jsonl")) == 0) {
            assertTrue(System.nanoTime() < deadline, "the job never started training");
            Thread.sleep(500);
        }
        assertEquals(JobState.RUNNING, SlurmStatus.of(rec, stateFile, slurm.queue()).state());
        SlurmRuns.cancel(slurm, run);
        SlurmWatch.Target t = new SlurmWatch.Target("cancel", rec, stateFile, run);
        SlurmStatus end =
                new SlurmWatch(slurm, Duration.ofSeconds(1), Duration.ofMinutes(1))
                        .await(List.of(t), (target, s) -> {})
                        .get(t);
        assertEquals(JobState.CANCELLED, end.state(), end.describe());
        assertEquals(
                JobState.CANCELLED, SlurmRuns.status(run, slurm.queue()).orElseThrow().state());
        // the training stopped at a step and kept a checkpoint, as with Ctrl-C
        assertEquals(
                "cancelled",
                JSON.readTree(run.resolve("state.json").toFile()).path("status").asText());
        // what the run directory keeps once Slurm forgets the job
        assertEquals("cancelled", SlurmRecord.read(run).orElseThrow().finalState());
        assertEquals(
                JobState.CANCELLED,
                SlurmStatus.of(SlurmRecord.read(run).orElseThrow(), stateFile, Map.of()).state());
    }

    @Test
    void aRefusedSubmissionSaysSlurmsWordsAndTheRunDirectoryKeepsThem() throws Exception {
        Path run = tmp.resolve("refused");
        CliTest.Outcome o =
                CliTest.run(
                        "train",
                        "--data",
                        demoSubset.toString(),
                        "--run-dir",
                        run.toString(),
                        "--slurm",
                        "--partition",
                        "no-such-partition");
        assertEquals(2, o.exit());
        assertTrue(o.err().startsWith("error: sbatch refused the job: "), o.err());
        assertTrue(o.err().contains("Invalid partition name specified"), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
        SlurmRecord rec = SlurmRecord.read(run).orElseThrow();
        assertTrue(rec.submitError().contains("Invalid partition name specified"));
        assertTrue(Files.readString(run.resolve(SlurmRecord.SCRIPT)).contains("no-such-partition"));
    }
}
