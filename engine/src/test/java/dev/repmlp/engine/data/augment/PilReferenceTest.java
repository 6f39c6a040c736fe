package dev.repmlp.engine.data.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.repmlp.engine.data.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every operation against outputs of Pillow 9.4 itself (resources/augment/pil_ops.txt, made by
 * src/test/python/make_pil_op_fixtures.py): byte-for-byte equality on small random images, for the
 * lookup-table ops, the enhance blends, the grey conversion, the SMOOTH filter, rotations and
 * affine transforms with both interpolations.
 */
class PilReferenceTest {

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String tok : line.split(" ")) {
            int eq = tok.indexOf('=');
            if (eq > 0) {
                f.put(tok.substring(0, eq), tok.substring(eq + 1));
            }
        }
        return f;
    }

    private static List<String> lines() throws IOException {
        try (InputStream in = PilReferenceTest.class.getResourceAsStream("/augment/pil_ops.txt")) {
            if (in == null) {
                throw new IOException("augment/pil_ops.txt is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
    }

    private static Resample resample(Map<String, String> f) {
        return Resample.valueOf(f.get("resample").toUpperCase(Locale.ROOT));
    }

    private static RgbImage run(Map<String, String> f, RgbImage in) {
        return switch (f.get("op")) {
            case "autocontrast" -> PilOps.autocontrast(in);
            case "equalize" -> PilOps.equalize(in);
            case "invert" -> PilOps.invert(in);
            case "posterize" -> PilOps.posterize(in, Integer.parseInt(f.get("bits")));
            case "solarize" -> PilOps.solarize(in, Integer.parseInt(f.get("threshold")));
            case "solarizeadd" ->
                    PilOps.solarizeAdd(
                            in,
                            Integer.parseInt(f.get("add")),
                            Integer.parseInt(f.get("threshold")));
            case "color" -> PilOps.color(in, Double.parseDouble(f.get("factor")));
            case "contrast" -> PilOps.contrast(in, Double.parseDouble(f.get("factor")));
            case "brightness" -> PilOps.brightness(in, Double.parseDouble(f.get("factor")));
            case "sharpness" -> PilOps.sharpness(in, Double.parseDouble(f.get("factor")));
            case "rotate" ->
                    PilOps.rotate(
                            in,
                            Double.parseDouble(f.get("degrees")),
                            resample(f),
                            RandAugment.FILL);
            case "affine" -> {
                String[] parts = f.get("coeffs").split(",");
                double[] c = new double[6];
                for (int i = 0; i < 6; i++) {
                    c[i] = Double.parseDouble(parts[i]);
                }
                yield PilOps.affine(in, c, resample(f), RandAugment.FILL);
            }
            case "grey" -> PilOps.grey(in);
            case "smooth" -> PilOps.smooth(in);
            default -> throw new IllegalArgumentException("unknown op in fixture: " + f.get("op"));
        };
    }

    @TestFactory
    Stream<DynamicTest> matchesPillow() throws IOException {
        Map<String, RgbImage> inputs = new HashMap<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines()) {
            Map<String, String> f = fields(line);
            if (line.startsWith("input ")) {
                inputs.put(
                        f.get("name"),
                        new RgbImage(
                                Integer.parseInt(f.get("w")),
                                Integer.parseInt(f.get("h")),
                                Base64.getDecoder().decode(f.get("rgb"))));
            } else if (line.startsWith("case ")) {
                String name = line.substring(5, line.indexOf(" out="));
                tests.add(
                        DynamicTest.dynamicTest(
                                name,
                                () -> {
                                    RgbImage in = inputs.get(f.get("in"));
                                    byte[] want = Base64.getDecoder().decode(f.get("out"));
                                    RgbImage got = run(f, in);
                                    assertEquals(in.width(), got.width());
                                    assertEquals(in.height(), got.height());
                                    compare(want, got.rgb(), in.width());
                                }));
            }
        }
        assertTrue(tests.size() > 40, "fixture cases found: " + tests.size());
        return tests.stream();
    }

    private static void compare(byte[] want, byte[] got, int width) {
        assertEquals(want.length, got.length);
        int diffs = 0;
        int maxDiff = 0;
        int first = -1;
        for (int i = 0; i < want.length; i++) {
            int d = Math.abs((want[i] & 0xff) - (got[i] & 0xff));
            if (d != 0) {
                diffs++;
                maxDiff = Math.max(maxDiff, d);
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (diffs > 0) {
            int px = first / 3;
            fail(
                    diffs
                            + " bytes differ from Pillow (max "
                            + maxDiff
                            + "), first at x="
                            + px % width
                            + " y="
                            + px / width
                            + " c="
                            + first % 3
                            + ": want "
                            + (want[first] & 0xff)
                            + ", got "
                            + (got[first] & 0xff));
        }
    }
}
