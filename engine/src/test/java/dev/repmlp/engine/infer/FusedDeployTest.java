package dev.repmlp.engine.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FusedDeployTest {

    @Test
    void foldingTheRemainingBatchNormsKeepsTheLogits() throws IOException {
        RepMlpNetConfig c =
                RepMlpNetConfig.parseJson(
                        "{\"num_class\": 7, \"num_blocks\": [2, 1], \"channels\": [8, 16],"
                                + " \"hs\": [4, 2], \"ws\": [2, 2], \"sharesets_nums\": [2, 4],"
                                + " \"reparam_conv_k\": [1, 3], \"image_size\": 32}");
        Engine.getInstance().setRandomSeed(9);
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(c, false);
            train.initialize(m);
            NDArray x = m.randomNormal(new Shape(3, 3, 32, 32));
            NetState.randomizeBatchNorms(train, 4, x);
            float[] want =
                    train.forward(new ParameterStore(m, false), new NDList(x), false)
                            .singletonOrThrow()
                            .toFloatArray();
            assertThrows(IllegalArgumentException.class, () -> new FusedDeploy(train, m));
            RepMlpNet deploy = NetState.deployCopy(train, m);
            try (FusedDeploy fused = new FusedDeploy(deploy, m.newSubManager())) {
                float[] got = fused.forward(x).toFloatArray();
                assertEquals(want.length, got.length);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], got[i], 1e-5, "logit " + i);
                }
            }
        }
    }

    /**
     * A first stage with a 64 x 64 map and 64 hidden channels (1 MB a image) runs its FFNs in
     * chunks at batch 10; the batch's logits must equal each image's own, taken one at a time
     * through the unchunked train-time model.
     */
    @Test
    void chunkedFfnsGiveEveryImageItsOwnLogits() throws IOException {
        RepMlpNetConfig c =
                RepMlpNetConfig.parseJson(
                        "{\"num_class\": 5, \"num_blocks\": [1, 1], \"channels\": [16, 32],"
                                + " \"hs\": [8, 4], \"ws\": [8, 4], \"sharesets_nums\": [4, 8],"
                                + " \"reparam_conv_k\": [1, 3], \"image_size\": 256}");
        Engine.getInstance().setRandomSeed(11);
        try (NDManager m = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(c, false);
            train.initialize(m);
            int n = 10;
            NDArray x = m.randomNormal(new Shape(n, 3, 256, 256));
            NetState.randomizeBatchNorms(train, 4, x);
            RepMlpNet deploy = NetState.deployCopy(train, m);
            try (FusedDeploy fused = new FusedDeploy(deploy, m.newSubManager())) {
                float[] got = fused.forward(x).toFloatArray();
                assertEquals(n * 5, got.length);
                for (int i = 0; i < n; i++) {
                    NDArray one = x.get(i + ":" + (i + 1));
                    float[] want =
                            train.forward(new ParameterStore(m, false), new NDList(one), false)
                                    .singletonOrThrow()
                                    .toFloatArray();
                    for (int j = 0; j < 5; j++) {
                        assertEquals(want[j], got[i * 5 + j], 1e-5, "image " + i + " logit " + j);
                    }
                }
            }
        }
    }
}
