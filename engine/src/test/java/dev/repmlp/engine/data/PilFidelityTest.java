package dev.repmlp.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every image kind decodes and preprocesses exactly as upstream's pipeline does: the expected
 * pixels and tensors are PIL 9.4's {@code Image.open(f).convert('RGB')} and torchvision 0.14's
 * {@code Resize, CenterCrop, ToTensor, Normalize}, written by {@code
 * engine/src/test/python/make_preprocess_fixtures.py} into {@code resources/preprocess}.
 */
class PilFidelityTest {

    static Path root() {
        try {
            return Paths.get(PilFidelityTest.class.getResource("/preprocess/cases.json").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        JsonNode meta = new ObjectMapper().readTree(root().resolve("cases.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : meta.get("cases")) {
            out.add(
                    Arguments.of(
                            c.get("file").asText(),
                            c.get("pil_mode").asText(),
                            c.get("resolution").asInt(),
                            c.has("error") ? c.get("error").asText() : null));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} (PIL mode {1})")
    @MethodSource("cases")
    void decodesAsPilConvertRgb(String file, String mode, int res, String pilError)
            throws IOException {
        Path path = root().resolve("images").resolve(file);
        if (pilError != null) {
            ImageDecodeException e =
                    assertThrows(ImageDecodeException.class, () -> RgbImage.read(path));
            assertTrue(e.getMessage().contains(file), e.getMessage());
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            return;
        }
        HostTensor expected = Npy.read(root().resolve("expected").resolve(file + ".rgb.npy"));
        RgbImage img = RgbImage.read(path);
        assertEquals(expected.dim(0), img.height(), "height");
        assertEquals(expected.dim(1), img.width(), "width");
        byte[] want = expected.toByteArray();
        if (!Arrays.equals(want, img.rgb())) {
            int first = Arrays.mismatch(want, img.rgb());
            int px = first / 3;
            throw new AssertionError(
                    file
                            + ": first differing value at (x="
                            + px % img.width()
                            + ", y="
                            + px / img.width()
                            + ", c="
                            + first % 3
                            + "): PIL "
                            + (want[first] & 0xff)
                            + ", ours "
                            + (img.rgb()[first] & 0xff));
        }
    }

    @ParameterizedTest(name = "{0} at -r {2}")
    @MethodSource("cases")
    void evalTensorEqualsTorchvision(String file, String mode, int res, String pilError)
            throws IOException {
        if (pilError != null) {
            return;
        }
        float[] want =
                Npy.read(root().resolve("expected").resolve(file + ".eval.npy")).toFloatArray();
        float[] got = Preprocess.eval(RgbImage.read(root().resolve("images").resolve(file)), res);
        assertEquals(want.length, got.length, "3 x res x res values");
        float maxDiff = 0;
        for (int i = 0; i < want.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
        }
        assertTrue(maxDiff <= 1e-6f, file + ": max |difference| " + maxDiff);
    }

    @org.junit.jupiter.api.Test
    void everyKindTheIssueNamesIsCovered() throws IOException {
        List<String> modes = cases().map(a -> (String) a.get()[1]).toList();
        for (String m : List.of("RGB", "RGBA", "L", "LA", "I", "P", "CMYK", "1")) {
            assertTrue(modes.contains(m), "no fixture in PIL mode " + m);
        }
        assertTrue(cases().anyMatch(a -> a.get()[3] != null), "a truncated file");
    }

    @org.junit.jupiter.api.Test
    void centerCropRoundsHalvesToEvenAsPython() {
        // 357 x 224 after Resize(224) of a 500 x 313 image: (357 - 224) / 2 = 66.5 -> 66
        RgbImage img = new RgbImage(357, 224, new byte[3 * 357 * 224]);
        for (int x = 0; x < 357; x++) {
            img.rgb()[3 * x] = (byte) x;
        }
        assertEquals(66, Preprocess.centerCrop(img, 224).get(0, 0, 0));
        // 67.5 -> 68
        RgbImage wider = new RgbImage(359, 224, new byte[3 * 359 * 224]);
        for (int x = 0; x < 359; x++) {
            wider.rgb()[3 * x] = (byte) x;
        }
        assertEquals(68, Preprocess.centerCrop(wider, 224).get(0, 0, 0));
    }
}
