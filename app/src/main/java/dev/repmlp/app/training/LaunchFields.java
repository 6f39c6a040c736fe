package dev.repmlp.app.training;

import static dev.repmlp.app.training.FieldKind.CHOICE;
import static dev.repmlp.app.training.FieldKind.DIRECTORY;
import static dev.repmlp.app.training.FieldKind.EDITABLE_CHOICE;
import static dev.repmlp.app.training.FieldKind.FILE;
import static dev.repmlp.app.training.FieldKind.INT;
import static dev.repmlp.app.training.FieldKind.INT_LIST;
import static dev.repmlp.app.training.FieldKind.NUMBER;
import static dev.repmlp.app.training.FieldKind.TEXT;
import static dev.repmlp.app.training.FormGroup.AUGMENTATION;
import static dev.repmlp.app.training.FormGroup.DATA;
import static dev.repmlp.app.training.FormGroup.MODEL;
import static dev.repmlp.app.training.FormGroup.OPTIMISATION;
import static dev.repmlp.app.training.FormGroup.RUN;

import java.util.List;
import java.util.Optional;

/**
 * Every {@link dev.repmlp.engine.train.TrainingConfig} setting as a form field, grouped as spec
 * section 7 ("What a launch training form needs") suggests.
 */
public final class LaunchFields {
    private LaunchFields() {}

    /** JSON key of the dataset folder field. */
    public static final String DATA_PATH = "data_path";

    /** JSON key of the class count, checked against the dataset. */
    public static final String NUM_CLASS = "model.num_class";

