package dev.repmlp.engine.train;

import dev.repmlp.engine.runs.StepMetrics;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An epoch's data-wait bookkeeping (timm's "data time"): how much of the steps' time went to
 * waiting for the loader, and the images per second; logged at the epoch's end with a hint when the
 * loader is the bottleneck.
 */
final class DataTime {

    private double waited;
    private double total;
    private long images;

    void add(double waitSeconds, double stepSeconds, int stepImages) {
        waited += waitSeconds;
        total += stepSeconds;
        images += stepImages;
    }

    /** Share of the step time spent waiting for data, 0..1 (NaN before any step). */
    double share() {
        return total > 0 ? Math.min(1, waited / total) : Double.NaN;
    }

    /**
     * The epoch's data-wait line, the hint when the loader held the steps up, and the images the
     * run skipped as unreadable so far.
     */
    void log(int workers, long unreadable, Consumer<String> log) {
        if (unreadable > 0) {
            log.accept(unreadable + " unreadable image(s) skipped so far");
        }
        if (total <= 0) {
            return;
        }
        log.accept(
                String.format(
                        Locale.ROOT,
                        "data time: %.0f%% of the step time (%.1f of %.1f s), %.1f images/s",
                        100 * share(),
                        waited,
                        total,
                        images / total));
        String h = hint(share(), workers, Runtime.getRuntime().availableProcessors());
        if (h != null) {
            log.accept(h);
        }
    }

    /**
     * The advice for a data-wait share, or null when the loader keeps up: more workers while there
     * are fewer than the cores; with a worker per core already, what else makes images faster.
     *
     * @param workers the loader's worker threads
     * @param cores the cores of this machine
     */
    static String hint(double share, int workers, int cores) {
        if (!(share > StepMetrics.LOADER_BOUND_SHARE)) {
            return null;
        }
        if (workers < cores) {
            return String.format(
                    Locale.ROOT,
                    "hint: the steps waited for images %.0f%% of the time with %d loader workers:"
                            + " give it more workers (--workers, up to the %d cores), or a smaller"
                            + " dataset that fits the in-memory cache",
                    100 * share,
                    workers,
                    cores);
        }
        return String.format(
                Locale.ROOT,
                "hint: the steps waited for images %.0f%% of the time with %d loader workers, one"
                        + " per core already (more would not help): a dataset small enough for the"
                        + " in-memory cache, a faster disk, smaller source images or a lighter"
                        + " augmentation (aug_preset) would",
                100 * share,
                workers);
    }
}
