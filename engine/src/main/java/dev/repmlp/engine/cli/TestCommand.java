package dev.repmlp.engine.cli;

import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.EngineInfo;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.eval.EvalReport;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    @Parameters(index = "2", paramLabel = "WEIGHTS", description = "Weights file.")
    Path weights;

    @Mixin ModelOptions model;

    @Option(
            names = {"-b", "--batch-size"},
            defaultValue = "100",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description =
                    "Also write DIR/confusion.csv, predictions.csv (one row per image: top-5,"
                            + " probabilities, loss; in check mode train-vs-deploy agreement),"
                            + " per_class.csv and summary.json, each atomically.")
    Path report;

    enum Mode {
        train,
        deploy,
        check
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RepMlpNetConfig config = model.config();
        Path val = data.resolve("val");
        ImageFolder folder = ImageFolder.scan(val);
        for (String note : folder.notes()) {
            out.printf("note: %s%n", note);
        }
        if (!folder.emptyClasses().isEmpty()) {
            out.printf(
                    "warning: class folders without images (torchvision's ImageFolder refuses"
                            + " them): %s%n",
                    String.join(", ", folder.emptyClasses()));
        }
        if (folder.classes().size() != config.numClass()) {
            out.printf(
                    "warning: %s has %d classes but the model has num_class %d%n",
                    val, folder.classes().size(), config.numClass());
            if (folder.classes().size() > config.numClass()) {
                throw new IllegalArgumentException(
                        "the dataset has more classes than the model's head: use a config with"
                                + " num_class "
                                + folder.classes().size());
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(config, mode == Mode.deploy);
            net.initialize(manager);
            CliSupport.loadWeights(net, weights, out);
            RepMlpNet reference = null;
            if (mode == Mode.check && report != null) {
                reference = new RepMlpNet(config, false);
                reference.initialize(manager);
                Weights.load(reference, Weights.read(weights), weights.getFileName().toString());
            }
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
            List<ImageFolder.Sample> samples = folder.samples();
            EvalReport collector =
                    report == null
                            ? null
                            : EvalReport.streaming(
                                    EvalReport.classNames(folder.classes(), config.numClass()),
                                    report,
                                    i -> samples.get(i).path().toString(),
                                    reference != null);
            try (collector) {
                EvalResult res =
                        Evaluator.evaluate(
                                net,
                                reference,
                                folder,
                                r,
                                batch,
                                manager,
                                (done, total, top1) -> {
                                    if (done % 10 == 0 || done == total) {
                                        out.printf(
                                                Locale.ROOT,
                                                "Test: [%d/%d]  running top-1 %.3f%n",
                                                done,
                                                total,
                                                top1);
                                        out.flush();
                                    }
                                },
                                null,
                                collector);
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
                if (collector != null) {
                    EngineInfo info = EngineInfo.detect();
                    Map<String, Object> about = new LinkedHashMap<>();
                    about.put("model", config.name());
                    about.put("weights", weights.toAbsolutePath().toString());
                    about.put("data", val.toAbsolutePath().toString());
                    about.put("mode", mode.name());
                    about.put("resolution", r);
                    about.put(
                            "versions",
                            Map.of(
                                    "workbench", info.workbenchVersion(),
                                    "djl", info.djlVersion(),
                                    "pytorch", info.pytorchVersion()));
                    collector.write(report, res, about);
                    out.printf("=> report written to %s%n", report);
                }
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
    }
}
