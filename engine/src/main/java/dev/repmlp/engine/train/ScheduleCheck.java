package dev.repmlp.engine.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a training plan before its first step: schedules that cannot work (an error: the run is
 * refused) or that are unlikely to (a warning, with the fix), e.g. a warmup as long as the run, an
 * LR that the linear scaling rule makes tiny, heavy augmentation on tiny images, a batch larger
 * than the dataset. The CLI prints these and the Train page shows them as validation.
 */
public final class ScheduleCheck {
    private ScheduleCheck() {}

    /** How bad a finding is. */
    public enum Severity {
        /** The run can start, but probably learns badly; the message says the fix. */
        WARNING,
        /** The run cannot work as planned: it is refused until fixed. */
        ERROR
    }

    /**
     * One finding.
     *
     * @param severity warning or error
     * @param setting the config.json setting to change, e.g. {@code warmup_epochs}
     * @param message what is wrong and how to fix it
     */
    public record Finding(Severity severity, String setting, String message) {
        @Override
        public String toString() {
            return (severity == Severity.ERROR ? "error: " : "warning: ") + message;
        }
    }

    /**
     * What is known of the data before the run (numbers of images and classes).
     *
     * @param trainImages images in the train split (0 when unknown)
     * @param classes class folders (0 when unknown)
     */
    public record Data(int trainImages, int classes) {}

    /** The smallest peak LR (after scaling) that is not flagged as tiny. */
    public static final double TINY_LR = 1e-5;

    /** Images at or below this size are "tiny" for RandAugment and mixing. */
    public static final int TINY_IMAGE = 64;

    /** Epochs below which mixup/cutmix and raug15 rarely pay off. */
    public static final int SHORT_RUN = 30;

    /**
     * The findings for {@code c} on {@code data}, errors first, when the recipe in use is not
     * known: a fix may name any recipe.
     */
    public static List<Finding> check(TrainingConfig c, Data data) {
        return check(c, data, null);
    }

