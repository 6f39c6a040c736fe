package dev.repmlp.engine.onnx;

import java.nio.file.Path;
import java.util.Locale;

/** Recognises ONNX model files. */
public final class OnnxFiles {
    private OnnxFiles() {}

    /** Whether {@code file} is named like an ONNX model ({@code .onnx}). */
    public static boolean isOnnx(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }
}
