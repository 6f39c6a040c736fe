package dev.repmlp.engine.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.data.ImageDecodeException;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.data.RgbImage;
import dev.repmlp.engine.model.RepMlpNet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
         * @param scores the evaluated net's logits for it
         * @param reference the reference net's logits for the same input, or null when there is no
         *     reference net
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
        return evaluate(net, null, data, res, batchSize, manager, progress, transform, null);
    }

    /**
     * Like {@link #evaluate(RepMlpNet, ImageFolder, int, int, NDManager, Progress, IntFunction)},
     * also running {@code reference} (or null) on the same inputs and telling {@code observer} (or
     * null) every readable image's scores; the observer's index is the image's index in {@link
     * ImageFolder#samples()}.
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
        List<ImageFolder.Sample> samples = data.samples();
        Samples source =
                new Samples() {
                    @Override
                    public int size() {
                        return samples.size();
                    }

                    @Override
                    public float[] tensor(int i) {
                        return load(samples.get(i), res, transform, i);
                    }

                    @Override
                    public int label(int i) {
                        return samples.get(i).label();
                    }
                };
        return evaluate(net, reference, source, res, batchSize, manager, progress, observer);
    }

    /**
     * The evaluation loop shared by {@code repmlp test} and training's validation: eval-mode
     * forward passes over {@code samples} in batches of {@code batchSize} (each batch's tensors
     * fetched in parallel, its arrays on a sub-manager of {@code manager} closed after it);
     * unreadable samples are skipped and counted.
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
        return evaluate(net, null, samples, res, batchSize, manager, progress, null);
    }

    /**
     * The loop itself: like {@link #evaluate(RepMlpNet, Samples, int, int, NDManager, Progress)},
     * also running {@code reference} (or null; same classes) on each batch and telling {@code
     * observer} (or null) each readable sample's scores. Accuracy and loss are {@code net}'s.
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
        int numClass = net.config().numClass();
        int k = Math.min(5, numClass);
        int size = samples.size();
        int batches = (size + batchSize - 1) / batchSize;
        long correct1 = 0;
        long correct5 = 0;
        double lossSum = 0;
        int seen = 0;
        int skipped = 0;
        int nonFinite = 0;
        for (int b = 0; b < batches; b++) {
            int base = b * batchSize;
            int count = Math.min(size, base + batchSize) - base;
            float[][] tensors = new float[count][];
            IntStream.range(0, count)
                    .parallel()
                    .forEach(i -> tensors[i] = samples.tensor(base + i));
            List<float[]> ok = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (tensors[i] == null) {
                    skipped++;
                } else {
                    ok.add(tensors[i]);
                    labels.add(samples.label(base + i));
                    indices.add(base + i);
                }
            }
            if (!ok.isEmpty()) {
                try (NDManager sub = manager.newSubManager()) {
                    int n = ok.size();
                    int per = 3 * res * res;
                    float[] flat = new float[n * per];
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(ok.get(i), 0, flat, i * per, per);
                    }
                    NDArray x = sub.create(flat, new Shape(n, 3, res, res));
                    NDArray logits =
                            net.forward(new ParameterStore(sub, false), new NDList(x), false)
                                    .singletonOrThrow();
                    float[] lg = logits.toFloatArray();
                    float[] rl =
                            reference == null
                                    ? null
                                    : reference
                                            .forward(
                                                    new ParameterStore(sub, false),
                                                    new NDList(x),
                                                    false)
                                            .singletonOrThrow()
                                            .toFloatArray();
                    for (int i = 0; i < n; i++) {
                        int label = labels.get(i);
                        Scores sc = Scores.of(lg, i * numClass, numClass);
                        if (!sc.isFinite()) {
                            nonFinite++;
                        }
                        lossSum += sc.crossEntropy(label);
                        int rank = sc.rank(label);
                        if (rank < 1) {
                            correct1++;
                        }
                        if (rank < k) {
                            correct5++;
                        }
                        if (observer != null) {
                            observer.onSample(
                                    indices.get(i),
                                    label,
                                    sc,
                                    rl == null ? null : Scores.of(rl, i * numClass, numClass));
                        }
                    }
                    seen += n;
                }
            }
            if (progress != null) {
                progress.onBatch(b + 1, batches, seen == 0 ? 0 : 100.0 * correct1 / seen);
            }
        }
        return new EvalResult(
                seen == 0 ? 0 : 100.0 * correct1 / seen,
                seen == 0 ? 0 : 100.0 * correct5 / seen,
                seen == 0 ? Double.NaN : lossSum / seen,
                seen,
                skipped,
                nonFinite);
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
