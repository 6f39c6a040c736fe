package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.Assets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line under no locale (no LANG/LC_*: the default in containers), where the JVM encodes
 * file names as ASCII: a dataset with non-ASCII names still works (the launcher restarts with
 * C.UTF-8), and a non-ASCII argument that is already lost gets a one-line fix.
 */
@EnabledOnOs(OS.LINUX)
class CLocaleTest {
    @TempDir Path tmp;

    private record Result(int exit, String out) {}

    private Result runWithoutLocale(Map<String, String> extraEnv, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Dai.djl.offline=true");
        cmd.add(RepMlpCli.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        return new Result(p.exitValue(), out);
    }

    @Test
    void aDatasetWithNonAsciiNamesIsReadUnderNoLocale() throws Exception {
        Path cls = Files.createDirectories(tmp.resolve("ds/val/t\u00e9l\u00e9phone"));
        Path sample =
                Files.list(Assets.require(Assets.SAMPLE_IMAGES).resolve("fashion-mnist"))
                        .filter(p -> p.toString().endsWith(".png"))
                        .sorted()
                        .findFirst()
                        .orElseThrow();
        Files.copy(sample, cls.resolve("\u00e9t\u00e9.png"));
        Result r =
                runWithoutLocale(
                        Map.of(),
                        "test",
                        tmp.resolve("ds").toString(),
                        "train",
                        Assets.require(Assets.DEMO_MODEL).toString(),
                        "-a",
                        "RepMLPNet-Demo");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("(1 images, 0 unreadable skipped"), r.out());
    }

    @Test
    void aLostNonAsciiArgumentGetsTheFixInOneLine() throws Exception {
        Result r = runWithoutLocale(Map.of(), "info", tmp.resolve("\u00e9t\u00e9.pth").toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.out().contains("start it with LC_ALL=C.UTF-8"), r.out());
        assertEquals(1, r.out().strip().lines().count(), r.out());
    }
}
