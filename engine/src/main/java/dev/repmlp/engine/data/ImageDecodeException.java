package dev.repmlp.engine.data;

import java.io.IOException;

/** An image file that cannot be decoded (corrupt, truncated, or not an image). */
public final class ImageDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
