package dev.repmlp.app.tracking;

import dev.repmlp.app.charts.EpochPoint;
import dev.repmlp.app.charts.StepPoint;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.MetricsChunk;
import dev.repmlp.engine.runs.StepMetrics;
import java.util.List;

/**
 * Engine metrics records as chart points: steps by global step and epochs counted from 1, as a user
 * counts them.
 */
public final class MetricPoints {
    private MetricPoints() {}

    /** Global step counting from 1: {@code epoch * steps_per_epoch + step + 1}. */
    public static long globalStep(StepMetrics m) {
        return (long) m.epoch() * m.stepsPerEpoch() + m.step() + 1;
    }

    /** Global step, counting from 1, of position {@code at} in a run of that many steps/epoch. */
    public static long globalStep(MetricsChunk.Position at, int stepsPerEpoch) {
        return (long) at.epoch() * stepsPerEpoch + at.step() + 1;
    }

    public static StepPoint of(StepMetrics m) {
        return new StepPoint(globalStep(m), m.loss(), m.lr());
    }

    public static EpochPoint of(EpochMetrics m) {
        return new EpochPoint(m.epoch() + 1, m.valTop1(), m.valTop5());
    }

    public static List<StepPoint> steps(List<StepMetrics> steps) {
        return steps.stream().map(MetricPoints::of).toList();
    }

    public static List<EpochPoint> epochs(List<EpochMetrics> epochs) {
        return epochs.stream().map(MetricPoints::of).toList();
    }
}
