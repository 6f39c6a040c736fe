package dev.repmlp.engine;

import dev.repmlp.engine.model.RepMlpNetConfig;

/**
 * The small RepMLPNet configs the engine's tests share, written once here instead of copied into
 * each test class (the app's tests have the same {@code tiny} in their {@code TrainingFixtures}).
 */
public final class TestModels {
    private TestModels() {}

    /**
     * {@code tiny}: two stages (8 and 16 channels, one unit each), 4x4 and 2x2 windows on the
     * 4x4-patch maps of a 16x16 input, 1x1 and 3x3 conv branches, 3 classes; trains in well under a
     * second per epoch on the engine's {@code TinyDataset}.
     */
    public static RepMlpNetConfig tiny() {
        return RepMlpNetConfig.builder()
                .name("tiny")
                .numClass(3)
                .numBlocks(1, 1)
                .channels(8, 16)
                .hs(4, 2)
                .ws(4, 2)
                .sharesetsNums(2, 4)
                .reparamConvK(1, 3)
                .imageSize(16)
                .build();
    }

    /**
     * {@code tiny-multiwindow}: two stages with several non-square windows per map (4x2, then 2x4
     * on a 32x32 input) and fewer sharesets than channels, so upstream's partition/merge
     * permutation is active (as in the upstream fixture); 5 classes.
     */
    public static RepMlpNetConfig multiWindow() {
        return RepMlpNetConfig.builder()
                .name("tiny-multiwindow")
                .numClass(5)
                .numBlocks(1, 1)
                .channels(8, 16)
                .hs(4, 2)
                .ws(2, 4)
                .sharesetsNums(2, 4)
                .reparamConvK(1, 3)
                .imageSize(32)
                .build();
    }
}
