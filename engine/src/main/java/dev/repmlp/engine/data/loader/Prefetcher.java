package dev.repmlp.engine.data.loader;

import dev.repmlp.engine.data.ImageDecodeException;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * N worker threads that load the samples of upcoming batches while the caller works on the current
 * one. A {@link Pass} hands out batches in order; at most {@code ahead} batches beyond the one
 * being taken are loaded or loading at any time, so memory is bounded by {@code (ahead + 1) x batch
 * x sample size} whatever the dataset's size.
 *
 * <p>Results do not depend on the number of workers: a sample's tensor depends only on its index
 * (callers derive its random stream from (seed, epoch, index)), and each batch is assembled in
 * sample order. Unreadable images ({@link ImageDecodeException}) are skipped and counted; any other
 * exception of a worker is thrown once, by {@link Pass#next()}, with the file's name.
 */
public final class Prefetcher implements AutoCloseable {

    /** How a sample is loaded; called from the worker threads, several samples at once. */
    public interface SampleLoader {
        /**
         * The sample's tensor (e.g. CHW floats, 3 x res x res), or null when the image is
         * unreadable (it is skipped).
         *
         * @throws ImageDecodeException when the image is unreadable or vanished: it is skipped
         */
        float[] load(int sample) throws ImageDecodeException;

        /** The sample's file, for messages. */
        String describe(int sample);
    }

    /**
     * A ready batch: the readable samples' tensors packed one after the other.
     *
     * @param samples the indices of the readable samples, in batch order
     * @param tensors their tensors, {@code samples.length x per} floats
     * @param skipped one line per unreadable sample of the batch (the decoder's message)
     * @param waitNanos how long {@link Pass#next()} waited for the batch (0 when it was ready)
     */
    public record Batch(int[] samples, float[] tensors, String[] skipped, long waitNanos) {
        /** Number of readable samples. */
        public int size() {
            return samples.length;
        }
    }

    private final ThreadPoolExecutor pool;
    private final int workers;

    /**
     * @param workers worker threads (>= 1)
     * @param name thread name prefix
     */
    public Prefetcher(int workers, String name) {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1; got " + workers);
        }
        this.workers = workers;
        AtomicInteger n = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(
                        workers,
                        workers,
                        30,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> {
                            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** The default number of workers: the available cores. */
    public static int defaultWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * A {@code --workers} value as train, test and bench all read it: null or 0 means the cores
     * ({@link #defaultWorkers()}), as training's {@code workers} setting does.
     *
     * @throws IllegalArgumentException for a negative count
     */
    /** The most loader threads {@link #workersFor} accepts. */
    public static final int MAX_WORKERS = 1024;

    public static int workersFor(Integer requested) {
        if (requested == null || requested == 0) {
            return defaultWorkers();
        }
        if (requested < 0) {
            throw new IllegalArgumentException(
                    "--workers must be 0 (the cores) or more; got " + requested);
        }
        if (requested > MAX_WORKERS) {
            throw new IllegalArgumentException(
                    "--workers "
                            + requested
                            + " is more threads than any machine can use; at most "
                            + MAX_WORKERS
                            + " (0 = one per core, "
                            + defaultWorkers()
                            + " here)");
        }
        return requested;
    }

    public int workers() {
        return workers;
    }

    /**
     * Starts loading {@code batches} batches.
     *
     * @param batchSamples the sample indices of batch {@code b} (0-based)
     * @param per floats per sample tensor
     * @param ahead batches loaded ahead of the one being taken (>= 1)
     */
    public Pass stream(
            int batches, IntFunction<int[]> batchSamples, SampleLoader loader, int per, int ahead) {
        return new Pass(batches, batchSamples, loader, per, Math.max(1, ahead));
    }

    /** Stops the workers; batches still loading are dropped. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One batch being loaded. */
    private static final class Pending {
        final int[] samples;
        final float[] flat;
        final boolean[] ok;
        final String[] skipped;
        final CountDownLatch done;
        volatile Throwable failure;
        volatile int failedSample = -1;

        Pending(int[] samples, int per) {
            this.samples = samples;
            this.flat = new float[samples.length * per];
            this.ok = new boolean[samples.length];
            this.skipped = new String[samples.length];
            this.done = new CountDownLatch(samples.length);
        }
    }

    /** The batches of one pass (an epoch, a validation), in order. Not thread-safe. */
    public final class Pass implements AutoCloseable {
        private final int batches;
        private final IntFunction<int[]> batchSamples;
        private final SampleLoader loader;
        private final int per;
        private final int ahead;
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        private int submitted;
        private volatile boolean closed;
        private long readable;
        private long unreadable;

        private Pass(
                int batches,
                IntFunction<int[]> batchSamples,
                SampleLoader loader,
                int per,
                int ahead) {
            this.batches = batches;
            this.batchSamples = batchSamples;
            this.loader = loader;
            this.per = per;
            this.ahead = ahead;
            fill();
        }

        /** Keeps the current batch and {@code ahead} more submitted. */
        private void fill() {
            while (!closed && submitted < batches && pending.size() <= ahead) {
                Pending p = new Pending(batchSamples.apply(submitted++), per);
                pending.add(p);
                for (int i = 0; i < p.samples.length; i++) {
                    int slot = i;
                    pool.execute(() -> loadInto(p, slot));
                }
            }
        }

        private void loadInto(Pending p, int slot) {
            try {
                if (closed || p.failure != null) {
                    return;
                }
                int sample = p.samples[slot];
                try {
                    float[] t = loader.load(sample);
                    if (t == null) {
                        p.skipped[slot] = "unreadable: " + loader.describe(sample);
                        return;
                    }
                    if (t.length != per) {
                        throw new IllegalStateException(
                                "sample tensor has " + t.length + " floats, expected " + per);
                    }
                    System.arraycopy(t, 0, p.flat, slot * per, per);
                    p.ok[slot] = true;
                } catch (ImageDecodeException e) {
                    p.skipped[slot] = e.getMessage();
                } catch (RuntimeException | Error e) {
                    synchronized (p) {
                        if (p.failure == null) {
                            p.failure = e;
                            p.failedSample = sample;
                        }
                    }
                }
            } finally {
                p.done.countDown();
            }
        }

        /** True while batches remain. */
        public boolean hasNext() {
            return !closed && !pending.isEmpty();
        }

        /**
         * The next batch, waiting for it if needed.
         *
         * @throws LoaderException when a worker failed other than on an unreadable image (the
         *     stream is closed then)
         * @throws NoSuchElementException when no batch remains
         */
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no batch left in this pass");
            }
            Pending p = pending.peek();
            long t0 = System.nanoTime();
            try {
                p.done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new LoaderException("interrupted while waiting for a batch", e);
            }
            long wait = System.nanoTime() - t0;
            pending.poll();
            if (p.failure != null) {
                close();
                Throwable f = p.failure;
                throw new LoaderException(
                        "loading "
                                + loader.describe(p.failedSample)
                                + " failed: "
                                + (f.getMessage() == null ? f.toString() : f.getMessage()),
                        f);
            }
            fill();
            int n = 0;
            int bad = 0;
            for (boolean b : p.ok) {
                if (b) {
                    n++;
                } else {
                    bad++;
                }
            }
            readable += n;
            unreadable += bad;
            int[] samples = new int[n];
            String[] skipped = new String[bad];
            float[] flat = p.flat;
            if (bad > 0) {
                flat = new float[n * per];
            }
            int j = 0;
            int k = 0;
            for (int i = 0; i < p.samples.length; i++) {
                if (p.ok[i]) {
                    if (bad > 0) {
                        System.arraycopy(p.flat, i * per, flat, j * per, per);
                    }
                    samples[j++] = p.samples[i];
                } else {
                    skipped[k++] = p.skipped[i];
                }
            }
            return new Batch(samples, flat, skipped, wait);
        }

        /** Readable samples handed out so far. */
        public long readable() {
            return readable;
        }

        /** Unreadable samples met so far. */
        public long unreadable() {
            return unreadable;
        }

        /** Drops the batches still loading (their queued samples are not loaded). */
        @Override
        public void close() {
            closed = true;
            pending.clear();
        }
    }
}
