package dev.repmlp.engine.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.onnx.OnnxFiles;
import dev.repmlp.engine.onnx.OnnxModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repmlp logits}: eval-mode logits of an .npy batch, for comparison with other code. */
@Command(
        name = "logits",
        mixinStandardHelpOptions = true,
        description = "Eval-mode logits for an NCHW float32 .npy input, written as float32 .npy.")
final class LogitsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Weights.")
    Path weights;

    @Option(
            names = "--mode",
            paramLabel = "train|deploy",
            description =
                    "Structure of the weights: ${COMPLETION-CANDIDATES} (not needed for an .onnx"
                            + " file, which ONNX Runtime runs).")
    Mode mode;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Input.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "Y.npy", description = "Output.")
    Path output;

    private Integer onnxLogits(PrintWriter out, HostTensor x) throws java.io.IOException {
        try (OnnxModel m = OnnxModel.load(weights, 0)) {
            long[] s = x.shape();
            long[] want = m.inputShape();
            if (s.length != 4 || s[1] != want[1] || s[2] != want[2] || s[3] != want[3]) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        input
                                + " has shape "
                                + x.shapeString()
                                + "; "
                                + weights.getFileName()
                                + " takes N x "
                                + want[1]
                                + " x "
                                + want[2]
                                + " x "
                                + want[3]);
            }
            float[] y = m.logits(x.toFloatArray(), (int) s[0]);
            long[] shape = {s[0], y.length / s[0]};
            Npy.write(output, HostTensor.ofFloats(shape, y));
            out.printf(
                    "=> ONNX Runtime: wrote logits %s to %s%n",
                    java.util.Arrays.toString(shape), output);
            return 0;
        }
    }

    enum Mode {
        train,
        deploy
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        HostTensor x = Npy.read(input);
        long[] s = x.shape();
        if (OnnxFiles.isOnnx(weights)) {
            return onnxLogits(out, x);
        }
        if (mode == null) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "give --mode train or --mode deploy for " + weights);
        }
        RepMlpNetConfig config = model.architecture();
        if (s.length != 4 || s[1] != config.inChannels()) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    input
                            + " has shape "
                            + x.shapeString()
                            + "; expected N x "
                            + config.inChannels()
                            + " x H x W (NCHW)");
        }
        // the size comes from the input
        config.validateAt((int) s[2], (int) s[3], "the input " + x.shapeString());
        if (s[2] == s[3]) {
            config = config.withImageSize((int) s[2]);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(config, mode == Mode.deploy);
            net.initialize(manager);
            CliSupport.loadWeights(net, weights, out);
            NDArray in = manager.create(x.toFloatArray(), new Shape(s));
            NDArray y =
                    net.forward(new ParameterStore(manager, false), new NDList(in), false)
                            .singletonOrThrow();
            Npy.write(output, HostTensor.ofFloats(y.getShape().getShape(), y.toFloatArray()));
            out.printf("=> wrote logits %s to %s%n", y.getShape(), output);
            return 0;
        }
    }
}
