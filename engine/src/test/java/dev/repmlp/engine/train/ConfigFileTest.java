package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir Path tmp;

    private Path file(String json) throws IOException {
        return Files.writeString(tmp.resolve("c.json"), json);
    }

    @Test
    void aModelConfigGetsUpstreamsRecipe() throws IOException {
        TrainingConfig c =
                ConfigFile.read(
                        file(
                                "{\"name\":\"mine\",\"num_class\":3,\"channels\":[8,16],"
                                        + "\"num_blocks\":[1,1],\"hs\":[4,2],\"ws\":[4,2],"
                                        + "\"sharesets_nums\":[2,4],\"reparam_conv_k\":[1,3],"
                                        + "\"image_size\":16}"));

        assertEquals("mine", c.model().name());
        assertEquals(List.of(8, 16), c.model().channels());
        assertEquals(TrainingConfig.upstream(c.model()), c);
    }

    @Test
    void theDemoModelGetsTheDemoRecipe() throws IOException {
        TrainingConfig c = ConfigFile.read(file(RepMlpNetPresets.DEMO.toJson()));

        assertEquals(TrainingConfig.demo(), c);
    }

    @Test
    void aTrainingConfigKeepsItsSettingsAndFillsTheRest() throws IOException {
        TrainingConfig c =
                ConfigFile.read(
                        file(
                                "{\"model\":{\"name\":\"RepMLPNet-Demo\"},\"epochs\":3,"
                                        + "\"mixup\":0.2}"));

        assertEquals(3, c.epochs());
        assertEquals(0.2, c.mixup());
        assertEquals(TrainingConfig.demo().baseLr(), c.baseLr());
    }

    @Test
    void anInvalidModelIsLoadedSoItsProblemsCanBeShown() throws IOException {
        TrainingConfig c =
                ConfigFile.read(
                        file(
                                "{\"num_blocks\":[1],\"channels\":[8],\"hs\":[5],\"ws\":[5],"
                                        + "\"sharesets_nums\":[1],\"image_size\":32}"));

        assertFalse(c.problems().isEmpty());
        assertTrue(c.problems().get(0).contains("does not divide"), c.problems().toString());
    }

    @Test
    void unknownSettingsAndBrokenJsonAreRefusedWithTheFileNamed() throws IOException {
        Path unknown = file("{\"epochs\":3,\"colour\":\"red\"}");
        IOException e = assertThrows(IOException.class, () -> ConfigFile.read(unknown));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        assertTrue(e.getMessage().contains(unknown.toString()), e.getMessage());

        Path broken = file("{\"epochs\":");
        assertThrows(IOException.class, () -> ConfigFile.read(broken));
        assertThrows(IOException.class, () -> ConfigFile.read(tmp.resolve("missing.json")));
    }
}
