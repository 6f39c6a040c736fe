package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import dev.repmlp.engine.train.ScheduleCheck.Data;
import dev.repmlp.engine.train.ScheduleCheck.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recipes, the default choice, and the checks made before the first step. */
class RecipeTest {
    private static final RepMlpNetConfig DIGITS32 = RepMlpNetPresets.DEMO.withImageSize(32);

    private static TrainingConfig digits() {
        return TrainingConfig.upstream(DIGITS32);
    }

    private static List<String> settings(List<Finding> fs) {
        return fs.stream().map(f -> f.severity() + " " + f.setting()).toList();
    }

    @Test
    void theDefaultFollowsTheSituation() {
        assertEquals(Recipe.FINETUNE, Recipe.choose(3000, 10, true).recipe());
        assertEquals(Recipe.SMALL, Recipe.choose(3000, 10, false).recipe());
        assertEquals(Recipe.SMALL, Recipe.choose(3000, null, false).recipe());
        assertEquals(Recipe.SMALL, Recipe.choose(1_281_167, 10, false).recipe());
        assertEquals(Recipe.UPSTREAM, Recipe.choose(1_281_167, 300, false).recipe());
        assertEquals(Recipe.UPSTREAM, Recipe.choose(1_281_167, null, false).recipe());
        assertTrue(Recipe.choose(3000, 10, false).reason().contains("3,000 training images"));
    }

    @Test
    void explicitSettingsWinOverTheRecipe() {
        TrainingConfig base = TrainingConfig.upstream(DIGITS32);
        TrainingConfig c = Recipe.SMALL.apply(base, Map.of("base_lr", "0.01"));
        assertEquals(0.01, c.baseLr());
        assertEquals(1.0, c.warmupEpochs());
        assertEquals("weak", c.augPreset());
        assertEquals(20, c.epochs(), "the recipe's epochs when none are given");
        assertEquals(7, Recipe.SMALL.apply(base, Map.of("epochs", "7")).epochs());
        assertEquals(Recipe.SMALL, Recipe.of(" Small "));
    }

    @Test
    void theSmallRecipeIsTheDemoRecipe() {
        // everything but how often checkpoints are kept (not part of a recipe)
        TrainingConfig demo = TrainingConfig.demo();
        TrainingConfig small =
                Recipe.SMALL.apply(
                        TrainingConfig.upstream(demo.model()), Map.of("save_every", "0"));
        assertEquals(demo.toJson(), small.toJson());
    }

    @Test
    void upstreamsRecipeForTenEpochsOfTinyDigitsIsRefused() {
        // the issue's run: 3,000 32 px images, 10 epochs, upstream's recipe verbatim
        TrainingConfig c =
                Recipe.UPSTREAM.apply(TrainingConfig.upstream(DIGITS32), Map.of("epochs", "10"));
        List<Finding> f = ScheduleCheck.check(c, new Data(3000, 10));
        assertTrue(ScheduleCheck.hasErrors(f));
        assertEquals("ERROR warmup_epochs", settings(f).get(0));
        assertTrue(settings(f).contains("WARNING aug_preset"), f.toString());
        // peak LR 1e-3 * 32 / 256 = 1.25e-4: not tiny
        assertFalse(settings(f).contains("WARNING base_lr"), f.toString());
        assertTrue(f.get(0).message().contains("warmup_epochs=1"), f.get(0).message());
        // a one-epoch run: the fix must itself pass
        List<Finding> one =
                ScheduleCheck.check(
                        Recipe.SMALL.apply(digits(), Map.of("epochs", "1")), new Data(3000, 10));
        assertTrue(one.get(0).message().contains("warmup_epochs=0"), one.get(0).message());
    }

