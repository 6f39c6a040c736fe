package dev.repmlp.engine.cli;

import dev.repmlp.engine.bench.Benchmarks;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.cost.ModelCost;
import dev.repmlp.engine.infer.LoadedModel;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
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
            completionCandidates = PresetNames.class,
            description = "Preset (${COMPLETION-CANDIDATES}).")
    String arch;

    @Option(names = "--config", paramLabel = "FILE", description = "Custom JSON config.")
    Path config;

    @Option(
            names = {"-r", "--resolution"},
            paramLabel = "RES",
            description = "Input resolution (default: the config's native one).")
    Integer resolution;

    @Option(
            names = "--measure",
            description =
                    "Also time inference at batch 1 and 16 in each runtime: libtorch train-time,"
                            + " libtorch deploy-time, libtorch deploy with BNs folded, ONNX Runtime"
                            + " (random weights; see repmlp bench for one mode in detail).")
    boolean measure;

    @Option(names = "--threads", description = "Threads for --measure (default: all cores).")
    Integer threads;

    @Option(names = "--warmup", defaultValue = "1", description = "Untimed runs for --measure.")
    int warmup;

    @Option(names = "--iters", defaultValue = "3", description = "Timed runs for --measure.")
    int iters;

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            // read by the PyTorch engine when it starts, and by ONNX Runtime sessions
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (arch != null && config != null) {
            throw new ParameterException(
                    spec.commandLine(), "give either -a/--arch or --config, not both");
        }
        RepMlpNetConfig c =
                arch != null
                        ? RepMlpNetPresets.get(arch)
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
        if (measure) {
            printLatencies(out, c);
        }
        return 0;
    }

    private static final Benchmarks.Mode[] RUNTIMES = {
        Benchmarks.Mode.INFER_TRAIN,
        Benchmarks.Mode.INFER_DEPLOY,
        Benchmarks.Mode.INFER_DEPLOY_FUSED,
        Benchmarks.Mode.INFER_ONNX
    };

    private void printLatencies(PrintWriter out, RepMlpNetConfig c) throws java.io.IOException {
        out.printf(
                "%nmeasured (median of %d runs after %d warm-up, %s threads, random weights):%n",
                iters, warmup, threads == null ? "all" : threads.toString());
        out.printf("  %-44s %18s %18s%n", "runtime", "batch 1", "batch 16");
        out.flush();
        for (Benchmarks.Mode m : RUNTIMES) {
            StringBuilder row = new StringBuilder();
            for (int batch : new int[] {1, 16}) {
                Benchmarks.Result r = Benchmarks.run(c, m, batch, warmup, iters);
                row.append(
                        String.format(
                                Locale.ROOT,
                                " %18s",
                                String.format(
                                        Locale.ROOT, "%.1f ms/img", 1e3 * r.median() / batch)));
            }
            out.printf("  %-44s%s%n", label(m), row);
            out.flush();
        }
    }

    private static String label(Benchmarks.Mode m) {
        return switch (m) {
            case INFER_TRAIN -> "train-time, libtorch (infer-train)";
            case INFER_DEPLOY -> "deploy-time, libtorch (infer-deploy)";
            case INFER_DEPLOY_FUSED -> "deploy, BNs folded, libtorch (infer-deploy-fused)";
            case INFER_ONNX -> "deploy, BNs folded, ONNX Runtime (infer-onnx)";
            default -> m.id();
        };
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
            return RepMlpNetPresets.get(info.preset());
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
