package dev.repmlp.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process (Linux {@code /proc/self/status}); -1 where unavailable. */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Current resident set size in bytes (VmRSS). */
    public static long residentBytes() {
        return field("VmRSS:");
    }

    /**
     * Resident memory outside the Java heap: RSS minus the committed heap (native tensors,
     * libtorch, JVM internals). Growth of this figure over many steps means a native leak; the Java
     * heap itself grows with garbage until the collector runs.
     */
    public static long residentOutsideHeapBytes() {
        long rss = residentBytes();
        long heap =
                java.lang.management.ManagementFactory.getMemoryMXBean()
                        .getHeapMemoryUsage()
                        .getCommitted();
        return rss < 0 ? -1 : rss - heap;
    }

    /** Peak resident set size in bytes since the process started (VmHWM). */
    public static long peakResidentBytes() {
        return field("VmHWM:");
    }

    /**
     * Resets the peak (VmHWM) to the current resident size, so that a later {@link
     * #peakResidentBytes()} covers only what follows (Linux: {@code /proc/self/clear_refs}).
     *
     * @return whether the reset worked
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
