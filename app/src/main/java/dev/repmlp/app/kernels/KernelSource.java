package dev.repmlp.app.kernels;

import dev.repmlp.app.concurrent.JobContext;
import dev.repmlp.app.inference.OnnxExport;
import dev.repmlp.engine.checkpoint.IncompatibleWeightsException;
import dev.repmlp.engine.checkpoint.Structure;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.infer.ClassNames;
import dev.repmlp.engine.infer.LoadedModel;
import dev.repmlp.engine.inspect.BlockShape;
import dev.repmlp.engine.inspect.EquivalenceReport;
import dev.repmlp.engine.inspect.KernelSlice;
import dev.repmlp.engine.inspect.KernelViews;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.onnx.OnnxExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Loaded weights seen through {@link KernelViews}: owns the {@link LoadedModel} and serialises
 * every call on it, so a slice, an equivalence check and closing never overlap. All methods block;
 * call them from jobs, never on the FX thread.
 */
final class KernelSource implements AutoCloseable {
    private final LoadedModel model;
    private final Path file;
    private final List<BlockShape> blocks;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private KernelSource(LoadedModel model, Path file) {
        this.model = model;
        this.file = file;
        this.blocks = KernelViews.blocks(model.net());
    }

    /**
     * Loads {@code weights}; {@code config} may be null when the file matches a preset.
     *
     * @throws ConfigNeededException when the file holds RepMLPNet weights of no preset and no
     *     config was given
     */
    static KernelSource open(Path weights, RepMlpNetConfig config) throws IOException {
        LoadedModel model;
        try {
            model = LoadedModel.load(weights, config);
        } catch (IncompatibleWeightsException e) {
            if (config == null) {
                Weights.Info info = Weights.describe(Weights.read(weights));
                if (info.structure() != Structure.UNKNOWN && info.preset() == null) {
                    throw new ConfigNeededException(
                            weights.getFileName()
                                    + " holds "
                                    + info.structure().label()
                                    + " RepMLPNet weights of no known preset: choose the JSON"
                                    + " config they were trained with.",
                            e);
                }
            }
            throw e;
        }
        try {
            return new KernelSource(model, weights);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /** e.g. "model-train.pth · RepMLPNet-Demo · train-time". */
    String description() {
        return file.getFileName()
                + " \u00b7 "
                + model.config().name()
                + " \u00b7 "
                + model.structure().label();
    }

    boolean isDeploy() {
        return model.structure() == Structure.DEPLOY;
    }

    List<BlockShape> blocks() {
        return blocks;
    }

    KernelSlice slice(int stage, int block, int shareset) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return KernelViews.slice(model.net(), stage, block, shareset);
        } finally {
            lock.readLock().unlock();
        }
    }

    Optional<EquivalenceReport> equivalence(long seed) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return KernelViews.equivalence(model.net(), seed);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Exports the loaded model's deploy-time structure as ONNX ({@link OnnxExport}). */
    OnnxExporter.Report exportOnnx(Path target, JobContext context) throws java.io.IOException {
        lock.readLock().lock();
        try {
            ensureOpen();
            RepMlpNet net = model.net();
            return OnnxExport.export(
                    net,
                    ClassNames.forWeights(file, net.config().numClass()),
                    file.getFileName().toString(),
                    target,
                    context);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Frees the model's native memory; waits for calls in progress. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(file.getFileName() + " was closed");
        }
    }

    /** The weights need an architecture chosen by the user. */
    static final class ConfigNeededException extends IOException {
        private static final long serialVersionUID = 1L;

        ConfigNeededException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
