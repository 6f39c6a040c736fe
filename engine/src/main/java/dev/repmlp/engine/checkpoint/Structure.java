package dev.repmlp.engine.checkpoint;

import java.util.Collection;

/** Which RepMLPNet structure a set of weights belongs to, detected from its keys. */
public enum Structure {
    /** fc3 + fc3_bn + conv branches (what training produces and upstream releases). */
    TRAIN,
    /** fc3 with bias, no fc3_bn, no branches (after locality injection). */
    DEPLOY,
    /** Neither: not RepMLPNet weights, or a net without RepMLP blocks. */
    UNKNOWN;

    /** Detects the structure from state-dict keys. */
    public static Structure of(Collection<String> keys) {
        boolean train = false;
        boolean deploy = false;
        for (String k : keys) {
            if (k.contains("repmlp_block.fc3_bn.") || k.contains("repmlp_block.repconv")) {
                train = true;
            } else if (k.endsWith("repmlp_block.fc3.bias")) {
                deploy = true;
            }
        }
        if (train == deploy) {
            return UNKNOWN;
        }
        return train ? TRAIN : DEPLOY;
    }

    /** "train-time" / "deploy-time" / "unknown". */
    public String label() {
        return switch (this) {
            case TRAIN -> "train-time";
            case DEPLOY -> "deploy-time";
            case UNKNOWN -> "unknown";
        };
    }
}
