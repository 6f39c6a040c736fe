package dev.repmlp.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepMlpNetConfigTest {

    @Test
    void releasedPresetsAreValidAtTheirResolution() {
        for (RepMlpNetConfig c : RepMlpNetConfig.released()) {
            assertTrue(c.problems().isEmpty(), c.name() + ": " + c.problems());
        }
        assertEquals(224, RepMlpNetConfig.preset("repmlpnet-t224").imageSize());
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RepMlpNetConfig.preset("X"));
        assertTrue(e.getMessage().contains("RepMLPNet-L256"));
    }

    @Test
    void windowNotDividingTheStageMapIsRefusedWithTheFix() {
        // upstream's known failure: T224 at 256 gives a 64x64 map for 56x56 windows
        List<String> p = RepMlpNetConfig.t224().withImageSize(256).problems();
        assertTrue(p.get(0).contains("stage 0"), p.toString());
        assertTrue(p.get(0).contains("does not divide the stage map 64x64"), p.toString());
        assertTrue(p.get(0).contains("hs[0]/ws[0]"), p.toString());
        // a multiple of the native resolution is fine (several windows per map)
        assertTrue(RepMlpNetConfig.t224().withImageSize(448).problems().isEmpty());
    }

    @Test
    void jsonWithUpstreamNamesTakesConstructorDefaults() throws IOException {
        RepMlpNetConfig c =
                RepMlpNetConfig.parseJson(
                        "{\"num_class\": 10, \"channels\": [16, 32], \"num_blocks\": [1, 1],"
                                + " \"hs\": [4, 2], \"ws\": [4, 2], \"sharesets_nums\": [2, 4],"
                                + " \"image_size\": 16}");
        assertEquals(10, c.numClass());
        assertEquals(3, c.inChannels());
        assertEquals(List.of(4, 4), c.patchSize());
        assertEquals(List.of(3), c.reparamConvK());
        assertEquals(4, c.globalperceptronReduce());
        assertEquals(c, RepMlpNetConfig.parseJson(c.toJson()));
    }

    @Test
    void invalidFieldsAreNamed() {
        String json =
                "{\"channels\": [10, 32], \"num_blocks\": [1, 1], \"hs\": [4, 2], \"ws\": [4],"
                        + " \"sharesets_nums\": [4, 4], \"reparam_conv_k\": [1, 4],"
                        + " \"image_size\": 16}";
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RepMlpNetConfig.parseJson(json));
        String m = e.getMessage();
        assertTrue(m.contains("ws has 1 entries but num_blocks has 2"), m);
        assertTrue(m.contains("reparam_conv_k holds 4"), m);
        IllegalArgumentException e2 =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                RepMlpNetConfig.parseJson(
                                        json.replace("\"ws\": [4]", "\"ws\": [4, 2]")
                                                .replace("[1, 4]", "[1, 3]")));
        assertTrue(e2.getMessage().contains("channels 10 not divisible by sharesets_nums 4"));
    }
}
