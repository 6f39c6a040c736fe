package dev.repmlp.app.compare;

import dev.repmlp.app.inference.Previews;
import dev.repmlp.app.ui.Guess;
import dev.repmlp.engine.infer.ComparisonSummary;
import dev.repmlp.engine.infer.ImageComparison;
import dev.repmlp.engine.infer.Scored;
import java.util.List;
import java.util.Locale;

/**
 * How the Compare page words the engine's results: one image's comparison as a table row ({@link
 * ComparedImage}), and a run's per-image times, unreadable images and top-1 warning.
 */
final class ComparisonText {
    private ComparisonText() {}

    /** {@code c} as a row of the page (a preview of the input, top-k of both sides, times). */
    static ComparedImage row(ImageComparison c) {
        String location = c.path() == null ? "" : c.path().toAbsolutePath().toString();
        if (!c.ok()) {
            return new ComparedImage(
                    c.name(), location, null, "", List.of(), "", List.of(), "", "", false,
                    c.error());
        }
        return new ComparedImage(
                c.name(),
                location,
                Previews.of(c.input()),
                Previews.caption(c.input()),
                guesses(c.train().topK()),
                millis(c.train().nanos()),
                guesses(c.deploy().topK()),
                millis(c.deploy().nanos()),
                ComparisonSummary.formatDiff(c.maxAbsLogitDiff()),
                c.top1Agrees(),
                null);
    }

    private static List<Guess> guesses(List<Scored> scored) {
        return scored.stream().map(s -> new Guess(s.className(), s.probability())).toList();
    }

    /** Nanoseconds as "1.4 ms". */
    static String millis(double nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /**
     * "per image: train-time 2.0 ms, deploy-time 1.0 ms (2.0× faster)", then the unreadable images
     * if any; {@code s} has compared at least one image.
     */
    static String detail(ComparisonSummary s) {
        String detail =
                String.format(
                        Locale.ROOT,
                        "per image: train-time %s, deploy-time %s (%.1f× %s)",
                        millis((double) s.trainNanos() / s.compared()),
                        millis((double) s.deployNanos() / s.compared()),
                        s.speedup() >= 1 ? s.speedup() : 1 / s.speedup(),
                        s.speedup() >= 1 ? "faster" : "slower");
        if (s.images() > s.compared()) {
            detail += " · " + unreadable(s);
        }
        return detail;
    }

    /** The warning when top-1 differs on some image, else "". */
    static String warning(ComparisonSummary s) {
        int differ = s.compared() - s.agree();
        return differ == 0
                ? ""
                : "Top-1 differs on "
                        + differ
                        + " of "
                        + s.compared()
                        + (s.compared() == 1 ? " image" : " images")
                        + ": the deploy-time model does not behave like the train-time"
                        + " model. Check the conversion.";
    }

    /** "1 image could not be read". */
    static String unreadable(ComparisonSummary s) {
        int failed = s.images() - s.compared();
        return failed + (failed == 1 ? " image" : " images") + " could not be read";
    }
}
