package dev.repmlp.engine.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repmlp.engine.data.RgbImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The operations on hand-made images, with expectations worked out from Pillow's formulas. */
class PilOpsTest {

    private static final RgbImage RANDOM = Images.random(9, 7, 3);

    @Test
    void invertIs255Minus() {
        RgbImage out = PilOps.invert(Images.flat(2, 2, 10));
        assertArrayEquals(new int[] {245, 245, 245}, Images.pixel(out, 1, 1));
    }

    @Test
    void solarizeInvertsFromTheThresholdUp() {
        byte[] rgb = {(byte) 127, (byte) 128, (byte) 200};
        RgbImage out = PilOps.solarize(new RgbImage(1, 1, rgb), 128);
        assertArrayEquals(new int[] {127, 127, 55}, Images.pixel(out, 0, 0));
        // threshold 0 inverts everything, above 255 nothing
        assertArrayEquals(PilOps.invert(RANDOM).rgb(), PilOps.solarize(RANDOM, 0).rgb());
        assertArrayEquals(RANDOM.rgb(), PilOps.solarize(RANDOM, 358).rgb());
    }

    @Test
    void solarizeAddAddsBelowTheThresholdOnly() {
        byte[] rgb = {(byte) 100, (byte) 127, (byte) 128};
        RgbImage out = PilOps.solarizeAdd(new RgbImage(1, 1, rgb), 55, 128);
        assertArrayEquals(new int[] {155, 182, 128}, Images.pixel(out, 0, 0));
        out = PilOps.solarizeAdd(new RgbImage(1, 1, rgb), 154, 128);
        assertArrayEquals(new int[] {254, 255, 128}, Images.pixel(out, 0, 0));
    }

    @Test
    void posterizeKeepsTheHighBits() {
        byte[] rgb = {(byte) 191, (byte) 31, (byte) 255};
        RgbImage img = new RgbImage(1, 1, rgb);
        assertArrayEquals(new int[] {160, 0, 224}, Images.pixel(PilOps.posterize(img, 3), 0, 0));
        assertArrayEquals(new int[] {128, 0, 128}, Images.pixel(PilOps.posterize(img, 1), 0, 0));
        assertArrayEquals(new int[] {0, 0, 0}, Images.pixel(PilOps.posterize(img, 0), 0, 0));
        assertArrayEquals(rgb, PilOps.posterize(img, 8).rgb());
    }

    @Test
    void autocontrastStretchesEachChannel() {
        // red 50..150 -> 0..255 (scale 2.55); green constant: left alone
        byte[] rgb = {50, 7, 0, (byte) 100, 7, 0, (byte) 150, 7, (byte) 255};
        RgbImage out = PilOps.autocontrast(new RgbImage(3, 1, rgb));
        assertEquals(0, out.get(0, 0, 0));
        assertEquals(127, out.get(1, 0, 0)); // int(100 * 2.55 - 127.5) = int(127.49999...)
        assertEquals(255, out.get(2, 0, 0));
        assertEquals(7, out.get(1, 0, 1));
        assertEquals(255, out.get(2, 0, 2));
    }

    @Test
    void equalizeOnTwoLevels() {
        // 300 pixels of 50 and 100 of 200: step = (400 - 100) / 255 = 1, so 50 -> 0 pixels below
        // = 0 and 200 -> 300 pixels below, clipped to 255
        byte[] rgb = new byte[3 * 400];
        for (int i = 0; i < 400; i++) {
            Arrays.fill(rgb, 3 * i, 3 * i + 3, (byte) (i < 300 ? 50 : 200));
        }
        RgbImage out = PilOps.equalize(new RgbImage(20, 20, rgb));
        assertArrayEquals(new int[] {0, 0, 0}, Images.pixel(out, 0, 0));
        assertArrayEquals(new int[] {255, 255, 255}, Images.pixel(out, 19, 19));
        // fewer than 256 pixels: step 0, unchanged
        assertArrayEquals(RANDOM.rgb(), PilOps.equalize(RANDOM).rgb());
    }

