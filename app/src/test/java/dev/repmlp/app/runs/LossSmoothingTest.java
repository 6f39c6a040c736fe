package dev.repmlp.app.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repmlp.app.charts.Curve;
import dev.repmlp.app.charts.CurveStyle;
import dev.repmlp.app.charts.XY;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;

/** TensorBoard-style loss smoothing, values worked out by hand; no FX toolkit. */
class LossSmoothingTest {
    @Test
    void debiasedEmaByHand() {
        // w = 0.5 on 1, 3, 2:
        // n=1: last = 0.5*0 + 0.5*1 = 0.5,     debias 1-0.5   = 0.5   -> 1
        // n=2: last = 0.5*0.5 + 0.5*3 = 1.75,  debias 1-0.25  = 0.75  -> 7/3
        // n=3: last = 0.5*1.75 + 0.5*2 = 1.875, debias 1-0.125 = 0.875 -> 15/7
        assertArrayEquals(
                new double[] {1, 7.0 / 3, 15.0 / 7},
                LossSmoothing.smooth(new double[] {1, 3, 2}, 0.5),
                1e-12);
        // w = 0.9 on 10, 0: n=1 -> 10; n=2: last = 0.9*1 + 0 = 0.9, debias 0.19 -> 90/19
        assertArrayEquals(
                new double[] {10, 90.0 / 19},
                LossSmoothing.smooth(new double[] {10, 0}, 0.9),
                1e-12);
    }

    @Test
    void zeroIsTheRawCurveAndAConstantStaysConstant() {
        double[] raw = {2.5, 1.0, 4.0};
        assertArrayEquals(raw, LossSmoothing.smooth(raw, 0), 0);
        assertArrayEquals(
                new double[] {3, 3, 3, 3},
                LossSmoothing.smooth(new double[] {3, 3, 3, 3}, 0.99),
                1e-12);
    }

    @Test
    void nonFiniteValuesPassThroughWithoutEnteringTheAverage() {
        // w = 0.5 on 1, NaN, 3: the NaN is kept; 3 is the 2nd value: 1.75 / 0.75 = 7/3
        double[] s = LossSmoothing.smooth(new double[] {1, Double.NaN, 3}, 0.5);
        assertEquals(1, s[0], 1e-12);
        assertEquals(Double.NaN, s[1]);
        assertEquals(7.0 / 3, s[2], 1e-12);
    }

    @Test
    void weightsOutsideTheSliderAreRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> LossSmoothing.smooth(new double[] {1}, 1.0));
        assertThrows(
                IllegalArgumentException.class, () -> LossSmoothing.smooth(new double[] {1}, -0.1));
    }

    @Test
    void eachRunKeepsItsRawCurveFaintAndItsSmoothedOneFollowsTheWeight() {
        ObservableList<Curve> shown = FXCollections.observableArrayList();
        SmoothedLosses losses = new SmoothedLosses(shown);
        losses.smoothingProperty().set(0.5);
        losses.show(
                List.of("a", "b"),
                List.of(List.of(new XY(1, 1), new XY(2, 3), new XY(3, 2)), List.of(new XY(1, 4))));
        assertEquals(4, shown.size());
        assertEquals("a (raw)", shown.get(0).name());
        assertEquals(CurveStyle.FAINT_LINE, shown.get(0).style());
        assertEquals("b (raw)", shown.get(1).name());
        assertEquals("a", shown.get(2).name());
        assertEquals(CurveStyle.LINE, shown.get(2).style());
        assertEquals(shown.get(0).colour(), shown.get(2).colour());
        assertEquals(List.of(new XY(1, 1), new XY(2, 3), new XY(3, 2)), shown.get(0).points());
        assertEquals(7.0 / 3, shown.get(2).points().get(1).y(), 1e-12);
        assertEquals(15.0 / 7, shown.get(2).points().get(2).y(), 1e-12);

        // moving the slider re-smooths the same curves; the raw ones stay
        Curve smoothA = shown.get(2);
        losses.smoothingProperty().set(0);
        assertEquals(smoothA, shown.get(2));
        assertEquals(List.of(new XY(1, 1), new XY(2, 3), new XY(3, 2)), smoothA.points());
        assertEquals(3, shown.get(0).size());

        // out of range is clamped to the slider's ends
        losses.smoothingProperty().set(1.5);
        assertEquals(LossSmoothing.MAX_WEIGHT, losses.smoothingProperty().get());
    }
}
