package dev.repmlp.engine.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.inspect.EquivalenceReport;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code repmlp convert}: upstream's convert.py, with a self-check. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Converts train-time weights to deploy-time weights by locality injection (upstream's"
                    + " convert.py). SAVE's extension picks the format: .pth or .safetensors.",
            "Before writing, compares both models' logits on a random batch: above --tolerance"
                    + " (or NaN) nothing is written and the exit status is 1."
        })
final class ConvertCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOAD", description = "Train-time weights.")
    Path load;

    @Parameters(index = "1", paramLabel = "SAVE", description = "Deploy-time weights to write.")
    Path save;

    @Mixin ModelOptions model;

    @picocli.CommandLine.Option(
            names = "--tolerance",
            defaultValue = "1e-4",
            description = "Largest max |logit difference| accepted (default: ${DEFAULT-VALUE}).")
    double tolerance;

    /** Whether every weight and buffer of {@code net} is finite. */
    private static boolean finite(RepMlpNet net) {
        for (var e : Weights.export(net).entries()) {
            for (float v : e.getValue().toFloatArray()) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // conversion does not depend on the input size; the self-check runs at one that fits
        RepMlpNetConfig config = model.architecture();
        Engine.getInstance().setRandomSeed(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(config, false);
            train.initialize(manager);
            CliSupport.loadWeights(train, load, out);
            RepMlpNet deploy = NetState.deployCopy(train, manager);
            int r = config.problems().isEmpty() ? config.imageSize() : config.smallestResolution();
            NDArray x = manager.randomNormal(new Shape(2, config.inChannels(), r, r));
            EquivalenceReport report = EquivalenceReport.compare(train, deploy, x);
            double diff = report.logits().maxAbs();
            out.printf(
                    Locale.ROOT,
                    "self-check at %dx%d (%s): max |logit difference| train vs deploy = %.3e"
                            + " (logit scale %.3g)%n",
                    r,
                    r,
                    model.resolution != null ? "-r" : "the config's resolution",
                    diff,
                    report.logits().scale());
            // NaN fails too: !(diff <= tolerance)
            if (!(diff <= tolerance)) {
                spec.commandLine()
                        .getErr()
                        .printf(
                                Locale.ROOT,
                                "error: the self-check failed (max |logit difference| %s, tolerance"
                                        + " %.1e); %s was not written. %s%n",
                                Double.isNaN(diff)
                                        ? "NaN"
                                        : String.format(Locale.ROOT, "%.3e", diff),
                                tolerance,
                                save,
                                Double.isNaN(diff) && !finite(train)
                                        ? "The weights hold NaN or infinite values (a diverged"
                                                + " run?): convert an earlier checkpoint."
                                        : Double.isNaN(diff)
                                                ? "The weights are finite but the logits"
                                                        + " overflow (weights far too large?)."
                                                : "Check the weights with `repmlp check"
                                                        + " --weights "
                                                        + load
                                                        + "`.");
                return 1;
            }
            Weights.save(deploy, save);
            out.printf("=> wrote deploy-time weights to %s%n", save);
            return 0;
        }
    }
}
