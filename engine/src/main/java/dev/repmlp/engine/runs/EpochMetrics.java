package dev.repmlp.engine.runs;

/**
 * One finished epoch, as written to metrics.jsonl ({@code "type":"epoch"}); validation fields are
 * NaN when the epoch was not validated.
 *
 * @param epoch 0-based epoch
 * @param trainLoss mean training loss
 * @param trainTop1 training top-1 in percent (against the un-mixed labels)
 * @param valLoss validation loss
 * @param valTop1 validation top-1 in percent
 * @param valTop5 validation top-5 in percent
 * @param seconds wall time of the epoch
 */
public record EpochMetrics(
        int epoch,
        double trainLoss,
        double trainTop1,
        double valLoss,
        double valTop1,
        double valTop5,
        double seconds) {}
