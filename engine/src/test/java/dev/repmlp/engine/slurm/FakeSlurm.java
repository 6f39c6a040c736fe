package dev.repmlp.engine.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Stand-ins for Slurm's commands: small shell scripts in a folder, for the failure paths. */
final class FakeSlurm {
    private FakeSlurm() {}

    static Path tool(Path bin, String name, String body) throws IOException {
        Files.createDirectories(bin);
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
