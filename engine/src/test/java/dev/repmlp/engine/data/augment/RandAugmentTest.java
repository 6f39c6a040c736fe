package dev.repmlp.engine.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.data.RgbImage;
import dev.repmlp.engine.data.augment.RandAugment.Applied;
import dev.repmlp.engine.data.augment.RandAugment.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Upstream's raug15 policy (randaug.py, spec section 7) and the magnitude mapping of each op. */
class RandAugmentTest {

    private static final RgbImage IMG = Images.random(12, 10, 11);

    @Test
    void raug15IsTwoOfSixteenOpsWithMagnitudesBelowFifteen() {
        RandAugment ra = RandAugment.raug15();
        assertEquals(2, ra.numOps());
        assertEquals(15, ra.magnitudes());
        List<String> names = ra.ops().stream().map(Op::upstreamName).toList();
        assertEquals(
                List.of(
                        "AutoContrast",
                        "Equalize",
                        "Invert",
                        "Rotate",
                        "PosterizeTpu",
                        "Solarize",
                        "SolarizeAdd",
                        "Color",
                        "Contrast",
                        "Brightness",
                        "Sharpness",
                        "ShearX",
                        "ShearY",
                        "TranslateXRel",
                        "TranslateYRel",
                        "Cutout"),
                names);
    }

    @Test
    void integerArgumentsTruncateLikePython() {
        int[] bits = {0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5};
        int[] thresholds = {0, 25, 51, 76, 102, 128, 153, 179, 204, 230, 256, 281, 307, 332, 358};
        int[] adds = {0, 11, 22, 33, 44, 55, 66, 77, 88, 99, 110, 121, 132, 143, 154};
        int[] cutouts = {2, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56};
        for (int m = 0; m < 15; m++) {
            assertEquals(bits[m], Op.POSTERIZE_TPU.argument(m), "posterize m=" + m);
            assertEquals(thresholds[m], Op.SOLARIZE.argument(m), "solarize m=" + m);
            assertEquals(adds[m], Op.SOLARIZE_ADD.argument(m), "solarize add m=" + m);
            assertEquals(cutouts[m], Op.CUTOUT.argument(m), "cutout m=" + m);
        }
    }

    @Test
    void continuousArgumentsScaleWithTheLevel() {
        for (int m = 0; m < 15; m++) {
            assertEquals(3.0 * m, Op.ROTATE.argument(m), 1e-12);
            assertEquals(0.03 * m, Op.SHEAR_X.argument(m), 1e-12);
            assertEquals(0.03 * m, Op.SHEAR_Y.argument(m), 1e-12);
            assertEquals(0.045 * m, Op.TRANSLATE_X_REL.argument(m), 1e-12);
            assertEquals(0.045 * m, Op.TRANSLATE_Y_REL.argument(m), 1e-12);
            for (Op op : List.of(Op.COLOR, Op.CONTRAST, Op.BRIGHTNESS, Op.SHARPNESS)) {
                assertEquals(0.1 + 0.18 * m, op.argument(m), 1e-12);
            }
        }
        // the strongest raug15 settings of the spec
        assertEquals(42.0, Op.ROTATE.argument(14), 1e-12);
        assertEquals(0.42, Op.SHEAR_X.argument(14), 1e-12);
        assertEquals(0.63, Op.TRANSLATE_X_REL.argument(14), 1e-12);
        assertEquals(2.62, Op.COLOR.argument(14), 1e-12);
        Set<Op> signed = new HashSet<>();
        for (Op op : Op.values()) {
            if (op.randomSign()) {
                signed.add(op);
            }
        }
        assertEquals(
                Set.of(Op.ROTATE, Op.SHEAR_X, Op.SHEAR_Y, Op.TRANSLATE_X_REL, Op.TRANSLATE_Y_REL),
                signed);
    }

