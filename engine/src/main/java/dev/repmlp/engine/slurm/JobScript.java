package dev.repmlp.engine.slurm;

import dev.repmlp.engine.EngineInfo;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A readable batch script ({@code slurm.sh}): the resources as {@code #SBATCH} lines, the
 * environment, and the exact {@code repmlp} command of each task. One task is a plain job; several
 * are a job array whose task {@code i} runs task {@code i}'s command. Every task appends its
 * standard output and error to {@code slurm-<job>.out}/{@code .err} in its own folder and writes
 * its state ({@code running}, then {@code completed}, {@code failed} with the exit code, or {@code
 * terminated} when Slurm stopped it) atomically into its state file, so a run directory tells what
 * happened even after the controller has forgotten the job.
 */
public final class JobScript {

    /**
     * One job, or one task of an array.
     *
     * @param dir the folder its output and error go to (a run directory, say)
     * @param stateFile where it writes its state
     * @param args the {@code repmlp} arguments (subcommand first)
     */
    public record Task(Path dir, Path stateFile, List<String> args) {
        public Task {
            args = List.copyOf(args);
        }
    }

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private JobScript() {}

    /**
     * @param title what the job is, for the comment at the top and the job name
     * @param jobName Slurm's {@code --job-name}
     * @param workDir the job's working directory ({@code --chdir})
     * @param bootstrapOutput sbatch's {@code --output} (Slurm's own messages before the script
     *     runs)
     * @param resources what the job asks for
     * @param sbatchExtra further options for this script ({@code --array}, a dependency)
     * @param launcher how to start this build of the workbench
     * @param tasks one task, or one per array index
     * @return the script's text
     */
    public static String render(
            String title,
            String jobName,
            Path workDir,
            String bootstrapOutput,
            SlurmResources resources,
            List<String> sbatchExtra,
            JobLauncher launcher,
            List<Task> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a job script needs at least one task");
        }
        boolean array =
                tasks.size() > 1 || sbatchExtra.stream().anyMatch(o -> o.startsWith("--array"));
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# ").append(title).append('\n');
        s.append("# Written by RepMLP Workbench ")
                .append(EngineInfo.currentVersion())
                .append(" on ")
                .append(OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS))
                .append(". Submitted with sbatch; see docs/slurm.md.\n");
        List<String> opts = new ArrayList<>();
        opts.add("--job-name=" + jobName);
        opts.add("--chdir=" + workDir.toAbsolutePath());
        opts.add("--output=" + bootstrapOutput);
        opts.add("--open-mode=append");
        opts.addAll(sbatchExtra);
        opts.addAll(resources.sbatchOptions());
        for (String o : opts) {
            s.append("#SBATCH ").append(o).append('\n');
        }
        s.append('\n');
        s.append("# The same build that submitted the job: its java and jars by absolute path,\n");
        s.append("# which the compute nodes must see (the shared filesystem). On a cluster with\n");
        s.append("# environment modules or containers, load them here (docs/slurm.md).\n");
        s.append("export LC_ALL=C.UTF-8\n");
        for (Map.Entry<String, String> e : launcher.environment().entrySet()) {
            s.append("export ")
                    .append(e.getKey())
                    .append('=')
                    .append(quote(e.getValue()))
                    .append('\n');
        }
        s.append("# libtorch uses the CPUs Slurm gave the job\n");
        s.append(
                "export OMP_NUM_THREADS=\"${OMP_NUM_THREADS:-${SLURM_CPUS_PER_TASK:-${SLURM_CPUS_ON_NODE:-1}}}\"\n");
        s.append("REPMLP=(");
        s.append(String.join(" ", launcher.command().stream().map(JobScript::quote).toList()));
        s.append(")\n\n");
        if (!array) {
            Task t = tasks.get(0);
            s.append("TAG=\"$SLURM_JOB_ID\"\n");
            appendTask(s, t, "");
        } else {
            s.append("TAG=\"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n");
            s.append("case \"$SLURM_ARRAY_TASK_ID\" in\n");
            for (int i = 0; i < tasks.size(); i++) {
                s.append("  ").append(i).append(")\n");
                appendTask(s, tasks.get(i), "    ");
                s.append("    ;;\n");
            }
            s.append("  *)\n");
            s.append("    echo \"no task $SLURM_ARRAY_TASK_ID in this array\" >&2\n");
            s.append("    exit 2\n");
            s.append("    ;;\n");
            s.append("esac\n");
        }
        s.append(RUNNER);
        return s.toString();
    }

    private static void appendTask(StringBuilder s, Task t, String indent) {
        s.append(indent)
                .append("DIR=")
                .append(quote(t.dir().toAbsolutePath().toString()))
                .append('\n');
        s.append(indent)
                .append("STATE=")
                .append(quote(t.stateFile().toAbsolutePath().toString()))
                .append('\n');
        s.append(indent).append("ARGS=(");
        s.append(String.join(" ", t.args().stream().map(JobScript::quote).toList()));
        s.append(")\n");
    }

    /** Runs the task, keeping its output and writing its state. */
    private static final String RUNNER =
            """

            exec >>"$DIR/slurm-$TAG.out" 2>>"$DIR/slurm-$TAG.err"
            # state: running, then completed / failed (exit code) / terminated (scancel, time limit)
            state() {
              printf '{"job": "%s", "state": "%s", "exit_code": %s, "node": "%s", "started": "%s", "ended": "%s"}\\n' \\
                "$TAG" "$1" "$2" "$(hostname -s)" "$STARTED" "$3" >"$STATE.tmp" && mv -f "$STATE.tmp" "$STATE"
            }
            STARTED="$(date -Iseconds)"
            state running null ""
            echo "== job $TAG on $(hostname -s) at $STARTED: ${REPMLP[*]} ${ARGS[*]}"
            TERMINATED=0
            trap 'TERMINATED=1' TERM INT
            "${REPMLP[@]}" "${ARGS[@]}" &
            PID=$!
            # wait returns early when a signal arrives; wait again until the workbench has stopped
            while :; do
              wait "$PID"
              RC=$?
              kill -0 "$PID" 2>/dev/null || break
            done
            if [[ $RC == 0 ]]; then
              state completed 0 "$(date -Iseconds)"
            elif [[ $TERMINATED == 1 ]]; then
              state terminated "$RC" "$(date -Iseconds)"
            else
              state failed "$RC" "$(date -Iseconds)"
            fi
            echo "== job $TAG ended with exit code $RC"
            exit "$RC"
            """;

    /** A word for bash: as is when safe, else single-quoted. */
    public static String quote(String s) {
        if (!s.isEmpty() && SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
