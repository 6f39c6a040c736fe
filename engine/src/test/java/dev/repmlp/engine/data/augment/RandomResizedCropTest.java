package dev.repmlp.engine.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.data.Resampler;
import dev.repmlp.engine.data.RgbImage;
import dev.repmlp.engine.data.augment.RandomResizedCrop.Box;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** torchvision's RandomResizedCrop semantics and the random horizontal flip. */
class RandomResizedCropTest {

    @Test
    void outputIsSizeBySize() {
        SplittableRandom rnd = new SplittableRandom(0);
        RandomResizedCrop rrc = RandomResizedCrop.standard();
        int[][] shapes = {{40, 30}, {17, 60}, {3, 2}, {64, 64}};
        for (int[] s : shapes) {
            RgbImage out = rrc.apply(Images.random(s[0], s[1], 1), 24, rnd);
            assertEquals(24, out.width());
            assertEquals(24, out.height());
        }
    }

    @Test
    void fullScaleUnitRatioOnASquareIsTheIdentityResize() {
        RgbImage img = Images.random(20, 20, 2);
        RandomResizedCrop rrc = new RandomResizedCrop(1, 1, 1, 1);
        SplittableRandom rnd = new SplittableRandom(3);
        assertEquals(new Box(0, 0, 20, 20), rrc.sample(20, 20, rnd));
        assertArrayEquals(Resampler.resize(img, 8, 8).rgb(), rrc.apply(img, 8, rnd).rgb());
        assertArrayEquals(img.rgb(), rrc.apply(img, 20, rnd).rgb());
    }

    @Test
    void boxesRespectTheScaleAndRatioRanges() {
        RandomResizedCrop rrc = RandomResizedCrop.standard();
        SplittableRandom rnd = new SplittableRandom(4);
        double area = 500.0 * 400;
        double minFrac = 1;
        double maxFrac = 0;
        for (int i = 0; i < 2000; i++) {
            Box b = rrc.sample(500, 400, rnd);
            assertTrue(b.left() >= 0 && b.top() >= 0);
            assertTrue(b.left() + b.width() <= 500 && b.top() + b.height() <= 400);
            double ratio = (double) b.width() / b.height();
            // sides are rounded, so allow a little beyond the ranges
            assertTrue(ratio > 0.75 * 0.95 && ratio < 4.0 / 3 * 1.05, "ratio " + ratio);
            double frac = b.width() * b.height() / area;
            assertTrue(frac > 0.08 * 0.95 && frac <= 1.0, "area fraction " + frac);
            minFrac = Math.min(minFrac, frac);
            maxFrac = Math.max(maxFrac, frac);
        }
        assertTrue(minFrac < 0.1 && maxFrac > 0.9, minFrac + " .. " + maxFrac);
    }

    @Test
    void fallbackIsACentredCropClampedToTheRatioRange() {
        // at full scale no box of ratio 3/4..4/3 fits a 100x10 strip: 10 failures, then the
        // widest allowed box, 10 high and round(10 * 4/3) = 13 wide, centred
        RandomResizedCrop rrc = new RandomResizedCrop(1, 1, 3.0 / 4, 4.0 / 3);
        SplittableRandom rnd = new SplittableRandom(5);
        assertEquals(new Box(43, 0, 13, 10), rrc.sample(100, 10, rnd));
        assertEquals(new Box(0, 43, 10, 13), rrc.sample(10, 100, rnd));
    }

    @Test
    void sameSeedSameCrop() {
        RgbImage img = Images.random(50, 40, 6);
        RandomResizedCrop rrc = RandomResizedCrop.standard();
        for (long seed = 0; seed < 10; seed++) {
            assertArrayEquals(
                    rrc.apply(img, 16, new SplittableRandom(seed)).rgb(),
                    rrc.apply(img, 16, new SplittableRandom(seed)).rgb());
        }
    }

    @Test
    void invalidRangesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(0.5, 0.4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(0.1, 1, 2, 1));
    }

    @Test
    void flipHappensWithProbabilityP() {
        RgbImage img = Images.coordinates(5, 2);
        SplittableRandom rnd = new SplittableRandom(7);
        assertArrayEquals(img.rgb(), new RandomHorizontalFlip(0).apply(img, rnd).rgb());
        assertArrayEquals(
                img.flipHorizontal().rgb(), new RandomHorizontalFlip(1).apply(img, rnd).rgb());
        int flipped = 0;
        for (int i = 0; i < 2000; i++) {
            RgbImage out = RandomHorizontalFlip.standard().apply(img, rnd);
            if (out.get(0, 0, 0) == 4) {
                flipped++;
            }
        }
        assertTrue(flipped > 900 && flipped < 1100, "flipped " + flipped + " of 2000");
    }
}