    @Test
    void greyUsesPillowsIntegerLuma() {
        assertEquals(76, PilOps.luma(255, 0, 0));
        assertEquals(150, PilOps.luma(0, 255, 0));
        assertEquals(29, PilOps.luma(0, 0, 255));
        assertEquals(1, PilOps.luma(0, 0, 5)); // rounded, not truncated
        assertEquals(255, PilOps.luma(255, 255, 255));
    }

    @Test
    void enhanceFactorOneIsIdentityAndZeroIsTheDegenerateImage() {
        assertArrayEquals(RANDOM.rgb(), PilOps.color(RANDOM, 1.0).rgb());
        assertArrayEquals(RANDOM.rgb(), PilOps.contrast(RANDOM, 1.0).rgb());
        assertArrayEquals(RANDOM.rgb(), PilOps.brightness(RANDOM, 1.0).rgb());
        assertArrayEquals(RANDOM.rgb(), PilOps.sharpness(RANDOM, 1.0).rgb());
        assertArrayEquals(new byte[RANDOM.rgb().length], PilOps.brightness(RANDOM, 0).rgb());
        assertArrayEquals(PilOps.grey(RANDOM).rgb(), PilOps.color(RANDOM, 0).rgb());
        int mean = PilOps.greyMean(RANDOM);
        RgbImage flat = PilOps.contrast(RANDOM, 0);
        assertArrayEquals(Images.flat(9, 7, mean).rgb(), flat.rgb());
    }

    @Test
    void blendTruncatesAndClips() {
        RgbImage a = Images.flat(1, 1, 100);
        RgbImage b = Images.flat(1, 1, 201);
        assertEquals(150, PilOps.blend(a, b, 0.5).get(0, 0, 0)); // 150.5 truncated
        assertEquals(255, PilOps.blend(a, b, 2.62).get(0, 0, 0)); // 364.6 clipped
        assertEquals(0, PilOps.blend(b, a, 2.62).get(0, 0, 0)); // -63.6 clipped
        assertEquals(100, PilOps.brightness(Images.flat(1, 1, 200), 0.5).get(0, 0, 0));
    }

    @Test
    void contrastBlendsTowardsTheRoundedGreyMean() {
        // two pixels with luma 10 and 21: mean 15.5 rounds to 16; factor 0.5: 16 + (10-16)/2 = 13
        byte[] rgb = {10, 10, 10, 21, 21, 21};
        RgbImage img = new RgbImage(2, 1, rgb);
        assertEquals(16, PilOps.greyMean(img));
        RgbImage out = PilOps.contrast(img, 0.5);
        assertEquals(13, out.get(0, 0, 0));
        assertEquals(18, out.get(1, 0, 0)); // 16 + 2.5 truncated
    }

    @Test
    void smoothKeepsTheBorderAndAveragesInside() {
        // a single bright pixel (130) in the middle of 3x3 zeros: the centre becomes 130*5/13 = 50
        byte[] rgb = new byte[27];
        Arrays.fill(rgb, 12, 15, (byte) 130);
        RgbImage out = PilOps.smooth(new RgbImage(3, 3, rgb));
        assertArrayEquals(new int[] {50, 50, 50}, Images.pixel(out, 1, 1));
        assertArrayEquals(new int[] {0, 0, 0}, Images.pixel(out, 0, 1));
        RgbImage border = PilOps.sharpness(RANDOM, 2.62);
        for (int x = 0; x < 9; x++) {
            assertArrayEquals(Images.pixel(RANDOM, x, 0), Images.pixel(border, x, 0));
            assertArrayEquals(Images.pixel(RANDOM, x, 6), Images.pixel(border, x, 6));
        }
    }

    @Test
    void rotateAndTranslateByZeroAreIdentity() {
        for (Resample r : Resample.values()) {
            assertArrayEquals(RANDOM.rgb(), PilOps.rotate(RANDOM, 0, r, RandAugment.FILL).rgb());
            assertArrayEquals(RANDOM.rgb(), PilOps.rotate(RANDOM, -0.0, r, RandAugment.FILL).rgb());
            assertArrayEquals(RANDOM.rgb(), PilOps.rotate(RANDOM, 360, r, RandAugment.FILL).rgb());
            assertArrayEquals(
                    RANDOM.rgb(), PilOps.translateX(RANDOM, 0, r, RandAugment.FILL).rgb());
            assertArrayEquals(
                    RANDOM.rgb(), PilOps.translateY(RANDOM, 0, r, RandAugment.FILL).rgb());
            assertArrayEquals(RANDOM.rgb(), PilOps.shearX(RANDOM, 0, r, RandAugment.FILL).rgb());
        }
    }

