package dev.repmlp.engine.data.loader;

/**
 * A worker failed on a sample in a way other than an unreadable image (a bug, an out-of-memory
 * error): thrown once, on the thread that takes the batch, naming the file.
 */
public final class LoaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
