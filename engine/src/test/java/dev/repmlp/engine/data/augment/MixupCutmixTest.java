package dev.repmlp.engine.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.data.augment.MixupCutmix.Kind;
import dev.repmlp.engine.data.augment.MixupCutmix.Result;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** timm's batch-mode mixup/cutmix with label smoothing (spec section 7). */
class MixupCutmixTest {

    private static final int N = 4;
    private static final int C = 3;
    private static final int H = 8;
    private static final int W = 6;
    private static final int SAMPLE = C * H * W;
    private static final int CLASSES = 10;
    private static final int[] LABELS = {1, 7, 3, 5};
    private static final double OFF = 0.1 / CLASSES;
    private static final double ON = 0.9 + OFF;

    private static float[] batch(long seed) {
        float[] x = new float[N * SAMPLE];
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static float t(float[] targets, int row, int cls) {
        return targets[row * CLASSES + cls];
    }

    private static void assertRowsSumToOne(float[] targets) {
        for (int i = 0; i < targets.length / CLASSES; i++) {
            double s = 0;
            for (int k = 0; k < CLASSES; k++) {
                s += t(targets, i, k);
            }
            assertEquals(1.0, s, 1e-5, "row " + i);
        }
    }

    @Test
    void smoothedOneHotTargets() {
        float[] y = MixupCutmix.smoothOneHot(LABELS, CLASSES, 0.1);
        assertEquals(N * CLASSES, y.length);
        assertEquals(0.91f, t(y, 0, 1), 1e-7);
        assertEquals(0.01f, t(y, 0, 0), 1e-7);
        assertEquals(0.91f, t(y, 3, 5), 1e-7);
        assertRowsSumToOne(y);
        float[] hard = MixupCutmix.smoothOneHot(LABELS, CLASSES, 0);
        assertEquals(1f, t(hard, 1, 7));
        assertEquals(0f, t(hard, 1, 3));
    }

    @Test
    void probabilityZeroLeavesImagesAlone() {
        MixupCutmix mc = new MixupCutmix(0.4, 1.0, 0.0, 0.5, 0.1, CLASSES);
        float[] x = batch(1);
        Result r = mc.apply(x, LABELS, H, W, new SplittableRandom(1));
        assertEquals(Kind.NONE, r.kind());
        assertEquals(1.0, r.lam());
        assertArrayEquals(batch(1), x);
        assertArrayEquals(MixupCutmix.smoothOneHot(LABELS, CLASSES, 0.1), r.targets());
    }

    @Test
    void mixupBlendsWithTheReversedBatch() {
        MixupCutmix mc = new MixupCutmix(0.4, 0, 1.0, 0.5, 0.1, CLASSES);
        SplittableRandom rnd = new SplittableRandom(2);
        for (int rep = 0; rep < 20; rep++) {
            float[] x = batch(rep);
            float[] orig = batch(rep);
            Result r = mc.apply(x, LABELS, H, W, rnd);
            assertEquals(Kind.MIXUP, r.kind());
            double lam = r.lam();
            assertTrue(lam >= 0 && lam <= 1);
            assertRowsSumToOne(r.targets());
            for (int i = 0; i < N; i++) {
                int partner = N - 1 - i;
                // lam from the target: own class holds lam*on + (1-lam)*off
                double fromTarget = (t(r.targets(), i, LABELS[i]) - OFF) / (ON - OFF);
                assertEquals(lam, fromTarget, 1e-5);
                assertEquals((1 - lam) * ON + lam * OFF, t(r.targets(), i, LABELS[partner]), 1e-6);
                for (int k = 0; k < SAMPLE; k++) {
                    double want =
                            lam * orig[i * SAMPLE + k] + (1 - lam) * orig[partner * SAMPLE + k];
                    assertEquals(want, x[i * SAMPLE + k], 1e-5);
                }
            }
        }
    }

    @Test
    void cutmixSwapsABoxWhoseAreaGivesLam() {
        MixupCutmix mc = new MixupCutmix(0, 1.0, 1.0, 0.5, 0.1, CLASSES);
        SplittableRandom rnd = new SplittableRandom(3);
        int nonEmpty = 0;
        for (int rep = 0; rep < 50; rep++) {
            float[] x = batch(rep);
            float[] orig = batch(rep);
            Result r = mc.apply(x, LABELS, H, W, rnd);
            assertEquals(Kind.CUTMIX, r.kind());
            int area = (r.bottom() - r.top()) * (r.right() - r.left());
            assertTrue(r.top() >= 0 && r.bottom() <= H && r.left() >= 0 && r.right() <= W);
            assertEquals(1.0 - area / (double) (H * W), r.lam(), 1e-12);
            if (area > 0) {
                nonEmpty++;
            }
            assertRowsSumToOne(r.targets());
            for (int i = 0; i < N; i++) {
                int partner = N - 1 - i;
                double fromTarget = (t(r.targets(), i, LABELS[i]) - OFF) / (ON - OFF);
                assertEquals(r.lam(), fromTarget, 1e-5);
                int pasted = 0;
                for (int c = 0; c < C; c++) {
                    for (int y = 0; y < H; y++) {
                        for (int xx = 0; xx < W; xx++) {
                            int k = (c * H + y) * W + xx;
                            boolean in =
                                    y >= r.top()
                                            && y < r.bottom()
                                            && xx >= r.left()
                                            && xx < r.right();
                            int from = in ? partner : i;
                            assertEquals(orig[from * SAMPLE + k], x[i * SAMPLE + k]);
                            if (in) {
                                pasted++;
                            }
                        }
                    }
                }
                assertEquals(C * area, pasted);
            }
        }
        assertTrue(nonEmpty > 30, "boxes with pixels: " + nonEmpty);
    }

    @Test
    void cutmixBoxFollowsTimmsRandBbox() {
        // both sides come from one cut ratio sqrt(1 - lam0) and extend side/2 either way of the
        // centre, so on a square image an unclipped box is square with even sides
        MixupCutmix mc = new MixupCutmix(0, 1.0, 1.0, 0.5, 0, CLASSES);
        SplittableRandom rnd = new SplittableRandom(4);
        int size = 64;
        int[] labels = {0, 1};
        int unclipped = 0;
        int[] centreHalves = new int[2];
        for (int rep = 0; rep < 300; rep++) {
            Result r = mc.apply(new float[2 * size * size], labels, size, size, rnd);
            int h = r.bottom() - r.top();
            int w = r.right() - r.left();
            if (r.top() > 0 && r.left() > 0 && r.bottom() < size && r.right() < size) {
                unclipped++;
                assertEquals(h, w);
                assertEquals(0, h % 2);
                centreHalves[(r.left() + w / 2) < size / 2 ? 0 : 1]++;
            }
        }
        assertTrue(unclipped > 30, "unclipped boxes " + unclipped);
        assertTrue(centreHalves[0] > 5 && centreHalves[1] > 5, "centres spread over the image");
    }

    @Test
    void switchProbabilityChoosesBetweenTheTwo() {
        SplittableRandom rnd = new SplittableRandom(5);
        MixupCutmix always = new MixupCutmix(0.4, 1.0, 1.0, 1.0, 0.1, CLASSES);
        MixupCutmix never = new MixupCutmix(0.4, 1.0, 1.0, 0.0, 0.1, CLASSES);
        MixupCutmix recipe = MixupCutmix.recipe(CLASSES);
        int cut = 0;
        for (int i = 0; i < 400; i++) {
            assertEquals(Kind.CUTMIX, always.apply(batch(0), LABELS, H, W, rnd).kind());
            assertEquals(Kind.MIXUP, never.apply(batch(0), LABELS, H, W, rnd).kind());
            if (recipe.apply(batch(0), LABELS, H, W, rnd).kind() == Kind.CUTMIX) {
                cut++;
            }
        }
        assertTrue(cut > 160 && cut < 240, "cutmix chosen " + cut + " of 400");
    }

    @Test
    void sameSeedSameBatch() {
        MixupCutmix mc = MixupCutmix.recipe(CLASSES);
        for (long seed = 0; seed < 10; seed++) {
            float[] a = batch(7);
            float[] b = batch(7);
            Result ra = mc.apply(a, LABELS, H, W, new SplittableRandom(seed));
            Result rb = mc.apply(b, LABELS, H, W, new SplittableRandom(seed));
            assertArrayEquals(a, b);
            assertArrayEquals(ra.targets(), rb.targets());
            assertEquals(ra.lam(), rb.lam());
        }
    }

    @Test
    void invalidUseIsRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> new MixupCutmix(0, 0, 1, 0.5, 0.1, CLASSES));
        MixupCutmix mc = MixupCutmix.recipe(CLASSES);
        SplittableRandom rnd = new SplittableRandom(6);
        assertThrows(
                IllegalArgumentException.class,
                () -> mc.apply(new float[3 * SAMPLE], new int[] {1, 2, 3}, H, W, rnd));
        assertThrows(
                IllegalArgumentException.class,
                () -> mc.apply(new float[N * SAMPLE + 1], LABELS, H, W, rnd));
        assertThrows(
                IllegalArgumentException.class,
                () -> MixupCutmix.smoothOneHot(new int[] {CLASSES}, CLASSES, 0.1));
    }
}
