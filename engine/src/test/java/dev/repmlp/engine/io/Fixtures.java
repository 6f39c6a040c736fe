package dev.repmlp.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fixtures written by make_io_fixtures.py (real PyTorch/NumPy) under test resources io/. */
final class Fixtures {
    private Fixtures() {}

    static Path path(String name) {
        URL url = Fixtures.class.getResource("/io/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture io/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** expected.json: per file, the key order and each tensor's dtype, shape and values. */
    static JsonNode expected(String file) {
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(path("expected.json")));
            JsonNode n = root.get(file);
            if (n == null) {
                throw new IllegalStateException("expected.json has no " + file);
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON value (a number, or "inf"/"-inf"/"nan" as the script writes them) as a double. */
    static double number(JsonNode v) {
        return v.isTextual()
                ? Double.parseDouble(v.textValue().replace("inf", "Infinity"))
                : v.asDouble();
    }

    static long[] shape(JsonNode arr) {
        long[] s = new long[arr.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = arr.get(i).asLong();
        }
        return s;
    }

    /** arange(n) * scale as floats, an independent closed form. */
    static float[] arange(int from, int to, float scale) {
        float[] v = new float[to - from];
        for (int i = 0; i < v.length; i++) {
            v[i] = (from + i) * scale;
        }
        return v;
    }
}