    @Test
    void aOneEpochDemoRunIsToldWhatHelpsNotTheRecipeItAlreadyUses() {
        // `repmlp train --epochs 1` on the demo: the small recipe warms up for 1 epoch
        TrainingConfig c = Recipe.SMALL.apply(digits(), Map.of("epochs", "1"));
        Finding f = ScheduleCheck.check(c, new Data(3000, 10), Recipe.SMALL).get(0);
        assertEquals("ERROR warmup_epochs", f.severity() + " " + f.setting());
        // every recipe warms up for >= 1 epoch, so none is advised; 2 * 1 epochs leaves warmup
        // at half the run
        assertFalse(f.message().contains("recipe"), f.message());
        assertTrue(f.message().contains("--set warmup_epochs=0"), f.message());
        assertTrue(f.message().contains("--epochs 2 or more"), f.message());
        // and each fix passes
        assertFalse(
                ScheduleCheck.hasErrors(
                        ScheduleCheck.check(
                                c.with(Map.of("warmup_epochs", "0")),
                                new Data(3000, 10),
                                Recipe.SMALL)));
        assertEquals(
                List.of(),
                ScheduleCheck.check(
                        c.with(Map.of("epochs", "2")), new Data(3000, 10), Recipe.SMALL));
        // upstream's 10-epoch warmup in a 5-epoch run: the small recipe (1 epoch) does help
        TrainingConfig up =
                Recipe.UPSTREAM.apply(TrainingConfig.upstream(DIGITS32), Map.of("epochs", "5"));
        String m = ScheduleCheck.check(up, new Data(3000, 10), Recipe.UPSTREAM).get(0).message();
        assertTrue(m.contains("(or --recipe small)"), m);
        assertTrue(m.contains("--epochs 20 or more"), m);
    }

    @Test
    void theSmallRecipeOnTheSameDataHasNothingToSay() {
        TrainingConfig c =
                Recipe.SMALL.apply(TrainingConfig.upstream(DIGITS32), Map.of("epochs", "10"));
        assertEquals(List.of(), ScheduleCheck.check(c, new Data(3000, 10)));
    }

    @Test
    void eachCheckFires() {
        TrainingConfig small = Recipe.SMALL.apply(TrainingConfig.upstream(DIGITS32), Map.of());
        // 1e-4 * 8 / 256 = 3.1e-6 < 1e-5
        assertEquals(
                List.of("WARNING base_lr"),
                settings(
                        ScheduleCheck.check(
                                small.with(Map.of("base_lr", "1e-4", "batch_size", "8")),
                                new Data(3000, 10))));
        assertEquals(
                List.of("WARNING decay_epochs"),
                settings(
                        ScheduleCheck.check(
                                small.with(Map.of("schedule", "step", "decay_epochs", "30")),
                                new Data(3000, 10))));
        assertEquals(
                List.of("WARNING batch_size"),
                settings(
                        ScheduleCheck.check(
                                small.with(Map.of("batch_size", "128")), new Data(100, 10))));
        assertEquals(
                List.of("WARNING batch_size"),
                settings(ScheduleCheck.check(small, new Data(200, 10))));
        assertEquals(
                List.of("WARNING model.num_class"),
                settings(ScheduleCheck.check(small, new Data(3000, 4))));
        assertEquals(
                List.of("WARNING warmup_epochs"),
                settings(
                        ScheduleCheck.check(
                                small.with(Map.of("warmup_epochs", "12")), new Data(3000, 10))));
        TrainingConfig big =
                Recipe.SMALL.apply(
                        TrainingConfig.upstream(DIGITS32.withImageSize(224)),
                        Map.of("mixup", "0.4"));
        assertEquals(
                List.of("WARNING mixup"), settings(ScheduleCheck.check(big, new Data(3000, 10))));
    }

    @Test
    void theLrCurveIsTheSchedulesWorkedByHand() {
        // small recipe, batch 64: peak 4e-3 * 64 / 256 = 1e-3; warmup from 5e-7 * 0.25 over 1 epoch
        TrainingConfig c =
                Recipe.SMALL.apply(TrainingConfig.upstream(DIGITS32), Map.of("epochs", "4"));
        double[][] curve = ScheduleCheck.lrCurve(c, 10, 1000);
        assertEquals(40, curve[0].length, "one point per step when they fit");
        assertEquals(1.25e-7, curve[1][0], 1e-12, "first step: the warmup LR");
        // step 11 uses update 10 = the end of warmup: cosine at t=10 of 40
        double minLr = 1e-5 * 0.25;
        double want = minLr + 0.5 * (1e-3 - minLr) * (1 + Math.cos(Math.PI * 10 / 40));
        assertEquals(want, curve[1][11], 1e-12);
        assertEquals(3.9, curve[0][39], 1e-12, "last step in epoch fractions");
        assertEquals(60, ScheduleCheck.lrCurve(c, 1000, 60)[0].length, "thinned");
    }
}
