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

    private Evaluator() {}

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
                (flat, n) -> {
                    try (NDManager sub = manager.newSubManager()) {
                        NDArray x = sub.create(flat, new Shape(n, 3, res, res));
                        return net.forward(new ParameterStore(sub, false), new NDList(x), false)
                                .singletonOrThrow()
                                .toFloatArray();
                    }
                },
                net.config().numClass(),
                data,
                res,
                batchSize,
                progress,
                transform);
    }

    /** A model as a function: n x 3 x res x res floats (row-major) to n x numClass logits. */
    public interface Logits {
        float[] apply(float[] images, int n);
    }

    /**
     * Evaluates any model given as {@link Logits} (e.g. an ONNX Runtime session) like {@link
     * #evaluate(RepMlpNet, ImageFolder, int, int, NDManager, Progress, IntFunction)}.
     */
    public static EvalResult evaluate(
            Logits model,
            int numClass,
            ImageFolder data,
            int res,
            int batchSize,
            Progress progress,
            IntFunction<float[]> transform) {
        int k = Math.min(5, numClass);
        List<ImageFolder.Sample> samples = data.samples();
        int batches = (samples.size() + batchSize - 1) / batchSize;
        long correct1 = 0;
        long correct5 = 0;
        double lossSum = 0;
        int seen = 0;
        int skipped = 0;
        for (int b = 0; b < batches; b++) {
            List<ImageFolder.Sample> chunk =
                    samples.subList(b * batchSize, Math.min(samples.size(), (b + 1) * batchSize));
            float[][] tensors = new float[chunk.size()][];
            int base = b * batchSize;
            IntStream.range(0, chunk.size())
                    .parallel()
                    .forEach(i -> tensors[i] = load(chunk.get(i), res, transform, base + i));
            List<float[]> ok = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                if (tensors[i] == null) {
                    skipped++;
                } else {
                    ok.add(tensors[i]);
                    labels.add(chunk.get(i).label());
                }
            }
            if (!ok.isEmpty()) {
                {
                    int n = ok.size();
                    int per = 3 * res * res;
                    float[] flat = new float[n * per];
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(ok.get(i), 0, flat, i * per, per);
                    }
                    float[] lg = model.apply(flat, n);
                    for (int i = 0; i < n; i++) {
                        int label = labels.get(i);
                        Scores sc = Scores.of(lg, i * numClass, numClass);
                        lossSum += sc.crossEntropy(label);
                        int rank = sc.rank(label);
                        if (rank < 1) {
                            correct1++;
                        }
                        if (rank < k) {
                            correct5++;
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
                skipped);
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
