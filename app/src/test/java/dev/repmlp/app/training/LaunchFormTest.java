package dev.repmlp.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import dev.repmlp.engine.train.TrainingConfig;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LaunchFormTest {

    @Test
    void formHasAFieldForEveryTrainingAndModelSetting() {
        Set<String> expected = new TreeSet<>();
        for (RecordComponent c : TrainingConfig.class.getRecordComponents()) {
            String name = c.getAccessor().getAnnotation(JsonProperty.class).value();
            if (!name.equals("model")) {
                expected.add(name);
            }
        }
        for (RecordComponent c : RepMlpNetConfig.class.getRecordComponents()) {
            expected.add("model." + c.getAccessor().getAnnotation(JsonProperty.class).value());
        }

        Set<String> keys = new TreeSet<>(LaunchFields.ALL.stream().map(FormField::key).toList());

        assertEquals(expected, keys);
    }

    @Test
    void everyReleasedRecipeSurvivesTheForm() {
        for (RepMlpNetConfig model : RepMlpNetPresets.released()) {
            TrainingConfig recipe =
                    TrainingConfig.upstream(model).withField("data_path", "/data/imagenet");
            LaunchForm form = new LaunchForm(recipe);

            LaunchForm.Parsed parsed = form.parse();

            assertEquals(List.of(), parsed.problems(), model.name());
            assertEquals(recipe, parsed.config(), model.name());
        }
    }

    @Test
    void fieldsShowListsAndNumbersPlainly() {
        LaunchForm form = new LaunchForm(TrainingConfig.upstream(RepMlpNetPresets.T224));

        assertEquals("56, 28, 14, 7", form.text("model.hs").get());
        assertEquals("0.001", form.text("base_lr").get());
        assertEquals("5e-7", form.text("warmup_lr").get());
        assertEquals("10", form.text("warmup_epochs").get());
        assertEquals("", form.text("init_weights").get());
        assertEquals("1e-8", form.text("eps").get());
    }

    @Test
    void aWindowThatDoesNotDivideTheMapIsReportedOnHsAndWs() {
        LaunchForm form = new LaunchForm(TrainingConfig.demo().withField("data_path", "/d"));
        form.text("model.hs").set("5, 4, 2");

        LaunchForm.Parsed parsed = form.parse();

        assertEquals(1, parsed.problems().size(), parsed.problems().toString());
        Problem p = parsed.problems().get(0);
        assertTrue(p.message().contains("does not divide the stage map 8x8"), p.message());
        assertTrue(p.fields().containsAll(List.of("model.hs", "model.ws")), p.fields().toString());
    }

    @Test
    void textThatIsNotANumberIsReportedOnItsField() {
        LaunchForm form = new LaunchForm(TrainingConfig.demo().withField("data_path", "/d"));
        form.text("epochs").set("ten");
        form.text("base_lr").set("1e-3x");
        form.text("model.channels").set("32, x");

        LaunchForm.Parsed parsed = form.parse();

        assertNull(parsed.config());
        List<String> fields = new ArrayList<>();
        parsed.problems().forEach(p -> fields.addAll(p.fields()));
        assertEquals(List.of("model.channels", "epochs", "base_lr"), fields);
        assertEquals("Epochs: enter a whole number", parsed.problems().get(1).message());
    }

    @Test
    void engineChecksNameTheirFields() {
        LaunchForm form = new LaunchForm(TrainingConfig.demo().withField("data_path", "/d"));
        form.text("label_smoothing").set("1.5");
        form.text("epochs").set("0");

        List<Problem> problems = form.parse().problems();

        assertEquals(2, problems.size(), problems.toString());
        assertEquals(List.of("epochs"), problems.get(0).fields());
        assertEquals(List.of("label_smoothing"), problems.get(1).fields());
    }

    @Test
    void aWordOutsideTheChoicesIsReported() {
        LaunchForm form = new LaunchForm(TrainingConfig.demo().withField("data_path", "/d"));
        form.text("schedule").set("exponential");

        List<Problem> problems = form.parse().problems();

        assertEquals(
                List.of(Problem.of("schedule", "Schedule: choose one of cosine, linear, step")),
                problems);
    }

    @Test
    void effectiveLearningRateFollowsTheLinearScalingRule() {
        TrainingConfig c =
                TrainingConfig.upstream(RepMlpNetPresets.B256)
                        .withField("batch_size", 64)
                        .withField("accumulation_steps", 2);

        String text = LaunchForm.describeLr(c);

        assertTrue(
                text.startsWith(
                        "Effective LR 0.0005 = 0.001 \u00d7 128 / 256 (batch 64 \u00d7 1 device"
                                + " \u00d7 2 accumulation)"),
                text);
        assertTrue(text.endsWith("warmup from 2.5e-7, down to 0"), text);
    }
}
