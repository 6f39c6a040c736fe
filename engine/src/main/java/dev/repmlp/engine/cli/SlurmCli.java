package dev.repmlp.engine.cli;

import dev.repmlp.engine.slurm.JobLauncher;
import dev.repmlp.engine.slurm.JobState;
import dev.repmlp.engine.slurm.Slurm;
import dev.repmlp.engine.slurm.SlurmRecord;
import dev.repmlp.engine.slurm.SlurmStatus;
import dev.repmlp.engine.slurm.SlurmSubmitter;
import dev.repmlp.engine.slurm.SlurmWatch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What {@code train}, {@code sweep} and {@code test} share for Slurm. */
final class SlurmCli {
    private SlurmCli() {}

    /**
     * The Slurm commands: on {@code PATH}, or in the folder {@code REPMLP_SLURM_BIN} (or {@code
     * -Drepmlp.slurm.bin}) names; {@code REPMLP_SLURM_TIMEOUT} (seconds) changes the 30 s limit.
     */
    static Slurm slurm() {
        return Slurm.configured();
    }

    static SlurmSubmitter submitter() {
        return new SlurmSubmitter(slurm(), JobLauncher.current(), Path.of("").toAbsolutePath());
    }

    /**
     * The options the user gave, as arguments again (paths absolute, so that a job in another
     * working directory reads the same files), leaving out {@code skip} and the Slurm options.
     */
    static List<String> givenOptions(CommandSpec spec, Collection<String> skip) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            String name = o.longestName();
            if (skip.contains(name)
                    || SlurmOptions.NAMES.contains(name)
                    || o.usageHelp()
                    || o.versionHelp()) {
                continue;
            }
            Object v = o.getValue();
            if (v instanceof Boolean b) {
                if (b) {
                    args.add(name);
                }
            } else if (v instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    args.add(name);
                    args.add(e.getKey() + "=" + e.getValue());
                }
            } else if (v instanceof Collection<?> c) {
                for (Object e : c) {
                    args.add(name);
                    args.add(word(e));
                }
            } else if (v != null) {
                args.add(name);
                args.add(word(v));
            }
        }
        return args;
    }

    static String word(Object v) {
        return v instanceof Path p ? p.toAbsolutePath().normalize().toString() : String.valueOf(v);
    }

    /** A watch polling every 5 s that gives up after 5 minutes of a failing squeue. */
    static SlurmWatch watch() {
        return new SlurmWatch(slurm(), Duration.ofSeconds(5), Duration.ofMinutes(5));
    }

    /** Prints each change of state: {@code job 12_0 (LABEL): running}. */
    static SlurmWatch.Listener printer(PrintWriter out) {
        return new SlurmWatch.Listener() {
            @Override
            public void onChange(SlurmWatch.Target t, SlurmStatus s) {
                out.printf("job %s (%s): %s%n", s.job(), t.label(), s.describe());
                out.flush();
            }
        };
    }

    /** Exit status for a job's final state: 0 completed, its exit code or 1 failed, 130, 124. */
    static int exitCode(SlurmStatus s) {
        return switch (s.state()) {
            case COMPLETED -> 0;
            case CANCELLED -> 130;
            case TIMEOUT -> 124;
            case SUBMIT_FAILED -> 2;
            default -> s.exitCode() != null && s.exitCode() > 0 ? s.exitCode() : 1;
        };
    }

    /** The worst exit status of several jobs (0 when all completed). */
    static int exitCode(Collection<SlurmStatus> all) {
        int rc = 0;
        for (SlurmStatus s : all) {
            int c = exitCode(s);
            if (c != 0 && rc == 0) {
                rc = c;
            }
        }
        return rc;
    }

    /** Prints the lines a growing file has gained since {@code offset}; returns the new offset. */
    static long tail(Path file, long offset, PrintWriter out, String prefix) {
        if (!Files.isRegularFile(file)) {
            return offset;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            if (len <= offset) {
                return offset;
            }
            byte[] b = new byte[(int) Math.min(len - offset, 1 << 20)];
            f.seek(offset);
            f.readFully(b);
            String s = new String(b, StandardCharsets.UTF_8);
            int lastNl = s.lastIndexOf('\n');
            if (lastNl < 0) {
                return offset;
            }
            for (String line : s.substring(0, lastNl).split("\n", -1)) {
                out.println(prefix + line);
            }
            out.flush();
            return offset + s.substring(0, lastNl + 1).getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            return offset;
        }
    }

    /** A target for a run directory's job. */
    static SlurmWatch.Target target(String label, Path runDir, SlurmRecord rec) {
        return new SlurmWatch.Target(label, rec, runDir.resolve(SlurmRecord.STATE), runDir);
    }

    /** True for a state in which waiting is over. */
    static boolean ended(JobState s) {
        return s.isFinal();
    }
}
