package dev.repmlp.engine.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exports a RepMLPNet to ONNX: the deploy-time structure (train-time nets are locality-injected
 * first, on a copy) with the remaining BatchNorms folded ({@link DeployGraph}), input {@value
 * #INPUT} N x C x R x R float32, output {@value #OUTPUT} N x num_class.
 *
 * <p>Every export verifies itself: the file is written under a temporary name, run by ONNX Runtime
 * on a random batch and compared with the DJL deploy-time model; only when the max |logit
 * difference| is at most {@link #TOLERANCE} is it renamed to the target (atomically). Otherwise
 * nothing is left behind and {@link OnnxVerificationException} is thrown.
 */
public final class OnnxExporter {
    private OnnxExporter() {}

    public static final String INPUT = "images";
    public static final String OUTPUT = "logits";
    public static final String META_CONFIG = "repmlp.config";
    public static final String META_CLASS_NAMES = "repmlp.class_names";
    public static final String META_STRUCTURE = "repmlp.structure";
    public static final String META_RESOLUTION = "repmlp.resolution";
    public static final String META_MEAN = "repmlp.mean";
    public static final String META_STD = "repmlp.std";
    public static final String META_PRESET = "repmlp.preset";
    public static final String META_SOURCE = "repmlp.source";

    /** Lowest supported opset (MatMul/Reshape/Transpose as used here). */
    public static final int MIN_OPSET = 13;

    /** Highest supported opset (ONNX Runtime 1.21 runs up to 22; Gelu from 20). */
    public static final int MAX_OPSET = 21;

    /** Default opset: widely supported and checkable by onnx 1.12. */
    public static final int DEFAULT_OPSET = 17;

    /** Largest serialized model: protobuf messages are limited to 2 GiB. */
    static final long MAX_BYTES = Integer.MAX_VALUE;

    /** Largest max |logit difference| an export may have against the DJL deploy model. */
    public static final double TOLERANCE = 1e-4;

    /**
     * What to write.
     *
     * @param opset default-domain opset, {@value #MIN_OPSET}..{@value #MAX_OPSET}
     * @param batch fixed batch size, or 0 for a dynamic batch dimension {@code N}
     * @param classNames names of the logits (stored as metadata), or null
     * @param source where the weights came from (stored as metadata), or null
     */
    public record Options(int opset, int batch, List<String> classNames, String source) {
        public Options {
            if (opset < MIN_OPSET || opset > MAX_OPSET) {
                throw new IllegalArgumentException(
                        "opset "
                                + opset
                                + " is not supported: choose "
                                + MIN_OPSET
                                + " to "
                                + MAX_OPSET
                                + " (default "
                                + DEFAULT_OPSET
                                + ")");
            }
            if (batch < 0) {
                throw new IllegalArgumentException(
                        "batch " + batch + " is not valid: use a positive size or dynamic");
            }
            classNames = classNames == null ? null : List.copyOf(classNames);
        }

        public static Options defaults() {
            return new Options(DEFAULT_OPSET, 0, null, null);
        }
    }

    /**
     * What was written and how it verified.
     *
     * @param file the .onnx file
     * @param bytes its size
     * @param nodes graph nodes
     * @param ops nodes per op type
     * @param weights float weights stored (initializer elements)
     * @param maxAbsDiff max |logit difference| of ONNX Runtime to the DJL deploy model
     * @param checkedImages images of the random verification batch
     */
    public record Report(
            Path file,
            long bytes,
            int nodes,
            Map<String, Integer> ops,
            long weights,
            double maxAbsDiff,
            int checkedImages) {}

    /** ONNX IR version that goes with an opset (the lowest one that allows it). */
    static long irVersionFor(int opset) {
        if (opset <= 13) {
            return 7;
        }
        if (opset <= 18) {
            return 8;
        }
        if (opset <= 20) {
            return 9;
        }
        return 10;
    }

    /** The graph and its ModelProto for a deploy-time state_dict, not written anywhere. */
    static ProtoMessage modelProto(
            RepMlpNetConfig config, StateDict deployState, Options opts, OnnxGraph[] graphOut) {
        OnnxGraph g = DeployGraph.build(config, deployState, opts.opset());
        if (graphOut != null) {
            graphOut[0] = g;
        }
        Long batch = opts.batch() == 0 ? null : (long) opts.batch();
        long r = config.imageSize();
        ProtoMessage input =
                OnnxGraph.floatValue(
                        INPUT, new Long[] {batch, (long) config.inChannels(), r, r}, "N");
        ProtoMessage output =
                OnnxGraph.floatValue(OUTPUT, new Long[] {batch, (long) config.numClass()}, "N");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_PRESET, config.name());
        meta.put(META_CONFIG, config.toJson());
        meta.put(
                META_STRUCTURE,
                "deploy-time (locality-injected), remaining BatchNorms folded except prebn1");
        meta.put(META_RESOLUTION, Long.toString(r));
        meta.put(META_MEAN, join(Preprocess.IMAGENET_MEAN));
        meta.put(META_STD, join(Preprocess.IMAGENET_STD));
        if (opts.classNames() != null) {
            try {
                meta.put(
                        META_CLASS_NAMES,
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .writeValueAsString(opts.classNames()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        if (opts.source() != null) {
            meta.put(META_SOURCE, opts.source());
        }
        String doc =
                config.name()
                        + " (RepMLPNet, Ding et al. CVPR 2022) at "
                        + r
                        + "x"
                        + r
                        + ": input images N x "
                        + config.inChannels()
                        + " x "
                        + r
                        + " x "
                        + r
                        + " normalised with ImageNet mean/std, output logits N x "
                        + config.numClass();
        return g.model(
                config.name(),
                input,
                output,
                irVersionFor(opts.opset()),
                opts.opset(),
                dev.repmlp.engine.EngineInfo.class.getPackage().getImplementationVersion() == null
                        ? "dev"
                        : dev.repmlp.engine.EngineInfo.class
                                .getPackage()
                                .getImplementationVersion(),
                doc,
                meta);
    }

    private static String join(float[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(v[i]);
        }
        return b.toString();
    }

    /**
     * Exports {@code net} (train-time or deploy-time; left unchanged) to {@code target} and
     * verifies the written file with ONNX Runtime against the DJL deploy-time model.
     *
     * @throws OnnxVerificationException when ONNX Runtime's logits differ by more than {@link
     *     #TOLERANCE} (no file is left)
     * @throws IOException when the file cannot be written or ONNX Runtime cannot load it (no file
     *     is left)
     */
    public static Report export(RepMlpNet net, Path target, Options opts) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(
                    target.toString(), null, "the folder does not exist (create it first)");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            RepMlpNet deploy = net.isDeploy() ? net : NetState.deployCopy(net, manager);
            StateDict sd = Weights.export(deploy);
            OnnxGraph[] graph = new OnnxGraph[1];
            ProtoMessage model = modelProto(net.config(), sd, opts, graph);
            sd = null; // the proto holds the fused copies it needs
            if (model.size() > MAX_BYTES) {
                throw new IllegalArgumentException(
                        String.format(
                                Locale.ROOT,
                                "the ONNX model would be %.2f GB, over protobuf's 2 GB limit for"
                                        + " one file (external weight data is not supported);"
                                        + " export at a lower resolution (-r)",
                                model.size() / 1e9));
            }
            Path tmp =
                    dir.resolve(
                            "."
                                    + abs.getFileName()
                                    + "."
                                    + Long.toHexString(ThreadLocalRandom.current().nextLong())
                                    + ".tmp");
            boolean done = false;
            try {
                try (FileChannel ch =
                        FileChannel.open(
                                tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    OutputStream out =
                            new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                    model.writeTo(out);
                    out.flush();
                    ch.force(true);
                } catch (IOException e) {
                    throw new IOException("cannot write " + target + ": " + describe(e), e);
                }
                int n = opts.batch() == 0 ? 2 : opts.batch();
                double diff = verify(deploy, tmp, n, manager);
                if (!(diff <= TOLERANCE)) {
                    throw new OnnxVerificationException(
                            String.format(
                                    Locale.ROOT,
                                    "export of %s failed verification: ONNX Runtime's logits differ"
                                            + " from the DJL deploy model by %.3e (more than"
                                            + " %.0e); no file written",
                                    target,
                                    diff,
                                    TOLERANCE),
                            diff);
                }
                long bytes = Files.size(tmp);
                try {
                    Files.move(
                            tmp,
                            abs,
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
                done = true;
                return new Report(
                        target,
                        bytes,
                        graph[0].nodeCount(),
                        Map.copyOf(graph[0].opCounts()),
                        graph[0].initializerElements(),
                        diff,
                        n);
            } finally {
                if (!done) {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }

    /** Max |logit difference| between ONNX Runtime on {@code file} and the DJL deploy model. */
    private static double verify(RepMlpNet deploy, Path file, int n, NDManager manager)
            throws IOException {
        RepMlpNetConfig c = deploy.config();
        int r = c.imageSize();
        float[] x = new float[n * c.inChannels() * r * r];
        Random rnd = new Random(20220308L);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        float[] want;
        try (NDManager sub = manager.newSubManager()) {
            NDArray in = sub.create(x, new Shape(n, c.inChannels(), r, r));
            want =
                    deploy.forward(new ParameterStore(sub, false), new NDList(in), false)
                            .singletonOrThrow()
                            .toFloatArray();
        }
        float[] got;
        try (OnnxModel m = OnnxModel.load(file, 0)) {
            got = m.logits(x, n);
        }
        return maxAbsDiff(want, got);
    }

    /** max_i |a_i - b_i|; infinite when the lengths differ, NaN when any value is NaN. */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            double e = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(e)) {
                return Double.NaN;
            }
            d = Math.max(d, e);
        }
        return d;
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied (" + a.getFile() + ")";
        }
        if (e instanceof NoSuchFileException nf) {
            return "no such file or directory (" + nf.getFile() + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + " (" + f.getFile() + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Shape helper for messages. */
    static String shape(long... dims) {
        return Arrays.toString(dims);
    }
}
