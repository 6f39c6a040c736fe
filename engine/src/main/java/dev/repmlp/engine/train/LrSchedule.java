package dev.repmlp.engine.train;

/**
 * Per-iteration learning rate of upstream's schedulers (timm's Cosine/Linear/Step schedulers as
 * configured by the Swin codebase): linear warmup from the warmup LR over {@code warmupEpochs},
 * then cosine to the min LR over all epochs (t counted from 0, no warmup prefix), linear decay to
 * 1% of the base LR, or step decay. All rates are already scaled by the linear rule.
 */
public final class LrSchedule {
    private final String kind;
    private final double base;
    private final double warmupLr;
    private final double minLr;
    private final long totalSteps;
    private final long warmupSteps;
    private final long decaySteps;
    private final double decayRate;

    public LrSchedule(TrainingConfig c, int stepsPerEpoch) {
        this.kind = c.schedule();
        this.base = c.scaled(c.baseLr());
        this.warmupLr = c.scaled(c.warmupLr());
        this.minLr = c.scaled(c.minLr());
        this.totalSteps = (long) c.epochs() * stepsPerEpoch;
        this.warmupSteps = Math.round(c.warmupEpochs() * stepsPerEpoch);
        this.decaySteps = Math.max(1, (long) c.decayEpochs() * stepsPerEpoch);
        this.decayRate = c.decayRate();
    }

    /** The learning rate after {@code t} scheduler updates (timm's {@code _get_lr(t)}). */
    public double at(long t) {
        if (t < warmupSteps) {
            return warmupLr + t * (base - warmupLr) / warmupSteps;
        }
        return switch (kind) {
            case "linear" -> {
                double minRate = 0.01;
                yield base - (base - base * minRate) * ((double) t / totalSteps);
            }
            case "step" -> base * Math.pow(decayRate, (double) (t / decaySteps));
            default -> minLr + 0.5 * (base - minLr) * (1 + Math.cos(Math.PI * t / totalSteps));
        };
    }

    /**
     * The learning rate used by optimizer step {@code step} (0-based): upstream updates the
     * scheduler after each step with the step's index, so step g uses the rate of update g-1, and
     * the first step the initial (warmup) rate.
     */
    public double forStep(long step) {
        return at(Math.max(0, step - 1));
    }
}
