package dev.repmlp.engine.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.bench.Benchmarks;
import dev.repmlp.engine.bench.DataBench;
import dev.repmlp.engine.bench.ProcessMemory;
import dev.repmlp.engine.data.ImageDecoder;
import dev.repmlp.engine.data.loader.Prefetcher;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repmlp bench}: latency, throughput and peak memory of inference or a training step. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Times eval-mode inference of the train-time or deploy-time structure, or a whole"
                    + " training step (forward, backward, AdamW update), on random data.",
            "Reports median/min/max latency per batch, images/s and the process's peak resident"
                    + " memory. Run one mode per process for a clean peak-memory figure."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin ModelOptions model;

    @Option(
            names = "--mode",
            required = true,
            description =
                    "infer-train, infer-deploy, infer-deploy-fused (deploy with the BNs next to"
                            + " convs folded), infer-onnx (the exported deploy graph run by ONNX"
                            + " Runtime), train-step; or data-eval / data-train (images/s of"
                            + " decoding + test.py's eval transform / the raug15 training"
                            + " transform, with --data).")
    String modeId;

    Benchmarks.Mode mode;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "data-eval/data-train: a folder of images, or an ImageFolder.")
    java.nio.file.Path data;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "data-eval/data-train: loader threads (default, or 0: the cores).")
    Integer workers;

    @Option(
            names = "--images",
            paramLabel = "K",
            description =
                    "data-eval/data-train: images timed (default: the folder's; files are reused"
                            + " in turn when K is larger).")
    Integer images;

    @Option(
            names = {"-b", "--batch-size"},
            defaultValue = "1",
            description = "Batch size.")
    int batch;

    @Option(names = "--threads", description = "Intra-op threads (default: all cores).")
    Integer threads;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed iterations.")
    int warmup;

    @Option(names = "--iters", defaultValue = "5", description = "Timed iterations.")
    int iters;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            // read by the PyTorch engine when it starts; this is the first engine access
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        PrintWriter out = spec.commandLine().getOut();
        DataBench.Mode dataMode = DataBench.Mode.ofId(modeId);
        if (dataMode != null) {
            return dataBench(out, dataMode);
        }
        mode = Benchmarks.Mode.valueOfId(modeId);
        if (data != null || workers != null || images != null) {
            throw new IllegalArgumentException(
                    "--data, --workers and --images go with --mode data-eval or data-train");
        }
        RepMlpNetConfig config = model.config();
        Engine.getInstance().setRandomSeed(0);
        long rssBefore = ProcessMemory.residentBytes();
        Benchmarks.Result r = Benchmarks.run(config, mode, batch, warmup, iters);
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("model", config.name());
            o.put("mode", mode.id());
            o.put("batch", batch);
            o.put("resolution", config.imageSize());
            o.put(
                    "threads",
                    threads == null ? Runtime.getRuntime().availableProcessors() : threads);
            o.put("median_s", r.median());
            o.put("min_s", r.min());
            o.put("max_s", r.max());
            o.put("images_per_sec", batch / r.median());
            o.put("peak_rss_mb", r.peakRssBytes() / 1e6);
            o.put("rss_before_mb", rssBefore / 1e6);
            o.put("rss_growth_mb", r.rssGrowthBytes() / 1e6);
            o.put("native_growth_mb", r.nativeGrowthBytes() / 1e6);
            if (!Double.isNaN(r.maxAbsDiffToReference())) {
                o.put("max_abs_diff_to_reference", r.maxAbsDiffToReference());
            }
            out.println(o);
        } else {
            out.printf(
                    Locale.ROOT,
                    "%s %s batch %d at %dx%d: median %.4f s (min %.4f, max %.4f) per batch,"
                            + " %.2f images/s, peak RSS %.0f MB%n",
                    config.name(),
                    mode.id(),
                    batch,
                    config.imageSize(),
                    config.imageSize(),
                    r.median(),
                    r.min(),
                    r.max(),
                    batch / r.median(),
                    r.peakRssBytes() / 1e6);
            out.printf(
                    Locale.ROOT,
                    "resident memory growth over the %d timed iterations: %.1f MB (outside the"
                            + " Java heap: %.1f MB)%n",
                    iters,
                    r.rssGrowthBytes() / 1e6,
                    r.nativeGrowthBytes() / 1e6);
            if (!Double.isNaN(r.maxAbsDiffToReference())) {
                out.printf(
                        Locale.ROOT,
                        "max |logit difference| to the train-time reference: %.3e%n",
                        r.maxAbsDiffToReference());
            }
        }
        return 0;
    }

    /** Largest -r of the data modes: one 3 x r x r float tensor stays well under 1 GB. */
    private static final int MAX_DATA_RES = 8192;

    /** {@code --mode data-eval|data-train}: images/s through the loader and transforms. */
    private int dataBench(PrintWriter out, DataBench.Mode dm) throws java.io.IOException {
        if (data == null) {
            throw new IllegalArgumentException(
                    "--mode " + dm.id() + " needs --data DIR (a folder of images)");
        }
        int n = Prefetcher.workersFor(workers);
        if (images != null && images < 1) {
            throw new IllegalArgumentException("--images must be at least 1; got " + images);
        }
        int res = model.resolution != null ? model.resolution : 224;
        if (res < 1 || res > MAX_DATA_RES) {
            throw new IllegalArgumentException(
                    "-r must be 1.." + MAX_DATA_RES + " for the data modes; got " + res);
        }
        java.util.List<java.nio.file.Path> files = DataBench.files(data);
        int k = images != null ? images : files.size();
        // untimed: up to 200 images per worker, so the JIT has compiled the hot loops (and the page
        // cache holds the files) before the clock starts; a real epoch is far longer than this
        int warm = Math.min(k, 200 * n);
        DataBench.Result r = DataBench.run(files, dm, res, n, k, warm);
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("mode", dm.id());
            o.put("workers", n);
            o.put("resolution", res);
            o.put("images", r.images());
            o.put("seconds", r.seconds());
            o.put("images_per_second", r.imagesPerSecond());
            if (r.cpuSeconds() > 0) { // NaN where not reported; 0 below the clock's tick
                o.put("cpu_seconds", r.cpuSeconds());
                o.put("cpu_images_per_second", r.imagesPerCpuSecond());
            }
            o.put("jpeg_decoder", ImageDecoder.jpegDecoder());
            out.println(o);
        } else {
            out.printf(
                    Locale.ROOT,
                    "%s at %dx%d, %d workers: %d images in %.2f s, %.1f images/s%s%n",
                    dm.id(),
                    res,
                    res,
                    n,
                    r.images(),
                    r.seconds(),
                    r.imagesPerSecond(),
                    r.unreadable() > 0 ? " (" + r.unreadable() + " unreadable skipped)" : "");
            out.println("JPEG decoder: " + ImageDecoder.jpegDecoder());
        }
        return 0;
    }
}
