package dev.repmlp.engine.train;

/** The loss became NaN or infinite; the message says where and what to do. */
public final class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
