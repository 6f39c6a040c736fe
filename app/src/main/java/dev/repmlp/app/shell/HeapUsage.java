package dev.repmlp.app.shell;

/**
 * JVM heap in use and the most it may grow to.
 *
 * @param usedBytes bytes of heap in use (committed minus free)
 * @param maxBytes the heap limit, {@link Long#MAX_VALUE} when there is none
 */
public record HeapUsage(long usedBytes, long maxBytes) {

    /** Reads the current heap figures from {@link Runtime}; cheap enough to call every second. */
    public static HeapUsage current() {
        Runtime rt = Runtime.getRuntime();
        return new HeapUsage(rt.totalMemory() - rt.freeMemory(), rt.maxMemory());
    }
}
