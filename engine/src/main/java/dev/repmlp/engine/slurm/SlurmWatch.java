package dev.repmlp.engine.slurm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows jobs until each has ended, from squeue and the state files the jobs write. A queue that
 * cannot be asked is retried; after {@code queueGiveUp} of failures in a row the watch fails with
 * Slurm's words. A job the queue never lists and that writes nothing is given a few polls (a fresh
 * submission, a slow shared filesystem) before it counts as ended.
 */
public final class SlurmWatch {

    /**
     * One job to follow.
     *
     * @param label how to name it in messages
     * @param record its record
     * @param stateFile the file the job writes
     * @param recordDir where its slurm.json lives (to keep the final state there), or null
     */
    public record Target(String label, SlurmRecord record, Path stateFile, Path recordDir) {}

    /** Hears of every change of state. */
    public interface Listener {
        void onChange(Target target, SlurmStatus status);

        /** After each poll (e.g. to show the tail of a log). */
        default void onPoll() {}
    }

    private final Slurm slurm;
    private final Duration poll;
    private final Duration queueGiveUp;

    public SlurmWatch(Slurm slurm, Duration poll, Duration queueGiveUp) {
        this.slurm = slurm;
        this.poll = poll;
        this.queueGiveUp = queueGiveUp;
    }

    /**
     * Waits until every target has ended.
     *
     * @return each target's final status, in order
     * @throws SlurmException when squeue failed for {@code queueGiveUp} in a row
     * @throws InterruptedException when interrupted (the jobs go on)
     */
    public Map<Target, SlurmStatus> await(List<Target> targets, Listener listener)
            throws SlurmException, InterruptedException {
        Map<Target, SlurmStatus> last = new LinkedHashMap<>();
        Map<Target, Integer> unknownPolls = new LinkedHashMap<>();
        List<Target> open = new ArrayList<>(targets);
        long failingSince = -1;
        while (true) {
            Map<String, Slurm.QueueEntry> queue;
            try {
                queue = slurm.queue();
                failingSince = -1;
            } catch (SlurmException e) {
                long now = System.nanoTime();
                if (failingSince < 0) {
                    failingSince = now;
                } else if (now - failingSince > queueGiveUp.toNanos()) {
                    throw new SlurmException(
                            "gave up waiting: squeue has failed for "
                                    + queueGiveUp.toSeconds()
                                    + " s ("
                                    + e.getMessage()
                                    + "); the jobs may still run, follow them in their folders",
                            e);
                }
                queue = null;
            }
            for (Target t : new ArrayList<>(open)) {
                SlurmStatus s = SlurmStatus.of(t.record(), t.stateFile(), queue);
                boolean ended = s.state().isFinal();
                if (s.state() == JobState.UNKNOWN && queue != null) {
                    int n = unknownPolls.merge(t, 1, Integer::sum);
                    ended = n >= 5;
                }
                if (!s.equals(last.get(t))) {
                    last.put(t, s);
                    listener.onChange(t, s);
                }
                if (ended) {
                    open.remove(t);
                    if (t.recordDir() != null) {
                        SlurmRuns.keepFinal(t.recordDir(), t.record(), s, queue);
                    }
                }
            }
            listener.onPoll();
            if (open.isEmpty()) {
                return last;
            }
            Thread.sleep(poll.toMillis());
        }
    }
}
