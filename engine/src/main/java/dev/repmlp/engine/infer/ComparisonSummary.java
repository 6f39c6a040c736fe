package dev.repmlp.engine.infer;

import java.util.List;
import java.util.Locale;

/**
 * Train vs deploy over a set of images.
 *
 * @param images images given
 * @param compared images both models ran on (the others could not be read)
 * @param agree images on which both models rank the same class first
 * @param maxAbsLogitDiff the largest |Δlogit| over all compared images and classes (0 if none)
 * @param trainNanos total forward time of the train-time model
 * @param deployNanos total forward time of the deploy-time model
 */
public record ComparisonSummary(
        int images,
        int compared,
        int agree,
        double maxAbsLogitDiff,
        long trainNanos,
        long deployNanos) {

    /** Adds up {@code results}. */
    public static ComparisonSummary of(List<ImageComparison> results) {
        int compared = 0;
        int agree = 0;
        double max = 0;
        long train = 0;
        long deploy = 0;
        for (ImageComparison r : results) {
            if (!r.ok()) {
                continue;
            }
            compared++;
            if (r.top1Agrees()) {
                agree++;
            }
            max = Math.max(max, r.maxAbsLogitDiff());
            train += r.train().nanos();
            deploy += r.deploy().nanos();
        }
        return new ComparisonSummary(results.size(), compared, agree, max, train, deploy);
    }

    /** True when top-1 agrees on every compared image. */
    public boolean allAgree() {
        return agree == compared;
    }

    /** "20/20 top-1 agree, max |Δlogit| 2.3e-6". */
    public String describe() {
        return agree + "/" + compared + " top-1 agree, max |Δlogit| " + formatDiff(maxAbsLogitDiff);
    }

    /** Train time / deploy time (above 1: the deploy-time model is faster); NaN if none. */
    public double speedup() {
        return deployNanos == 0 ? Double.NaN : (double) trainNanos / deployNanos;
    }

    /** A logit difference for people: "0", "2.3e-6", "0.125". */
    public static String formatDiff(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        if (d == 0) {
            return "0";
        }
        if (d >= 0.01) {
            return String.format(Locale.ROOT, "%.3g", d);
        }
        String s = String.format(Locale.ROOT, "%.1e", d); // 2.3e-06
        int e = s.indexOf('e');
        return s.substring(0, e) + "e" + Integer.parseInt(s.substring(e + 1));
    }
}
