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
            "Then prints the max |difference| of both models' logits on a random batch."
        })
final class ConvertCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "LOAD", description = "Train-time weights.")
    Path load;

    @Parameters(index = "1", paramLabel = "SAVE", description = "Deploy-time weights to write.")
    Path save;

    @Mixin ModelOptions model;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RepMlpNetConfig config = model.config();
        Engine.getInstance().setRandomSeed(0);
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(config, false);
            train.initialize(manager);
            CliSupport.loadWeights(train, load, out);
            RepMlpNet deploy = NetState.deployCopy(train, manager);
            Weights.save(deploy, save);
            out.printf("=> wrote deploy-time weights to %s%n", save);
            int r = config.imageSize();
            NDArray x = manager.randomNormal(new Shape(2, config.inChannels(), r, r));
            EquivalenceReport report = EquivalenceReport.compare(train, deploy, x);
            out.printf(
                    Locale.ROOT,
                    "self-check: max |logit difference| train vs deploy = %.3e (logit scale %.3g)%n",
                    report.logits().maxAbs(),
                    report.logits().scale());
            return 0;
        }
    }
}
