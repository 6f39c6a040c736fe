package dev.repmlp.engine.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Named training recipes: tables of settings (config.json names) laid over a model's config, as
 * timm's and MMPretrain's named schedules are. Explicit settings ({@code --set}, {@code --lr},
 * {@code --epochs}, the form's fields) always win over the recipe.
 *
 * <table>
 *   <caption>The recipes</caption>
 *   <tr><th>setting</th><th>upstream</th><th>small</th><th>finetune</th></tr>
 *   <tr><td>epochs (when not given)</td><td>100</td><td>20</td><td>10</td></tr>
 *   <tr><td>batch_size</td><td>32</td><td>64</td><td>64</td></tr>
 *   <tr><td>base_lr (per 256 images)</td><td>1e-3</td><td>4e-3</td><td>5e-4</td></tr>
 *   <tr><td>min_lr</td><td>0</td><td>1e-5</td><td>1e-6</td></tr>
 *   <tr><td>warmup_epochs</td><td>10</td><td>1</td><td>1</td></tr>
 *   <tr><td>weight_decay</td><td>0.1</td><td>0.05</td><td>0.05</td></tr>
 *   <tr><td>aug_preset</td><td>raug15</td><td>weak</td><td>weak</td></tr>
 *   <tr><td>mixup / cutmix</td><td>0.4 / 1.0</td><td>0 / 0</td><td>0 / 0</td></tr>
 *   <tr><td>rrc_min_scale</td><td>0.08</td><td>0.35</td><td>0.35</td></tr>
 *   <tr><td>label_smoothing</td><td>0.1</td><td>0.1</td><td>0.1</td></tr>
 * </table>
 *
 * {@code upstream} is the paper's ImageNet recipe (upstream's README and config.py) for the
 * released configs over hundreds of epochs of 1.28M images; {@code small} is the demo's, for
 * datasets of thousands of images and runs of tens of epochs (short warmup, weak augmentation, no
 * mixing: its regularisation needs long runs to pay); {@code finetune} starts from trained weights
 * (upstream's FAQ: fine-tune the training-time model, convert after) with a lower LR.
 */
public enum Recipe {
    /** The paper's ImageNet recipe. */
    UPSTREAM(
            100,
            Map.ofEntries(
                    Map.entry("batch_size", "32"),
                    Map.entry("base_lr", "1e-3"),
                    Map.entry("min_lr", "0"),
                    Map.entry("warmup_epochs", "10"),
                    Map.entry("weight_decay", "0.1"),
                    Map.entry("aug_preset", "raug15"),
                    Map.entry("mixup", "0.4"),
                    Map.entry("cutmix", "1.0"),
                    Map.entry("rrc_min_scale", "0.08"),
                    Map.entry("label_smoothing", "0.1"))),
    /** Small datasets and short runs (the demo's recipe). */
    SMALL(
            20,
            Map.ofEntries(
                    Map.entry("batch_size", "64"),
                    Map.entry("base_lr", "4e-3"),
                    Map.entry("min_lr", "1e-5"),
                    Map.entry("warmup_epochs", "1"),
                    Map.entry("weight_decay", "0.05"),
                    Map.entry("aug_preset", "weak"),
                    Map.entry("mixup", "0"),
                    Map.entry("cutmix", "0"),
                    Map.entry("rrc_min_scale", "0.35"),
                    Map.entry("label_smoothing", "0.1"))),
    /** Fine-tuning from trained weights ({@code --init}). */
    FINETUNE(
            10,
            Map.ofEntries(
                    Map.entry("batch_size", "64"),
                    Map.entry("base_lr", "5e-4"),
                    Map.entry("min_lr", "1e-6"),
                    Map.entry("warmup_epochs", "1"),
                    Map.entry("weight_decay", "0.05"),
                    Map.entry("aug_preset", "weak"),
                    Map.entry("mixup", "0"),
                    Map.entry("cutmix", "0"),
                    Map.entry("rrc_min_scale", "0.35"),
                    Map.entry("label_smoothing", "0.1")));

    /** Training images from which (with enough epochs) upstream's recipe is the default. */
    public static final int LARGE_DATASET = 100_000;

    /** Epochs from which (on a large dataset) upstream's recipe is the default. */
    public static final int LONG_RUN = 30;

    private final int defaultEpochs;
    private final Map<String, String> settings;

    Recipe(int defaultEpochs, Map<String, String> settings) {
        this.defaultEpochs = defaultEpochs;
        this.settings = settings;
    }

    /** The name used in the CLI, the form and config.json, e.g. {@code small}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Epochs when the user gives none. */
    public int defaultEpochs() {
        return defaultEpochs;
    }

    /** The recipe's settings by config.json name, in a stable order. */
    public Map<String, String> settings() {
        return new java.util.TreeMap<>(settings);
    }

    /** The recipe called {@code id} ({@code upstream}, {@code small}, {@code finetune}). */
    public static Recipe of(String id) {
        for (Recipe r : values()) {
            if (r.id().equalsIgnoreCase(id.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "unknown recipe '" + id + "'; known: upstream, small, finetune");
    }

    /**
     * The config with this recipe's settings laid over it, then {@code explicit} (which wins), and
     * this recipe's epochs unless {@code explicit} sets them.
     */
    public TrainingConfig apply(TrainingConfig base, Map<String, String> explicit) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("epochs", Integer.toString(defaultEpochs));
        all.putAll(explicit);
        return base.with(all);
    }

    /** A recipe chosen for a situation, with the reason in words (for the log and config.json). */
    public record Choice(Recipe recipe, String reason) {}

    /**
     * The default recipe: {@link #FINETUNE} when starting from weights, {@link #UPSTREAM} for
     * ImageNet-scale training ({@value #LARGE_DATASET}+ images and {@value #LONG_RUN}+ epochs),
     * else {@link #SMALL}.
     *
     * @param trainImages images in the train split (0 when unknown)
     * @param epochs epochs asked for, or null when not given
     * @param fineTuning whether the run starts from trained weights
     */
    public static Choice choose(int trainImages, Integer epochs, boolean fineTuning) {
        if (fineTuning) {
            return new Choice(
                    FINETUNE,
                    "the run starts from trained weights (--init): fine-tuning recipe, lower LR,"
                            + " no mixing");
        }
        boolean large = trainImages >= LARGE_DATASET;
        boolean longRun = epochs == null || epochs >= LONG_RUN;
        if (large && longRun) {
            return new Choice(
                    UPSTREAM,
                    String.format(
                            Locale.ROOT,
                            "%,d training images%s: the paper's ImageNet recipe",
                            trainImages,
                            epochs == null ? "" : " and " + epochs + " epochs"));
        }
        return new Choice(
                SMALL,
                String.format(
                        Locale.ROOT,
                        "%s%s: the small-data recipe (upstream's needs %,d+ images and %d+"
                                + " epochs to pay off)",
                        trainImages > 0
                                ? String.format(Locale.ROOT, "%,d training images", trainImages)
                                : "a dataset of unknown size",
                        epochs == null ? "" : ", " + epochs + " epochs",
                        LARGE_DATASET,
                        LONG_RUN));
    }
}
