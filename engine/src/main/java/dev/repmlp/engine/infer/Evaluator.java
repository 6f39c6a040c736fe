package dev.repmlp.engine.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.data.ImageDecodeException;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.data.RgbImage;
import dev.repmlp.engine.data.loader.Prefetcher;
import dev.repmlp.engine.model.RepMlpNet;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Over 500 lines, for now: one loop (the last totals(...), with prefetching loader threads) and
// its entry points: a RepMlpNet or any Logits model, an ImageFolder or Samples, with or without a
// reference net and an observer, with or without a worker count. Each overload only fills in
// defaults and delegates, so the loop exists once; folding the overloads into one request object
// (as the configs' builders do) would take most of the length away and is left to the evaluation
// work that changes these callers.
/**
 * Evaluates a net in eval mode over an {@link ImageFolder} with upstream's test preprocessing;
 * top-1, top-5 and mean cross-entropy, as upstream's test.py. Unreadable images are skipped and
 * counted.
 */
public final class Evaluator {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    /** Progress: batches done, batches in all, running top-1. */
    public interface Progress {
        void onBatch(int done, int total, double runningTop1);
    }

    /**
     * Sees each readable sample's scores as it is evaluated, in sample order, on the evaluating
     * thread. The {@link Scores} are views of the batch's logits: valid only during the call.
     */
    public interface Observer {
        /**
         * @param index the sample's index in the {@link Samples}
         * @param label its class index
         * @param scores the evaluated model's logits for it
         * @param reference the reference model's logits for the same input, or null when there is
         *     no reference model
         */
        void onSample(int index, int label, Scores scores, Scores reference);
    }

    private Evaluator() {}

    /**
     * What {@link #evaluate(RepMlpNet, Samples, int, int, NDManager, Progress)} runs over: CHW
     * tensors and labels by index. {@link #tensor} may be called from several threads at once.
     */
    public interface Samples {
        /** Number of samples. */
        int size();

        /** The 3 x res x res CHW tensor of sample {@code i}, or null when it is unreadable. */
        float[] tensor(int i);

        /** The class index of sample {@code i}. */
        int label(int i);

        /** Sample {@code i} for messages: its file where there is one. */
        default String describe(int i) {
            return "sample " + i;
        }
    }

    /**
     * @param res resolution (short side resize + centre crop)
     * @param transform CHW floats for an image, or null for {@link Preprocess#eval}
     */
    public static EvalResult evaluate(
            RepMlpNet net,
            ImageFolder data,
            int res,
            int batchSize,
            NDManager manager,
            Progress progress,
            IntFunction<float[]> transform) {
        return evaluate(
                        net,
                        data,
                        res,
                        batchSize,
                        manager,
                        progress,
                        transform,
                        0,
                        data.samples().size())
                .result();
    }

    /**
     * Evaluates the samples {@code [from, to)} in batches that start at {@code from}. With {@code
     * from} a multiple of {@code batchSize}, the batches are the very ones the whole-dataset
     * evaluation runs, so each image's logits, and the summed counts, are the same.
     *
     * @param res resolution (short side resize + centre crop)
     * @param transform CHW floats for an image (by sample index), or null for {@link
     *     Preprocess#eval}
     * @throws IndexOutOfBoundsException when the range is not within the samples
     */
    public static EvalTotals evaluate(
            RepMlpNet net,
            ImageFolder data,
            int res,
            int batchSize,
            NDManager manager,
            Progress progress,
            IntFunction<float[]> transform,
            int from,
            int to) {
        return evaluate(
                net,
                data,
                res,
                batchSize,
                manager,
                progress,
                transform,
                from,
                to,
                Prefetcher.defaultWorkers());
    }

    /**
     * {@link #evaluate(RepMlpNet, ImageFolder, int, int, NDManager, Progress, IntFunction, int,
     * int)} with {@code workers} loader threads (>= 1; the results do not depend on them).
     */
    public static EvalTotals evaluate(
            RepMlpNet net,
            ImageFolder data,
            int res,
            int batchSize,
            NDManager manager,
            Progress progress,
            IntFunction<float[]> transform,
            int from,
            int to,
            int workers) {
        return totals(
                forward(net, res, manager),
                null,
                net.config().numClass(),
                source(data, res, transform, from, to),
                res,
                batchSize,
                progress,
                null,
                workers);
    }

