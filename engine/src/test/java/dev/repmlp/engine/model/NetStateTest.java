package dev.repmlp.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetStateTest {

    @Test
    void valuesSetFromJavaSurviveGarbageCollectionAndReuse() {
        // Regression: arrays made from Java buffers borrow the buffer; interning one into a
        // parameter once left it pointing at memory the JVM later freed and reused.
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm2d bn = new BatchNorm2d(64);
            bn.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 64, 2, 2));
            float[] want = new float[64];
            for (int i = 0; i < want.length; i++) {
                want[i] = i * 0.5f + 1;
            }
            NetState.setValues(bn.weight(), want);
            for (int round = 0; round < 5; round++) {
                System.gc();
                List<NDArray> churn = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    churn.add(m.create(new float[64]));
                }
                churn.forEach(NDArray::close);
            }
            assertArrayEquals(want, bn.weight().getArray().toFloatArray());
        }
    }

    @Test
    void setValuesCopiesInsteadOfAliasing() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm2d a = new BatchNorm2d(4);
            BatchNorm2d b = new BatchNorm2d(4);
            a.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4, 1, 1));
            b.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 4, 1, 1));
            NetState.setValues(a.weight(), new float[] {1, 2, 3, 4});
            NetState.setValues(b.weight(), a.weight().getArray());
            a.weight().getArray().muli(10); // in-place change of the source
            assertArrayEquals(new float[] {1, 2, 3, 4}, b.weight().getArray().toFloatArray());
            assertEquals(10f, a.weight().getArray().toFloatArray()[0]);
        }
    }
}
