package dev.repmlp.app.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DivergingScaleTest {
    private final DivergingScale scale = DivergingScale.symmetric(2.0);

    @Test
    void zeroIsWhiteAndTheEndsAreBlueAndRed() {
        assertEquals(0xFFFFFFFF, scale.argb(0));
        assertEquals(0xFF2166AC, scale.argb(-2));
        assertEquals(0xFFB2182B, scale.argb(2));
    }

    @Test
    void valuesBeyondTheLimitAreClipped() {
        assertEquals(scale.argb(2), scale.argb(50));
        assertEquals(scale.argb(-2), scale.argb(-50));
    }

    @Test
    void coloursMapBackToTheirValuesUpToRounding() {
        for (double v = -2; v <= 2; v += 0.01) {
            assertEquals(v, scale.valueOf(scale.argb(v)), 2.0 / 200, "value " + v);
        }
    }

    @Test
    void gradientRunsFromMinusLimitToPlusLimit() {
        int[] g = scale.gradient(5);
        assertEquals(scale.argb(-2), g[0]);
        assertEquals(scale.argb(0), g[2]);
        assertEquals(scale.argb(2), g[4]);
    }

    @Test
    void emptyMatricesGetAUnitScale() {
        assertEquals(1.0, DivergingScale.symmetric(0).limit());
        assertEquals(3.0, DivergingScale.maxAbs(new float[] {1, -3}, null, new float[] {2}));
    }

    @Test
    void labelsAreShort() {
        assertEquals("0.8408", DivergingScale.format(0.84081234));
        assertEquals("-1.5", DivergingScale.format(-1.5));
        assertEquals("1.20e-05", DivergingScale.format(1.2e-5));
        assertEquals("0", DivergingScale.format(0));
    }
}