    /**
     * Evaluates any model given as {@link Logits} (e.g. an ONNX Runtime session) over a folder like
     * {@link #evaluate(RepMlpNet, ImageFolder, int, int, NDManager, Progress, IntFunction)}.
     */
    public static EvalResult evaluate(
            Logits model,
            int numClass,
            ImageFolder data,
            int res,
            int batchSize,
            Progress progress,
            IntFunction<float[]> transform) {
        return evaluate(
                model,
                numClass,
                data,
                res,
                batchSize,
                progress,
                transform,
                Prefetcher.defaultWorkers());
    }

    /**
     * {@link #evaluate(Logits, int, ImageFolder, int, int, Progress, IntFunction)} with {@code
     * workers} loader threads (>= 1).
     */
    public static EvalResult evaluate(
            Logits model,
            int numClass,
            ImageFolder data,
            int res,
            int batchSize,
            Progress progress,
            IntFunction<float[]> transform,
            int workers) {
        return totals(
                        model,
                        null,
                        numClass,
                        source(data, res, transform, 0, data.samples().size()),
                        res,
                        batchSize,
                        progress,
                        null,
                        workers)
                .result();
    }

    /** A model as a function: n x 3 x res x res floats (row-major) to n x numClass logits. */
    public interface Logits {
        float[] apply(float[] images, int n);

        /**
         * The same for the images in a direct buffer of native byte order ({@code n x 3 x res x
         * res} floats from position 0), as the loader hands them out: this default copies them to
         * the heap; a model that can take the buffer as it is (a DJL net: no copy) overrides it.
         */
        default float[] apply(ByteBuffer images, int n) {
            float[] flat = new float[images.remaining() / Float.BYTES];
            images.asFloatBuffer().get(flat);
            return apply(flat, n);
        }
    }

    /** The samples {@code [from, to)} of a folder, decoded and preprocessed on demand. */
    private static Samples source(
            ImageFolder data, int res, IntFunction<float[]> transform, int from, int to) {
        List<ImageFolder.Sample> samples = data.samples().subList(from, to);
        return new Samples() {
            @Override
            public int size() {
                return samples.size();
            }

            @Override
            public float[] tensor(int i) {
                return load(samples.get(i), res, transform, from + i);
            }

            @Override
            public int label(int i) {
                return samples.get(i).label();
            }

            @Override
            public String describe(int i) {
                return samples.get(i).path().toString();
            }
        };
    }

    /**
     * The evaluation loop shared by {@code repmlp test} and training's validation: eval-mode
     * forward passes over {@code samples} in batches of {@code batchSize} (the next batch's tensors
     * loaded ahead on worker threads, its arrays on a sub-manager of {@code manager} closed after
     * it); unreadable samples are skipped and counted.
     *
     * @param res the tensors' resolution: each is 3 x res x res
     * @param progress told after each batch, or null
     * @return top-1/top-5 in percent (0 when no image was read) and mean cross-entropy (NaN then)
     */
    public static EvalResult evaluate(
            RepMlpNet net,
            Samples samples,
            int res,
            int batchSize,
            NDManager manager,
            Progress progress) {
        return totals(net, samples, res, batchSize, manager, progress).result();
    }

    /**
     * Like {@link #evaluate(RepMlpNet, Samples, int, int, NDManager, Progress)}, also running
     * {@code reference} (or null; same classes) on the same inputs and telling {@code observer} (or
     * null) every readable sample's scores.
     */
    public static EvalResult evaluate(
            RepMlpNet net,
            RepMlpNet reference,
            Samples samples,
            int res,
            int batchSize,
            NDManager manager,
            Progress progress,
            Observer observer) {
        return evaluate(
                net,
                reference,
                samples,
                res,
                batchSize,
                manager,
                progress,
                observer,
                Prefetcher.defaultWorkers());
    }

