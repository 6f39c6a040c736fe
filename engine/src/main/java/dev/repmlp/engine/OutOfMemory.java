package dev.repmlp.engine;

import java.util.Locale;

/**
 * The one line a user gets when the Java heap runs out, instead of a stack trace: how big the heap
 * was, and the two fixes (a larger heap, a smaller batch or fewer loader workers).
 */
public final class OutOfMemory {
    private OutOfMemory() {}

    /**
     * @param e the error
     * @return e.g. "out of Java heap memory (Java heap space; the heap is 1024 MB): give the JVM
     *     more with REPMLP_JAVA_OPTS=-Xmx8g, or lower --batch-size or --workers"
     */
    public static String describe(OutOfMemoryError e) {
        long mb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        return String.format(
                Locale.ROOT,
                "out of Java heap memory (%s; the heap is %d MB): give the JVM more with"
                        + " REPMLP_JAVA_OPTS=-Xmx%dg, or lower --batch-size or --workers",
                e.getMessage() == null ? "OutOfMemoryError" : e.getMessage(),
                mb,
                Math.max(2, 2 * (mb + 1023) / 1024));
    }
}
