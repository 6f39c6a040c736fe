package dev.repmlp.engine.cli;

import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.cost.ModelCost;
import dev.repmlp.engine.infer.LoadedModel;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.onnx.OnnxModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code repmlp info}: what a checkpoint holds and what the model costs. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = {
            "Shows what a weights file (.pth, .safetensors) or an exported .onnx file holds:"
                    + " structure, matching preset, key and parameter counts.",
            "Then the deploy report: parameters and multiply-adds of the train-time and the"
                    + " deploy-time structure, for the file's architecture or the one given by"
                    + " -a/--config (and -r) without a file."
        })
final class InfoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            description = ".pth, .safetensors or .onnx file (optional with -a/--config).")
    Path file;

    @Option(
            names = {"-a", "--arch"},
            paramLabel = "NAME",
            description = "Preset (RepMLPNet-T224, -B224, -T256, -B256, -D256, -L256, -Demo).")
    String arch;

    @Option(names = "--config", paramLabel = "FILE", description = "Custom JSON config.")
    Path config;

    @Option(
            names = {"-r", "--resolution"},
            paramLabel = "RES",
            description = "Input resolution (default: the config's native one).")
    Integer resolution;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (arch != null && config != null) {
            throw new ParameterException(
                    spec.commandLine(), "give either -a/--arch or --config, not both");
        }
        RepMlpNetConfig c =
                arch != null
                        ? RepMlpNetConfig.preset(arch)
                        : config != null ? RepMlpNetConfig.readJson(config) : null;
        if (file == null && c == null) {
            throw new ParameterException(
                    spec.commandLine(), "give a FILE, or an architecture with -a or --config");
        }
        if (file != null && file.getFileName().toString().endsWith(".onnx")) {
            RepMlpNetConfig inFile = describeOnnx(out);
            c = c != null ? c : inFile;
        } else if (file != null) {
            RepMlpNetConfig inFile = describeWeights(out);
            c = c != null ? c : inFile;
        }
        if (c == null) {
            out.println("cost:        unknown architecture (give -a NAME or --config FILE)");
            return 0;
        }
        if (resolution != null) {
            c = c.withImageSize(resolution);
        }
        c.validate();
        printCost(out, c);
        return 0;
    }

    private RepMlpNetConfig describeWeights(PrintWriter out) throws java.io.IOException {
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
        if (info.preset() != null) {
            return RepMlpNetConfig.preset(info.preset());
        }
        return LoadedModel.configNextTo(file).orElse(null);
    }

    private RepMlpNetConfig describeOnnx(PrintWriter out) throws java.io.IOException {
        try (OnnxModel m = OnnxModel.load(file, 1)) {
            long[] s = m.inputShape();
            out.printf("file:        %s%n", file);
            out.printf(
                    "format:      ONNX, input %s%n",
                    java.util.Arrays.toString(s).replace("-1", "N"));
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(m.metadata()).entrySet()) {
                String v = e.getValue();
                if (v.length() > 100) {
                    v = v.substring(0, 97) + "...";
                }
                out.printf("metadata:    %s = %s%n", e.getKey(), v.replace('\n', ' '));
            }
            return m.config().orElse(null);
        }
    }

    static void printCost(PrintWriter out, RepMlpNetConfig c) {
        ModelCost cost = ModelCost.of(c);
        out.printf(
                "%ndeploy report: %s at %dx%d (per image; multiply-adds of convs, fc3 and the"
                        + " head)%n",
                c.name(), c.imageSize(), c.imageSize());
        out.printf("  %-26s %22s %16s%n", "structure", "parameters", "multiply-adds");
        row(out, "train-time", cost.trainParameters(), cost.trainMacs());
        row(out, "deploy-time (injected)", cost.deployParameters(), cost.deployMacs());
        out.printf(
                Locale.ROOT,
                "  locality injection: %+,d parameters, %+.1f M multiply-adds per image%n",
                cost.deployParameters() - cost.trainParameters(),
                (cost.deployMacs() - cost.trainMacs()) / 1e6);
        out.println(
                "  (the paper's Params column counts the train-time structure, its FLOPs column"
                        + " the deploy-time multiply-adds)");
    }

    private static void row(PrintWriter out, String name, long params, long macs) {
        out.printf(
                Locale.ROOT,
                "  %-26s %13s (%6.2fM) %14.3f G%n",
                name,
                String.format(Locale.ROOT, "%,d", params),
                params / 1e6,
                macs / 1e9);
    }
}
