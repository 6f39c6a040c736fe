package dev.repmlp.engine.train;

import dev.repmlp.engine.data.ImageDecodeException;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.data.RgbImage;
import dev.repmlp.engine.data.loader.Prefetcher;
import dev.repmlp.engine.infer.Evaluator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The train and val splits of an ImageFolder dataset ({@code ROOT/train/<class>/...}, {@code
 * ROOT/val/<class>/...}) for a run: checks the layout and class sets before training and hands out
 * samples that are decoded when a loader asks for them, so memory does not grow with the number of
 * images (only the file list does). Small datasets are cached as they are first read: decoded train
 * images up to {@link #cacheBudget()} bytes, preprocessed val tensors up to half of it. Each
 * training sample gets its own random stream derived from (seed, epoch, sample), so any step can be
 * reproduced, whatever thread or order loads it. Unreadable images are skipped and counted.
 */
public final class TrainData {

    /** Decoded images are cached in memory up to this many bytes (and a quarter of the heap). */
    private static final long CACHE_BYTES = 512L << 20;

    /** Above this many train images the cache is not considered (its estimate reads every size). */
    private static final int CACHE_MAX_IMAGES = 50_000;

    /** A sample's augmentation: image and random stream to CHW floats. */
    public interface Transform {
        float[] apply(RgbImage img, SplittableRandom rnd);
    }

    /**
     * A batch of CHW images and their labels.
     *
     * @param pixels {@code size x 3 x res x res} floats of native byte order from position 0, in a
     *     direct buffer (the loader's: valid until the step that took it is over)
     * @param labels the class index of each image
     * @param size number of images
     */
    public record Batch(ByteBuffer pixels, int[] labels, int size) {
        /** A copy of the images on the Java heap (for mixup/cutmix, which mix them in place). */
        public float[] images() {
            float[] out = new float[pixels.remaining() / Float.BYTES];
            pixels.asFloatBuffer().get(out);
            return out;
        }
    }

    private final ImageFolder train;
    private final ImageFolder val;
    private final AtomicReferenceArray<RgbImage> trainCache;
    private final AtomicReferenceArray<float[]> valCache;
    private final int imageSize;
    private final Consumer<String> log;

    private TrainData(
            ImageFolder train,
            ImageFolder val,
            boolean cacheTrain,
            boolean cacheVal,
            int imageSize,
            Consumer<String> log) {
        this.train = train;
        this.val = val;
        this.trainCache = cacheTrain ? new AtomicReferenceArray<>(train.size()) : null;
        this.valCache = cacheVal ? new AtomicReferenceArray<>(val.size()) : null;
        this.imageSize = imageSize;
        this.log = log;
    }

    /**
     * Scans and checks {@code root}: both splits exist and hold the same classes. Throws with the
     * fix otherwise. Decodes nothing.
     */
    public static TrainData load(Path root, int imageSize, Consumer<String> log)
            throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(
                    "dataset folder "
                            + root
                            + " not found; expected ROOT/train/<class>/* and ROOT/val/<class>/*");
        }
        Path trainDir = root.resolve("train");
        Path valDir = root.resolve("val");
        for (Path p : List.of(trainDir, valDir)) {
            if (!Files.isDirectory(p)) {
                throw new IOException(
                        root
                                + " has no "
                                + p.getFileName()
                                + "/ folder; expected ROOT/train/<class>/* and"
                                + " ROOT/val/<class>/* (ImageFolder layout)");
            }
        }
        long t0 = System.nanoTime();
        ImageFolder train = ImageFolder.scan(trainDir, scanProgress(trainDir, log));
        ImageFolder val = ImageFolder.scan(valDir, scanProgress(valDir, log));
        double scanSeconds = (System.nanoTime() - t0) / 1e9;
        if (scanSeconds >= 2) {
            log.accept(
                    String.format(
                            Locale.ROOT,
                            "scanned %,d train and %,d val images in %.1f s",
                            train.size(),
                            val.size(),
                            scanSeconds));
        }
        for (ImageFolder f : List.of(train, val)) {
            f.notes().forEach(n -> log.accept("note: " + n));
            if (!f.emptyClasses().isEmpty()) {
                log.accept(
                        "warning: class folders without images in "
                                + f.root()
                                + ": "
                                + String.join(", ", f.emptyClasses()));
            }
        }
        if (!train.classes().equals(val.classes())) {
            List<String> onlyTrain = new ArrayList<>(train.classes());
            onlyTrain.removeAll(val.classes());
            List<String> onlyVal = new ArrayList<>(val.classes());
            onlyVal.removeAll(train.classes());
            throw new IOException(
                    "train/ and val/ of "
                            + root
                            + " hold different classes (only in train: "
                            + onlyTrain
                            + ", only in val: "
                            + onlyVal
                            + "); give both splits the same class folders");
        }
        long budget = cacheBudget();
        boolean cacheTrain = false;
        if (train.size() <= CACHE_MAX_IMAGES) {
            long estimate = 0;
            for (ImageFolder.Sample s : train.samples()) {
                try {
                    estimate += Files.size(s.path()) * 8; // decoded images are larger than files
                } catch (IOException e) {
                    // vanished or unreadable: counted when it is read
                }
            }
            cacheTrain = estimate < budget;
        }
        boolean cacheVal = (long) val.size() * 3 * imageSize * imageSize * Float.BYTES < budget / 2;
        return new TrainData(train, val, cacheTrain, cacheVal, imageSize, log);
    }

    /**
     * Bytes the in-memory caches may take: {@value #CACHE_BYTES} bytes, and at most a quarter of
     * the maximum heap.
     */
    public static long cacheBudget() {
        return Math.min(CACHE_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }

    /** Logs the scan's progress every 100,000 files. */
    private static java.util.function.IntConsumer scanProgress(Path dir, Consumer<String> log) {
        return n -> {
            if (n % 100_000 == 0) {
                log.accept(String.format(Locale.ROOT, "scanning %s: %,d images so far", dir, n));
            }
        };
    }

    public List<String> classes() {
        return train.classes();
    }

    public ImageFolder trainFolder() {
        return train;
    }

    public ImageFolder valFolder() {
        return val;
    }

    public int trainSize() {
        return train.size();
    }

    public int valSize() {
        return val.size();
    }

    /** True when decoded train images are kept in memory after their first read. */
    public boolean cachesTrain() {
        return trainCache != null;
    }

    /** True when preprocessed val tensors are kept in memory after their first read. */
    public boolean cachesVal() {
        return valCache != null;
    }

    /**
     * The val split for {@link dev.repmlp.engine.infer.Evaluator}: test.py's eval preprocessing,
     * read on demand (cached when the split is small); unreadable images are null and logged (the
     * evaluation counts them).
     */
    Evaluator.Samples valSamples() {
        return new Evaluator.Samples() {
            @Override
            public int size() {
                return val.size();
            }

            @Override
            public float[] tensor(int i) {
                float[] t = valCache == null ? null : valCache.get(i);
                if (t != null) {
                    return t;
                }
                try {
                    t = Preprocess.eval(RgbImage.read(val.samples().get(i).path()), imageSize);
                } catch (ImageDecodeException e) {
                    log.accept("skipping unreadable image: " + e.getMessage());
                    return null;
                }
                if (valCache != null) {
                    valCache.set(i, t);
                }
                return t;
            }

            @Override
            public int label(int i) {
                return val.samples().get(i).label();
            }

            @Override
            public String describe(int i) {
                return val.samples().get(i).path().toString();
            }
        };
    }

    /**
     * The training samples of epoch {@code epoch} for a {@link Prefetcher}: sample {@code i} is
     * decoded (or taken from the cache) and augmented by {@code transform} with its own random
     * stream from (seed, epoch, i), so its tensor depends on nothing else.
     */
    Prefetcher.SampleLoader trainSamples(long seed, int epoch, Transform transform) {
        return new Prefetcher.SampleLoader() {
            @Override
            public float[] load(int idx) throws ImageDecodeException {
                RgbImage img = trainCache == null ? null : trainCache.get(idx);
                if (img == null) {
                    img = RgbImage.read(train.samples().get(idx).path());
                    if (trainCache != null) {
                        trainCache.set(idx, img);
                    }
                }
                SplittableRandom rnd = new SplittableRandom(mix(seed, epoch, idx));
                return transform.apply(img, rnd);
            }

            @Override
            public String describe(int idx) {
                return train.samples().get(idx).path().toString();
            }
        };
    }

    /** The class index of train sample {@code idx}. */
    int trainLabel(int idx) {
        return train.samples().get(idx).label();
    }

    /** A 64-bit mix of (seed, a, b) for independent random streams. */
    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + b;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
