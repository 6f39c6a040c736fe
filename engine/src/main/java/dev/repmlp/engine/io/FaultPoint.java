package dev.repmlp.engine.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test hook for crash-safety tests: when the system property {@code repmlp.fault} is {@code
 * FILE:POINT:ACTION[:N]}, the N-th time (default 1) a writer reaches {@code POINT} while writing a
 * file named {@code FILE} it halts the JVM at once ({@code kill}: like SIGKILL, no shutdown hooks,
 * nothing flushed), prints {@code repmlp.fault: paused} on stderr and waits to be killed ({@code
 * pause}: a test then sends a real SIGKILL), or throws {@code IOException("No space left on
 * device")} ({@code enospc}), or prints {@code repmlp.fault: held} and goes on after 3 s ({@code
 * hold}: time for a test to send SIGINT or SIGTERM at that very point). Points: {@code mid} (part
 * of the bytes written to the temporary file), {@code before-rename} (temporary file complete),
 * {@code after-rename}, {@code append} (a metrics/log line half written), {@code after-append} (a
 * line complete). Unset (always, outside tests) it does nothing.
 */
public final class FaultPoint {
    private static final String SPEC = System.getProperty("repmlp.fault");
    private static final AtomicInteger HITS = new AtomicInteger();

    private FaultPoint() {}

    /** True when a fault is armed for {@code file} at {@code point}: cheap, no side effects. */
    public static boolean armed(Path file, String point) {
        if (SPEC == null) {
            return false;
        }
        String[] p = SPEC.split(":");
        return p.length >= 3 && file.getFileName().toString().equals(p[0]) && point.equals(p[1]);
    }

    /**
     * Fires the armed fault when {@code file} reaches {@code point} for the N-th time.
     *
     * @throws IOException "No space left on device" for an {@code enospc} fault
     */
    public static void at(Path file, String point) throws IOException {
        if (!armed(file, point)) {
            return;
        }
        String[] p = SPEC.split(":");
        int n = p.length > 3 ? Integer.parseInt(p[3]) : 1;
        if (HITS.incrementAndGet() != n) {
            return;
        }
        if (p[2].equals("kill")) {
            Runtime.getRuntime().halt(137);
        }
        if (p[2].equals("pause")) {
            System.err.println("repmlp.fault: paused at " + file.getFileName() + " " + point);
            System.err.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (p[2].equals("hold")) {
            System.err.println("repmlp.fault: held at " + file.getFileName() + " " + point);
            System.err.flush();
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (p[2].equals("enospc")) {
            throw new IOException("No space left on device");
        }
    }
}
