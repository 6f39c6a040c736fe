package dev.repmlp.app.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.infer.ClassNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which bundled samples belong to which model's data (issue 15: no silent nonsense answers). */
class SamplesMismatchTest {
    private static final Path ROOT = Path.of("samples-root");
    private static final Path BOOT = ROOT.resolve("fashion-mnist/ankle_boot-1.png");
    private static final Path CAT = ROOT.resolve("photos/cat.jpg");
    private static final Path MINE = Path.of("elsewhere/cat.jpg");

    private static final ClassNames FASHION =
            ClassNames.of(
                    List.of(
                            "ankle_boot",
                            "bag",
                            "coat",
                            "dress",
                            "pullover",
                            "sandal",
                            "shirt",
                            "sneaker",
                            "t-shirt_top",
                            "trouser"),
                    "test");

    @Test
    void photosOnAFashionMnistModelAreNamedWithTheirCount() {
        String m = Samples.mismatch(List.of(BOOT, CAT, MINE), FASHION, ROOT);
        assertTrue(m.startsWith("1 of 3 images are natural photos"), m);
        assertEquals("", Samples.mismatch(List.of(BOOT, MINE), FASHION, ROOT));
    }

    @Test
    void fashionMnistSamplesOnAnImageNetModelAreNamed() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            names.add("class" + i);
        }
        ClassNames imagenet = ClassNames.of(names, "test");
        String m = Samples.mismatch(List.of(BOOT, BOOT, CAT), imagenet, ROOT);
        assertTrue(m.startsWith("2 of 3 images are Fashion-MNIST samples"), m);
        assertEquals("", Samples.mismatch(List.of(CAT), imagenet, ROOT));
    }

    @Test
    void aModelOfOtherDataJudgesNothing() {
        ClassNames ten = ClassNames.numbered(10);
        assertEquals("", Samples.mismatch(List.of(BOOT, CAT), ten, ROOT));
    }
}