    @Test
    void rotate90IsCounterClockwise() {
        RgbImage sq = Images.coordinates(4, 4);
        for (Resample r : Resample.values()) {
            RgbImage out = PilOps.rotate(sq, 90, r, RandAugment.FILL);
            // the top-right corner moves to the top-left
            assertArrayEquals(Images.pixel(sq, 3, 0), Images.pixel(out, 0, 0));
            assertArrayEquals(Images.pixel(sq, 0, 0), Images.pixel(out, 0, 3));
            // -90 is 270: the top-left corner moves to the top-right
            out = PilOps.rotate(sq, -90, r, RandAugment.FILL);
            assertArrayEquals(Images.pixel(sq, 0, 0), Images.pixel(out, 3, 0));
            out = PilOps.rotate(sq, 180, r, RandAugment.FILL);
            assertArrayEquals(Images.pixel(sq, 3, 3), Images.pixel(out, 0, 0));
        }
        // 4x2 goes through the affine path about the centre (2, 1): output (x, y) samples input
        // (2.5 - y, x - 0.5) in pixel-centre coordinates, so (1, 0) <- (2, 0) and (0, 0) is fill
        RgbImage wide = Images.coordinates(4, 2);
        RgbImage out = PilOps.rotate(wide, 90, Resample.BILINEAR, RandAugment.FILL);
        assertArrayEquals(Images.pixel(wide, 2, 0), Images.pixel(out, 1, 0));
        assertArrayEquals(Images.pixel(wide, 1, 1), Images.pixel(out, 2, 1));
        assertArrayEquals(new int[] {128, 128, 128}, Images.pixel(out, 0, 0));
    }

    @Test
    void translateMovesContentAgainstTheSignAndFills() {
        RgbImage img = Images.coordinates(5, 3);
        RgbImage out = PilOps.translateX(img, 2, Resample.BILINEAR, RandAugment.FILL);
        assertArrayEquals(Images.pixel(img, 2, 1), Images.pixel(out, 0, 1));
        assertArrayEquals(new int[] {128, 128, 128}, Images.pixel(out, 3, 1));
        out = PilOps.translateY(img, -1, Resample.BICUBIC, RandAugment.FILL);
        assertArrayEquals(Images.pixel(img, 4, 0), Images.pixel(out, 4, 1));
        assertArrayEquals(new int[] {128, 128, 128}, Images.pixel(out, 4, 0));
        // half a pixel: bilinear average of neighbours, truncated
        byte[] rgb = {10, 10, 10, 21, 21, 21};
        out = PilOps.translateX(new RgbImage(2, 1, rgb), 0.5, Resample.BILINEAR, RandAugment.FILL);
        assertEquals(15, out.get(0, 0, 0));
    }

    @Test
    void cutoutFillsAClippedBox() {
        RgbImage img = Images.flat(6, 6, 0);
        RgbImage out = PilOps.cutout(img, 4, 2, 3, RandAugment.CUTOUT_FILL);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                boolean in = x < 4 && y >= 1 && y < 5;
                int[] want = in ? new int[] {125, 122, 113} : new int[] {0, 0, 0};
                assertArrayEquals(want, Images.pixel(out, x, y), "(" + x + "," + y + ")");
            }
        }
        // odd sizes lose a pixel (integer halves); the box is clipped at the corner
        out = PilOps.cutout(img, 5, 5, 0, RandAugment.CUTOUT_FILL);
        int filled = 0;
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                if (out.get(x, y, 0) == 125) {
                    filled++;
                    assertEquals(true, x >= 3 && y < 2);
                }
            }
        }
        assertEquals(6, filled);
    }
}
