package dev.repmlp.engine.onnx;

import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.StateDict;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Deterministic pseudo-random weights and inputs, the same formula as
 * engine/src/test/python/make_onnx_preset_fixtures.py (which fills upstream's model with them), so
 * large models can be compared with upstream without storing their weights.
 */
final class FormulaWeights {
    private FormulaWeights() {}

    private static final long MASK = 0xFFFFFFFFL;

    /** u(key, i) in [0, 1) for element i of entry {@code key}. */
    static double uniform(long crc, long i) {
        long x = (i * 0x9E3779B1L + crc * 0x85EBCA77L + 0x6A09E667L) & MASK;
        x ^= x >>> 16;
        x = (x * 0x7FEB352DL) & MASK;
        x ^= x >>> 15;
        x = (x * 0x846CA68BL) & MASK;
        x ^= x >>> 16;
        return (x >>> 8) / (double) (1 << 24);
    }

    private static long crc(String key) {
        CRC32 c = new CRC32();
        c.update(key.getBytes(StandardCharsets.UTF_8));
        return c.getValue();
    }

    /** The formula's value of entry {@code key} with {@code shape}, float32 row-major. */
    static float[] values(String key, long[] shape) {
        long n = HostTensor.numelOf(shape);
        long crc = crc(key);
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            double u = uniform(crc, i);
            double x;
            if (key.endsWith("running_var")) {
                x = 0.25 + 1.5 * u;
            } else if (key.endsWith(".weight") && shape.length == 1) {
                x = 0.2 + 0.6 * u;
            } else if (key.equals("input")) {
                x = (2 * u - 1) * 1.5;
            } else if (key.endsWith("running_mean") || key.endsWith(".bias")) {
                x = (2 * u - 1) * 0.5;
            } else {
                x = (2 * u - 1) / Math.sqrt((double) n / shape[0]);
            }
            v[i] = (float) x;
        }
        return v;
    }

    /** {@code like} with every float entry replaced by the formula (counters kept). */
    static StateDict fill(StateDict like) {
        StateDict out = new StateDict();
        for (Map.Entry<String, HostTensor> e : like.entries()) {
            HostTensor t = e.getValue();
            out.put(
                    e.getKey(),
                    e.getKey().endsWith("num_batches_tracked")
                            ? t
                            : HostTensor.ofFloats(t.shape(), values(e.getKey(), t.shape())));
        }
        return out;
    }
}
