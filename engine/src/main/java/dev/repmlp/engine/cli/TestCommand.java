package dev.repmlp.engine.cli;

import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.onnx.OnnxFiles;
import dev.repmlp.engine.onnx.OnnxModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code repmlp test}: upstream's test.py. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {
            "Evaluates DATA/val (one folder per class) like upstream's test.py: resize the short"
                    + " side to RES, centre crop RES, ImageNet mean/std; prints top-1, top-5 and"
                    + " loss.",
            "MODE: train (train-time weights), deploy (deploy-time weights), check (train-time"
                    + " weights, locality-injected before testing)."
        })
final class TestCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA", description = "Dataset root holding val/.")
    Path data;

    @Parameters(index = "1", paramLabel = "MODE", description = "train, deploy or check.")
    Mode mode;

    @Parameters(
            index = "2",
            paramLabel = "WEIGHTS",
            description =
                    "Weights file, or an exported .onnx file (MODE deploy; run by ONNX Runtime).")
    Path weights;

    @Mixin ModelOptions model;

    @Option(
            names = {"-b", "--batch-size"},
            defaultValue = "100",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    enum Mode {
        train,
        deploy,
        check
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (OnnxFiles.isOnnx(weights)) {
            return testOnnx(out);
        }
        RepMlpNetConfig config = model.config();
        Path val = data.resolve("val");
        ImageFolder folder = ImageFolder.scan(val);
        checkClasses(out, val, folder, config.numClass());
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(config, mode == Mode.deploy);
            net.initialize(manager);
            CliSupport.loadWeights(net, weights, out);
            if (mode == Mode.check) {
                net.localityInjection();
                out.println("=> locality injection done; testing the deploy-time structure");
            }
            int r = config.imageSize();
            out.printf(
                    "=> %d images in %d classes, resolution %d%n",
                    folder.size(), folder.classes().size(), r);
            out.flush();
            long t0 = System.nanoTime();
            EvalResult res =
                    Evaluator.evaluate(net, folder, r, batch, manager, progress(out), null);
            return report(out, res, t0, val);
        }
    }

    /** The .onnx route: ONNX Runtime runs the exported deploy graph. */
    private Integer testOnnx(PrintWriter out) throws java.io.IOException {
        if (mode != Mode.deploy) {
            throw new IllegalArgumentException(
                    weights.getFileName()
                            + " is an exported deploy-time model: use MODE deploy (train and check"
                            + " need .pth/.safetensors weights)");
        }
        try (OnnxModel onnx = OnnxModel.load(weights, 0)) {
            int r = onnx.imageSize();
            if (model.resolution != null && model.resolution != r) {
                throw new IllegalArgumentException(
                        weights.getFileName()
                                + " was exported at "
                                + r
                                + "x"
                                + r
                                + "; re-export it with -r "
                                + model.resolution);
            }
            int numClass = onnx.numClass();
            Path val = data.resolve("val");
            ImageFolder folder = ImageFolder.scan(val);
            checkClasses(out, val, folder, numClass);
            out.printf(
                    "=> ONNX Runtime: %s, %d images in %d classes, resolution %d%n",
                    weights, folder.size(), folder.classes().size(), r);
            out.flush();
            long t0 = System.nanoTime();
            EvalResult res =
                    Evaluator.evaluate(
                            onnx::logits, numClass, folder, r, batch, progress(out), null);
            return report(out, res, t0, val);
        }
    }

    private static void checkClasses(PrintWriter out, Path val, ImageFolder folder, int numClass) {
        for (String note : folder.notes()) {
            out.printf("note: %s%n", note);
        }
        if (!folder.emptyClasses().isEmpty()) {
            out.printf(
                    "warning: class folders without images (torchvision's ImageFolder refuses"
                            + " them): %s%n",
                    String.join(", ", folder.emptyClasses()));
        }
        if (folder.classes().size() != numClass) {
            out.printf(
                    "warning: %s has %d classes but the model has num_class %d%n",
                    val, folder.classes().size(), numClass);
            if (folder.classes().size() > numClass) {
                throw new IllegalArgumentException(
                        "the dataset has more classes than the model's head: use a config with"
                                + " num_class "
                                + folder.classes().size());
            }
        }
    }

    private static Evaluator.Progress progress(PrintWriter out) {
        return (done, total, top1) -> {
            if (done % 10 == 0 || done == total) {
                out.printf(Locale.ROOT, "Test: [%d/%d]  running top-1 %.3f%n", done, total, top1);
                out.flush();
            }
        };
    }

    /** Prints the result; 1 when some images gave non-finite logits, else 0. */
    private int report(PrintWriter out, EvalResult res, long t0, Path val)
            throws java.io.IOException {
        double secs = (System.nanoTime() - t0) / 1e9;
        if (res.images() == 0) {
            throw new java.io.IOException(
                    "no image in "
                            + val
                            + " could be read ("
                            + res.skipped()
                            + " unreadable; the log names each file and why)");
        }
        out.printf(
                Locale.ROOT,
                " * Acc@1 %.3f Acc@5 %.3f Loss %.4f  (%d images, %d unreadable skipped, %.1f s)%n",
                res.top1(),
                res.top5(),
                res.loss(),
                res.images(),
                res.skipped(),
                secs);
        if (res.nonFinite() > 0) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "error: %d of %d images gave NaN or infinite logits (counted as"
                                    + " wrong): the weights hold NaN/inf values or overflow;"
                                    + " check them with `repmlp info %s`%n",
                            res.nonFinite(), res.images(), weights);
            return 1;
        }
        return 0;
    }
}
