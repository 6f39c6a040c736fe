package dev.repmlp.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both backends of the fast path (the system's TurboJPEG when installed, OpenCV's bundled decoder)
 * decode the common JPEGs to PIL 9.4's pixels itself (not through the fallback), and hands every
 * doubtful file to the ImageIO path. Expected pixels: PIL's, from {@code
 * make_preprocess_fixtures.py} (the fixtures of {@link PilFidelityTest}).
 */
class JpegFastPathTest {

    private static Path image(String file) {
        return PilFidelityTest.root().resolve("images").resolve(file);
    }

    private static final List<String> COMMON =
            List.of(
                    "rgb_500x313.jpg",
                    "rgb_422.jpg",
                    "rgb_444_progressive.jpg",
                    "rgb_icc_profile.jpg",
                    "rgb_portrait_47x83.jpg",
                    "exif_rotate90.jpg",
                    "grey_33x21.jpg");

    /**
     * TurboJPEG is a system library: where it is not installed its cases are skipped, unless {@code
     * REPMLP_REQUIRE_TURBOJPEG} is set (CI installs it and sets this, so they run there).
     */
    private static void assumeLoaded(JpegFastPath.Backend backend) {
        if (backend == JpegFastPath.Backend.TURBOJPEG
                && System.getenv("REPMLP_REQUIRE_TURBOJPEG") == null) {
            assumeTrue(backend.loaded(), "libturbojpeg is not installed here");
        }
        assertTrue(backend.loaded(), backend + " natives load on this platform");
    }

    static Stream<Arguments> commonJpegsOnEachBackend() {
        return Stream.of(JpegFastPath.Backend.values())
                .flatMap(b -> COMMON.stream().map(f -> Arguments.of(b, f)));
    }

    @ParameterizedTest
    @MethodSource("commonJpegsOnEachBackend")
    void commonJpegsTakeTheFastPathAndEqualPil(JpegFastPath.Backend backend, String file)
            throws IOException {
        assumeLoaded(backend);
        byte[] bytes = Files.readAllBytes(image(file));
        RgbImage fast = JpegFastPath.tryDecode(bytes, backend);
        assertNotNull(fast, file + " should qualify for the fast path");
        HostTensor want =
                Npy.read(PilFidelityTest.root().resolve("expected").resolve(file + ".rgb.npy"));
        assertEquals(want.dim(0), fast.height());
        assertEquals(want.dim(1), fast.width());
        byte[] w = want.toByteArray();
        assertEquals(-1, Arrays.mismatch(w, fast.rgb()), file + ": first differing byte");
    }

    @Test
    void aCorruptScanThatPilRefusesIsRefused() throws Exception {
        assumeLoaded(JpegFastPath.Backend.TURBOJPEG);
        // garbage in the middle of the entropy-coded data: libjpeg-turbo warns ("premature end
        // of data segment") and decodes around it, PIL 9.4 raises "broken data stream"
        // (Image.open(...).convert('RGB') on these bytes)
        byte[] bytes = Files.readAllBytes(image("rgb_500x313.jpg"));
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] = (byte) (i * 37);
        }
        assertNull(JpegFastPath.tryDecode(bytes, JpegFastPath.Backend.TURBOJPEG));
        String old = System.getProperty(JpegFastPath.PROPERTY);
        System.setProperty(JpegFastPath.PROPERTY, "turbojpeg");
        try {
            assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(bytes));
        } finally {
            restore(old);
        }
    }

    @Test
    void aWholeJpegWhoseScanEndsEarlyIsKeptAsPilKeepsItOnEveryPath() throws Exception {
        // files cut short and closed with EOI: libjpeg warns "premature end of data segment" and
        // fills the rest; PIL keeps them (resources/preprocess/cut_with_eoi.txt, CRC-32s of PIL's
        // pixels from make_cut_jpeg_fixtures.py)
        List<String> lines = Files.readAllLines(PilFidelityTest.root().resolve("cut_with_eoi.txt"));
        List<String> decoders = new java.util.ArrayList<>(List.of("auto", "opencv", "imageio"));
        if (JpegFastPath.Backend.TURBOJPEG.loaded()) {
            decoders.add("turbojpeg");
        }
        String old = System.getProperty(JpegFastPath.PROPERTY);
        int cases = 0;
        try {
            for (String line : lines) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" ");
                byte[] whole = Files.readAllBytes(image(f[0]));
                byte[] cut = Arrays.copyOf(whole, (int) (whole.length * Double.parseDouble(f[1])));
                cut = Arrays.copyOf(cut, cut.length + 2);
                cut[cut.length - 2] = (byte) 0xFF;
                cut[cut.length - 1] = (byte) 0xD9;
                for (String d : decoders) {
                    System.setProperty(JpegFastPath.PROPERTY, d);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(ImageDecoder.decode(cut).rgb());
                    assertEquals(f[2], String.format("%08x", crc.getValue()), line + " via " + d);
                }
                cases++;
            }
        } finally {
            restore(old);
        }
        assertEquals(9, cases);
    }

    private static void restore(String old) {
        if (old == null) {
            System.clearProperty(JpegFastPath.PROPERTY);
        } else {
            System.setProperty(JpegFastPath.PROPERTY, old);
        }
    }

    @Test
    void autoPrefersTurboJpegWhenInstalled() {
        assumeLoaded(JpegFastPath.Backend.OPENCV);
        JpegFastPath.Backend want =
                JpegFastPath.Backend.TURBOJPEG.loaded()
                        ? JpegFastPath.Backend.TURBOJPEG
                        : JpegFastPath.Backend.OPENCV;
        assertEquals(want, JpegFastPath.backend());
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
        for (JpegFastPath.Backend b : JpegFastPath.Backend.values()) {
            assertNull(JpegFastPath.tryDecode(Files.readAllBytes(image(file)), b), file);
        }
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
        for (JpegFastPath.Backend b : JpegFastPath.Backend.values()) {
            assertNull(JpegFastPath.tryDecode(cut, b));
        }
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
            restore(old);
        }
    }
}
