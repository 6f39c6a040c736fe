package dev.repmlp.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.List;

/**
 * Base of every RepMLPNet module: a DJL block whose parameter shapes are fixed at construction
 * (from the config, as in PyTorch) and which can list its state under upstream's key names.
 */
public abstract class RepMlpModule extends AbstractBlock {

    private static final byte VERSION = 1;

    protected RepMlpModule() {
        super(VERSION);
    }

    /** Appends this module's state entries, in upstream's registration order, to {@code out}. */
    public abstract void collectState(String prefix, List<StateSlot> out);

    /** Creates and registers a parameter with a fixed shape and PyTorch-style initialiser. */
    protected final Parameter param(
            String name, Parameter.Type type, Shape shape, Initializer init, boolean grad) {
        return addParameter(
                Parameter.builder()
                        .setName(name)
                        .setType(type)
                        .optShape(shape)
                        .optInitializer(init)
                        .optRequiresGrad(grad)
                        .build());
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        // Parameter shapes come from the config, not from the input shape.
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    /** The parameter's value on the input's device. */
    protected static NDArray value(ParameterStore store, Parameter p, NDArray like, boolean train) {
        return store.getValue(p, like.getDevice(), train);
    }

    /**
     * Runs {@code body} on {@code x} in its own native-memory scope: every intermediate result is
     * freed when the body returns, only the output is kept (on {@code x}'s manager). DJL keeps op
     * results alive until their manager closes, so without this a forward pass holds all
     * activations of the whole network at once (gigabytes for a batch of 16 at 224). Autograd is
     * unaffected: libtorch keeps what backward needs by reference.
     */
    public static NDArray scoped(NDArray x, java.util.function.UnaryOperator<NDArray> body) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            x.tempAttach(scope);
            NDArray out = body.apply(x);
            out.attach(parent);
            return out;
        }
    }

    /**
     * Bytes of the widest activation one chunk of {@link #inChunks} may produce: small enough that
     * a chunk's intermediates stay in a typical last-level cache.
     */
    static final long CHUNK_BYTES = 8L << 20;

    /**
     * Runs {@code body} on slices of the batch and concatenates the results, each slice in its own
     * native-memory scope; for per-image work whose intermediates are large (eval-mode FFNs of the
     * first stage: 51 MB of hidden activations at batch 16). Chunks of at most {@link #CHUNK_BYTES}
     * keep them in cache, which is 3x faster on CPU. Exact only if {@code body} treats images
     * independently (not BatchNorm in training mode).
     *
     * @param bytesPerImage size of body's widest intermediate for one image
     */
    public static NDArray inChunks(
            NDArray x, long bytesPerImage, java.util.function.UnaryOperator<NDArray> body) {
        long n = x.getShape().get(0);
        long per = Math.max(1, CHUNK_BYTES / Math.max(1, bytesPerImage));
        if (per >= n) {
            return scoped(x, body);
        }
        long chunks = (n + per - 1) / per; // of even size: 16 images at most 10 a chunk go 8 + 8
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            NDList parts = new NDList();
            for (long i = 0; i < chunks; i++) {
                NDArray slice = x.get(new NDIndex("{}:{}", i * n / chunks, (i + 1) * n / chunks));
                slice.attach(scope);
                parts.add(scoped(slice, body));
            }
            NDArray out = NDArrays.concat(parts, 0);
            out.attach(parent);
            return out;
        }
    }

    /** Forward of a child with a single input and output. */
    protected static NDArray call(Block child, ParameterStore store, NDArray x, boolean training) {
        return child.forward(store, new NDList(x), training).singletonOrThrow();
    }
}
