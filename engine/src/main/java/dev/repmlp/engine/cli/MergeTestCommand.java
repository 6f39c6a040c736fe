package dev.repmlp.engine.cli;

import dev.repmlp.engine.slurm.Shards;
import dev.repmlp.engine.slurm.SlurmSubmitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code repmlp merge-test DIR}: the merge job of a sharded test. */
@Command(
        name = "merge-test",
        mixinStandardHelpOptions = true,
        description = {
            "Merges the shard results of a sharded test (repmlp test --slurm --shards N) in DIR:"
                    + " sums the shards' counts and loss sums into DIR/result.json and prints the"
                    + " summary lines of an unsharded repmlp test. Slurm runs it after the shards."
        })
final class MergeTestCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The sharded test's folder.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SlurmSubmitter.ShardedTest t =
                SlurmSubmitter.ShardedTest.read(dir)
                        .orElseThrow(
                                () ->
                                        new IOException(
                                                dir
                                                        + " holds no sharded test ("
                                                        + SlurmSubmitter.ShardedTest.FILE
                                                        + ")"));
        Shards.Merged m = Shards.merge(dir, t.shards());
        m.write(dir.resolve(Shards.RESULT));
        ShardedTestCli.printMerged(out, m, 0);
        return 0;
    }
}
