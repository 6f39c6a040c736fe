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
 * @param resumedAt the earliest position a resume marker in this chunk restarts the run from, or
 *     null when the chunk holds none: records a follower read before this chunk at or after it are
 *     superseded (the resumed run writes them again) and must be dropped ({@link #supersedes});
 *     this chunk's own records are already filtered
 */
public record MetricsChunk(
        List<StepMetrics> steps,
        List<EpochMetrics> epochs,
        long nextOffset,
        boolean restarted,
        int skippedLines,
        Position resumedAt) {

    /**
     * A position in a run: step {@code step} (from 0) of epoch {@code epoch} (from 0); the epoch's
     * record comes after all its steps.
     */
    public record Position(int epoch, int step) {}

    public MetricsChunk {
        steps = List.copyOf(steps);
        epochs = List.copyOf(epochs);
    }

    /** A chunk without resume markers. */
    public MetricsChunk(
            List<StepMetrics> steps,
            List<EpochMetrics> epochs,
            long nextOffset,
            boolean restarted,
            int skippedLines) {
        this(steps, epochs, nextOffset, restarted, skippedLines, null);
    }

    /** True when step record {@code s}, read before this chunk, is superseded by its resume. */
    public boolean supersedes(StepMetrics s) {
        return resumedAt != null
                && (s.epoch() > resumedAt.epoch()
                        || (s.epoch() == resumedAt.epoch() && s.step() >= resumedAt.step()));
    }

    /** True when epoch record {@code e}, read before this chunk, is superseded by its resume. */
    public boolean supersedes(EpochMetrics e) {
        return resumedAt != null && e.epoch() >= resumedAt.epoch();
    }

    /** True when nothing new was read. */
    public boolean isEmpty() {
        return steps.isEmpty() && epochs.isEmpty();
    }
}