    /** All fields in display order. */
    public static final List<FormField> ALL =
            List.of(
                    // ---- model
                    FormField.of(
                            "model.name",
                            "Name",
                            MODEL,
                            TEXT,
                            "The architecture's name, recorded in the run.",
                            c -> c.model().name()),
                    FormField.of(
                            "model.channels",
                            "Channels per stage",
                            MODEL,
                            INT_LIST,
                            "channels: feature channels of each stage, e.g. 64, 128, 256, 512.",
                            c -> c.model().channels()),
                    FormField.of(
                            "model.num_blocks",
                            "Blocks per stage (num_blocks)",
                            MODEL,
                            INT_LIST,
                            "num_blocks: RepMLP units in each stage.",
                            c -> c.model().numBlocks()),
                    FormField.of(
                            "model.hs",
                            "Window height (hs)",
                            MODEL,
                            INT_LIST,
                            "hs: height of the window each fc3 sees, per stage; must divide the"
                                    + " stage's feature map.",
                            c -> c.model().hs()),
                    FormField.of(
                            "model.ws",
                            "Window width (ws)",
                            MODEL,
                            INT_LIST,
                            "ws: width of the window each fc3 sees, per stage; must divide the"
                                    + " stage's feature map.",
                            c -> c.model().ws()),
                    FormField.of(
                            "model.sharesets_nums",
                            "Sharesets (sharesets_nums)",
                            MODEL,
                            INT_LIST,
                            "sharesets_nums: weight-sharing groups of fc3 per stage; must divide"
                                    + " the stage's channels.",
                            c -> c.model().sharesetsNums()),
                    FormField.of(
                            "model.reparam_conv_k",
                            "Conv branches (reparam_conv_k)",
                            MODEL,
                            INT_LIST,
                            "reparam_conv_k: odd kernel sizes of the conv branches that locality"
                                    + " injection folds into fc3, e.g. 1, 3.",
                            c -> c.model().reparamConvK()),
                    FormField.of(
                            "model.patch_size",
                            "Patch size (patch_size)",
                            MODEL,
                            INT_LIST,
                            "patch_size: stem kernel and stride, one value or height, width.",
                            c -> c.model().patchSize()),
                    FormField.of(
                            "model.globalperceptron_reduce",
                            "Global perceptron reduce",
                            MODEL,
                            INT,
                            "globalperceptron_reduce: channel reduction in the global"
                                    + " perceptron (upstream: 4).",
                            c -> c.model().globalperceptronReduce()),
                    FormField.of(
                            "model.in_channels",
                            "Input channels (in_channels)",
                            MODEL,
                            INT,
                            "in_channels: 3 for RGB images.",
                            c -> c.model().inChannels()),
                    FormField.of(
                            "init_weights",
                            "Fine-tune from (init_weights)",
                            MODEL,
                            FILE,
                            "init_weights: train-time .pth or .safetensors to start from; blank"
                                    + " trains from scratch. A new head is made when the classes"
                                    + " differ.",
                            c -> c.initWeights()),
                    // ---- data
                    FormField.of(
                            DATA_PATH,
                            "Dataset folder",
                            DATA,
                            DIRECTORY,
                            "data_path: an ImageFolder root holding train/<class>/* and"
                                    + " val/<class>/*.",
                            c -> c.dataPath()),
                    FormField.of(
                            "model.image_size",
                            "Image size (image_size)",
                            DATA,
                            INT,
                            "image_size: training and validation resolution (square).",
                            c -> c.model().imageSize()),
                    FormField.of(
                            NUM_CLASS,
                            "Classes (num_class)",
                            DATA,
                            INT,
                            "num_class: outputs of the head; must equal the dataset's classes.",
                            c -> c.model().numClass()),
                    // ---- optimisation
                    FormField.of(
                            "epochs",
                            "Epochs",
                            OPTIMISATION,
                            INT,
                            "epochs: passes over the training split.",
                            c -> c.epochs()),
                    FormField.of(
                            "batch_size",
                            "Batch size per device",
                            OPTIMISATION,
                            INT,
                            "batch_size: images per device and step.",
                            c -> c.batchSize()),
                    FormField.of(
                            "accumulation_steps",
                            "Accumulation steps",
                            OPTIMISATION,
                            INT,
                            "accumulation_steps: micro-batches per optimizer step (1 = none).",
                            c -> c.accumulationSteps()),
                    FormField.choice(
                            "device",
                            "Device",
                            OPTIMISATION,
                            EDITABLE_CHOICE,
                            List.of("cpu", "gpu", "gpu:0", "gpu:0,1"),
                            "device: cpu, gpu, gpu:N for one GPU of several, gpu:0,1 for data"
                                    + " parallelism over several GPUs, or cpu:N for N CPU"
                                    + " replicas (the multi-device path without GPUs).",
                            c -> c.device()),
                    FormField.of(
                            "base_lr",
                            "Base LR per 256 images",
                            OPTIMISATION,
                            NUMBER,
                            "base_lr: scaled by total batch / 256 (linear scaling rule).",
                            c -> c.baseLr()),
                    FormField.of(
                            "warmup_epochs",
                            "Warmup epochs",
                            OPTIMISATION,
                            NUMBER,
                            "warmup_epochs: linear warmup from warmup_lr.",
                            c -> c.warmupEpochs()),
                    FormField.of(
                            "warmup_lr",
                            "Warmup start LR",
                            OPTIMISATION,
                            NUMBER,
                            "warmup_lr: per 256 images, scaled like base_lr.",
                            c -> c.warmupLr()),
                    FormField.of(
                            "min_lr",
                            "Final LR (min_lr)",
                            OPTIMISATION,
                            NUMBER,
                            "min_lr: per 256 images, scaled like base_lr.",
                            c -> c.minLr()),
                    FormField.choice(
                            "schedule",
                            "Schedule",
                            OPTIMISATION,
                            CHOICE,
                            List.of("cosine", "linear", "step"),
                            "schedule: per-iteration cosine (upstream), linear, or step.",
                            c -> c.schedule()),
                    FormField.of(
                            "decay_epochs",
                            "Step: decay every (epochs)",
                            OPTIMISATION,
                            INT,
                            "decay_epochs: the step schedule's interval.",
                            c -> c.decayEpochs()),
                    FormField.of(
                            "decay_rate",
                            "Step: decay factor",
                            OPTIMISATION,
                            NUMBER,
                            "decay_rate: the step schedule's factor per decay.",
                            c -> c.decayRate()),
                    FormField.choice(
                            "optimizer",
                            "Optimizer",
                            OPTIMISATION,
                            CHOICE,
                            List.of("adamw", "sgd"),
                            "optimizer: AdamW (upstream) or SGD with Nesterov momentum.",
                            c -> c.optimizer()),
                    FormField.of(
                            "beta1", "AdamW beta1", OPTIMISATION, NUMBER, "beta1", c -> c.beta1()),
                    FormField.of(
                            "beta2", "AdamW beta2", OPTIMISATION, NUMBER, "beta2", c -> c.beta2()),
                    FormField.of("eps", "AdamW eps", OPTIMISATION, NUMBER, "eps", c -> c.eps()),
                    FormField.of(
                            "momentum",
                            "SGD momentum",
                            OPTIMISATION,
                            NUMBER,
                            "momentum: Nesterov momentum of SGD.",
                            c -> c.momentum()),
                    FormField.of(
                            "weight_decay",
                            "Weight decay",
                            OPTIMISATION,
                            NUMBER,
                            "weight_decay: never applied to BatchNorm and biases (as upstream).",
                            c -> c.weightDecay()),
                    FormField.of(
                            "clip_grad",
                            "Gradient clip norm",
                            OPTIMISATION,
                            NUMBER,
                            "clip_grad: global L2 norm clip; 0 turns it off.",
                            c -> c.clipGrad()),
                    FormField.of(
                            "ema_alpha",
                            "Weight EMA alpha",
                            OPTIMISATION,
                            NUMBER,
                            "ema_alpha: exponential moving average of the weights; 0 = off.",
                            c -> c.emaAlpha()),
                    FormField.of(
                            "ema_update_period",
                            "Weight EMA period",
                            OPTIMISATION,
                            INT,
                            "ema_update_period: iterations between EMA updates.",
                            c -> c.emaUpdatePeriod()),
                    // ---- augmentation
                    FormField.choice(
                            "aug_preset",
                            "Augmentation preset",
                            AUGMENTATION,
                            CHOICE,
                            List.of("raug15", "weak", "none"),
                            "aug_preset: raug15 = RandomResizedCrop, flip and upstream's"
                                    + " RandAugment; weak = crop and flip; none = resize and"
                                    + " centre crop.",
                            c -> c.augPreset()),
                    FormField.of(
                            "rrc_min_scale",
                            "Crop min scale",
                            AUGMENTATION,
                            NUMBER,
                            "rrc_min_scale: smallest area fraction of RandomResizedCrop"
                                    + " (torchvision: 0.08).",
                            c -> c.rrcMinScale()),
                    FormField.of(
                            "mixup",
                            "Mixup alpha",
                            AUGMENTATION,
                            NUMBER,
                            "mixup: alpha of mixup; 0 = off.",
                            c -> c.mixup()),
                    FormField.of(
                            "cutmix",
                            "Cutmix alpha",
                            AUGMENTATION,
                            NUMBER,
                            "cutmix: alpha of cutmix; 0 = off.",
                            c -> c.cutmix()),
                    FormField.of(
                            "mixup_prob",
                            "Mix probability",
                            AUGMENTATION,
                            NUMBER,
                            "mixup_prob: chance that a batch is mixed.",
                            c -> c.mixupProb()),
                    FormField.of(
                            "mixup_switch_prob",
                            "Cutmix instead of mixup",
                            AUGMENTATION,
                            NUMBER,
                            "mixup_switch_prob: chance of cutmix when both are on.",
                            c -> c.mixupSwitchProb()),
                    FormField.of(
                            "label_smoothing",
                            "Label smoothing",
                            AUGMENTATION,
                            NUMBER,
                            "label_smoothing: in [0, 1).",
                            c -> c.labelSmoothing()),
                    // ---- run
                    FormField.of(
                            "seed",
                            "Seed",
                            RUN,
                            INT,
                            "seed: of initialisation, shuffling and augmentation.",
                            c -> c.seed()),
                    FormField.of(
                            "val_every",
                            "Validate every (epochs)",
                            RUN,
                            INT,
                            "val_every: validation interval; the last epoch is always"
                                    + " validated.",
                            c -> c.valEvery()),
                    FormField.of(
                            "save_every",
                            "Keep a checkpoint every (epochs)",
                            RUN,
                            INT,
                            "save_every: besides last and best; 0 = never.",
                            c -> c.saveEvery()),
                    FormField.of(
                            "workers",
                            "Loader workers",
                            RUN,
                            INT,
                            "workers: threads that decode and augment the next batches while a"
                                    + " step runs; 0 = one per core. The results do not depend"
                                    + " on it.",
                            c -> c.workers()));

    /** The field with JSON key {@code key}. */
    public static Optional<FormField> find(String key) {
        return ALL.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** The fields of one section, in order. */
    public static List<FormField> of(FormGroup group) {
        return ALL.stream().filter(f -> f.group() == group).toList();
    }
}
