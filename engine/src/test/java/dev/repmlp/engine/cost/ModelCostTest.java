package dev.repmlp.engine.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parameters and multiply-adds of the six released models against upstream's own model (counted
 * with PyTorch by engine/src/test/python/make_cost_fixtures.py: parameters() and conv/linear
 * forward hooks) and against the paper's table (Params: train-time structure; FLOPs: deploy-time
 * multiply-adds).
 */
class ModelCostTest {

    private static JsonNode upstream() throws IOException {
        try (InputStream in = ModelCostTest.class.getResourceAsStream("/onnx/costs.json")) {
            return new ObjectMapper().readTree(in).get("presets");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "RepMLPNet-T224",
        "RepMLPNet-B224",
        "RepMLPNet-T256",
        "RepMLPNet-B256",
        "RepMLPNet-D256",
        "RepMLPNet-L256"
    })
    void countsEqualUpstreamModels(String preset) throws IOException {
        JsonNode want = upstream().get(preset);
        ModelCost cost = ModelCost.of(RepMlpNetPresets.get(preset));
        assertEquals(want.get("train_parameters").asLong(), cost.trainParameters(), "train params");
        assertEquals(
                want.get("deploy_parameters").asLong(), cost.deployParameters(), "deploy params");
        assertEquals(want.get("train_macs").asLong(), cost.trainMacs(), "train MACs");
        assertEquals(want.get("deploy_macs").asLong(), cost.deployMacs(), "deploy MACs");
    }

    /**
     * The paper's table (RepMLPNet, CVPR 2022, and upstream's README): Params in millions, FLOPs in
     * billions. Params equal the train-time parameters() rounded to 0.1M, within 0.06M (B256's
     * 96.45M and L256's 117.64M are printed as 96.5M and 117.7M); FLOPs equal the deploy-time
     * multiply-adds within 0.05G except L256, whose 11.58G is printed as 11.5 (so within 0.1G).
     */
    @ParameterizedTest
    @CsvSource({
        "RepMLPNet-T224, 38.3, 2.8, 0.05",
        "RepMLPNet-B224, 68.2, 6.7, 0.05",
        "RepMLPNet-T256, 58.7, 4.2, 0.05",
        "RepMLPNet-B256, 96.5, 9.6, 0.05",
        "RepMLPNet-D256, 86.9, 8.6, 0.05",
        "RepMLPNet-L256, 117.7, 11.5, 0.1"
    })
    void paperFiguresAreTrainParametersAndDeployMultiplyAdds(
            String preset, double paramsM, double flopsG, double flopsTol) {
        ModelCost cost = ModelCost.of(RepMlpNetPresets.get(preset));
        double p = cost.trainParameters() / 1e6;
        double f = cost.deployMacs() / 1e9;
        assertTrue(Math.abs(p - paramsM) <= 0.06, preset + " params " + p + "M vs " + paramsM);
        assertTrue(Math.abs(f - flopsG) <= flopsTol, preset + " MACs " + f + "G vs " + flopsG);
    }

    @Test
    void parameterCountsEqualTheBuiltNetsOnATinyConfig() throws IOException {
        // a custom config with non-square windows, three branch kernels and a non-square patch
        RepMlpNetConfig c =
                RepMlpNetConfig.parseJson(
                        "{\"num_class\": 7, \"patch_size\": [2, 4], \"num_blocks\": [1, 2],"
                                + " \"channels\": [8, 16], \"hs\": [4, 2], \"ws\": [2, 4],"
                                + " \"sharesets_nums\": [2, 4], \"reparam_conv_k\": [1, 3, 5],"
                                + " \"image_size\": 32}");
        ModelCost cost = ModelCost.of(c);
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean deploy : List.of(false, true)) {
                RepMlpNet net = new RepMlpNet(c, deploy);
                net.initialize(m);
                assertEquals(
                        deploy ? cost.deployParameters() : cost.trainParameters(),
                        net.parameterCount(),
                        deploy ? "deploy" : "train");
            }
        }
    }

    @Test
    void multiplyAddsByHandForOneBlockStructure() {
        // stem 3->4 (2x2 patch) on 8x8 -> 4x4; one unit C=4, window 2x2, S=2; head 4->3
        RepMlpNetConfig c =
                RepMlpNetConfig.builder()
                        .name("hand")
                        .numClass(3)
                        .patchSize(2, 2)
                        .numBlocks(1)
                        .channels(4)
                        .hs(2)
                        .ws(2)
                        .sharesetsNums(2)
                        .reparamConvK(3)
                        .imageSize(8)
                        .build();
        ModelCost cost = ModelCost.of(c);
        long stem = 4 * 3 * 2 * 2 * 16; // out elems 4*16, 12 MACs each
        long gp = 4 * 1 + 1 * 4; // fc1 4->1, fc2 1->4 on a 1x1 map
        long fc3 = 4 * 16 * 4; // every output element: h*w = 4 MACs
        long ffn = 2 * (16 * 4 * 16); // 4->16 and 16->4, 1x1, on 16 positions
        long head = 4 * 3;
        assertEquals(stem + gp + fc3 + ffn + head, cost.deployMacs());
        assertEquals(cost.deployMacs() + 4 * 16 * 9, cost.trainMacs()); // one 3x3 depthwise branch
    }
}
