package dev.repmlp.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch script run by bash as Slurm would run it (its variables set by hand): the task's
 * command, its output in the task's folder, its state file.
 */
class JobScriptTest {

    /** A launcher that runs a shell snippet with the task's arguments as $1, $2, ... */
    private static JobLauncher shell(String snippet) {
        return new JobLauncher(List.of("/bin/bash", "-c", snippet, "repmlp"), Map.of("X", "a b"));
    }

    private static int runScript(String script, Path dir, Map<String, String> env)
            throws Exception {
        Path f = dir.resolve("job.sh");
        Files.writeString(f, script);
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", f.toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("boot.out").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void aJobWritesItsOutputAndCompletedState(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run one"));
        String script =
                JobScript.render(
                        "test",
                        "repmlp-test",
                        dir,
                        run.resolve("slurm-%j.out").toString(),
                        new SlurmResources("debug", 1, 2, "4G", "1:00:00", List.of("--qos=x")),
                        List.of(),
                        shell("echo \"args: $* X=$X\"; echo oops >&2"),
                        List.of(
                                new JobScript.Task(
                                        run,
                                        run.resolve("slurm-state.json"),
                                        List.of("train", "--set", "a=it's"))));
        assertTrue(script.contains("#SBATCH --partition=debug\n"));
        assertTrue(script.contains("#SBATCH --gres=gpu:1\n"));
        assertTrue(script.contains("#SBATCH --cpus-per-task=2\n"));
        assertTrue(script.contains("#SBATCH --mem=4G\n#SBATCH --time=1:00:00\n#SBATCH --qos=x\n"));
        assertEquals(0, runScript(script, dir, Map.of("SLURM_JOB_ID", "42")));
        String out = Files.readString(run.resolve("slurm-42.out"));
        assertTrue(out.contains("args: train --set a=it's X=a b"), out);
        assertEquals("oops\n", Files.readString(run.resolve("slurm-42.err")));
        Map<String, Object> state =
                SlurmRecord.readState(run.resolve("slurm-state.json")).orElseThrow();
        assertEquals("42", state.get("job"));
        assertEquals("completed", state.get("state"));
        assertEquals(0, state.get("exit_code"));
    }

    @Test
    void anArrayTaskRunsItsOwnCommandAndRecordsAFailure(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        String script =
                JobScript.render(
                        "test",
                        "repmlp-test",
                        dir,
                        dir.resolve("slurm-%A_%a.out").toString(),
                        SlurmResources.defaults(),
                        List.of("--array=0-1"),
                        shell("echo \"task $*\"; exit $2"),
                        List.of(
                                new JobScript.Task(a, a.resolve("s.json"), List.of("x", "0")),
                                new JobScript.Task(b, b.resolve("s.json"), List.of("y", "3"))));
        assertTrue(script.contains("#SBATCH --array=0-1\n"));
        int rc =
                runScript(
                        script,
                        dir,
                        Map.of(
                                "SLURM_JOB_ID", "8",
                                "SLURM_ARRAY_JOB_ID", "7",
                                "SLURM_ARRAY_TASK_ID", "1"));
        assertEquals(3, rc);
        assertTrue(Files.readString(b.resolve("slurm-7_1.out")).contains("task y 3"));
        assertTrue(Files.notExists(a.resolve("s.json")), "task 0 did not run");
        Map<String, Object> state = SlurmRecord.readState(b.resolve("s.json")).orElseThrow();
        assertEquals("7_1", state.get("job"));
        assertEquals("failed", state.get("state"));
        assertEquals(3, state.get("exit_code"));
    }

    @Test
    void quotingKeepsEveryArgumentOneWord() {
        assertEquals("plain/path-1.0", JobScript.quote("plain/path-1.0"));
        assertEquals("'a b'", JobScript.quote("a b"));
        assertEquals("'it'\\''s'", JobScript.quote("it's"));
        assertEquals("''", JobScript.quote(""));
        assertEquals("'$HOME'", JobScript.quote("$HOME"));
    }
}
