package dev.repmlp.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunCurvesTest {

    @Test
    void stepsFeedLossSmoothedLossAndLearningRate() {
        RunCurves c = new RunCurves();

        c.appendSteps(List.of(new StepPoint(1, 2.0, 0.1), new StepPoint(2, 1.0, 0.2)));

        assertEquals(List.of(new XY(1, 2.0), new XY(2, 1.0)), c.loss().points());
        assertEquals(List.of(new XY(1, 0.1), new XY(2, 0.2)), c.lr().points());
        // bias-corrected EMA: the first value is the loss itself
        assertEquals(2.0, c.lossEma().points().get(0).y(), 1e-12);
        double expected = (0.9 * 0.1 * 2.0 + 0.1 * 1.0) / (1 - 0.81);
        assertEquals(expected, c.lossEma().points().get(1).y(), 1e-12);
    }

    @Test
    void epochsWithoutValidationAddNoPoint() {
        RunCurves c = new RunCurves();

        c.appendEpochs(
                List.of(new EpochPoint(1, Double.NaN, Double.NaN), new EpochPoint(2, 60.0, 95.0)));

        assertEquals(List.of(new XY(2, 60.0)), c.valTop1().points());
        assertEquals(List.of(new XY(2, 95.0)), c.valTop5().points());
    }

    @Test
    void aResumedRunReplacesTheStepsItRewrites() {
        RunCurves c = new RunCurves();
        c.appendSteps(
                List.of(
                        new StepPoint(1, 3.0, 0.1),
                        new StepPoint(2, 2.0, 0.1),
                        new StepPoint(3, 1.0, 0.1)));

        c.appendSteps(List.of(new StepPoint(2, 5.0, 0.3), new StepPoint(3, 4.0, 0.3)));

        assertEquals(List.of(1.0, 2.0, 3.0), c.loss().points().stream().map(XY::x).toList());
        assertEquals(List.of(3.0, 5.0, 4.0), c.loss().points().stream().map(XY::y).toList());
        assertEquals(3, c.lossEma().size());
        RunCurves fresh = new RunCurves();
        fresh.appendSteps(
                List.of(
                        new StepPoint(1, 3.0, 0.1),
                        new StepPoint(2, 5.0, 0.3),
                        new StepPoint(3, 4.0, 0.3)));
        assertEquals(fresh.lossEma().points(), c.lossEma().points());
    }

    @Test
    void nonFiniteLossesAreLeftOut() {
        RunCurves c = new RunCurves();

        c.appendSteps(List.of(new StepPoint(1, Double.NaN, 0.1), new StepPoint(2, 1.0, 0.1)));

        assertEquals(1, c.loss().size());
        assertEquals(2, c.lr().size());
    }

    @Test
    void aResumeMarkerDropsTheStepsAndEpochsFromItsPosition() {
        RunCurves c = new RunCurves();
        c.appendSteps(
                List.of(
                        new StepPoint(1, 3.0, 0.1),
                        new StepPoint(2, 2.0, 0.1),
                        new StepPoint(3, 1.0, 0.1)));
        c.appendEpochs(List.of(new EpochPoint(1, 50.0, 90.0)));

        c.dropFrom(2, 1);

        assertEquals(List.of(new XY(1, 3.0)), c.loss().points());
        assertEquals(List.of(new XY(1, 0.1)), c.lr().points());
        assertEquals(List.of(new XY(1, 3.0)), c.lossEma().points());
        assertEquals(0, c.valTop1().size());
        assertEquals(0, c.valTop5().size());
    }
}
