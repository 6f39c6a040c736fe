package dev.repmlp.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.model.RepMlpNetPresets;
import dev.repmlp.engine.train.Recipe;
import dev.repmlp.engine.train.ScheduleCheck;
import dev.repmlp.engine.train.TrainingConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Train page's plan, without the FX toolkit. */
class TrainingPlanTest {
    private final TrainingPlan plan = new TrainingPlan();
    private final TrainingConfig digits =
            TrainingConfig.upstream(RepMlpNetPresets.DEMO.withImageSize(32));

    @Test
    void upstreamsRecipeForTenEpochsBlocksStartAndWarns() {
        TrainingConfig c = Recipe.UPSTREAM.apply(digits, Map.of("epochs", "10"));
        List<ScheduleCheck.Finding> errors = plan.update(c, 3000, 10);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("warmup_epochs", errors.get(0).setting());
        assertEquals(1, plan.warnings().size(), plan.warnings().toString());
        assertTrue(plan.warnings().get(0).contains("heavy augmentation on 32 px"));
    }

    @Test
    void thePlannedLrIsTheRunsScheduleStepByStep() {
        // small recipe, batch 64: 3000 / 64 = 46 steps an epoch, 10 epochs = 460 steps
        TrainingConfig c = Recipe.SMALL.apply(digits, Map.of("epochs", "10"));
        assertEquals(List.of(), plan.update(c, 3000, 10));
        assertEquals(List.of(), plan.warnings());
        assertEquals(460, plan.plannedLr().size());
        assertEquals(0, plan.plannedLr().points().get(0).x());
        assertEquals(459, plan.plannedLr().points().get(459).x());
        // scaled base LR 4e-3 * 64 / 256 = 1e-3, warmup LR 5e-7 * 64 / 256 = 1.25e-7 over 46
        // steps; the cosine counts from step 0 (upstream's quirk), so the highest point is the
        // last warmup update: 1.25e-7 + 45 / 46 * (1e-3 - 1.25e-7), used by step 46
        double peak =
                plan.plannedLr().points().stream().mapToDouble(p -> p.y()).max().orElseThrow();
        assertEquals(1.25e-7 + 45.0 / 46 * (1e-3 - 1.25e-7), peak, 1e-12);
        assertEquals(peak, plan.plannedLr().points().get(46).y(), 1e-15);
    }

    @Test
    void theDefaultRecipeFollowsTheDataUntilTheUserPicksOne() {
        assertEquals(Recipe.SMALL, plan.choiceFor(false, 3000, false).recipe());
        assertEquals(Recipe.UPSTREAM, plan.choiceFor(false, 1_281_167, false).recipe());
        assertEquals(Recipe.FINETUNE, plan.choiceFor(false, 3000, true).recipe());
        assertEquals(Recipe.SMALL, plan.choiceFor(true, 1_281_167, false).recipe());
        plan.followed(new Recipe.Choice(Recipe.UPSTREAM, "picked"), true);
        assertEquals("upstream", plan.recipeIdProperty().get());
        assertEquals(Recipe.UPSTREAM, plan.choiceFor(false, 3000, false).recipe());
    }
}
