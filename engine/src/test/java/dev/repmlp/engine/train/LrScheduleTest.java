package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repmlp.engine.model.RepMlpNetPresets;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

    /** 10 epochs of 100 steps, batch 256 (no scaling), warmup 2 epochs from 1e-6 to 1e-3. */
    private static TrainingConfig cfg(String kind) {
        return TrainingConfig.builder(RepMlpNetPresets.DEMO)
                .epochs(10)
                .batchSize(256)
                .baseLr(1e-3)
                .warmupLr(1e-6)
                .minLr(1e-5)
                .warmupEpochs(2)
                .schedule(kind)
                .decayEpochs(3)
                .build();
    }

    @Test
    void warmupIsLinearFromTheWarmupRate() {
        LrSchedule s = new LrSchedule(cfg("cosine"), 100);
        assertEquals(1e-6, s.at(0), 1e-15);
        assertEquals(1e-6 + 100 * (1e-3 - 1e-6) / 200, s.at(100), 1e-15);
    }

    @Test
    void cosineCountsFromZeroAndReachesTheMidpointHalfway() {
        LrSchedule s = new LrSchedule(cfg("cosine"), 100);
        // right after warmup: min + (base-min)/2 (1 + cos(pi*200/1000))
        double expect = 1e-5 + 0.5 * (1e-3 - 1e-5) * (1 + Math.cos(Math.PI * 0.2));
        assertEquals(expect, s.at(200), 1e-15);
        assertEquals((1e-3 + 1e-5) / 2, s.at(500), 1e-15);
    }

    @Test
    void eachStepUsesTheRateOfTheUpdateBefore() {
        LrSchedule s = new LrSchedule(cfg("cosine"), 100);
        assertEquals(s.at(0), s.forStep(0));
        assertEquals(s.at(0), s.forStep(1));
        assertEquals(s.at(41), s.forStep(42));
    }

    @Test
    void stepAndLinearSchedules() {
        LrSchedule step = new LrSchedule(cfg("step"), 100);
        assertEquals(1e-3 * 0.1, step.at(300), 1e-15);
        assertEquals(1e-3 * 0.01, step.at(650), 1e-15);
        LrSchedule lin = new LrSchedule(cfg("linear"), 100);
        assertEquals(1e-3 - (1e-3 - 1e-5) * 0.5, lin.at(500), 1e-15);
    }

    @Test
    void linearScalingRule() {
        TrainingConfig c = cfg("cosine").toBuilder().batchSize(64).accumulationSteps(2).build();
        assertEquals(1e-3 * 128 / 256, c.scaled(c.baseLr()), 1e-15);
    }
}
