// What handing one batch to libtorch costs: a heap float[] batch (the loader before direct buffers)
// against a pooled direct buffer, both filled from per-sample float[] as the workers do.
// Usage (repository root, after ./mvnw -pl engine package -DskipTests):
//   OMP_NUM_THREADS=1 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 \
//     -cp "engine/target/repmlp-engine.jar:engine/target/lib/*" tools/bench/loader/BatchBufferBench.java 32 224 40
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

public class BatchBufferBench {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int res = Integer.parseInt(args[1]);
        int iters = Integer.parseInt(args[2]);
        int per = 3 * res * res;
        float[][] samples = new float[n][per];
        for (float[] s : samples) {
            for (int i = 0; i < per; i++) {
                s[i] = (i % 251) / 251f;
            }
        }
        Shape shape = new Shape(n, 3, res, res);
        ByteBuffer pooled = ByteBuffer.allocateDirect(n * per * 4).order(ByteOrder.nativeOrder());
        long sink = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                for (int it = 0; it < iters; it++) {
                    float[] flat = new float[n * per];
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(samples[i], 0, flat, i * per, per);
                    }
                    try (NDManager sm = m.newSubManager()) {
                        NDArray x = sm.create(flat, shape);
                        sink += x.getShape().size();
                    }
                }
                long t1 = System.nanoTime();
                for (int it = 0; it < iters; it++) {
                    FloatBuffer fb = pooled.asFloatBuffer();
                    for (int i = 0; i < n; i++) {
                        fb.put(i * per, samples[i]);
                    }
                    try (NDManager sm = m.newSubManager()) {
                        NDArray x = sm.create(pooled, shape, DataType.FLOAT32);
                        sink += x.getShape().size();
                    }
                }
                long t2 = System.nanoTime();
                System.out.printf(
                        "round %d, %d x 3 x %d x %d: heap float[] + create(float[]) %.2f ms/batch;"
                                + " pooled direct buffer + create(ByteBuffer) %.2f ms/batch%n",
                        round, n, res, res, (t1 - t0) / 1e6 / iters, (t2 - t1) / 1e6 / iters);
            }
        }
        if (sink == 0) {
            System.out.println("?");
        }
    }
}
