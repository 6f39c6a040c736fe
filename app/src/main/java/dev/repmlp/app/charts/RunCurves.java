package dev.repmlp.app.charts;

import java.util.ArrayList;
import java.util.List;

/**
 * The curves of one training run: loss per step (raw and as an exponential moving average), val
 * top-1 and top-5 per epoch, learning rate per step. Fed in batches on the FX thread; a batch that
 * starts at or before the last point (a run resumed from an earlier checkpoint rewrites steps)
 * replaces the points from there on.
 */
public final class RunCurves {
    /** Weight of the past in the smoothed loss (TensorBoard-style, bias-corrected). */
    public static final double EMA_DECAY = 0.9;

    public static final String LOSS = "loss";
    public static final String LOSS_EMA = "loss (EMA " + EMA_DECAY + ")";
    public static final String VAL_TOP1 = "val top-1";
    public static final String VAL_TOP5 = "val top-5";
    public static final String LR = "learning rate";

    private final Curve loss = new Curve(LOSS, CurveStyle.FAINT_LINE, 0);
    private final Curve lossEma = new Curve(LOSS_EMA, CurveStyle.LINE, 0);
    private final Curve valTop1 = new Curve(VAL_TOP1, CurveStyle.LINE_AND_MARKERS, 0);
    private final Curve valTop5 = new Curve(VAL_TOP5, CurveStyle.LINE_AND_MARKERS, 1);
    private final Curve lr = new Curve(LR, CurveStyle.LINE, 2);
    private double ema;
    private int emaCount;

    public Curve loss() {
        return loss;
    }

    public Curve lossEma() {
        return lossEma;
    }

    public Curve valTop1() {
        return valTop1;
    }

    public Curve valTop5() {
        return valTop5;
    }

    public Curve lr() {
        return lr;
    }

    /** Adds steps (in order); non-finite losses are left out of the loss curves. */
    public void appendSteps(List<StepPoint> steps) {
        if (steps.isEmpty()) {
            return;
        }
        double first = steps.get(0).step();
        if (loss.lastX() >= first || lr.lastX() >= first) {
            loss.truncateFrom(first);
            lr.truncateFrom(first);
            lossEma.truncateFrom(first);
            recomputeEma();
        }
        List<XY> raw = new ArrayList<>(steps.size());
        List<XY> smooth = new ArrayList<>(steps.size());
        List<XY> rates = new ArrayList<>(steps.size());
        for (StepPoint p : steps) {
            if (Double.isFinite(p.loss())) {
                raw.add(new XY(p.step(), p.loss()));
                smooth.add(new XY(p.step(), smooth(p.loss())));
            }
            if (Double.isFinite(p.lr())) {
                rates.add(new XY(p.step(), p.lr()));
            }
        }
        loss.append(raw);
        lossEma.append(smooth);
        lr.append(rates);
    }

    /** Adds epochs (in order); epochs without validation add no point. */
    public void appendEpochs(List<EpochPoint> epochs) {
        if (epochs.isEmpty()) {
            return;
        }
        double first = epochs.get(0).epoch();
        valTop1.truncateFrom(first);
        valTop5.truncateFrom(first);
        List<XY> top1 = new ArrayList<>();
        List<XY> top5 = new ArrayList<>();
        for (EpochPoint p : epochs) {
            if (Double.isFinite(p.valTop1())) {
                top1.add(new XY(p.epoch(), p.valTop1()));
            }
            if (Double.isFinite(p.valTop5())) {
                top5.add(new XY(p.epoch(), p.valTop5()));
            }
        }
        valTop1.append(top1);
        valTop5.append(top5);
    }

    /**
     * Drops the points a resumed run writes again: steps from global step {@code step} on and
     * epochs from {@code epoch} on (a run's resume marker, read before its new records).
     */
    public void dropFrom(double step, double epoch) {
        loss.truncateFrom(step);
        lr.truncateFrom(step);
        lossEma.truncateFrom(step);
        recomputeEma();
        valTop1.truncateFrom(epoch);
        valTop5.truncateFrom(epoch);
    }

    /** Removes every point. */
    public void clear() {
        for (Curve c : List.of(loss, lossEma, valTop1, valTop5, lr)) {
            c.clear();
        }
        ema = 0;
        emaCount = 0;
    }

    private double smooth(double value) {
        ema = EMA_DECAY * ema + (1 - EMA_DECAY) * value;
        emaCount++;
        return ema / (1 - Math.pow(EMA_DECAY, emaCount));
    }

    private void recomputeEma() {
        ema = 0;
        emaCount = 0;
        List<XY> smooth = new ArrayList<>(loss.size());
        for (XY p : loss.points()) {
            smooth.add(new XY(p.x(), smooth(p.y())));
        }
        lossEma.setAll(smooth);
    }
}
