package dev.repmlp.engine.train;

import dev.repmlp.engine.data.ImageDecodeException;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.data.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The train and val splits of an ImageFolder dataset ({@code ROOT/train/<class>/...}, {@code
 * ROOT/val/<class>/...}) for a run: checks the layout and class sets before training, decodes small
 * datasets once into memory, skips (and counts) unreadable images, and builds batches with
 * per-sample random streams derived from (seed, epoch, sample), so any step can be reproduced.
 */
public final class TrainData {

    /** Decoded images are cached in memory up to this many bytes. */
    private static final long CACHE_BYTES = 512L << 20;

    /** A sample's augmentation: image and random stream to CHW floats. */
    public interface Transform {
        float[] apply(RgbImage img, SplittableRandom rnd);
    }

    /** A batch of CHW images and their labels. */
    public record Batch(float[] images, int[] labels, int size) {}

    private final ImageFolder train;
    private final ImageFolder val;
    private final List<RgbImage> trainCache;
    private final float[][] valTensors;
    private final int[] valLabels;
    private final int imageSize;
    private final AtomicInteger unreadable = new AtomicInteger();
    private final Consumer<String> log;

    private TrainData(
            ImageFolder train,
            ImageFolder val,
            List<RgbImage> trainCache,
            float[][] valTensors,
            int[] valLabels,
            int imageSize,
            int unreadableAtLoad,
            Consumer<String> log) {
        this.train = train;
        this.val = val;
        this.trainCache = trainCache;
        this.valTensors = valTensors;
        this.valLabels = valLabels;
        this.imageSize = imageSize;
        this.unreadable.set(unreadableAtLoad);
        this.log = log;
    }

    /**
     * Scans and checks {@code root}: both splits exist and hold the same classes. Throws with the
     * fix otherwise.
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
        ImageFolder train = ImageFolder.scan(trainDir);
        ImageFolder val = ImageFolder.scan(valDir);
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
        AtomicInteger bad = new AtomicInteger();
        List<RgbImage> cache = null;
        long estimate = 0;
        for (ImageFolder.Sample s : train.samples()) {
            estimate += Files.size(s.path()) * 8; // decoded images are larger than files
        }
        if (estimate < CACHE_BYTES) {
            RgbImage[] imgs = new RgbImage[train.size()];
            IntStream.range(0, train.size())
                    .parallel()
                    .forEach(i -> imgs[i] = tryRead(train.samples().get(i).path(), bad, log));
            cache = java.util.Arrays.asList(imgs);
        }
        float[][] vt = new float[val.size()][];
        int[] vl = new int[val.size()];
        IntStream.range(0, val.size())
                .parallel()
                .forEach(
                        i -> {
                            RgbImage img = tryRead(val.samples().get(i).path(), bad, log);
                            vt[i] = img == null ? null : Preprocess.eval(img, imageSize);
                            vl[i] = val.samples().get(i).label();
                        });
        if (bad.get() > 0) {
            log.accept(bad.get() + " unreadable image(s) will be skipped");
        }
        return new TrainData(train, val, cache, vt, vl, imageSize, bad.get(), log);
    }

    private static RgbImage tryRead(Path p, AtomicInteger bad, Consumer<String> log) {
        try {
            return RgbImage.read(p);
        } catch (ImageDecodeException e) {
            bad.incrementAndGet();
            log.accept("skipping unreadable image: " + e.getMessage());
            return null;
        }
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

    /** Unreadable images met so far. */
    public int unreadable() {
        return unreadable.get();
    }

    /** Validation tensors (null for unreadable images) and labels. */
    float[][] valTensors() {
        return valTensors;
    }

    int[] valLabels() {
        return valLabels;
    }

    /**
     * Builds the training batch of the given sample indices; each sample gets its own random stream
     * from (seed, epoch, index). Unreadable images are left out of the batch.
     */
    public Batch trainBatch(int[] indices, long seed, int epoch, Transform transform) {
        float[][] out = new float[indices.length][];
        IntStream.range(0, indices.length)
                .parallel()
                .forEach(
                        i -> {
                            int idx = indices[i];
                            RgbImage img =
                                    trainCache != null
                                            ? trainCache.get(idx)
                                            : readCounting(train.samples().get(idx).path());
                            if (img != null) {
                                SplittableRandom rnd = new SplittableRandom(mix(seed, epoch, idx));
                                out[i] = transform.apply(img, rnd);
                            }
                        });
        int per = 3 * imageSize * imageSize;
        int n = 0;
        for (float[] f : out) {
            if (f != null) {
                n++;
            }
        }
        float[] images = new float[n * per];
        int[] labels = new int[n];
        int j = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] != null) {
                System.arraycopy(out[i], 0, images, j * per, per);
                labels[j++] = train.samples().get(indices[i]).label();
            }
        }
        return new Batch(images, labels, n);
    }

    private RgbImage readCounting(Path p) {
        try {
            return RgbImage.read(p);
        } catch (ImageDecodeException e) {
            unreadable.incrementAndGet();
            log.accept("skipping unreadable image: " + e.getMessage());
            return null;
        }
    }

    /** A 64-bit mix of (seed, a, b) for independent random streams. */
    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + b;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }
}
