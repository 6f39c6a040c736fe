package dev.repmlp.engine.cli;

import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.EngineInfo;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.data.loader.Prefetcher;
import dev.repmlp.engine.eval.EvalReport;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.EvalTotals;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.onnx.OnnxFiles;
import dev.repmlp.engine.onnx.OnnxModel;
import dev.repmlp.engine.slurm.Shards;
import java.io.PrintWriter;
import java.nio.file.Files;
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
                    + " weights, locality-injected before testing).",
            "With --slurm --shards N: a Slurm job array over N shards of the val set and a merge"
                    + " job after them; --wait prints the merged numbers, which equal the"
                    + " unsharded run's."
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

    @Option(
            names = "--workers",
            paramLabel = "N",
            description =
                    "Threads that decode and preprocess the next batch while the model runs on"
                            + " the current one (default, or 0: the cores). Results do not depend on it.")
    Integer workers;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description =
                    "Also write DIR/confusion.csv, predictions.csv (one row per image: top-5,"
                            + " probabilities, loss; in check mode train-vs-deploy agreement),"
                            + " per_class.csv and summary.json, each atomically.")
    Path report;

    @Mixin SlurmOptions slurm = new SlurmOptions();

    @Option(
            names = "--shards",
            paramLabel = "N",
            description =
                    "With --slurm: a job array over N shards of the val set and a merge job after"
                            + " them; the merged numbers equal the unsharded run's.")
    Integer shards;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "With --slurm: the sharded test's folder (default: runs/test-<time>).")
    Path outDir;

    /** One shard's job: evaluate shard K of N, write its counts to --shard-out. */
    @Option(names = "--shard", paramLabel = "K/N", hidden = true)
    String shard;

    @Option(names = "--shard-out", paramLabel = "FILE", hidden = true)
    Path shardOut;

    enum Mode {
        train,
        deploy,
        check
    }

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new IllegalArgumentException("-b/--batch-size must be at least 1; got " + batch);
        }
        slurm.checkUsedWithSlurm();
        if (shards != null && !slurm.slurm) {
            throw new IllegalArgumentException("--shards goes with --slurm");
        }
        if (report != null) {
            checkReportDir(report);
        }
        if (report != null && (slurm.slurm || shard != null)) {
            throw new IllegalArgumentException(
                    "--report cannot go with --slurm: the shards' merge adds up totals only (top-1,"
                            + " top-5, loss), not the per-image predictions the confusion matrix and"
                            + " predictions.csv are made of; drop --slurm to write the report on one"
                            + " machine (it streams the rows: memory does not grow with the images)");
        }
        if (report != null && OnnxFiles.isOnnx(weights)) {
            throw new IllegalArgumentException(
                    "--report cannot go with .onnx weights: the report is collected from the"
                            + " engine's own model (and check mode compares it with the train-time"
                            + " one), which an .onnx file does not give; run --report on the"
                            + " .pth/.safetensors weights it was exported from (mode deploy runs the"
                            + " deploy-time structure the .onnx file holds)");
        }
        if (slurm.slurm) {
            return ShardedTestCli.submit(this);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (OnnxFiles.isOnnx(weights)) {
            if (shard != null) {
                throw new IllegalArgumentException("--shard takes .pth/.safetensors weights");
            }
            return testOnnx(out);
        }
        RepMlpNetConfig config = model.config();
        Path val = data.resolve("val");
        ImageFolder folder = scan(val, out);
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
            int[] range = {0, folder.size()};
            int[] kn = null;
            if (shard != null) {
                kn = ShardedTestCli.parseShard(shard);
                if (shardOut == null) {
                    throw new IllegalArgumentException("--shard needs --shard-out FILE");
                }
                range = Shards.range(folder.size(), batch, kn[0], kn[1]);
                out.printf("=> shard %d of %d: images %d..%d%n", kn[0], kn[1], range[0], range[1]);
            }
            long t0 = System.nanoTime();
            if (report != null) {
                return testWithReport(out, config, folder, net, manager, t0, val);
            }
            EvalTotals totals =
                    Evaluator.evaluate(
                            net,
                            folder,
                            r,
                            batch,
                            manager,
                            progress(out),
                            null,
                            range[0],
                            range[1],
                            workers());
            EvalResult res = totals.result();
            if (kn != null) {
                Shards.Result.of(
                                kn[0],
                                kn[1],
                                range[0],
                                range[1],
                                folder.size(),
                                totals,
                                folder.classes().size(),
                                r)
                        .write(shardOut);
                out.printf(
                        Locale.ROOT,
                        " * shard %d: %d images, %d unreadable skipped; counts in %s%n",
                        kn[0],
                        res.images(),
                        res.skipped(),
                        shardOut);
                return 0;
            }
            return report(out, res, t0, val);
        }
    }

    /**
     * Refuses a {@code --report} path the report cannot be written to before anything is loaded or
     * evaluated, naming the problem and the fix.
     *
     * @throws IllegalArgumentException if {@code dir} is an existing file or a folder not writable
     */
    static void checkReportDir(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "--report "
                            + dir
                            + " is a file, not a folder: give a folder (created if missing) for"
                            + " confusion.csv, predictions.csv, per_class.csv and summary.json");
        }
        if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
            throw new IllegalArgumentException(
                    "--report " + dir + " is not writable: give a folder you can write to");
        }
    }

    /**
     * The whole folder through {@code net} with an {@link EvalReport} collecting the matrix and
     * streaming the rows; in check mode the train-time net runs beside it as the reference.
     */
    private int testWithReport(
            PrintWriter out,
            RepMlpNetConfig config,
            ImageFolder folder,
            RepMlpNet net,
            NDManager manager,
            long t0,
            Path val)
            throws java.io.IOException {
        RepMlpNet reference = null;
        if (mode == Mode.check) {
            reference = new RepMlpNet(config, false);
            reference.initialize(manager);
            Weights.load(reference, Weights.read(weights), weights.getFileName().toString());
        }
        List<ImageFolder.Sample> samples = folder.samples();
        try (EvalReport collector =
                EvalReport.streaming(
                        EvalReport.classNames(folder.classes(), config.numClass()),
                        report,
                        i -> EvalReport.pathUnder(val, samples.get(i).path()),
                        reference != null)) {
            int r = config.imageSize();
            EvalResult res =
                    Evaluator.evaluate(
                            net,
                            reference,
                            folder,
                            r,
                            batch,
                            manager,
                            progress(out),
                            null,
                            collector,
                            workers());
            int exit = report(out, res, t0, val);
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
            return exit;
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
            ImageFolder folder = scan(val, out);
            checkClasses(out, val, folder, numClass);
            out.printf(
                    "=> ONNX Runtime: %s, %d images in %d classes, resolution %d%n",
                    weights, folder.size(), folder.classes().size(), r);
            out.flush();
            long t0 = System.nanoTime();
            EvalResult res =
                    Evaluator.evaluate(
                            new Evaluator.Logits() {
                                @Override
                                public float[] apply(float[] images, int n) {
                                    return onnx.logits(images, n);
                                }

                                @Override
                                public float[] apply(java.nio.ByteBuffer images, int n) {
                                    // the loader's direct batch: no copy into the heap
                                    return onnx.logits(images.asFloatBuffer(), n);
                                }
                            },
                            numClass,
                            folder,
                            r,
                            batch,
                            progress(out),
                            null,
                            workers());
            return report(out, res, t0, val);
        }
    }

    /** --workers, checked, or the cores. */
    private int workers() {
        return Prefetcher.workersFor(workers);
    }

    /** Scans the val split, printing a progress line every 100,000 images found. */
    private static ImageFolder scan(Path val, PrintWriter out) throws java.io.IOException {
        return ImageFolder.scan(
                val,
                n -> {
                    if (n % 100_000 == 0) {
                        out.printf(Locale.ROOT, "=> scanning %s: %,d images so far%n", val, n);
                        out.flush();
                    }
                });
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
        out.println(summary(res, secs));
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

    /** The last line of a test: {@code * Acc@1 .. Acc@5 .. Loss .. (N images, ...)}. */
    static String summary(EvalResult res, double secs) {
        return String.format(
                Locale.ROOT,
                " * Acc@1 %.3f Acc@5 %.3f Loss %.4f  (%d images, %d unreadable skipped, %.1f s)",
                res.top1(),
                res.top5(),
                res.loss(),
                res.images(),
                res.skipped(),
                secs);
    }
}
