package dev.repmlp.engine.bench;

import dev.repmlp.engine.data.ImageDecodeException;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.data.RgbImage;
import dev.repmlp.engine.data.augment.RandAugment;
import dev.repmlp.engine.data.augment.RandomResizedCrop;
import dev.repmlp.engine.data.augment.TrainTransform;
import dev.repmlp.engine.data.loader.Prefetcher;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Images per second through the real data pipeline ({@code repmlp bench --mode
 * data-eval|data-train}): the same {@link Prefetcher} and transforms training and testing use,
 * without a model.
 *
 * <ul>
 *   <li>{@code data-eval}: decode, then test.py's Resize(short side) + CenterCrop + ToTensor +
 *       Normalize ({@link Preprocess#eval}).
 *   <li>{@code data-train}: decode, then the training transform with upstream's RandAugment m15:
 *       RandomResizedCrop(scale 0.08..1, ratio 3/4..4/3), horizontal flip, RandAugPolicy(15),
 *       ToTensor, Normalize ({@link TrainTransform.Preset#RAUG15}).
 * </ul>
 */
public final class DataBench {

    /** Images per batch handed out by the loader (the caller discards them). */
    private static final int BATCH = 32;

    private DataBench() {}

    /** The two data modes. */
    public enum Mode {
        EVAL("data-eval"),
        TRAIN("data-train");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The mode for an id, or null when the id is not a data mode. */
        public static Mode ofId(String id) {
            for (Mode m : values()) {
                if (m.id.equalsIgnoreCase(id)) {
                    return m;
                }
            }
            return null;
        }
    }

    /**
     * @param images images timed (files reused in turn when there are fewer)
     * @param seconds wall-clock seconds of the timed part
     * @param unreadable images skipped as unreadable
     * @param cpuSeconds CPU time of the whole process during the timed part (all threads: workers,
     *     JIT, GC), or NaN where the JVM does not report it
     */
    public record Result(int images, double seconds, long unreadable, double cpuSeconds) {
        public double imagesPerSecond() {
            return images / seconds;
        }

        /** Images per CPU-second: the per-core figure, less sensitive to a shared machine. */
        public double imagesPerCpuSecond() {
            return images / cpuSeconds;
        }
    }

    /** CPU time of this process in nanoseconds, or -1 where it is not available. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * The image files of {@code dir}: an ImageFolder ({@code dir/<class>/...}, any depth below), or
     * images directly in {@code dir}.
     *
     * @throws IOException when there is none, naming the folder
     */
    public static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("--data " + dir + " is not a folder of images");
        }
        List<Path> direct = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (ImageFolder.isImage(p) && Files.isRegularFile(p)) {
                    direct.add(p);
                }
            }
        }
        if (!direct.isEmpty()) {
            direct.sort(null);
            return direct;
        }
        try {
            return ImageFolder.scan(dir).samples().stream().map(ImageFolder.Sample::path).toList();
        } catch (IOException e) {
            throw new IOException(
                    "--data " + dir + " holds no images (directly or in class folders)", e);
        }
    }

    /**
     * Runs {@code images} images of {@code files} (in turn) through the mode's transform at {@code
     * res} on {@code workers} threads; the first {@code warmup} images (not timed) warm the JIT.
     *
     * @throws IllegalArgumentException when every image is unreadable
     */
    public static Result run(
            List<Path> files, Mode mode, int res, int workers, int images, int warmup) {
        TrainTransform train =
                new TrainTransform(
                        TrainTransform.Preset.RAUG15,
                        new RandomResizedCrop(0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0),
                        RandAugment.raug15(),
                        Preprocess.IMAGENET_MEAN,
                        Preprocess.IMAGENET_STD);
        AtomicInteger bad = new AtomicInteger();
        Prefetcher.SampleLoader loader =
                new Prefetcher.SampleLoader() {
                    @Override
                    public float[] load(int i) throws ImageDecodeException {
                        RgbImage img = RgbImage.read(files.get(i % files.size()));
                        return mode == Mode.EVAL
                                ? Preprocess.eval(img, res)
                                : train.apply(img, res, new SplittableRandom(i));
                    }

                    @Override
                    public String describe(int i) {
                        return files.get(i % files.size()).toString();
                    }
                };
        try (Prefetcher p = new Prefetcher(workers, "bench-loader")) {
            if (warmup > 0) {
                pass(p, loader, warmup, res, workers, bad);
            }
            bad.set(0);
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            long readable = pass(p, loader, images, res, workers, bad);
            double secs = (System.nanoTime() - t0) / 1e9;
            long cpu1 = processCpuNanos();
            double cpu = cpu0 >= 0 && cpu1 >= 0 ? (cpu1 - cpu0) / 1e9 : Double.NaN;
            if (readable == 0) {
                throw new IllegalArgumentException(
                        "every image was unreadable (" + bad.get() + "); check --data");
            }
            return new Result(images, secs, bad.get(), cpu);
        }
    }

    private static long pass(
            Prefetcher p,
            Prefetcher.SampleLoader loader,
            int images,
            int res,
            int workers,
            AtomicInteger bad) {
        int batches = (images + BATCH - 1) / BATCH;
        long readable = 0;
        try (Prefetcher.Pass pass =
                p.stream(
                        batches,
                        b -> {
                            int from = b * BATCH;
                            int[] idx = new int[Math.min(images, from + BATCH) - from];
                            for (int i = 0; i < idx.length; i++) {
                                idx[i] = from + i;
                            }
                            return idx;
                        },
                        loader,
                        3 * res * res,
                        Math.min(4, Math.max(2, (2 * workers + BATCH - 1) / BATCH)))) {
            while (pass.hasNext()) {
                Prefetcher.Batch b = pass.next();
                readable += b.size();
                bad.addAndGet(b.skipped().length);
                b.release(); // as training and testing do once the step is over
            }
        }
        return readable;
    }
}
