package dev.repmlp.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Eval-mode FFNs run in cache-sized chunks of the batch; results must not change. */
class ChunkingTest {

    @Test
    void chunksAreEvenAndConcatenatedInOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(7, 2, 3, 3));
            List<Long> sizes = new ArrayList<>();
            // a per-image body: each image scaled by its own sum
            UnaryOperator<NDArray> body =
                    in -> {
                        sizes.add(in.getShape().get(0));
                        return in.mul(in.sum(new int[] {1, 2, 3}, true)).add(1f);
                    };
            float[] whole = body.apply(x).toFloatArray();
            sizes.clear();
            // at most 3 images a chunk: 3 chunks, of 2, 2 and 3 images
            NDArray out = RepMlpModule.inChunks(x, RepMlpModule.CHUNK_BYTES / 3, body);
            assertEquals(List.of(2L, 2L, 3L), sizes);
            assertEquals(x.getShape(), out.getShape());
            assertArrayEquals(whole, out.toFloatArray(), 0f);
        }
    }

    /**
     * A first-stage-sized unit (64 channels, 56 x 56 map: 3.2 MB of hidden activation per image, so
     * its FFN runs 2 images a chunk) gives in eval mode for a batch of 3 what it gives for each
     * image alone.
     */
    @Test
    void evalUnitTreatsImagesIndependently() {
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNetUnit unit = new RepMlpNetUnit(64, 8, 8, List.of(1, 3), 4, 16, false);
            Shape shape = new Shape(3, 64, 56, 56);
            unit.initialize(m, DataType.FLOAT32, shape);
            assertEquals(
                    3.2e6,
                    unit.ffn().hiddenBytesPerImage(shape),
                    0.1e6,
                    "the FFN must be big enough to be chunked");
            NDArray x = m.randomNormal(shape);
            ParameterStore store = new ParameterStore(m, false);
            float[] batch =
                    unit.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
            int per = batch.length / 3;
            for (int i = 0; i < 3; i++) {
                NDArray one = x.get(new NDIndex("{}:{}", i, i + 1));
                float[] alone =
                        unit.forward(store, new NDList(one), false)
                                .singletonOrThrow()
                                .toFloatArray();
                double max = 0;
                for (int j = 0; j < per; j++) {
                    max = Math.max(max, Math.abs(alone[j] - batch[i * per + j]));
                }
                assertEquals(0.0, max, 1e-5, "image " + i + ": max |difference| " + max);
            }
        }
    }
}
