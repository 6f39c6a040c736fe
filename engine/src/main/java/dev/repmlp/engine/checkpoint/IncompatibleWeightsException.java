package dev.repmlp.engine.checkpoint;

import java.io.IOException;

/** Weights that do not fit the model: the message lists what differs and suggests the fix. */
public final class IncompatibleWeightsException extends IOException {
    private static final long serialVersionUID = 1L;

    public IncompatibleWeightsException(String message) {
        super(message);
    }
}
