package dev.repmlp.app.charts;

import java.util.List;

/**
 * The three charts of a run, shared by the Train and Runs pages: loss per step (raw and smoothed),
 * val top-1/top-5 per epoch, learning rate per step. Views place the charts where they like.
 */
public final class RunCharts {
    private final CurveChart loss = new CurveChart("Training loss", "step", "loss", true);
    private final CurveChart accuracy = new CurveChart("Validation accuracy", "epoch", "%", true);
    private final CurveChart lr = new CurveChart("Learning rate", "step", "lr", true);

    public RunCharts() {
        loss.setId("chart-loss");
        accuracy.setId("chart-accuracy");
        lr.setId("chart-lr");
        lr.setYFormat(new LrFormat());
        loss.setNoDataMessage("Waiting for the first step");
        accuracy.setNoDataMessage("Waiting for the first validated epoch");
        lr.setNoDataMessage("Waiting for the first step");
    }

    /** Draws {@code curves} (null: nothing). */
    public void show(RunCurves curves) {
        if (curves == null) {
            loss.curves().clear();
            accuracy.curves().clear();
            lr.curves().clear();
            return;
        }
        loss.curves().setAll(List.of(curves.loss(), curves.lossEma()));
        accuracy.curves().setAll(List.of(curves.valTop1(), curves.valTop5()));
        lr.curves().setAll(List.of(curves.lr()));
    }

    public CurveChart loss() {
        return loss;
    }

    public CurveChart accuracy() {
        return accuracy;
    }

    public CurveChart lr() {
        return lr;
    }
}
