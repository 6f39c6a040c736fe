package dev.repmlp.app.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Run directories as a Slurm submission and its job write them, and fake Slurm commands. */
final class SlurmFixtures {
    private SlurmFixtures() {}

    /** The slurm.json the submitter writes for {@code job} (in the format of docs/slurm.md). */
    static Path submitted(Path dir, String job) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("slurm.json"),
                "{\"format\": \"repmlp-slurm/1\", \"kind\": \"train\", \"job\": \""
                        + job
                        + "\", \"submitted\": \"2024-01-01T00:00:00Z\", \"script\": \""
                        + dir.resolve("slurm.sh")
                        + "\", \"args\": [\"train\", \"-a\", \"RepMLPNet-Demo\", \"--epochs\", \"6\", \"--run-dir\", \""
                        + dir
                        + "\", \"--slurm-job\"], \"cancel_requested\": false}");
        return dir;
    }

    /** The slurm-state.json the job's script writes (state: running, completed, ...). */
    static void jobWrote(Path dir, String job, String state, String exitCode) throws IOException {
        Files.writeString(
                dir.resolve("slurm-state.json"),
                "{\"job\": \""
                        + job
                        + "\", \"state\": \""
                        + state
                        + "\", \"exit_code\": "
                        + exitCode
                        + ", \"node\": \"n1\", \"started\": \"\", \"ended\": \"\"}\n");
    }

    /** An executable {@code bin/name} running {@code body} under sh. */
    static void tool(Path bin, String name, String body) throws IOException {
        Files.createDirectories(bin);
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A fake squeue printing {@code lines} (squeue's {@code %i|%T|%r} rows). */
    static void squeue(Path bin, String... lines) throws IOException {
        StringBuilder b = new StringBuilder("cat <<'EOF'\n");
        for (String l : lines) {
            b.append(l).append('\n');
        }
        tool(bin, "squeue", b.append("EOF").toString());
    }
}
