package dev.repmlp.engine.slurm;

import dev.repmlp.engine.Assets;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a job starts the workbench: the same {@code java} and the same jars (absolute paths) as the
 * process that submits it, so that a job never runs another build than the one that wrote its
 * script. Started from an installed package (a jpackage launcher, whose runtime has no {@code
 * java}), the job runs that installation's {@code repmlp} launcher instead. On a cluster these
 * paths must be visible on the compute nodes (the shared filesystem).
 *
 * @param command the program and its leading arguments, e.g. {@code [/usr/lib/jvm/.../bin/java,
 *     -Xss4m, -cp, /abs/repmlp-engine.jar, dev.repmlp.engine.cli.RepMlpCli]}; the subcommand and
 *     its options follow
 * @param environment variables the job exports (the workbench's home, DJL's native caches)
 */
public record JobLauncher(List<String> command, Map<String, String> environment) {

    /** The command line's entry point. */
    public static final String MAIN_CLASS = "dev.repmlp.engine.cli.RepMlpCli";

    /** Variables carried into the job when set here: where DJL keeps and finds libtorch. */
    static final List<String> CARRIED_ENV =
            List.of(
                    "DJL_CACHE_DIR",
                    "ENGINE_CACHE_DIR",
                    "PYTORCH_LIBRARY_PATH",
                    "PYTORCH_VERSION",
                    "PYTORCH_FLAVOR",
                    "REPMLP_JAVA_OPTS");

    public JobLauncher {
        command = List.copyOf(command);
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** This process's java, class path and relevant options. */
    public static JobLauncher current() {
        Map<String, String> env = new LinkedHashMap<>();
        home().ifPresent(h -> env.put("REPMLP_HOME", h.toString()));
        for (String k : CARRIED_ENV) {
            String v = System.getenv(k);
            if (v != null && !v.isBlank()) {
                env.put(k, v);
            }
        }
        Path exe =
                ProcessHandle.current()
                        .info()
                        .command()
                        .map(Path::of)
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java"))
                        .toAbsolutePath();
        String name = exe.getFileName().toString();
        if (!name.equals("java") && !name.equals("java.exe")) {
            // a jpackage launcher: its runtime has no java; the installation's CLI launcher
            Path cli = exe.resolveSibling(name.endsWith(".exe") ? "repmlp.exe" : "repmlp");
            return new JobLauncher(List.of(cli.toString()), env);
        }
        List<Path> cp = new ArrayList<>();
        for (String prop : List.of("java.class.path", "jdk.module.path")) {
            String v = System.getProperty(prop);
            if (v != null && !v.isBlank()) {
                for (String e : v.split(File.pathSeparator)) {
                    if (!e.isBlank()) {
                        Path p = Path.of(e).toAbsolutePath().normalize();
                        if (!cp.contains(p)) {
                            cp.add(p);
                        }
                    }
                }
            }
        }
        List<String> opts = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xss")) {
                opts.add(a);
            }
        }
        List<String> c = new ArrayList<>();
        c.add(exe.toString());
        c.addAll(opts);
        c.add("-cp");
        c.add(String.join(File.pathSeparator, cp.stream().map(Path::toString).toList()));
        c.add(MAIN_CLASS);
        return new JobLauncher(c, env);
    }

    /** The folder holding {@code assets/} (the demo dataset), as this process finds it. */
    static Optional<Path> home() {
        return Assets.locate(Assets.DEMO_DATASET)
                .map(p -> p.toAbsolutePath().normalize())
                .map(
                        p -> {
                            Path h = p;
                            for (int i = 0; i < Path.of(Assets.DEMO_DATASET).getNameCount(); i++) {
                                h = h.getParent();
                            }
                            return h;
                        });
    }
}
