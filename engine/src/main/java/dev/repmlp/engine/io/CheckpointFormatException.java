package dev.repmlp.engine.io;

import java.io.IOException;

/**
 * A checkpoint or array file is malformed or not of the expected kind. The message names the file,
 * the problem and the fix, and is meant to be shown to the user as is.
 */
public class CheckpointFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(String message) {
        super(message);
    }

    public CheckpointFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
