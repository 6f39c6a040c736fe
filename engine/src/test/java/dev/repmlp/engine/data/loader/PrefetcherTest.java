package dev.repmlp.engine.data.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.data.ImageDecodeException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class PrefetcherTest {

    /** Batch b holds samples 4b .. 4b+3 of 0..n-1. */
    private static IntFunction<int[]> fours(int n) {
        return b -> {
            int from = 4 * b;
            int to = Math.min(n, from + 4);
            int[] idx = new int[to - from];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            return idx;
        };
    }

    /**
     * A sample's "tensor": three floats from a random stream seeded by the sample alone, after a
     * random delay, so that workers finish out of order.
     */
    private static class Slow implements Prefetcher.SampleLoader {
        final AtomicInteger loads = new AtomicInteger();

        @Override
        public float[] load(int sample) throws ImageDecodeException {
            loads.incrementAndGet();
            SplittableRandom r = new SplittableRandom(sample * 31L + 7);
            try {
                Thread.sleep(r.nextInt(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new float[] {sample, r.nextFloat(), r.nextFloat()};
        }

        @Override
        public String describe(int sample) {
            return "/data/img-" + sample + ".jpg";
        }
    }

    private static List<float[]> all(int workers, int n) {
        List<float[]> out = new ArrayList<>();
        try (Prefetcher p = new Prefetcher(workers, "test");
                Prefetcher.Pass pass = p.stream((n + 3) / 4, fours(n), new Slow(), 3, 2)) {
            while (pass.hasNext()) {
                out.add(pass.next().toArray());
            }
        }
        return out;
    }

    @Test
    void batchesComeInOrderAndDoNotDependOnTheNumberOfWorkers() {
        List<float[]> one = all(1, 30);
        List<float[]> three = all(3, 30);
        assertEquals(8, one.size());
        assertEquals(one.size(), three.size());
        for (int b = 0; b < one.size(); b++) {
            assertArrayEquals(one.get(b), three.get(b), "batch " + b);
        }
        // sample order within each batch; the last batch is short (30 = 7 x 4 + 2)
        assertEquals(28f, three.get(7)[0]);
        assertEquals(29f, three.get(7)[3]);
        assertEquals(6, three.get(7).length);
        assertEquals(5f, three.get(1)[3]);
    }

    @Test
    void onlyTheBatchesAheadAreLoadedWhileTheCallerWorks() throws InterruptedException {
        Slow loader = new Slow();
        try (Prefetcher p = new Prefetcher(3, "test");
                Prefetcher.Pass pass = p.stream(100, fours(400), loader, 3, 2)) {
            // the current batch and 2 ahead: 12 samples, then the workers stop
            waitFor(loader.loads, 12);
            Thread.sleep(150);
            assertEquals(12, loader.loads.get());
            Prefetcher.Batch first = pass.next();
            assertEquals(4, first.size());
            waitFor(loader.loads, 16);
            Thread.sleep(150);
            assertEquals(16, loader.loads.get());
        }
    }

    private static void waitFor(AtomicInteger n, int value) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (n.get() < value && System.nanoTime() < end) {
            Thread.sleep(5);
        }
    }

    @Test
    void releasedBuffersAreReusedSoMemoryStaysFlatAndKeptBatchesStayIntact() {
        List<float[]> expected = all(1, 200);
        List<float[]> got = new ArrayList<>();
        try (Prefetcher p = new Prefetcher(3, "test");
                Prefetcher.Pass pass = p.stream(50, fours(200), new Slow(), 3, 2)) {
            while (pass.hasNext()) {
                Prefetcher.Batch b = pass.next();
                got.add(b.toArray());
                b.release();
                b.release(); // a second release does nothing
            }
            // 2 ahead + the one loading when a batch is taken + the one held
            assertTrue(pass.allocated() <= 4, "buffers allocated: " + pass.allocated());
            // the next pass (a training run's next epoch) reuses them
            try (Prefetcher.Pass again = p.stream(50, fours(200), new Slow(), 3, 2)) {
                while (again.hasNext()) {
                    again.next().release();
                }
                assertEquals(0, again.allocated());
            }
        }
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(expected.get(i), got.get(i), "batch " + i);
        }
        // batches never released keep their own buffers: later batches do not overwrite them
        List<Prefetcher.Batch> kept = new ArrayList<>();
        try (Prefetcher p = new Prefetcher(3, "test");
                Prefetcher.Pass pass = p.stream(50, fours(200), new Slow(), 3, 2)) {
            while (pass.hasNext()) {
                kept.add(pass.next());
            }
            assertEquals(50, pass.allocated());
        }
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(expected.get(i), kept.get(i).toArray(), "batch " + i);
        }
    }

    @Test
    void unreadableSamplesAreLeftOutAndCounted() {
        Prefetcher.SampleLoader loader =
                new Slow() {
                    @Override
                    public float[] load(int sample) throws ImageDecodeException {
                        if (sample == 5) {
                            throw new ImageDecodeException(describe(5) + ": truncated", null);
                        }
                        return sample == 6 ? null : super.load(sample);
                    }
                };
        try (Prefetcher p = new Prefetcher(2, "test");
                Prefetcher.Pass pass = p.stream(3, fours(12), loader, 3, 1)) {
            pass.next();
            Prefetcher.Batch b = pass.next();
            assertArrayEquals(new int[] {4, 7}, b.samples());
            float[] t = b.toArray();
            assertEquals(6, t.length);
            assertEquals(4f, t[0]);
            assertEquals(7f, t[3]);
            // the same floats in the direct buffer handed to libtorch, native byte order
            assertTrue(b.bytes().isDirect());
            assertEquals(java.nio.ByteOrder.nativeOrder(), b.bytes().order());
            assertEquals(6 * Float.BYTES, b.bytes().remaining());
            assertEquals(7f, b.bytes().getFloat(3 * Float.BYTES));
            assertEquals(2, b.skipped().length);
            assertTrue(b.skipped()[0].contains("img-5.jpg: truncated"), b.skipped()[0]);
            assertTrue(b.skipped()[1].contains("img-6.jpg"), b.skipped()[1]);
            pass.next();
            assertEquals(10, pass.readable());
            assertEquals(2, pass.unreadable());
            assertFalse(pass.hasNext());
        }
    }

    @Test
    void aWorkersExceptionSurfacesOnceWithTheFile() {
        AtomicInteger failures = new AtomicInteger();
        Prefetcher.SampleLoader loader =
                new Slow() {
                    @Override
                    public float[] load(int sample) throws ImageDecodeException {
                        if (sample >= 9) {
                            failures.incrementAndGet();
                            throw new IllegalStateException("bug in a transform");
                        }
                        return super.load(sample);
                    }
                };
        try (Prefetcher p = new Prefetcher(3, "test");
                Prefetcher.Pass pass = p.stream(10, fours(40), loader, 3, 1)) {
            pass.next();
            pass.next();
            LoaderException e = assertThrows(LoaderException.class, pass::next);
            assertTrue(e.getMessage().contains("/data/img-"), e.getMessage());
            assertTrue(e.getMessage().contains("bug in a transform"), e.getMessage());
            assertTrue(e.getCause() instanceof IllegalStateException);
            assertFalse(pass.hasNext(), "the pass stops after the failure");
        }
    }

    @Test
    void fewerThanOneWorkerIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Prefetcher(0, "test"));
        assertTrue(e.getMessage().contains("--workers"), e.getMessage());
    }

    @Test
    void workersZeroOrAbsentMeansTheCoresAsInTrainingAndNegativeIsRefused() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores, Prefetcher.workersFor(null));
        assertEquals(cores, Prefetcher.workersFor(0));
        assertEquals(3, Prefetcher.workersFor(3));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Prefetcher.workersFor(-1));
        assertTrue(e.getMessage().contains("0 (the cores) or more"), e.getMessage());
    }
}
