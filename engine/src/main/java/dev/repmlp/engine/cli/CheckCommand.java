package dev.repmlp.engine.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repmlp check}: train-time vs locality-injected deploy-time outputs, in eval mode. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Equivalence report of locality injection in eval mode: per block (on real"
                    + " activations) and at the logits, max absolute and relative difference.",
            "Without --weights the model is randomly initialised and every BatchNorm gets random"
                    + " affine parameters and perturbed statistics of real activations (the hard"
                    + " case for BN fusion).",
            "Exit status 1 when the logits differ by more than --tolerance."
        })
final class CheckCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "Train-time weights (.pth or .safetensors) to check.")
    Path weights;

    @Option(
            names = {"-b", "--batch-size"},
            defaultValue = "2",
            description = "Random input batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description =
                    "Seed of the weights, BN statistics and input (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--tolerance",
            defaultValue = "1e-4",
            description = "Largest allowed max |logit difference| (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RepMlpNetConfig config = model.config();
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(config, false);
            train.initialize(manager);
            int r = config.imageSize();
            NDArray x = manager.randomNormal(new Shape(batch, config.inChannels(), r, r));
            if (weights != null) {
                CliSupport.loadWeights(train, weights, out);
            } else {
                NetState.randomizeBatchNorms(train, seed, x);
            }
            RepMlpNet deploy = NetState.deployCopy(train, manager);
            EquivalenceReport report = EquivalenceReport.compare(train, deploy, x);
            out.printf(
                    Locale.ROOT,
                    "%s at %dx%d, batch %d, eval mode, %s%n",
                    config.name(),
                    r,
                    r,
                    batch,
                    weights == null
                            ? "random weights, randomised BatchNorms"
                            : "weights " + weights);
            out.printf(
                    Locale.ROOT,
                    "%-28s %12s %12s %10s%n",
                    "block",
                    "max |diff|",
                    "max rel",
                    "scale");
            for (EquivalenceReport.Diff d : report.blocks()) {
                print(out, d);
            }
            print(out, report.logits());
            boolean ok = report.logits().maxAbs() <= tolerance;
            out.printf(
                    Locale.ROOT,
                    "%s: max |logit difference| %.3e %s tolerance %.1e%n",
                    ok ? "EQUIVALENT" : "NOT EQUIVALENT",
                    report.logits().maxAbs(),
                    ok ? "<=" : ">",
                    tolerance);
            out.flush();
            return ok ? 0 : 1;
        }
    }

    private static void print(PrintWriter out, EquivalenceReport.Diff d) {
        out.printf(
                Locale.ROOT,
                "%-28s %12.3e %12.3e %10.3g%n",
                d.name(),
                d.maxAbs(),
                d.maxRel(),
                d.scale());
    }
}
