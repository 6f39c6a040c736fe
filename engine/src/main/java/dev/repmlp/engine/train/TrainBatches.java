package dev.repmlp.engine.train;

import dev.repmlp.engine.data.loader.LoaderException;
import dev.repmlp.engine.data.loader.Prefetcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The micro-batches of one training epoch, from a given step on, loaded ahead by a {@link
 * Prefetcher}: micro-batch {@code m} holds the samples {@code order[m * batch, (m + 1) * batch)}.
 * Unreadable images are left out, logged and counted; when every image tried so far failed (1,000
 * of them, or the whole pass), training stops with one line saying so.
 */
final class TrainBatches implements AutoCloseable {

    /**
     * Failures in a row, with no readable image, after which the dataset is taken as unreadable.
     */
    static final int ALL_FAILED = 1_000;

    private final TrainData data;
    private final Prefetcher.Pass pass;
    private final Consumer<String> log;
    private final List<Prefetcher.Batch> handedOut = new ArrayList<>();
    private long waitNanos;

    /**
     * @param order the epoch's sample order
     * @param batch images per micro-batch
     * @param firstMicro the first micro-batch to load (a resumed epoch starts mid-way)
     * @param micros micro-batches in the epoch
     * @param ahead micro-batches loaded ahead of the one the step takes
     * @param samples the epoch's samples ({@link TrainData#trainSamples})
     * @param per floats per sample (3 x res x res)
     */
    TrainBatches(
            Prefetcher loader,
            TrainData data,
            int[] order,
            int batch,
            int firstMicro,
            int micros,
            int ahead,
            Prefetcher.SampleLoader samples,
            int per,
            Consumer<String> log) {
        this.data = data;
        this.log = log;
        this.pass =
                loader.stream(
                        Math.max(0, micros - firstMicro),
                        j -> {
                            int from = (firstMicro + j) * batch;
                            int to = Math.min(order.length, from + batch);
                            int[] idx = new int[Math.max(0, to - from)];
                            System.arraycopy(order, from, idx, 0, idx.length);
                            return idx;
                        },
                        samples,
                        per,
                        ahead);
    }

    /**
     * The next micro-batch (possibly shorter than asked, or empty, when images were unreadable).
     *
     * @throws LoaderException when a worker failed, or every image tried so far was unreadable
     */
    TrainData.Batch next() {
        Prefetcher.Batch b = pass.next();
        handedOut.add(b);
        waitNanos += b.waitNanos();
        for (String why : b.skipped()) {
            log.accept("skipping unreadable image: " + why);
        }
        if (pass.readable() == 0
                && pass.unreadable() > 0
                && (pass.unreadable() >= ALL_FAILED || !pass.hasNext())) {
            pass.close();
            throw new LoaderException(
                    "every training image tried failed to load ("
                            + pass.unreadable()
                            + " unreadable, none readable; last: "
                            + (b.skipped().length > 0 ? b.skipped()[b.skipped().length - 1] : "?")
                            + "); check that "
                            + data.trainFolder().root()
                            + " holds readable images",
                    null);
        }
        int[] labels = new int[b.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.trainLabel(b.samples()[i]);
        }
        return new TrainData.Batch(b.bytes(), labels, b.size());
    }

    /**
     * Gives the buffers of the batches handed out so far back to the loader: call it once the
     * arrays made from them are closed (the step's manager; a CPU array shares the buffer).
     */
    void recycle() {
        handedOut.forEach(Prefetcher.Batch::release);
        handedOut.clear();
    }

    /** Training images of this pass skipped as unreadable so far. */
    long unreadable() {
        return pass.unreadable();
    }

    /** Seconds spent waiting for data since the last call (timm's "data time"). */
    double takeWaitSeconds() {
        double s = waitNanos / 1e9;
        waitNanos = 0;
        return s;
    }

    @Override
    public void close() {
        handedOut.clear();
        pass.close();
    }
}
