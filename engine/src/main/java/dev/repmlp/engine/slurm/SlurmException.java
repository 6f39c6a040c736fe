package dev.repmlp.engine.slurm;

import java.io.IOException;

/**
 * A Slurm command that is missing, failed, was refused or did not answer in time. The message is
 * one line that includes Slurm's own words and, where there is one, the fix.
 */
public final class SlurmException extends IOException {
    private static final long serialVersionUID = 1L;

    public SlurmException(String message) {
        super(message);
    }

    public SlurmException(String message, Throwable cause) {
        super(message, cause);
    }
}
