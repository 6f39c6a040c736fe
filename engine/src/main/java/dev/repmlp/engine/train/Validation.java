package dev.repmlp.engine.train;

import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.eval.EvalReport;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.runs.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A training run's validation (upstream's {@code validate} in {@code main_repmlp.py}): the net in
 * eval mode over the cached val tensors, through the same {@link Evaluator} loop as {@code repmlp
 * test}; the best epoch's evaluation report (confusion matrix, per-class results, predictions) is
 * written to the run directory.
 */
final class Validation {

    /**
     * One epoch-end validation.
     *
     * @param loss mean cross-entropy (NaN when there was no readable val image)
     * @param top1 top-1 in percent (NaN likewise)
     * @param top5 top-5 in percent (NaN likewise)
     * @param isBest whether this epoch beat the best top-1 so far (and wrote the report)
     * @param unreadable val images skipped as unreadable
     */
    record Scores(double loss, double top1, double top5, boolean isBest, int unreadable) {
        /** Not validated this epoch. */
        static final Scores NONE = new Scores(Double.NaN, Double.NaN, Double.NaN, false, 0);
    }

    /**
     * Thrown out of a validation pass when the run is stopped (checked after every val batch): the
     * epoch ends unvalidated and resume validates it again.
     */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("validation stopped", null, false, false);
        }
    }

    /** Images per validation forward pass: the training batch, as upstream's val loader. */
    private final int valBatch;

    /** Whether the run has been asked to stop. */
    private final BooleanSupplier stop;

    private final TrainingConfig config;
    private final Path dir;
    private final TrainData td;
    private final NDManager root;
    private final int workers;
    private final TrainingListener listener;

    /** Nanoseconds between progress reports. */
    private static final long REPORT_EVERY_NANOS = 1_000_000_000L;

    Validation(
            TrainingConfig config,
            Path dir,
            TrainData td,
            NDManager root,
            int workers,
            TrainingListener listener,
            BooleanSupplier stop) {
        this.valBatch = Math.max(1, config.batchSize());
        this.stop = stop;
        this.workers = workers;
        this.listener = listener;
        this.config = config;
        this.dir = dir;
        this.td = td;
        this.root = root;
    }

    /**
     * Whether epoch {@code epoch} (0-based) ends with a validation: every val_every, and the last.
     */
    boolean due(int epoch) {
        return (epoch + 1) % config.valEvery() == 0 || epoch == config.epochs() - 1;
    }

    /**
     * Validates {@code net} at the end of epoch {@code epoch} (0-based); when its top-1 beats
     * {@code best} (or there is no best yet), writes the evaluation report to {@link
     * RunDirectory#BEST_VAL_REPORT}.
     */
    Scores atEpochEnd(RepMlpNet net, int epoch, double best) throws IOException {
        List<ImageFolder.Sample> vs = td.valFolder().samples();
        try (EvalReport report =
                EvalReport.streaming(
                        td.classes(),
                        dir.resolve(RunDirectory.BEST_VAL_REPORT),
                        i -> EvalReport.pathUnder(td.valFolder().root(), vs.get(i).path()),
                        false)) {
            EvalResult r = evaluate(net, report, epoch, false);
            if (r.images() == 0 && r.skipped() > 0) {
                throw new IllegalArgumentException(
                        "no image in "
                                + td.valFolder().root()
                                + " could be read ("
                                + r.skipped()
                                + " unreadable, see the log); fix or remove those files, then"
                                + " resume");
            }
            double loss = Double.NaN;
            double top1 = Double.NaN;
            double top5 = Double.NaN;
            if (r.images() > 0) {
                loss = r.loss();
                top1 = r.top1();
                top5 = r.top5();
            }
            boolean isBest = Double.isNaN(best) || top1 > best;
            if (isBest) {
                // the best epoch's confusion matrix, per-class results and predictions
                report.write(
                        null,
                        r,
                        Map.of(
                                "epoch",
                                epoch + 1,
                                "model",
                                config.model().name(),
                                "weights",
                                FullCheckpoint.best(dir).toAbsolutePath().toString(),
                                "data",
                                td.valFolder().root().toAbsolutePath().toString(),
                                "mode",
                                "train",
                                "resolution",
                                config.model().imageSize()));
            }
            return new Scores(loss, top1, top5, isBest, r.skipped());
        }
    }

    /**
     * Validation top-1 of the EMA weights {@code ema} in percent (NaN when there is no readable val
     * image); its progress is reported as the EMA pass ({@link ValidationProgress#ema()}).
     */
    double emaTop1(RepMlpNet ema, int epoch) {
        EvalResult r = evaluate(ema, null, epoch, true);
        return r.images() == 0 ? Double.NaN : r.top1();
    }

    /**
     * {@link Evaluator}'s loop over the val split, streamed by the loader's workers, telling {@code
     * observer} (or null) and the listener how far it has got ({@code ema}: as the EMA pass).
     */
    private EvalResult evaluate(
            RepMlpNet net, Evaluator.Observer observer, int epoch, boolean ema) {
        int total = td.valSize();
        long t0 = System.nanoTime();
        long[] last = {t0};
        if (stop.getAsBoolean()) {
            throw new Stopped();
        }
        Evaluator.Progress progress =
                (done, batches, top1) -> {
                    if (stop.getAsBoolean() && done < batches) {
                        throw new Stopped();
                    }
                    long now = System.nanoTime();
                    boolean end = done >= batches;
                    if (!end && now - last[0] < REPORT_EVERY_NANOS) {
                        return;
                    }
                    last[0] = now;
                    int images = end ? total : (int) Math.min(total, (long) done * valBatch);
                    double secs = (now - t0) / 1e9;
                    listener.onValidation(
                            new ValidationProgress(
                                    epoch,
                                    images,
                                    total,
                                    secs > 0 ? images / secs : Double.NaN,
                                    ema));
                };
        return Evaluator.evaluate(
                net,
                null,
                td.valSamples(),
                config.model().imageSize(),
                valBatch,
                root,
                progress,
                observer,
                workers);
    }
}
