package dev.repmlp.engine.cli;

import dev.repmlp.engine.slurm.Shards;
import dev.repmlp.engine.slurm.SlurmRecord;
import dev.repmlp.engine.slurm.SlurmResources;
import dev.repmlp.engine.slurm.SlurmStatus;
import dev.repmlp.engine.slurm.SlurmSubmitter;
import dev.repmlp.engine.slurm.SlurmWatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code repmlp test --slurm --shards N}: the shards as a job array, then the merge job. */
final class ShardedTestCli {
    private ShardedTestCli() {}

    /** {@code K/N} as {K, N}. */
    static int[] parseShard(String s) {
        String[] p = s.split("/", 2);
        try {
            int k = Integer.parseInt(p[0].strip());
            int n = Integer.parseInt(p[1].strip());
            if (n >= 1 && k >= 0 && k < n) {
                return new int[] {k, n};
            }
        } catch (RuntimeException e) {
            // the message below
        }
        throw new IllegalArgumentException("--shard '" + s + "' is not K/N with 0 <= K < N");
    }

    static int submit(TestCommand c) throws Exception {
        PrintWriter out = c.spec.commandLine().getOut();
        int shards = c.shards == null ? 1 : c.shards;
        if (shards < 1) {
            throw new IllegalArgumentException("--shards must be at least 1");
        }
        if (c.shard != null) {
            throw new IllegalArgumentException(
                    "--shard is for a shard's own job, not with --slurm");
        }
        // fail here, not in a job: the model options and the val folder
        c.model.config();
        if (!Files.isDirectory(c.data.resolve("val"))) {
            throw new IOException(c.data.resolve("val") + " is not a folder; DATA must hold val/");
        }
        if (!Files.isRegularFile(c.weights)) {
            throw new IOException(c.weights + ": no such file");
        }
        SlurmResources res = c.slurm.resources();
        Path dir =
                (c.outDir != null
                                ? c.outDir
                                : Path.of(
                                        "runs",
                                        "test-"
                                                + LocalDateTime.now()
                                                        .format(
                                                                DateTimeFormatter.ofPattern(
                                                                        "yyyyMMdd-HHmmss"))))
                        .toAbsolutePath()
                        .normalize();
        if (Files.exists(dir.resolve(SlurmSubmitter.ShardedTest.FILE))) {
            throw new IOException(dir + " already holds a sharded test; choose another --out");
        }
        List<String> args = new ArrayList<>();
        args.add("test");
        args.add(SlurmCli.word(c.data));
        args.add(c.mode.name());
        args.add(SlurmCli.word(c.weights));
        args.addAll(
                SlurmCli.givenOptions(
                        c.spec, List.of("--shards", "--out", "--shard", "--shard-out")));
        out.printf("sharded test in %s%n", dir);
        out.flush();
        long t0 = System.nanoTime();
        SlurmSubmitter.ShardedTest t = SlurmCli.submitter().submitTest(dir, args, shards, res);
        out.printf(
                "submitted Slurm job array %s (%d shards, script %s) and merge job %s (afterok)%n",
                t.job(), shards, dir.resolve(SlurmRecord.SCRIPT), t.mergeJob());
        out.flush();
        if (!c.slurm.await) {
            out.printf("the merged result will be in %s%n", dir.resolve(Shards.RESULT));
            return 0;
        }
        List<SlurmWatch.Target> targets = new ArrayList<>();
        for (int k = 0; k < shards; k++) {
            targets.add(
                    target("shard " + k, t.job() + "_" + k, SlurmSubmitter.shardState(dir, k), t));
        }
        targets.add(target("merge", t.mergeJob(), SlurmSubmitter.mergeState(dir), t));
        Map<SlurmWatch.Target, SlurmStatus> end =
                SlurmCli.watch().await(targets, SlurmCli.printer(out));
        int rc = SlurmCli.exitCode(end.values());
        Path result = dir.resolve(Shards.RESULT);
        if (rc != 0 || !Files.isRegularFile(result)) {
            out.printf("the sharded test did not complete; see the slurm-*.err files in %s%n", dir);
            return rc == 0 ? 1 : rc;
        }
        Shards.Merged m = Shards.Merged.read(result);
        printMerged(out, m, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static SlurmWatch.Target target(
            String label, String job, Path stateFile, SlurmSubmitter.ShardedTest t) {
        SlurmRecord rec =
                new SlurmRecord(
                        "repmlp-slurm/1",
                        "test",
                        job,
                        t.submitted(),
                        null,
                        t.testArgs(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        false,
                        List.of());
        return new SlurmWatch.Target(label, rec, stateFile, null);
    }

    /** The summary lines of a local {@code repmlp test}. */
    static void printMerged(PrintWriter out, Shards.Merged m, double secs) {
        out.printf(
                "=> %d images in %d classes, resolution %d (merged from %d shards)%n",
                m.result().images() + m.result().skipped(),
                m.classes(),
                m.resolution(),
                m.shards());
        out.println(TestCommand.summary(m.result(), secs));
        out.flush();
    }
}
