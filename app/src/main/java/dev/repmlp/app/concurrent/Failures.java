package dev.repmlp.app.concurrent;

/** Turns a job's exception into one line for the user. */
public final class Failures {
    private Failures() {}

    /**
     * The first non-blank message along the cause chain (engine messages are written to be shown as
     * they are), else the exception's class name.
     */
    public static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                return message.strip();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return error.getClass().getSimpleName();
    }
}
