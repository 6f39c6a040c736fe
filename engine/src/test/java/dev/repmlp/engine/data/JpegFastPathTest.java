package dev.repmlp.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenCV path decodes the common JPEGs to PIL 9.4's pixels itself (not through the fallback),
 * and hands every doubtful file to the ImageIO path. Expected pixels: PIL's, from {@code
 * make_preprocess_fixtures.py} (the fixtures of {@link PilFidelityTest}).
 */
class JpegFastPathTest {

    private static Path image(String file) {
        return PilFidelityTest.root().resolve("images").resolve(file);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rgb_500x313.jpg",
                "rgb_422.jpg",
                "rgb_444_progressive.jpg",
                "rgb_icc_profile.jpg",
                "rgb_portrait_47x83.jpg",
                "exif_rotate90.jpg",
                "grey_33x21.jpg"
            })
    void commonJpegsTakeTheFastPathAndEqualPil(String file) throws IOException {
        assertTrue(JpegFastPath.enabled(), "OpenCV natives load on this platform");
        byte[] bytes = Files.readAllBytes(image(file));
        RgbImage fast = JpegFastPath.tryDecode(bytes);
        assertNotNull(fast, file + " should qualify for the fast path");
        HostTensor want =
                Npy.read(PilFidelityTest.root().resolve("expected").resolve(file + ".rgb.npy"));
        assertEquals(want.dim(0), fast.height());
        assertEquals(want.dim(1), fast.width());
        byte[] w = want.toByteArray();
        assertEquals(-1, Arrays.mismatch(w, fast.rgb()), file + ": first differing byte");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cmyk_imagemagick.jpg",
                "cmyk_no_adobe.jpg",
                "cmyk_pil.jpg",
                "truncated_60pct.jpg",
                "truncated_95pct.jpg",
                "png_data.JPEG"
            })
    void doubtfulFilesGoToImageIo(String file) throws IOException {
        assertNull(JpegFastPath.tryDecode(Files.readAllBytes(image(file))), file);
    }

    @Test
    void headerScanReadsTheMarkers() throws IOException {
        JpegFastPath.Header h = JpegFastPath.scan(Files.readAllBytes(image("rgb_500x313.jpg")));
        assertEquals(new JpegFastPath.Header(500, 313, 3, true), h);
        JpegFastPath.Header g = JpegFastPath.scan(Files.readAllBytes(image("grey_33x21.jpg")));
        assertEquals(new JpegFastPath.Header(33, 21, 1, true), g);
        JpegFastPath.Header c = JpegFastPath.scan(Files.readAllBytes(image("cmyk_pil.jpg")));
        assertEquals(4, c.components());
        assertFalse(c.fastPathOk());
    }

    @Test
    void aJpegWithoutEoiIsNotTakenEvenIfOpenCvWouldDecodeIt() throws IOException {
        byte[] whole = Files.readAllBytes(image("rgb_500x313.jpg"));
        byte[] cut = Arrays.copyOf(whole, whole.length - 2);
        assertNull(JpegFastPath.tryDecode(cut));
        assertNull(JpegFastPath.scan(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}));
    }

    @Test
    void thePropertyTurnsThePathOffAndBothPathsAgree() throws Exception {
        byte[] bytes = Files.readAllBytes(image("rgb_422.jpg"));
        RgbImage fast = ImageDecoder.decode(bytes);
        String old = System.getProperty(JpegFastPath.PROPERTY);
        System.setProperty(JpegFastPath.PROPERTY, "imageio");
        try {
            assertFalse(JpegFastPath.enabled());
            assertNull(JpegFastPath.tryDecode(bytes));
            assertArrayEquals(fast.rgb(), ImageDecoder.decode(bytes).rgb());
        } finally {
            if (old == null) {
                System.clearProperty(JpegFastPath.PROPERTY);
            } else {
                System.setProperty(JpegFastPath.PROPERTY, old);
            }
        }
    }
}
