package dev.repmlp.engine.data.loader;

import dev.repmlp.engine.data.ImageDecodeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * N worker threads that load the samples of upcoming batches while the caller works on the current
 * one. A {@link Pass} hands out batches in order; at most {@code ahead} batches beyond the one
 * being taken are loaded or loading at any time, so memory is bounded by {@code (ahead + 2) x batch
 * x sample size} whatever the dataset's size (when the caller releases each batch it is done with),
 * and the next pass reuses the same buffers.
 *
 * <p>Workers write the samples straight into the batch's direct, native-order buffer, taken from a
 * pool the passes share; {@code NDManager.create(ByteBuffer, Shape, DataType)} takes it as it is
 * (DJL's PyTorch engine wraps a direct buffer in a CPU tensor without a copy, and copies it once to
 * a GPU), where a {@code float[]} costs a heap batch, a fresh direct buffer and a copy into it.
 * {@link Batch#release()} gives the buffer back for a later batch, of this pass or the next.
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
     * A ready batch: the readable samples' tensors packed one after the other, in sample order, in
     * a direct buffer of native byte order.
     */
    public static final class Batch {
        private final int[] samples;
        private final ByteBuffer buffer;
        private final int floats;
        private final String[] skipped;
        private final long waitNanos;
        private final Pass owner;
        private boolean released;

        private Batch(
                int[] samples,
                ByteBuffer buffer,
                int floats,
                String[] skipped,
                long waitNanos,
                Pass owner) {
            this.samples = samples;
            this.buffer = buffer;
            this.floats = floats;
            this.skipped = skipped;
            this.waitNanos = waitNanos;
            this.owner = owner;
        }

        /** The indices of the readable samples, in batch order. */
        public int[] samples() {
            return samples;
        }

        /** One line per unreadable sample of the batch (the decoder's message). */
        public String[] skipped() {
            return skipped;
        }

        /** How long {@link Pass#next()} waited for the batch (0 when it was ready). */
        public long waitNanos() {
            return waitNanos;
        }

        /** Number of readable samples. */
        public int size() {
            return samples.length;
        }

        /**
         * The tensors as bytes: {@code size() x per} floats of native byte order, from position 0
         * to the limit, in a direct buffer (for {@code NDManager.create(ByteBuffer, Shape,
         * DataType.FLOAT32)}). A view: valid until {@link #release()}.
         */
        public ByteBuffer bytes() {
            return buffer.slice(0, floats * Float.BYTES).order(ByteOrder.nativeOrder());
        }

        /** The tensors as floats ({@code size() x per}); a view, valid until {@link #release()}. */
        public FloatBuffer tensors() {
            return bytes().asFloatBuffer();
        }

        /** A copy of the tensors on the Java heap ({@code size() x per} floats). */
        public float[] toArray() {
            float[] out = new float[floats];
            tensors().get(out);
            return out;
        }

        /**
         * Gives the buffer back to the pass for a later batch: call it once nothing reads the
         * tensors any more (an NDArray made from {@link #bytes()} on the CPU shares them, so after
         * it is closed). Later calls do nothing; a batch never released is left to the garbage
         * collector.
         */
        public void release() {
            if (!released) {
                released = true;
                owner.recycle(buffer);
            }
        }
    }

    private final ThreadPoolExecutor pool;
    private final int workers;
    // released batch buffers, for the next batches of any pass (release may come from any thread):
    // a training run's epochs reuse the same few buffers
    private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();

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

    /** Stops the workers; batches still loading are dropped, and the pool of buffers. */
    @Override
    public void close() {
        pool.shutdownNow();
        free.clear();
    }

    /** One batch being loaded. */
    private static final class Pending {
        final int[] samples;
        final ByteBuffer buffer;
        final FloatBuffer flat;
        final boolean[] ok;
        final String[] skipped;
        final CountDownLatch done;
        volatile Throwable failure;
        volatile int failedSample = -1;

        Pending(int[] samples, ByteBuffer buffer) {
            this.samples = samples;
            this.buffer = buffer;
            // workers write disjoint slots with absolute puts: the view's position never moves
            this.flat = buffer.asFloatBuffer();
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
        private int allocated;
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
                int[] samples = batchSamples.apply(submitted++);
                Pending p = new Pending(samples, buffer(samples.length * per * Float.BYTES));
                pending.add(p);
                for (int i = 0; i < p.samples.length; i++) {
                    int slot = i;
                    pool.execute(() -> loadInto(p, slot));
                }
            }
        }

        /**
         * A released buffer (of this pass or an earlier one) of {@code bytes} bytes or more, else a
         * new one.
         */
        private ByteBuffer buffer(int bytes) {
            for (ByteBuffer b = free.poll(); b != null; b = free.poll()) {
                if (b.capacity() >= bytes) {
                    return b;
                }
                // smaller than this batch needs (a short last batch's): dropped
            }
            allocated++;
            return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }

        /**
         * Direct buffers this pass has allocated (not taken from the pool): with the batches
         * released, at most {@code ahead + 2}, and none for a pass after one of the same size.
         */
        int allocated() {
            return allocated;
        }

        private void recycle(ByteBuffer b) {
            // a batch handed out is complete: no worker writes to it any more, even when its pass
            // was closed since
            if (!pool.isShutdown()) {
                free.add(b);
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
                    p.flat.put(slot * per, t);
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
            FloatBuffer from = bad > 0 ? p.flat.duplicate() : null;
            int j = 0;
            int k = 0;
            for (int i = 0; i < p.samples.length; i++) {
                if (p.ok[i]) {
                    if (bad > 0 && j != i) {
                        // close the gap of the skipped samples, in place: slot j < i, so the
                        // ranges never overlap
                        p.flat.put(j * per, from, i * per, per);
                    }
                    samples[j++] = p.samples[i];
                } else {
                    skipped[k++] = p.skipped[i];
                }
            }
            return new Batch(samples, p.buffer, n * per, skipped, wait, this);
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