    /**
     * {@link #evaluate(RepMlpNet, RepMlpNet, Samples, int, int, NDManager, Progress, Observer)}
     * with {@code workers} loader threads (>= 1).
     */
    public static EvalResult evaluate(
            RepMlpNet net,
            RepMlpNet reference,
            Samples samples,
            int res,
            int batchSize,
            NDManager manager,
            Progress progress,
            Observer observer,
            int workers) {
        return totals(
                        forward(net, res, manager),
                        reference == null ? null : forward(reference, res, manager),
                        net.config().numClass(),
                        samples,
                        res,
                        batchSize,
                        progress,
                        observer,
                        workers)
                .result();
    }

    /**
     * Like {@link #evaluate(RepMlpNet, ImageFolder, int, int, NDManager, Progress, IntFunction)}
     * with a reference net and an observer (see {@link #evaluate(RepMlpNet, RepMlpNet, Samples,
     * int, int, NDManager, Progress, Observer)}); the observer's index is the image's index in
     * {@link ImageFolder#samples()}.
     */
    public static EvalResult evaluate(
            RepMlpNet net,
            RepMlpNet reference,
            ImageFolder data,
            int res,
            int batchSize,
            NDManager manager,
            Progress progress,
            IntFunction<float[]> transform,
            Observer observer) {
        return evaluate(
                net,
                reference,
                data,
                res,
                batchSize,
                manager,
                progress,
                transform,
                observer,
                Prefetcher.defaultWorkers());
    }

    /**
     * {@link #evaluate(RepMlpNet, RepMlpNet, ImageFolder, int, int, NDManager, Progress,
     * IntFunction, Observer)} with {@code workers} loader threads (>= 1).
     */
    public static EvalResult evaluate(
            RepMlpNet net,
            RepMlpNet reference,
            ImageFolder data,
            int res,
            int batchSize,
            NDManager manager,
            Progress progress,
            IntFunction<float[]> transform,
            Observer observer,
            int workers) {
        return evaluate(
                net,
                reference,
                source(data, res, transform, 0, data.samples().size()),
                res,
                batchSize,
                manager,
                progress,
                observer,
                workers);
    }

    /**
     * A net's eval-mode forward pass as {@link Logits}, its arrays on a sub-manager per call; the
     * loader's direct buffers go in without a copy on the CPU (closed with the sub-manager before
     * the call returns, so the buffer can be reused after it).
     */
    private static Logits forward(RepMlpNet net, int res, NDManager manager) {
        return new Logits() {
            @Override
            public float[] apply(float[] flat, int n) {
                try (NDManager sub = manager.newSubManager()) {
                    return run(sub, sub.create(flat, new Shape(n, 3, res, res)));
                }
            }

            @Override
            public float[] apply(ByteBuffer images, int n) {
                try (NDManager sub = manager.newSubManager()) {
                    return run(
                            sub, sub.create(images, new Shape(n, 3, res, res), DataType.FLOAT32));
                }
            }

            private float[] run(NDManager sub, NDArray x) {
                return net.forward(new ParameterStore(sub, false), new NDList(x), false)
                        .singletonOrThrow()
                        .toFloatArray();
            }
        };
    }

    /**
     * The counts behind {@link #evaluate(RepMlpNet, Samples, int, int, NDManager, Progress)}, which
     * add up exactly over parts of a dataset (the loss sum is exact).
     */
    public static EvalTotals totals(
            RepMlpNet net,
            Samples samples,
            int res,
            int batchSize,
            NDManager manager,
            Progress progress) {
        return totals(
                forward(net, res, manager),
                net.config().numClass(),
                samples,
                res,
                batchSize,
                progress);
    }

    /**
     * The loop of {@link #totals(RepMlpNet, Samples, int, int, NDManager, Progress)} for any model.
     */
    public static EvalTotals totals(
            Logits model,
            int numClass,
            Samples samples,
            int res,
            int batchSize,
            Progress progress) {
        return totals(model, null, numClass, samples, res, batchSize, progress, null);
    }

