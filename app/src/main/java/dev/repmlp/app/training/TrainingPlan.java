package dev.repmlp.app.training;

import dev.repmlp.app.charts.Curve;
import dev.repmlp.app.charts.CurveStyle;
import dev.repmlp.app.charts.XY;
import dev.repmlp.engine.train.Recipe;
import dev.repmlp.engine.train.ScheduleCheck;
import dev.repmlp.engine.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Train page's view of the plan before Start: which recipe the form follows and why, the
 * schedule checks ({@link ScheduleCheck}: errors block Start, warnings are shown), and the learning
 * rate the run will follow, step by step, from the engine's own schedule code. Needs no FX toolkit.
 */
public final class TrainingPlan {
    /** Name of the planned LR curve in the LR chart. */
    public static final String PLANNED_LR = "planned LR";

    /** Most points of the planned curve. */
    static final int MAX_POINTS = 600;

    private final ReadOnlyObjectWrapper<Recipe> recipe =
            new ReadOnlyObjectWrapper<>(this, "recipe", Recipe.SMALL);
    private final ReadOnlyStringWrapper recipeId =
            new ReadOnlyStringWrapper(this, "recipeId", Recipe.SMALL.id());
    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper(this, "reason", "");
    private final ObservableList<String> recipeIds =
            FXCollections.unmodifiableObservableList(
                    FXCollections.observableArrayList(
                            java.util.Arrays.stream(Recipe.values()).map(Recipe::id).toList()));
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final Curve plannedLr = new Curve(PLANNED_LR, CurveStyle.FAINT_LINE, 2);
    private boolean chosenByUser;

    /** The recipe the form was last filled with. */
    public ReadOnlyObjectProperty<Recipe> recipeProperty() {
        return recipe.getReadOnlyProperty();
    }

    /** The recipe's name ({@code upstream}, {@code small}, {@code finetune}), for views. */
    public ReadOnlyStringProperty recipeIdProperty() {
        return recipeId.getReadOnlyProperty();
    }

    /** The recipes' names, in the picker's order. */
    public ObservableList<String> recipeIds() {
        return recipeIds;
    }

    /** Why that recipe (chosen by the user, or the default for this data and these epochs). */
    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    /** The schedule checks' warnings, as sentences with the fix. */
    public ObservableList<String> warnings() {
        return warnings;
    }

    /** The learning rate at each step of the planned run (x: step, y: LR). */
    public Curve plannedLr() {
        return plannedLr;
    }

    /** Whether the user picked the recipe (then it is not replaced by the default). */
    public boolean isChosenByUser() {
        return chosenByUser;
    }

    /**
     * The recipe to fill the form with for a new preset: the user's pick if any, else the default
     * for the situation ({@link Recipe#choose}); {@code demo} always gets the small recipe.
     */
    Recipe.Choice choiceFor(boolean demo, int trainImages, boolean fineTuning) {
        if (chosenByUser) {
            return new Recipe.Choice(recipe.get(), "chosen on this page");
        }
        if (demo) {
            return new Recipe.Choice(Recipe.SMALL, "the demo's recipe");
        }
        return Recipe.choose(trainImages, null, fineTuning);
    }

    /** Records that the form now follows {@code choice}. */
    void followed(Recipe.Choice choice, boolean byUser) {
        chosenByUser |= byUser;
        recipe.set(choice.recipe());
        recipeId.set(choice.recipe().id());
        reason.set(choice.reason());
    }

    /**
     * Re-checks the plan for {@code c} (null: the form does not parse) on a dataset of {@code
     * trainImages} images in {@code classes} classes (0: unknown).
     *
     * @return the errors, which block Start
     */
    List<ScheduleCheck.Finding> update(TrainingConfig c, int trainImages, int classes) {
        if (c == null) {
            warnings.clear();
            plannedLr.clear();
            return List.of();
        }
        List<ScheduleCheck.Finding> findings =
                ScheduleCheck.check(
                        c, new ScheduleCheck.Data(trainImages, Math.max(0, classes)), recipe.get());
        List<ScheduleCheck.Finding> errors = new ArrayList<>();
        List<String> warn = new ArrayList<>();
        for (ScheduleCheck.Finding f : findings) {
            if (f.severity() == ScheduleCheck.Severity.ERROR) {
                errors.add(f);
            } else {
                warn.add(f.message());
            }
        }
        warnings.setAll(warn);
        int stepsPerEpoch = trainImages > 0 ? Math.max(1, trainImages / c.totalBatch()) : 100;
        double[][] curve = ScheduleCheck.lrCurve(c, stepsPerEpoch, MAX_POINTS);
        List<XY> points = new ArrayList<>(curve[0].length);
        for (int i = 0; i < curve[0].length; i++) {
            points.add(new XY(Math.round(curve[0][i] * stepsPerEpoch), curve[1][i]));
        }
        plannedLr.setAll(points);
        return errors;
    }
}