    /**
     * The findings for {@code c} on {@code data}, errors first. Fixes name only what would help:
     * never the recipe {@code c} already follows, and a recipe only when its settings clear the
     * finding.
     *
     * @param recipe the recipe {@code c} was built from, or {@code null} when not known
     */
    public static List<Finding> check(TrainingConfig c, Data data, Recipe recipe) {
        List<Finding> errors = new ArrayList<>();
        List<Finding> warnings = new ArrayList<>();
        int epochs = c.epochs();
        if (c.warmupEpochs() >= epochs) {
            errors.add(
                    new Finding(
                            Severity.ERROR,
                            "warmup_epochs",
                            String.format(
                                    Locale.ROOT,
                                    "warmup_epochs %s >= epochs %d: the whole run is warmup and"
                                            + " the LR peaks at the last step; use --set"
                                            + " warmup_epochs=%s%s, or --epochs %d or more",
                                    num(c.warmupEpochs()),
                                    epochs,
                                    num(suggestedWarmup(epochs)),
                                    shorterWarmupRecipe(recipe, epochs),
                                    (int) Math.ceil(2 * c.warmupEpochs()))));
        } else if (c.warmupEpochs() > 0.5 * epochs) {
            warnings.add(
                    new Finding(
                            Severity.WARNING,
                            "warmup_epochs",
                            String.format(
                                    Locale.ROOT,
                                    "warmup_epochs %s is over half of the %d epochs: little time"
                                            + " is left at a high LR and to anneal; try --set"
                                            + " warmup_epochs=%s",
                                    num(c.warmupEpochs()),
                                    epochs,
                                    num(suggestedWarmup(epochs)))));
        }
        if (c.schedule().equals("step") && c.decayEpochs() >= epochs) {
            warnings.add(
                    new Finding(
                            Severity.WARNING,
                            "decay_epochs",
                            String.format(
                                    Locale.ROOT,
                                    "step schedule: decay_epochs %d >= epochs %d, so the LR never"
                                            + " decays; use --set decay_epochs=%d or the cosine"
                                            + " schedule",
                                    c.decayEpochs(),
                                    epochs,
                                    Math.max(1, epochs / 3))));
        }
        double peak = c.scaled(c.baseLr());
        if (peak < TINY_LR) {
            warnings.add(
                    new Finding(
                            Severity.WARNING,
                            "base_lr",
                            String.format(
                                    Locale.ROOT,
                                    "the peak LR is %.2e: base_lr %s is per 256 images and the"
                                            + " linear scaling rule multiplies it by the batch"
                                            + " (%d) / 256; raise --lr (e.g. %s) or the batch size",
                                    peak,
                                    num(c.baseLr()),
                                    c.totalBatch(),
                                    num(TINY_LR * 10 * 256.0 / c.totalBatch()))));
        }
        int res = c.model().imageSize();
        boolean mixing = c.mixup() > 0 || c.cutmix() > 0;
        if (res <= TINY_IMAGE && (c.augPreset().equals("raug15") || mixing)) {
            warnings.add(
                    new Finding(
                            Severity.WARNING,
                            "aug_preset",
                            String.format(
                                    Locale.ROOT,
                                    "heavy augmentation on %d px images (%s%s, crops from %s%% of"
                                            + " the area): little of a tiny image survives it; use"
                                            + "%s --set aug_preset=weak --set mixup=0 --set"
                                            + " cutmix=0",
                                    res,
                                    c.augPreset(),
                                    mixing ? " + mixup/cutmix" : "",
                                    num(c.rrcMinScale() * 100),
                                    recipe == Recipe.SMALL ? "" : " --recipe small or")));
        } else if (epochs < SHORT_RUN && mixing) {
            warnings.add(
                    new Finding(
                            Severity.WARNING,
                            "mixup",
                            String.format(
                                    Locale.ROOT,
                                    "mixup/cutmix in a %d-epoch run: mixing regularises long runs"
                                            + " and slows short ones; --set mixup=0 --set"
                                            + " cutmix=0%s",
                                    epochs,
                                    recipe == Recipe.SMALL ? "" : " (or --recipe small)")));
        }
        if (data.trainImages() > 0 && c.totalBatch() > data.trainImages()) {
            warnings.add(
                    new Finding(
                            Severity.WARNING,
                            "batch_size",
                            String.format(
                                    Locale.ROOT,
                                    "the batch (%d images a step) is larger than the training"
                                            + " set (%d images); use --batch-size %d or less",
                                    c.totalBatch(),
                                    data.trainImages(),
                                    Math.max(1, data.trainImages() / 4))));
        } else if (data.trainImages() > 0 && c.totalBatch() * 4 > data.trainImages()) {
            warnings.add(
                    new Finding(
                            Severity.WARNING,
                            "batch_size",
                            String.format(
                                    Locale.ROOT,
                                    "only %d steps an epoch (batch %d, %d training images);"
                                            + " a smaller --batch-size gives more updates",
                                    Math.max(1, data.trainImages() / c.totalBatch()),
                                    c.totalBatch(),
                                    data.trainImages())));
        }
        if (data.classes() > 0 && c.model().numClass() > data.classes()) {
            warnings.add(
                    new Finding(
                            Severity.WARNING,
                            "model.num_class",
                            String.format(
                                    Locale.ROOT,
                                    "num_class %d but the dataset has %d class folders: %d"
                                            + " outputs never see an example; --set"
                                            + " model.num_class=%d",
                                    c.model().numClass(),
                                    data.classes(),
                                    c.model().numClass() - data.classes(),
                                    data.classes())));
        }
        errors.addAll(warnings);
        return errors;
    }

    /**
     * " (or --recipe X)" for the first recipe other than {@code inUse} whose warmup is shorter than
     * {@code epochs}, or "" when none is (e.g. a 1-epoch run: every recipe warms up for an epoch).
     */
    private static String shorterWarmupRecipe(Recipe inUse, int epochs) {
        for (Recipe r : Recipe.values()) {
            if (r != inUse && Double.parseDouble(r.settings().get("warmup_epochs")) < epochs) {
                return " (or --recipe " + r.id() + ")";
            }
        }
        return "";
    }

    /** About 5% of the run, at least one epoch, and always shorter than the run. */
    static double suggestedWarmup(int epochs) {
        return epochs <= 1 ? 0 : Math.max(1, Math.round(epochs * 0.05));
    }

    /** True when any finding is an error. */
    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /**
     * The learning rate at every optimizer step of the run (what the run will follow, from {@link
     * LrSchedule}), for previews; at most {@code maxPoints} points, evenly spaced.
     *
     * @return pairs (epoch as a fraction, LR) in [0][i] and [1][i]
     */
    public static double[][] lrCurve(TrainingConfig c, int stepsPerEpoch, int maxPoints) {
        int spe = Math.max(1, stepsPerEpoch);
        long total = (long) c.epochs() * spe;
        int n = (int) Math.max(2, Math.min(maxPoints, total));
        LrSchedule s = new LrSchedule(c, spe);
        double[][] out = new double[2][n];
        for (int i = 0; i < n; i++) {
            long step = Math.round((double) i * (total - 1) / (n - 1));
            out[0][i] = (double) step / spe;
            out[1][i] = s.forStep(step);
        }
        return out;
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
