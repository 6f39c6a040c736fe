package dev.repmlp.engine.data.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.data.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Every rotation, shear and translation RandAugPolicy(magnitude=15) can draw (magnitudes 0..14,
 * both signs, bilinear and bicubic) on a 61x47 image, against CRC-32 checksums of Pillow 9.4's own
 * outputs (resources/augment/pil_geometry.txt, made by
 * src/test/python/make_pil_geometry_fixtures.py). This covers the samplers' shortcuts for an axis
 * that stays on pixel centres at realistic magnitudes; {@link PilReferenceTest} compares whole
 * outputs byte for byte on tiny images.
 */
class PilGeometryReferenceTest {

    private static String field(String line, String key) {
        for (String tok : line.split(" ")) {
            if (tok.startsWith(key + "=")) {
                return tok.substring(key.length() + 1);
            }
        }
        throw new IllegalArgumentException("no " + key + " in " + line);
    }

    @Test
    void everyGeometricOperationAtEveryMagnitudeMatchesPillow() throws IOException {
        List<String> lines;
        try (InputStream in =
                PilGeometryReferenceTest.class.getResourceAsStream("/augment/pil_geometry.txt")) {
            if (in == null) {
                throw new IOException(
                        "augment/pil_geometry.txt is missing from the test resources");
            }
            lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        }
        RgbImage img = null;
        List<String> wrong = new ArrayList<>();
        int cases = 0;
        for (String line : lines) {
            if (line.startsWith("input ")) {
                img =
                        new RgbImage(
                                Integer.parseInt(field(line, "w")),
                                Integer.parseInt(field(line, "h")),
                                Base64.getDecoder().decode(field(line, "rgb")));
                continue;
            }
            if (!line.startsWith("case ")) {
                continue;
            }
            double arg = Double.parseDouble(field(line, "arg"));
            Resample rs = Resample.valueOf(field(line, "resample").toUpperCase(Locale.ROOT));
            Rgb fill = RandAugment.FILL;
            RgbImage out =
                    switch (field(line, "op")) {
                        case "rotate" -> PilOps.rotate(img, arg, rs, fill);
                        case "shearx" -> PilOps.shearX(img, arg, rs, fill);
                        case "sheary" -> PilOps.shearY(img, arg, rs, fill);
                        case "translatex" -> PilOps.translateX(img, arg, rs, fill);
                        case "translatey" -> PilOps.translateY(img, arg, rs, fill);
                        default -> throw new IllegalArgumentException(line);
                    };
            CRC32 crc = new CRC32();
            crc.update(out.rgb());
            if (!String.format("%08x", crc.getValue()).equals(field(line, "crc"))) {
                wrong.add(line);
            }
            cases++;
        }
        assertEquals(300, cases, "cases read from the fixture");
        assertTrue(wrong.isEmpty(), wrong.size() + " outputs differ from Pillow's: " + wrong);
    }
}
