package dev.repmlp.engine.runs;

/**
 * One optimizer step, as written to metrics.jsonl ({@code "type":"step"}).
 *
 * @param epoch 0-based epoch
 * @param step 0-based step within the epoch
 * @param stepsPerEpoch steps in an epoch
 * @param loss training loss of the step
 * @param lr learning rate used
 * @param imagesPerSec throughput of the step
 * @param time seconds since the run (or the resumed session) started
 */
public record StepMetrics(
        int epoch,
        int step,
        int stepsPerEpoch,
        double loss,
        double lr,
        double imagesPerSec,
        double time) {}
