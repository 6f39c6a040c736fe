package dev.repmlp.engine.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.data.RgbImage;
import dev.repmlp.engine.data.augment.TrainTransform.Preset;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The whole per-image train pipeline for each preset. */
class TrainTransformTest {

    private static final RgbImage IMG = Images.random(48, 36, 21);

    @Test
    void presetsParseUpstreamSpelling() {
        assertEquals(Preset.RAUG15, Preset.parse("raug15"));
        assertEquals(Preset.WEAK, Preset.parse(" weak "));
        assertEquals(Preset.NONE, Preset.parse("none"));
        assertThrows(IllegalArgumentException.class, () -> Preset.parse("rand-m9-mstd0.5"));
    }

    @Test
    void noneIsTheEvalGeometry() {
        float[] got = TrainTransform.of("none").apply(IMG, 24, new SplittableRandom(1));
        assertArrayEquals(Preprocess.eval(IMG, 24), got);
    }

    @Test
    void weakIsCropThenFlip() {
        float[] got = TrainTransform.of("weak").apply(IMG, 20, new SplittableRandom(2));
        SplittableRandom rnd = new SplittableRandom(2);
        RgbImage want =
                RandomHorizontalFlip.standard()
                        .apply(RandomResizedCrop.standard().apply(IMG, 20, rnd), rnd);
        assertArrayEquals(
                Preprocess.toTensor(want, Preprocess.IMAGENET_MEAN, Preprocess.IMAGENET_STD), got);
    }

    @Test
    void raug15IsCropFlipThenRandAugment() {
        for (long seed = 0; seed < 10; seed++) {
            float[] got = TrainTransform.of("raug15").apply(IMG, 20, new SplittableRandom(seed));
            SplittableRandom rnd = new SplittableRandom(seed);
            RgbImage want = RandomResizedCrop.standard().apply(IMG, 20, rnd);
            want = RandomHorizontalFlip.standard().apply(want, rnd);
            want = RandAugment.raug15().apply(want, rnd);
            assertArrayEquals(
                    Preprocess.toTensor(want, Preprocess.IMAGENET_MEAN, Preprocess.IMAGENET_STD),
                    got);
        }
    }

    @Test
    void outputIsNormalisedChwOfTheRequestedSize() {
        float[] mean = {0.5f, 0.25f, 0f};
        float[] std = {0.5f, 0.25f, 1f};
        TrainTransform t =
                new TrainTransform(
                        Preset.RAUG15,
                        RandomResizedCrop.standard(),
                        RandAugment.raug15(),
                        mean,
                        std);
        float[] out = t.apply(IMG, 16, new SplittableRandom(3));
        assertEquals(3 * 16 * 16, out.length);
        for (int i = 0; i < out.length; i++) {
            int c = i / 256;
            double v = (out[i] * std[c] + mean[c]) * 255;
            assertEquals(Math.rint(v), v, 1e-3, "not an 8-bit value at " + i);
            assertTrue(v > -1e-3 && v < 255 + 1e-3);
        }
    }

    @Test
    void sameSeedSameTensor() {
        TrainTransform t = TrainTransform.of("raug15");
        assertArrayEquals(
                t.apply(IMG, 16, new SplittableRandom(9)),
                t.apply(IMG, 16, new SplittableRandom(9)));
        assertFalse(
                Arrays.equals(
                        t.apply(IMG, 16, new SplittableRandom(9)),
                        t.apply(IMG, 16, new SplittableRandom(10))));
    }
}
