package dev.repmlp.engine.runs;

import java.util.List;

/**
 * The complete records appended to a run's {@code metrics.jsonl} since a byte offset (see {@link
 * RunRecords#readMetrics}).
 *
 * @param steps step records in file order
 * @param epochs epoch records in file order (validation fields NaN when not validated)
 * @param nextOffset where the next read starts: just after the last complete line
 * @param restarted true when the file was shorter than the offset asked for (replaced or truncated)
 *     and was read from the start instead: a follower should drop what it had
 * @param skippedLines complete lines that were not valid records (left out)
 */
public record MetricsChunk(
        List<StepMetrics> steps,
        List<EpochMetrics> epochs,
        long nextOffset,
        boolean restarted,
        int skippedLines) {

    public MetricsChunk {
        steps = List.copyOf(steps);
        epochs = List.copyOf(epochs);
    }

    /** True when nothing new was read. */
    public boolean isEmpty() {
        return steps.isEmpty() && epochs.isEmpty();
    }
}
