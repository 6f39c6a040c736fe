package dev.repmlp.engine.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code .onnx} classifier run by ONNX Runtime (CPU): NCHW float32 images in, logits out. Reads
 * the workbench's metadata (config, resolution, mean/std, class names) when the file has it. Thread
 * safe: ONNX Runtime sessions may run concurrently. Close it to free the native session.
 */
public final class OnnxModel implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Path file;
    private final String inputName;
    private final long[] inputShape;
    private final Map<String, String> metadata;
    private final int numClass;

    private OnnxModel(OrtEnvironment env, OrtSession session, Path file) throws OrtException {
        this.env = env;
        this.session = session;
        this.file = file;
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (inputs.size() != 1 || session.getNumOutputs() < 1) {
            throw new IllegalArgumentException(
                    file
                            + " has "
                            + inputs.size()
                            + " inputs; an image classifier with one input (N x C x H x W) is"
                            + " needed");
        }
        Map.Entry<String, NodeInfo> in = inputs.entrySet().iterator().next();
        inputName = in.getKey();
        if (!(in.getValue().getInfo() instanceof TensorInfo ti) || ti.getShape().length != 4) {
            throw new IllegalArgumentException(
                    file + ": input '" + inputName + "' is not a 4-D tensor (N x C x H x W)");
        }
        inputShape = ti.getShape();
        NodeInfo first = session.getOutputInfo().values().iterator().next();
        numClass =
                first.getInfo() instanceof TensorInfo oi && oi.getShape().length == 2
                        ? (int) oi.getShape()[1]
                        : -1;
        metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
    }

    /**
     * Opens {@code file} with ONNX Runtime.
     *
     * @param threads intra-op threads, or 0 for ONNX Runtime's default (all cores)
     * @throws IOException when the file is missing or ONNX Runtime cannot load it (message says
     *     why)
     */
    public static OnnxModel load(Path file, int threads) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such ONNX file");
        }
        OrtEnvironment env = environment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // no busy-waiting of idle pool threads: the workbench runs libtorch in the same
            // process (Compare page, verification), and spinning threads would steal its cores
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (threads > 0) {
                opts.setIntraOpNumThreads(threads);
                opts.setInterOpNumThreads(1);
            }
            OrtSession s = env.createSession(file.toString(), opts);
            try {
                return new OnnxModel(env, s, file);
            } catch (OrtException | RuntimeException e) {
                s.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IOException(
                    file + " cannot be loaded by ONNX Runtime: " + firstLine(e.getMessage()), e);
        }
    }

    /** The process-wide ONNX Runtime environment, logging warnings and errors only. */
    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "repmlp");
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public Path file() {
        return file;
    }

    /** Input shape as declared, -1 for symbolic dimensions (e.g. a dynamic batch). */
    public long[] inputShape() {
        return inputShape.clone();
    }

    /** The fixed batch size of the input, or -1 when the batch is dynamic. */
    public long fixedBatch() {
        return inputShape[0];
    }

    /** Input height in pixels (the exported resolution), or -1 when symbolic. */
    public int imageSize() {
        return (int) inputShape[2];
    }

    /** Logits per image (the output's second dimension), or -1 when not declared. */
    public int numClass() {
        return numClass;
    }

    /** The model's custom metadata (metadata_props). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The RepMLPNet config the file was exported from, when it was written by the workbench. */
    public Optional<RepMlpNetConfig> config() {
        String json = metadata.get(OnnxExporter.META_CONFIG);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RepMlpNetConfig.parseJson(json));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Class names stored in the file (one per logit), or empty. */
    public Optional<List<String>> classNames() {
        String json = metadata.get(OnnxExporter.META_CLASS_NAMES);
        if (json == null) {
            return Optional.empty();
        }
        try {
            List<String> names =
                    List.of(
                            new com.fasterxml.jackson.databind.ObjectMapper()
                                    .readValue(json, String[].class));
            return Optional.of(names);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Logits of {@code n} images. A file exported with a fixed batch B runs in chunks of B (the
     * last one padded with zeros).
     *
     * @param images n x C x H x W float32, row-major (H = W = {@link #imageSize()})
     * @return n x K logits, row-major
     * @throws IllegalArgumentException when the size does not match the model's input
     * @throws IllegalStateException when ONNX Runtime fails
     */
    public float[] logits(float[] images, int n) {
        long per = imageFloats(images.length, n);
        int fixed = (int) inputShape[0];
        if (fixed <= 0 || fixed == n) {
            return run(FloatBuffer.wrap(images), n);
        }
        float[] out = null;
        int k = 0;
        for (int start = 0; start < n; start += fixed) {
            int m = Math.min(fixed, n - start);
            float[] chunk = new float[(int) (fixed * per)];
            System.arraycopy(images, (int) (start * per), chunk, 0, (int) (m * per));
            float[] lg = run(FloatBuffer.wrap(chunk), fixed);
            if (out == null) {
                k = lg.length / fixed;
                out = new float[n * k];
            }
            System.arraycopy(lg, 0, out, start * k, m * k);
        }
        return out;
    }

    /**
     * {@link #logits(float[], int)} of images in a buffer ({@code images.remaining()} floats from
     * its position): a direct buffer of native byte order (the loader's batches) goes to ONNX
     * Runtime without a copy when the file takes this batch size; otherwise it is copied first.
     *
     * @throws IllegalArgumentException when the size does not match the model's input
     * @throws IllegalStateException when ONNX Runtime fails
     */
    public float[] logits(FloatBuffer images, int n) {
        int fixed = (int) inputShape[0];
        if (!images.isDirect()
                || images.order() != ByteOrder.nativeOrder()
                || (fixed > 0 && fixed != n)) {
            float[] copy = new float[images.remaining()];
            images.duplicate().get(copy);
            return logits(copy, n);
        }
        imageFloats(images.remaining(), n);
        return run(images.slice(), n);
    }

    /**
     * Floats per image of the model's input, checking that {@code length} floats are {@code n} of
     * them.
     */
    private long imageFloats(long length, int n) {
        long per = 1;
        for (int i = 1; i < 4; i++) {
            if (inputShape[i] < 0) {
                throw new IllegalArgumentException(
                        file + " has a symbolic image dimension; export with a fixed resolution");
            }
            per *= inputShape[i];
        }
        if ((long) n * per != length || n < 1) {
            throw new IllegalArgumentException(
                    length
                            + " values are not "
                            + n
                            + " images of "
                            + inputShape[1]
                            + "x"
                            + inputShape[2]
                            + "x"
                            + inputShape[3]
                            + " as "
                            + file.getFileName()
                            + " needs");
        }
        return per;
    }

    /** One session run; a direct buffer is used as it is, a heap one copied by ONNX Runtime. */
    private float[] run(FloatBuffer images, int n) {
        long[] shape = inputShape.clone();
        shape[0] = n;
        try (OnnxTensor t = OnnxTensor.createTensor(env, images, shape);
                OrtSession.Result r = session.run(Map.of(inputName, t))) {
            OnnxTensor out = (OnnxTensor) r.get(0);
            FloatBuffer fb = out.getFloatBuffer();
            float[] logits = new float[fb.remaining()];
            fb.get(logits);
            return logits;
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed on " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