    @Test
    void geometricOpsDrawSignAndInterpolation() {
        Set<String> seen = new HashSet<>();
        List<byte[]> outcomes = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int sign : new int[] {1, -1}) {
            for (Resample r : Resample.values()) {
                outcomes.add(PilOps.rotate(IMG, sign * 30.0, r, RandAugment.FILL).rgb());
                labels.add(sign + " " + r);
            }
        }
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            byte[] got = Op.ROTATE.apply(IMG, 10, rnd).rgb();
            int found = -1;
            for (int k = 0; k < outcomes.size(); k++) {
                if (Arrays.equals(outcomes.get(k), got)) {
                    found = k;
                }
            }
            assertTrue(found >= 0, "rotation by neither +30 nor -30");
            seen.add(labels.get(found));
        }
        assertEquals(4, seen.size(), "both signs and both interpolations: " + seen);
    }

    @Test
    void translateIsRelativeToTheImageSize() {
        RgbImage img = Images.random(10, 4, 2);
        assertArrayEquals(
                PilOps.translateX(img, 2.0, Resample.BILINEAR, RandAugment.FILL).rgb(),
                Op.TRANSLATE_X_REL.applyArgument(img, 0.2, Resample.BILINEAR, null).rgb());
        assertArrayEquals(
                PilOps.translateY(img, -1.0, Resample.BICUBIC, RandAugment.FILL).rgb(),
                Op.TRANSLATE_Y_REL.applyArgument(img, -0.25, Resample.BICUBIC, null).rgb());
    }

    @Test
    void cutoutPaintsABoxOfAtMostItsSize() {
        RgbImage img = Images.flat(30, 30, 0);
        SplittableRandom rnd = new SplittableRandom(9);
        for (int m : new int[] {0, 1, 5}) {
            int side = (int) Op.CUTOUT.argument(m);
            for (int i = 0; i < 20; i++) {
                RgbImage out = Op.CUTOUT.apply(img, m, rnd);
                int minX = 99;
                int maxX = -1;
                int minY = 99;
                int maxY = -1;
                for (int y = 0; y < 30; y++) {
                    for (int x = 0; x < 30; x++) {
                        if (out.get(x, y, 0) != 0) {
                            assertArrayEquals(new int[] {125, 122, 113}, Images.pixel(out, x, y));
                            minX = Math.min(minX, x);
                            maxX = Math.max(maxX, x);
                            minY = Math.min(minY, y);
                            maxY = Math.max(maxY, y);
                        }
                    }
                }
                assertTrue(maxX >= minX, "something painted");
                assertTrue(maxX - minX + 1 <= side && maxY - minY + 1 <= side);
            }
        }
    }

    @Test
    void everyImageGetsTwoOpsWithAMagnitudeDrawnPerOp() {
        RandAugment ra = RandAugment.raug15();
        SplittableRandom rnd = new SplittableRandom(1);
        RgbImage small = Images.random(6, 5, 4);
        int[] opCounts = new int[16];
        int[] magCounts = new int[15];
        int equalPairs = 0;
        int images = 1500;
        for (int i = 0; i < images; i++) {
            List<Applied> log = new ArrayList<>();
            ra.apply(small, rnd, log::add);
            assertEquals(2, log.size());
            for (Applied a : log) {
                opCounts[a.op().ordinal()]++;
                magCounts[a.magnitude()]++;
            }
            if (log.get(0).magnitude() == log.get(1).magnitude()) {
                equalPairs++;
            }
        }
        // uniform: 3000 draws, 187.5 per op and 200 per magnitude expected
        for (int c : opCounts) {
            assertTrue(c > 120 && c < 260, "op counts " + Arrays.toString(opCounts));
        }
        for (int c : magCounts) {
            assertTrue(c > 130 && c < 270, "magnitude counts " + Arrays.toString(magCounts));
        }
        // drawn per op: the two magnitudes of an image agree about 1/15 of the time
        assertTrue(equalPairs > 50 && equalPairs < 160, "equal magnitude pairs " + equalPairs);
    }

    @Test
    void opsAreAlwaysApplied() {
        RandAugment invertOnce = new RandAugment(List.of(Op.INVERT), 1, 15);
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(PilOps.invert(IMG).rgb(), invertOnce.apply(IMG, rnd).rgb());
        }
    }

    @Test
    void sameSeedSameImage() {
        RandAugment ra = RandAugment.raug15();
        for (long seed = 0; seed < 20; seed++) {
            byte[] a = ra.apply(IMG, new SplittableRandom(seed)).rgb();
            byte[] b = ra.apply(IMG, new SplittableRandom(seed)).rgb();
            assertArrayEquals(a, b);
        }
        assertFalse(
                Arrays.equals(
                        ra.apply(IMG, new SplittableRandom(100)).rgb(),
                        ra.apply(IMG, new SplittableRandom(101)).rgb()));
        // the input is never modified
        assertArrayEquals(Images.random(12, 10, 11).rgb(), IMG.rgb());
    }
}
