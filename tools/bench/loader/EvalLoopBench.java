// The evaluation loop of `repmlp test` and training's validation (Evaluator: Prefetcher workers,
// batch hand-over, forward pass) with the decoding taken out: every sample is a copy of one ready
// tensor, so what the loop itself costs per batch shows. images/s, several rounds.
// Usage (repository root, after ./mvnw -pl engine package -DskipTests):
//   OMP_NUM_THREADS=1 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 \
//     -cp "engine/target/repmlp-engine.jar:engine/target/lib/*" tools/bench/loader/EvalLoopBench.java \
//     MODEL.json IMAGES BATCH ROUNDS
import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.nio.file.Path;

public class EvalLoopBench {
    public static void main(String[] args) throws Exception {
        RepMlpNetConfig c = RepMlpNetConfig.readJson(Path.of(args[0]));
        int images = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        int res = c.imageSize();
        float[] proto = new float[3 * res * res];
        for (int i = 0; i < proto.length; i++) {
            proto[i] = (i % 97) / 97f - 0.5f;
        }
        Evaluator.Samples samples =
                new Evaluator.Samples() {
                    @Override
                    public int size() {
                        return images;
                    }

                    @Override
                    public float[] tensor(int i) {
                        return proto.clone();
                    }

                    @Override
                    public int label(int i) {
                        return i % c.numClass();
                    }
                };
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet net = new RepMlpNet(c, false);
            net.initialize(m);
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                EvalResult out = Evaluator.evaluate(net, samples, res, batch, m, null);
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf(
                        "round %d: %d images in %.2f s, %.1f images/s%n",
                        r, out.images(), secs, out.images() / secs);
            }
        }
    }
}
