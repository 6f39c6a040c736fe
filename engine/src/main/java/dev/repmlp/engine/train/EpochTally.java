package dev.repmlp.engine.train;

/**
 * An epoch's running sums over its steps so far (loss, top-1 counts, skipped steps) and the images
 * skipped as unreadable, in the run and in the epoch: what a checkpoint within the epoch saves so
 * that a resumed run's epoch record comes out the same.
 */
final class EpochTally {
    /** Sum of the step losses of the epoch so far. */
    double lossSum;

    /** Training images whose top-1 matched their label. */
    long correct;

    /** Training images of the epoch so far. */
    long seen;

    /** Steps skipped in this session because every image of the step was unreadable. */
    int skipped;

    /** Images of the run skipped as unreadable before this epoch (resumed runs included). */
    long unreadableBefore;

    /** Training images of this epoch skipped before the steps this session loads. */
    long unreadableEarlier;

    /** The epoch's loader, while it runs: its unreadable count joins the totals. */
    TrainBatches batches;

    /** Training images of this epoch skipped as unreadable so far. */
    long epochUnreadable() {
        return unreadableEarlier + (batches == null ? 0 : batches.unreadable());
    }

    /** The position to save at {@code step} of {@code epoch}, with these sums. */
    FullCheckpoint.State at(int epoch, int step, double best) {
        long epochSkips = epochUnreadable();
        return new FullCheckpoint.State(
                epoch,
                step,
                best,
                lossSum,
                correct,
                seen,
                unreadableBefore + epochSkips,
                epochSkips);
    }
}
