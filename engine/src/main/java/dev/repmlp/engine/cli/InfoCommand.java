package dev.repmlp.engine.cli;

import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.StateDict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code repmlp info}: what a checkpoint holds. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description =
                "Shows what a weights file holds: structure, matching preset, key and"
                        + " parameter counts.")
final class InfoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = ".pth or .safetensors file.")
    Path file;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        StateDict sd = Weights.read(file);
        Weights.Info info = Weights.describe(sd);
        out.printf("file:        %s%n", file);
        out.printf("structure:   %s%n", info.structure().label());
        out.printf(
                "preset:      %s%n",
                info.preset() == null ? "none (custom architecture)" : info.preset());
        out.printf("keys:        %d%n", info.keys());
        out.printf(
                Locale.ROOT,
                "parameters:  %,d (%.2fM)%n",
                info.parameters(),
                info.parameters() / 1e6);
        out.printf(Locale.ROOT, "state elems: %,d (incl. BN buffers)%n", info.stateElements());
        if (!Weights.hasCounters(sd)
                && info.structure() != dev.repmlp.engine.checkpoint.Structure.UNKNOWN) {
            sd.notes()
                    .add(
                            "no BatchNorm num_batches_tracked entries (an older or stripped state"
                                    + " dict); they load as 0, as in PyTorch");
        }
        for (String note : sd.notes()) {
            out.printf("note:        %s%n", note);
        }
        return 0;
    }
}
