package dev.repmlp.engine.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

// Over 500 lines on purpose: half of it is the Builder, one setter per field of the 33-field
// recipe record it builds (upstream's recipe as the builder's defaults); the rest is validation and
// the by-name overrides (--set, --resume). The builder is kept nested so that it changes with the
// record.
/**
 * Everything a training run needs, with upstream's recipe as the default ({@link #upstream}): AdamW
 * (0.9, 0.999, eps 1e-8), base LR 1e-3 per 256 images, weight decay 0.1 except on 1-D parameters
 * and biases, 10 warmup epochs from 5e-7, per-iteration cosine to 0, global gradient clipping at 5,
 * label smoothing 0.1, mixup 0.4 / cutmix 1.0, RandAugment raug15.
 *
 * @param model the architecture
 * @param dataPath ImageFolder root holding train/ and val/ (null: the bundled demo dataset)
 * @param epochs epochs to train
 * @param batchSize images per device and step
 * @param baseLr learning rate per 256 images (scaled by total batch / 256, linear rule)
 * @param warmupLr warmup start learning rate per 256 images
 * @param minLr final learning rate per 256 images
 * @param warmupEpochs linear warmup epochs
 * @param schedule cosine, linear or step
 * @param decayEpochs step schedule: epochs between decays
 * @param decayRate step schedule: factor per decay
 * @param optimizer adamw or sgd
 * @param beta1 AdamW beta1
 * @param beta2 AdamW beta2
 * @param eps AdamW epsilon
 * @param momentum SGD Nesterov momentum
 * @param weightDecay decoupled (AdamW) or L2 (SGD) weight decay, never on 1-D parameters/biases
 * @param clipGrad global L2 gradient-norm clip (0 = off)
 * @param accumulationSteps micro-batches per optimizer step (1 = none)
 * @param labelSmoothing label smoothing
 * @param mixup mixup alpha (0 = off)
 * @param cutmix cutmix alpha (0 = off)
 * @param mixupProb probability of mixing a batch
 * @param mixupSwitchProb probability of cutmix instead of mixup when both are on
 * @param augPreset raug15, weak or none
 * @param rrcMinScale RandomResizedCrop's smallest area fraction (torchvision: 0.08)
 * @param emaAlpha EMA of the weights (0 = off), per upstream's formula
 * @param emaUpdatePeriod iterations between EMA updates
 * @param seed seed of initialisation, shuffling and augmentation
 * @param saveEvery keep a checkpoint every N epochs (besides last and best; 0 = never)
 * @param valEvery validate every N epochs (and always in the last epoch)
 * @param device cpu, gpu, gpu:0,1 (several GPUs of one host as data parallel), or cpu:N (N
 *     data-parallel replicas on the CPU: the multi-device path without GPUs, for testing)
 * @param initWeights train-time .pth/.safetensors to start from (fine-tuning), or null
 * @param workers threads that load and augment images ahead of the step (0 = the cores); the
 *     results do not depend on it (each sample's randomness comes from seed, epoch and index)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TrainingConfig(
        @JsonProperty("model") RepMlpNetConfig model,
        @JsonProperty("data_path") String dataPath,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("base_lr") double baseLr,
        @JsonProperty("warmup_lr") double warmupLr,
        @JsonProperty("min_lr") double minLr,
        @JsonProperty("warmup_epochs") double warmupEpochs,
        @JsonProperty("schedule") String schedule,
        @JsonProperty("decay_epochs") int decayEpochs,
        @JsonProperty("decay_rate") double decayRate,
        @JsonProperty("optimizer") String optimizer,
        @JsonProperty("beta1") double beta1,
        @JsonProperty("beta2") double beta2,
        @JsonProperty("eps") double eps,
        @JsonProperty("momentum") double momentum,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("clip_grad") double clipGrad,
        @JsonProperty("accumulation_steps") int accumulationSteps,
        @JsonProperty("label_smoothing") double labelSmoothing,
        @JsonProperty("mixup") double mixup,
        @JsonProperty("cutmix") double cutmix,
        @JsonProperty("mixup_prob") double mixupProb,
        @JsonProperty("mixup_switch_prob") double mixupSwitchProb,
        @JsonProperty("aug_preset") String augPreset,
        @JsonProperty("rrc_min_scale") double rrcMinScale,
        @JsonProperty("ema_alpha") double emaAlpha,
        @JsonProperty("ema_update_period") int emaUpdatePeriod,
        @JsonProperty("seed") long seed,
        @JsonProperty("save_every") int saveEvery,
        @JsonProperty("val_every") int valEvery,
        @JsonProperty("device") String device,
        @JsonProperty("init_weights") String initWeights,
        @JsonProperty("workers") int workers) {

    static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Upstream's published recipe (README, B256) for {@code model}. */
    public static TrainingConfig upstream(RepMlpNetConfig model) {
        return new Builder().model(model).build();
    }

    /**
     * The demo: RepMLPNet-Demo on the bundled Fashion-MNIST subset, sized to finish in a few
     * minutes on a laptop CPU: upstream's optimiser and schedule with a short warmup, weak
     * augmentation (no mixup: 5,000 images and a handful of epochs leave no room for it).
     */
    public static TrainingConfig demo() {
        return builder(RepMlpNetPresets.DEMO)
                .epochs(20)
                .batchSize(64)
                .baseLr(4e-3)
                .minLr(1e-5)
                .warmupEpochs(1)
                .weightDecay(0.05)
                .mixup(0.0)
                .cutmix(0.0)
                .augPreset("weak")
                .rrcMinScale(0.35)
                .saveEvery(0)
                .build();
    }

    /**
     * A builder starting from upstream's recipe for {@code model} ({@link #upstream}: the builder's
     * field defaults), to set fields by name instead of 33 positional arguments.
     */
    public static Builder builder(RepMlpNetConfig model) {
        return new Builder().model(model);
    }

    /** A builder holding this config's values, to change a few of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds a {@link TrainingConfig} field by field (names as the record's components); start from
     * {@link #builder(RepMlpNetConfig)} or {@link #toBuilder()}. Nothing is validated: call {@link
     * #validate()}.
     */
    public static final class Builder {
        private RepMlpNetConfig model;
        private String dataPath;
        private int epochs = 100;
        private int batchSize = 32;
        private double baseLr = 1e-3;
        private double warmupLr = 5e-7;
        private double minLr = 0.0;
        private double warmupEpochs = 10;
        private String schedule = "cosine";
        private int decayEpochs = 30;
        private double decayRate = 0.1;
        private String optimizer = "adamw";
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double momentum = 0.9;
        private double weightDecay = 0.1;
        private double clipGrad = 5.0;
        private int accumulationSteps = 1;
        private double labelSmoothing = 0.1;
        private double mixup = 0.4;
        private double cutmix = 1.0;
        private double mixupProb = 1.0;
        private double mixupSwitchProb = 0.5;
        private String augPreset = "raug15";
        private double rrcMinScale = 0.08;
        private double emaAlpha = 0.0;
        private int emaUpdatePeriod = 8;
        private long seed = 0;
        private int saveEvery = 20;
        private int valEvery = 1;
        private String device = "cpu";
        private String initWeights;
        private int workers;

        /** Upstream's recipe (the field defaults), without a model. */
        private Builder() {}

        private Builder(TrainingConfig c) {
            model = c.model;
            dataPath = c.dataPath;
            epochs = c.epochs;
            batchSize = c.batchSize;
            baseLr = c.baseLr;
            warmupLr = c.warmupLr;
            minLr = c.minLr;
            warmupEpochs = c.warmupEpochs;
            schedule = c.schedule;
            decayEpochs = c.decayEpochs;
            decayRate = c.decayRate;
            optimizer = c.optimizer;
            beta1 = c.beta1;
            beta2 = c.beta2;
            eps = c.eps;
            momentum = c.momentum;
            weightDecay = c.weightDecay;
            clipGrad = c.clipGrad;
            accumulationSteps = c.accumulationSteps;
            labelSmoothing = c.labelSmoothing;
            mixup = c.mixup;
            cutmix = c.cutmix;
            mixupProb = c.mixupProb;
            mixupSwitchProb = c.mixupSwitchProb;
            augPreset = c.augPreset;
            rrcMinScale = c.rrcMinScale;
            emaAlpha = c.emaAlpha;
            emaUpdatePeriod = c.emaUpdatePeriod;
            seed = c.seed;
            saveEvery = c.saveEvery;
            valEvery = c.valEvery;
            device = c.device;
            initWeights = c.initWeights;
            workers = c.workers;
        }

        /** {@code model}. */
        public Builder model(RepMlpNetConfig v) {
            model = v;
            return this;
        }

        /** {@code data_path}. */
        public Builder dataPath(String v) {
            dataPath = v;
            return this;
        }

        /** {@code epochs}. */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /** {@code batch_size}. */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** {@code base_lr}. */
        public Builder baseLr(double v) {
            baseLr = v;
            return this;
        }

        /** {@code warmup_lr}. */
        public Builder warmupLr(double v) {
            warmupLr = v;
            return this;
        }

        /** {@code min_lr}. */
        public Builder minLr(double v) {
            minLr = v;
            return this;
        }

        /** {@code warmup_epochs}. */
        public Builder warmupEpochs(double v) {
            warmupEpochs = v;
            return this;
        }

        /** {@code schedule}. */
        public Builder schedule(String v) {
            schedule = v;
            return this;
        }

        /** {@code decay_epochs}. */
        public Builder decayEpochs(int v) {
            decayEpochs = v;
            return this;
        }

        /** {@code decay_rate}. */
        public Builder decayRate(double v) {
            decayRate = v;
            return this;
        }

        /** {@code optimizer}. */
        public Builder optimizer(String v) {
            optimizer = v;
            return this;
        }

        /** {@code beta1}. */
        public Builder beta1(double v) {
            beta1 = v;
            return this;
        }

        /** {@code beta2}. */
        public Builder beta2(double v) {
            beta2 = v;
            return this;
        }

        /** {@code eps}. */
        public Builder eps(double v) {
            eps = v;
            return this;
        }

        /** {@code momentum}. */
        public Builder momentum(double v) {
            momentum = v;
            return this;
        }

        /** {@code weight_decay}. */
        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        /** {@code clip_grad}. */
        public Builder clipGrad(double v) {
            clipGrad = v;
            return this;
        }

        /** {@code accumulation_steps}. */
        public Builder accumulationSteps(int v) {
            accumulationSteps = v;
            return this;
        }

        /** {@code label_smoothing}. */
        public Builder labelSmoothing(double v) {
            labelSmoothing = v;
            return this;
        }

        /** {@code mixup}. */
        public Builder mixup(double v) {
            mixup = v;
            return this;
        }

        /** {@code cutmix}. */
        public Builder cutmix(double v) {
            cutmix = v;
            return this;
        }

        /** {@code mixup_prob}. */
        public Builder mixupProb(double v) {
            mixupProb = v;
            return this;
        }

        /** {@code mixup_switch_prob}. */
        public Builder mixupSwitchProb(double v) {
            mixupSwitchProb = v;
            return this;
        }

        /** {@code aug_preset}. */
        public Builder augPreset(String v) {
            augPreset = v;
            return this;
        }

        /** {@code rrc_min_scale}. */
        public Builder rrcMinScale(double v) {
            rrcMinScale = v;
            return this;
        }

        /** {@code ema_alpha}. */
        public Builder emaAlpha(double v) {
            emaAlpha = v;
            return this;
        }

        /** {@code ema_update_period}. */
        public Builder emaUpdatePeriod(int v) {
            emaUpdatePeriod = v;
            return this;
        }

        /** {@code seed}. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** {@code save_every}. */
        public Builder saveEvery(int v) {
            saveEvery = v;
            return this;
        }

        /** {@code val_every}. */
        public Builder valEvery(int v) {
            valEvery = v;
            return this;
        }

        /** {@code device}. */
        public Builder device(String v) {
            device = v;
            return this;
        }

        /** {@code init_weights}. */
        public Builder initWeights(String v) {
            initWeights = v;
            return this;
        }

        /** {@code workers}: loader threads, 0 = the cores. */
        public Builder workers(int v) {
            workers = v;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(
                    model,
                    dataPath,
                    epochs,
                    batchSize,
                    baseLr,
                    warmupLr,
                    minLr,
                    warmupEpochs,
                    schedule,
                    decayEpochs,
                    decayRate,
                    optimizer,
                    beta1,
                    beta2,
                    eps,
                    momentum,
                    weightDecay,
                    clipGrad,
                    accumulationSteps,
                    labelSmoothing,
                    mixup,
                    cutmix,
                    mixupProb,
                    mixupSwitchProb,
                    augPreset,
                    rrcMinScale,
                    emaAlpha,
                    emaUpdatePeriod,
                    seed,
                    saveEvery,
                    valEvery,
                    device,
                    initWeights,
                    workers);
        }
    }

    /** Loader threads: {@link #workers()}, or the available cores when it is 0. */
    public int loaderWorkers() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /** Number of devices the device string names (1 for cpu/gpu). */
    public int deviceCount() {
        String d = device == null ? "cpu" : device.trim();
        if (d.startsWith("gpu:")) {
            return d.substring(4).split(",").length;
        }
        if (d.startsWith("cpu:")) {
            return Integer.parseInt(d.substring(4));
        }
        return 1;
    }

    /** Images per optimizer step over all devices and accumulation steps. */
    public int totalBatch() {
        return batchSize * deviceCount() * Math.max(1, accumulationSteps);
    }

    /** The linear scaling rule of upstream: lr * total batch / 256. */
    public double scaled(double lr) {
        return lr * totalBatch() / 256.0;
    }

    /** Every problem with this config (empty when valid). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (model == null) {
            p.add("model is missing");
        } else {
            p.addAll(model.problems());
        }
        if (epochs < 1) {
            p.add("epochs must be at least 1");
        }
        if (batchSize < 1) {
            p.add("batch_size must be at least 1");
        }
        if (!(baseLr > 0)) {
            p.add("base_lr must be positive");
        }
        if (warmupEpochs < 0 || minLr < 0 || warmupLr < 0) {
            p.add("warmup_epochs, warmup_lr and min_lr must not be negative");
        }
        if (!List.of("cosine", "linear", "step").contains(schedule)) {
            p.add("schedule must be cosine, linear or step, got " + schedule);
        }
        if (!List.of("adamw", "sgd").contains(optimizer)) {
            p.add("optimizer must be adamw or sgd, got " + optimizer);
        }
        if (!List.of("raug15", "weak", "none").contains(augPreset)) {
            p.add("aug_preset must be raug15, weak or none, got " + augPreset);
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            p.add("label_smoothing must be in [0, 1)");
        }
        if (mixup < 0 || cutmix < 0 || mixupProb < 0 || mixupProb > 1) {
            p.add("mixup/cutmix alphas must be >= 0 and mixup_prob in [0, 1]");
        }
        if (accumulationSteps < 1) {
            p.add("accumulation_steps must be at least 1");
        }
        if (clipGrad < 0) {
            p.add("clip_grad must be >= 0 (0 = off)");
        }
        if (rrcMinScale <= 0 || rrcMinScale > 1) {
            p.add("rrc_min_scale must be in (0, 1]");
        }
        if (workers < 0) {
            p.add("workers must be 0 (the cores) or more");
        }
        if (valEvery < 1) {
            p.add("val_every must be at least 1");
        }
        String d = device == null ? "cpu" : device;
        if (!d.matches("cpu|cpu:[1-9]\\d*|gpu|gpu:\\d+(,\\d+)*")) {
            p.add(
                    "device must be cpu, gpu, gpu:0,1,... (data parallel over GPUs) or cpu:N (N"
                            + " data-parallel replicas on the CPU, for testing), got "
                            + d);
        }
        return p;
    }

    /** Throws {@link IllegalArgumentException} listing every problem. */
    public void validate() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException("Invalid training config: " + String.join("; ", p));
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TrainingConfig fromJson(String json) throws IOException {
        return JSON.readValue(json, TrainingConfig.class);
    }

    /**
     * A copy with {@code key=value} overrides (keys as in the JSON, e.g. {@code mixup=0.2}, {@code
     * model.num_class=10}); unknown keys and bad values are refused with the key named.
     */
    public TrainingConfig with(Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        ObjectNode node = JSON.valueToTree(this);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey().trim().toLowerCase(Locale.ROOT);
            ObjectNode target = node;
            String field = key;
            if (key.startsWith("model.")) {
                target = (ObjectNode) node.get("model");
                field = key.substring(6);
            }
            if (!target.has(field)) {
                throw new IllegalArgumentException(
                        "unknown setting '" + e.getKey() + "'; known: " + fieldNames(target));
            }
            try {
                target.set(field, JSON.readTree(quoteIfText(e.getValue())));
            } catch (IOException ex) {
                throw new IllegalArgumentException(
                        "bad value for " + e.getKey() + ": " + e.getValue(), ex);
            }
        }
        try {
            return JSON.treeToValue(node, TrainingConfig.class);
        } catch (IOException ex) {
            throw new IllegalArgumentException("bad setting: " + ex.getMessage(), ex);
        }
    }

    private static String fieldNames(ObjectNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static String quoteIfText(String v) {
        String t = v.trim();
        if (t.matches("-?[0-9.eE+-]+|true|false|null|\\[.*\\]|\\{.*\\}|\".*\"")) {
            return t;
        }
        return "\"" + t.replace("\"", "\\\"") + "\"";
    }

    // ---- withers used by the CLI ----

    public TrainingConfig withModel(RepMlpNetConfig m) {
        return with("model", m);
    }

    private TrainingConfig with(String field, Object value) {
        ObjectNode node = JSON.valueToTree(this);
        node.set(field, JSON.valueToTree(value));
        try {
            return JSON.treeToValue(node, TrainingConfig.class);
        } catch (IOException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    /** A copy with one JSON field replaced, e.g. {@code withField("epochs", 5)}. */
    public TrainingConfig withField(String field, Object value) {
        ObjectNode node = JSON.valueToTree(this);
        if (!node.has(field)) {
            throw new IllegalArgumentException("unknown field " + field);
        }
        return with(field, value);
    }
}