    /**
     * The loop itself: like {@link #totals(Logits, int, Samples, int, int, Progress)}, also running
     * {@code reference} (or null; same classes) on each batch and telling {@code observer} (or
     * null) each readable sample's scores. Accuracy and loss are {@code model}'s.
     */
    public static EvalTotals totals(
            Logits model,
            Logits reference,
            int numClass,
            Samples samples,
            int res,
            int batchSize,
            Progress progress,
            Observer observer) {
        return totals(
                model,
                reference,
                numClass,
                samples,
                res,
                batchSize,
                progress,
                observer,
                Prefetcher.defaultWorkers());
    }

    /**
     * The loop itself: {@code workers} threads decode and preprocess the next batch while the model
     * runs on the current one (see {@link Prefetcher}); at most two batches of tensors are in
     * memory, whatever the number of samples. The results do not depend on {@code workers}.
     *
     * @param workers loader threads (>= 1)
     */
    public static EvalTotals totals(
            Logits model,
            Logits reference,
            int numClass,
            Samples samples,
            int res,
            int batchSize,
            Progress progress,
            Observer observer,
            int workers) {
        int k = Math.min(5, numClass);
        int size = samples.size();
        int batches = (size + batchSize - 1) / batchSize;
        long correct1 = 0;
        long correct5 = 0;
        BigDecimal lossSum = BigDecimal.ZERO;
        double nonFinite = 0;
        int seen = 0;
        int skipped = 0;
        int nonFiniteImages = 0;
        int per = 3 * res * res;
        // at most (1 + ahead) batches of tensors in memory; the next ones load while this one runs
        try (Prefetcher loader = new Prefetcher(workers, "eval-loader");
                Prefetcher.Pass pass =
                        loader.stream(
                                batches,
                                b -> {
                                    int base = b * batchSize;
                                    int count = Math.min(size, base + batchSize) - base;
                                    int[] idx = new int[count];
                                    for (int i = 0; i < count; i++) {
                                        idx[i] = base + i;
                                    }
                                    return idx;
                                },
                                new Prefetcher.SampleLoader() {
                                    @Override
                                    public float[] load(int sample) {
                                        return samples.tensor(sample);
                                    }

                                    @Override
                                    public String describe(int sample) {
                                        return samples.describe(sample);
                                    }
                                },
                                per,
                                1)) {
            for (int b = 0; b < batches; b++) {
                Prefetcher.Batch batch = pass.next();
                skipped += batch.skipped().length;
                int n = batch.size();
                if (n > 0) {
                    float[] lg = model.apply(batch.bytes(), n);
                    float[] rl = reference == null ? null : reference.apply(batch.bytes(), n);
                    for (int i = 0; i < n; i++) {
                        int index = batch.samples()[i];
                        int label = samples.label(index);
                        Scores sc = Scores.of(lg, i * numClass, numClass);
                        if (!sc.isFinite()) {
                            nonFiniteImages++;
                        }
                        double ce = sc.crossEntropy(label);
                        if (Double.isFinite(ce)) {
                            lossSum = lossSum.add(new BigDecimal(ce));
                        } else {
                            nonFinite += ce;
                        }
                        int rank = sc.rank(label);
                        if (rank < 1) {
                            correct1++;
                        }
                        if (rank < k) {
                            correct5++;
                        }
                        if (observer != null) {
                            observer.onSample(
                                    index,
                                    label,
                                    sc,
                                    rl == null ? null : Scores.of(rl, i * numClass, numClass));
                        }
                    }
                    seen += n;
                }
                // the models are done with its tensors (their arrays closed): the buffer goes back
                batch.release();
                if (progress != null) {
                    progress.onBatch(b + 1, batches, seen == 0 ? 0 : 100.0 * correct1 / seen);
                }
            }
        }
        return new EvalTotals(
                correct1, correct5, lossSum, nonFinite, seen, skipped, nonFiniteImages);
    }

    private static float[] load(
            ImageFolder.Sample s, int res, IntFunction<float[]> transform, int index) {
        try {
            if (transform != null) {
                return transform.apply(index);
            }
            return Preprocess.eval(RgbImage.read(s.path()), res);
        } catch (ImageDecodeException e) {
            LOG.warn("skipping unreadable image: {}", e.getMessage());
            return null;
        }
    }
}
