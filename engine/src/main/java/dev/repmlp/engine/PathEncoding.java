package dev.repmlp.engine;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * File names with non-ASCII characters under the C/POSIX locale (the default in containers and lab
 * servers without {@code LANG}): the JVM then encodes file names as ASCII and every such path fails
 * ("Malformed input or input contains unmappable characters"), and, unlike Python (PEP 538 and
 * 540), it cannot be switched to UTF-8 from inside. The launchers set {@code LC_ALL=C.UTF-8} before
 * Java starts ({@code ./repmlp}); the jpackage launchers restart themselves once with it ({@link
 * #restartWithUtf8}); anything else gets {@link #HINT}.
 */
public final class PathEncoding {
    /** The environment variable that marks a restarted process (no second restart). */
    static final String RESTARTED = "REPMLP_UTF8_RESTARTED";

    /** What to tell a user whose file names cannot be encoded. */
    public static final String HINT =
            "file names with non-ASCII characters need a UTF-8 locale, but this process runs"
                    + " under "
                    + jnuEncoding()
                    + "; start it with LC_ALL=C.UTF-8 (e.g. `export LC_ALL=C.UTF-8`)";

    private PathEncoding() {}

    /** The charset Java uses for file names ({@code sun.jnu.encoding}). */
    public static String jnuEncoding() {
        return System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
    }

    /** True when file names are encoded as UTF-8 (any name can be opened). */
    public static boolean isUtf8() {
        String e = jnuEncoding().toUpperCase(Locale.ROOT).replace("-", "");
        return e.equals("UTF8");
    }

    /**
     * On Linux under a non-UTF-8 locale, runs this same program again with {@code LC_ALL=C.UTF-8}
     * (its output and input are this process's) and returns its exit code; empty when no restart is
     * needed or possible (then the caller goes on, and paths with non-ASCII names fail with {@link
     * #HINT}). Arguments with characters the current encoding could not decode are not restarted
     * (they are already lost).
     *
     * @param args the program's arguments, as {@code main} received them
     */
    public static Optional<Integer> restartWithUtf8(String[] args) {
        if (isUtf8()
                || System.getenv(RESTARTED) != null
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> command = info.command();
        Optional<String[]> fullArgs = info.arguments();
        if (command.isEmpty() || fullArgs.isEmpty()) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(command.get());
        for (String a : fullArgs.get()) {
            if (!a.chars().allMatch(c -> c < 128 && c != '?')) {
                return Optional.empty();
            }
            cmd.add(a);
        }
        for (String a : args) {
            if (!a.chars().allMatch(c -> c < 128)) {
                return Optional.empty();
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put(RESTARTED, "1");
        try {
            Process p = pb.start();
            return Optional.of(p.waitFor());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }
}
