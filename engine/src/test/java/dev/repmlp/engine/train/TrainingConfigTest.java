package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.repmlp.engine.model.RepMlpNetPresets;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void upstreamIsThePublishedRecipe() {
        // upstream's README/config for B256: AdamW 0.9/0.999 eps 1e-8, base LR 1e-3 per 256 images,
        // warmup 10 epochs from 5e-7, cosine to 0, weight decay 0.1, clip 5, smoothing 0.1,
        // mixup 0.4 / cutmix 1.0 (prob 1, switch 0.5), RandAugment raug15, 100 epochs, batch 32
        TrainingConfig c = TrainingConfig.upstream(RepMlpNetPresets.B256);
        assertEquals(
                new TrainingConfig(
                        RepMlpNetPresets.B256,
                        null,
                        100,
                        32,
                        1e-3,
                        5e-7,
                        0.0,
                        10,
                        "cosine",
                        30,
                        0.1,
                        "adamw",
                        0.9,
                        0.999,
                        1e-8,
                        0.9,
                        0.1,
                        5.0,
                        1,
                        0.1,
                        0.4,
                        1.0,
                        1.0,
                        0.5,
                        "raug15",
                        0.08,
                        0.0,
                        8,
                        0,
                        20,
                        1,
                        "cpu",
                        null,
                        0),
                c);
    }

    @Test
    void demoDiffersFromUpstreamOnlyWhereItSaysSo() {
        TrainingConfig demo = TrainingConfig.demo();
        TrainingConfig expected =
                new TrainingConfig(
                        RepMlpNetPresets.DEMO,
                        null,
                        20,
                        64,
                        4e-3,
                        5e-7,
                        1e-5,
                        1,
                        "cosine",
                        30,
                        0.1,
                        "adamw",
                        0.9,
                        0.999,
                        1e-8,
                        0.9,
                        0.05,
                        5.0,
                        1,
                        0.1,
                        0.0,
                        0.0,
                        1.0,
                        0.5,
                        "weak",
                        0.35,
                        0.0,
                        8,
                        0,
                        0,
                        1,
                        "cpu",
                        null,
                        0);
        assertEquals(expected, demo);
    }

    @Test
    void toBuilderRoundTripsAndSetsOneFieldByName() {
        TrainingConfig demo = TrainingConfig.demo();
        assertEquals(demo, demo.toBuilder().build());
        TrainingConfig five = demo.toBuilder().epochs(5).dataPath("/data").build();
        assertNotEquals(demo, five);
        assertEquals(demo.withField("epochs", 5).withField("data_path", "/data"), five);
    }
}
