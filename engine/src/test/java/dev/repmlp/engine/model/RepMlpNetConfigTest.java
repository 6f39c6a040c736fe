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
        for (RepMlpNetConfig c : RepMlpNetPresets.released()) {
            assertTrue(c.problems().isEmpty(), c.name() + ": " + c.problems());
        }
        assertEquals(224, RepMlpNetPresets.get("repmlpnet-t224").imageSize());
    }

    @Test
    void unknownPresetNamesTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RepMlpNetPresets.get("X"));
        assertTrue(e.getMessage().contains("RepMLPNet-L256"));
    }

    @Test
    void windowNotDividingTheStageMapIsRefusedWithTheFix() {
        // upstream's known failure: T224 at 256 gives a 64x64 map for 56x56 windows
        List<String> p = RepMlpNetPresets.T224.withImageSize(256).problems();
        assertTrue(p.get(0).contains("stage 0"), p.toString());
        assertTrue(p.get(0).contains("does not divide the stage map 64x64"), p.toString());
        assertTrue(p.get(0).contains("hs[0]/ws[0]"), p.toString());
        // a multiple of the native resolution is fine (several windows per map)
        assertTrue(RepMlpNetPresets.T224.withImageSize(448).problems().isEmpty());
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

    @Test
    void builderDefaultsAreUpstreamsConstructorDefaults() {
        // RepMLPNet(in_channels=3, num_class=1000, patch_size=(4, 4), num_blocks=(2, 2, 6, 2),
        // channels=(192, 384, 768, 1536), hs=ws=(64, 32, 16, 8), sharesets_nums=(4, 8, 16, 32),
        // reparam_conv_k=(3,), globalperceptron_reduce=4) in upstream's repmlpnet.py
        RepMlpNetConfig c = RepMlpNetConfig.builder().build();
        assertEquals(3, c.inChannels());
        assertEquals(1000, c.numClass());
        assertEquals(List.of(4, 4), c.patchSize());
        assertEquals(List.of(2, 2, 6, 2), c.numBlocks());
        assertEquals(List.of(192, 384, 768, 1536), c.channels());
        assertEquals(List.of(64, 32, 16, 8), c.hs());
        assertEquals(List.of(64, 32, 16, 8), c.ws());
        assertEquals(List.of(4, 8, 16, 32), c.sharesetsNums());
        assertEquals(List.of(3), c.reparamConvK());
        assertEquals(4, c.globalperceptronReduce());
        // 64x64 windows on the 4x4-patch stem's map: 256 is the smallest input they divide
        assertEquals(256, c.imageSize());
    }

    @Test
    void toBuilderRoundTripsEveryPresetAndChangesOnlyWhatIsSet() {
        for (RepMlpNetConfig c : RepMlpNetPresets.all().values()) {
            assertEquals(c, c.toBuilder().build(), c.name());
        }
        RepMlpNetConfig t = RepMlpNetPresets.T224;
        RepMlpNetConfig ten = t.toBuilder().numClass(10).build();
        assertEquals(10, ten.numClass());
        assertEquals(t, ten.withNumClass(1000));
        // the released T224 windows (56, 28, 14, 7) divide the maps at 224 and no smaller size
        assertEquals(224, t.toBuilder().imageSize(0).build().smallestResolution());
    }

    @Test
    void presetTableListsTheSixReleasedModelsThenTheDemo() {
        assertEquals(
                List.of(
                        "RepMLPNet-T224",
                        "RepMLPNet-B224",
                        "RepMLPNet-T256",
                        "RepMLPNet-B256",
                        "RepMLPNet-D256",
                        "RepMLPNet-L256",
                        "RepMLPNet-Demo"),
                RepMlpNetPresets.names());
        assertEquals(6, RepMlpNetPresets.released().size());
        assertEquals(RepMlpNetPresets.B256, RepMlpNetPresets.get("repmlpnet-b256"));
        assertTrue(RepMlpNetPresets.isDemo(RepMlpNetPresets.DEMO.withNumClass(3)));
    }
}
