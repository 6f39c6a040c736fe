package dev.repmlp.engine.runs;

import java.util.Locale;

/** A run's state as {@code state.json} records it ({@code "status"}). */
public enum RunStatus {
    /** config.json exists but no epoch has finished yet, so there is no state.json. */
    STARTING,
    RUNNING,
    COMPLETED,
    CANCELLED,
    FAILED,
    /** The loss stopped being finite; the last checkpoint holds the last good weights. */
    DIVERGED,
    /**
     * state.json says running but its owner process is gone (killed, crashed, power lost): read as
     * such, never written.
     */
    INTERRUPTED,
    /** state.json names a status this version does not know. */
    UNKNOWN;

    /** The status of a state.json {@code "status"} value ({@code null}: {@link #STARTING}). */
    public static RunStatus of(String value) {
        if (value == null) {
            return STARTING;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** True while the run may still append records: a follower should keep polling. */
    public boolean isLive() {
        return this == STARTING || this == RUNNING;
    }

    /**
     * True when the run can be continued with {@code --resume} (cancelled, failed, diverged or
     * interrupted).
     */
    public boolean isResumable() {
        return this == CANCELLED || this == FAILED || this == DIVERGED || this == INTERRUPTED;
    }

    /** Lower-case word as in state.json, e.g. "running". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
