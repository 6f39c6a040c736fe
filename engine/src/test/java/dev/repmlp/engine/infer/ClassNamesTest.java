package dev.repmlp.engine.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.Assets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassNamesTest {

    @Test
    void bundledDemoModelGetsTheSidecarsClassesInModelOrder() {
        ClassNames names = ClassNames.forWeights(Assets.require(Assets.DEMO_MODEL), 10);

        assertEquals("repmlpnet-demo-fashion-mnist.json", names.source());
        // sorted folder names, not classes.txt's Fashion-MNIST label order
        assertEquals("ankle_boot", names.name(0));
        assertEquals("sneaker", names.name(7));
        assertEquals("trouser", names.name(9));
    }

    @Test
    void runCheckpointGetsTheRunConfigsClasses(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("config.json"), "{\"classes\": [\"cat\", \"dog\"]}");
        Path weights = Files.createDirectories(run.resolve("checkpoints")).resolve("best.pth");

        ClassNames names = ClassNames.forWeights(weights, 2);

        assertEquals("dog", names.name(1));
        assertEquals("config.json", names.source());
    }

    @Test
    void sidecarWithAnotherClassCountIsIgnored(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("m.json"), "{\"classes\": [\"cat\", \"dog\"]}");

        ClassNames names = ClassNames.forWeights(dir.resolve("m.pth"), 3);

        assertTrue(names.isNumbered());
        assertEquals("class 2", names.name(2));
    }

    @Test
    void malformedSidecarIsIgnored(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("m.json"), "{not json");

        assertTrue(ClassNames.forWeights(dir.resolve("m.pth"), 2).isNumbered());
    }

    @Test
    void thousandClassModelWithoutSidecarGetsImageNetNames(@TempDir Path dir) {
        ClassNames names = ClassNames.forWeights(dir.resolve("RepMLPNet-T224-train.pth"), 1000);

        assertEquals("ImageNet-1k", names.source());
        assertEquals("tench", names.name(0));
        assertEquals("espresso", names.name(967));
    }

    @Test
    void otherModelsWithoutNamesGetNumbers(@TempDir Path dir) {
        ClassNames names = ClassNames.forWeights(dir.resolve("x.pth"), 10);

        assertEquals("class 7", names.name(7));
        assertThrows(IndexOutOfBoundsException.class, () -> names.name(10));
    }
}
