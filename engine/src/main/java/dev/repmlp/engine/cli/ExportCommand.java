package dev.repmlp.engine.cli;

import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.checkpoint.Structure;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.infer.ClassNames;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.onnx.OnnxExporter;
import dev.repmlp.engine.onnx.OnnxVerificationException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code repmlp export}: the deploy model as ONNX, verified with ONNX Runtime. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Exports weights (train-time: locality-injected first; or deploy-time) to ONNX: the"
                    + " deploy graph with the remaining BatchNorms folded, input 'images' N x 3 x"
                    + " R x R float32 (ImageNet mean/std normalised), output 'logits'.",
            "The written file is run with ONNX Runtime on a random batch and compared with the"
                    + " deploy model; above 1e-4 max |logit difference| nothing is written and the"
                    + " exit status is 1."
        })
final class ExportCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WEIGHTS", description = "Weights (.pth/.safetensors).")
    Path weights;

    @Parameters(index = "1", paramLabel = "OUT.onnx", description = "ONNX file to write.")
    Path output;

    @Mixin ModelOptions model;

    @Option(
            names = "--opset",
            defaultValue = "" + OnnxExporter.DEFAULT_OPSET,
            description =
                    "ONNX opset, "
                            + OnnxExporter.MIN_OPSET
                            + " to "
                            + OnnxExporter.MAX_OPSET
                            + " (default: ${DEFAULT-VALUE}; GELU is the Gelu op from 20, Erf"
                            + " below).")
    int opset;

    @Option(
            names = "--batch",
            defaultValue = "dynamic",
            paramLabel = "dynamic|N",
            description = "Batch dimension: dynamic (default) or a fixed size.")
    String batch;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RepMlpNetConfig config = model.config();
        int fixed = parseBatch(batch);
        OnnxExporter.Options opts =
                new OnnxExporter.Options(
                        opset, fixed, classNames(config), weights.getFileName().toString());
        StateDict sd = Weights.read(weights);
        Structure st = Structure.of(sd.keys());
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(config, st == Structure.DEPLOY);
            net.initialize(manager);
            Weights.load(net, sd, weights.getFileName().toString());
            out.printf("=> loaded %s (%s weights, %d entries)%n", weights, st.label(), sd.size());
            sd = null;
            if (!net.isDeploy()) {
                out.println("=> locality injection, then export of the deploy-time structure");
            }
            out.flush();
            OnnxExporter.Report r;
            try {
                r = OnnxExporter.export(net, output, opts);
            } catch (OnnxVerificationException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
            out.printf(
                    Locale.ROOT,
                    "=> wrote %s (%.1f MB, opset %d, %s batch, %d nodes, %,d weights)%n",
                    r.file(),
                    r.bytes() / 1e6,
                    opset,
                    fixed == 0 ? "dynamic" : "fixed " + fixed + "-image",
                    r.nodes(),
                    r.weights());
            out.printf("   ops: %s%n", ops(r.ops()));
            out.printf(
                    Locale.ROOT,
                    "verified: ONNX Runtime vs DJL deploy model, max |logit difference| %.3e on %d"
                            + " random images (limit %.0e)%n",
                    r.maxAbsDiff(),
                    r.checkedImages(),
                    OnnxExporter.TOLERANCE);
            return 0;
        }
    }

    private List<String> classNames(RepMlpNetConfig config) {
        ClassNames names = ClassNames.forWeights(weights, config.numClass());
        if (names.isNumbered()) {
            return null;
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            list.add(names.name(i));
        }
        return list;
    }

    private static String ops(Map<String, Integer> ops) {
        StringBuilder b = new StringBuilder();
        ops.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e ->
                                b.append(b.length() == 0 ? "" : ", ")
                                        .append(e.getKey())
                                        .append(" ")
                                        .append(e.getValue()));
        return b.toString();
    }

    static int parseBatch(String s) {
        if (s.equalsIgnoreCase("dynamic")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(
                "--batch " + s + " is not valid: use dynamic or a positive number of images");
    }
}
