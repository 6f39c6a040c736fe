package dev.repmlp.engine.onnx;

import java.io.IOException;

/** An exported file whose ONNX Runtime logits differ from the DJL model by more than allowed. */
public final class OnnxVerificationException extends IOException {
    private static final long serialVersionUID = 1L;

    private final double maxAbsDiff;

    public OnnxVerificationException(String message, double maxAbsDiff) {
        super(message);
        this.maxAbsDiff = maxAbsDiff;
    }

    /** The measured max |logit difference| (NaN when ONNX Runtime gave NaN). */
    public double maxAbsDiff() {
        return maxAbsDiff;
    }
}
