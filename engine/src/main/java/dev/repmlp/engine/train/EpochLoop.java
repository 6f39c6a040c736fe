package dev.repmlp.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.repmlp.engine.data.ImageDecoder;
import dev.repmlp.engine.data.loader.Prefetcher;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunState;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.StepMetrics;
import dev.repmlp.engine.runs.Unreadable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The epochs of a {@link TrainingRun} (upstream's {@code main_repmlp.py} loop over {@code
 * train_one_epoch}): builds the net, optimizer, EMA and replicas on the run's devices, restores
 * where to start, then runs the steps of each epoch in a seeded order, checking the cancel flag
 * before each step, checkpointing within epochs on the step/minute interval, validating and
 * checkpointing at each epoch end, and recording progress in the run directory.
 */
final class EpochLoop {

    /** Seconds between heartbeats (state.json rewritten with a fresh time). */
    private static final double HEARTBEAT_SECONDS = 30;

    /** The net being trained, on its root manager, and what updates it. */
    private record Trainee(
            RepMlpNet net,
            ParamOptimizer opt,
            Ema ema,
            TrainStep stepper,
            Replicas replicas,
            NDManager root) {}

    /** When a step checkpoint or a heartbeat is due. */
    private static final class CheckpointClock {
        private final int everySteps;
        private final double everyMinutes;
        private long lastCheckpoint = System.nanoTime();
        private long lastBeat = lastCheckpoint;
        private int stepsSince;

        CheckpointClock(int everySteps, double everyMinutes) {
            this.everySteps = everySteps;
            this.everyMinutes = everyMinutes;
        }

        /** Counts a step; whether a checkpoint is due after it. */
        boolean stepDone() {
            stepsSince++;
            return (everySteps > 0 && stepsSince >= everySteps)
                    || (everyMinutes > 0
                            && System.nanoTime() - lastCheckpoint >= everyMinutes * 60e9);
        }

        boolean heartbeatDue() {
            return System.nanoTime() - lastBeat >= HEARTBEAT_SECONDS * 1e9;
        }

        void beat() {
            lastBeat = System.nanoTime();
        }

        /** A checkpoint was just written (also a heartbeat). */
        void checkpointed() {
            lastCheckpoint = System.nanoTime();
            lastBeat = lastCheckpoint;
            stepsSince = 0;
        }
    }

    private final TrainingConfig config;
    private final Path dir;
    private final RunDirectory run;
    private final TrainData td;
    private final TrainingListener listener;
    private final RunLog log;
    private final AtomicBoolean cancelled;
    private final RunCheckpoints checkpoints;
    private final CheckpointClock clock;
    private final int stepsPerEpoch;
    private final int workers;

    /**
     * @param checkpointSteps optimizer steps between checkpoints within an epoch (0: off)
     * @param checkpointMinutes minutes between checkpoints within an epoch (0: off)
     * @param workers loader threads
     */
    EpochLoop(
            TrainingConfig config,
            RunDirectory run,
            TrainData td,
            TrainingListener listener,
            RunLog log,
            AtomicBoolean cancelled,
            int checkpointSteps,
            double checkpointMinutes,
            int workers) {
        this.workers = workers;
        this.config = config;
        this.dir = run.path();
        this.run = run;
        this.td = td;
        this.listener = listener;
        this.log = log;
        this.cancelled = cancelled;
        this.checkpoints = new RunCheckpoints(config, run, log);
        this.clock = new CheckpointClock(checkpointSteps, checkpointMinutes);
        this.stepsPerEpoch =
                Math.max(
                        1,
                        td.trainSize()
                                / (config.batchSize()
                                        * config.deviceCount()
                                        * Math.max(1, config.accumulationSteps())));
    }

    /**
     * Trains from the start, or from the last checkpoint when {@code resume}, to the end or until
     * cancelled.
     *
     * @throws TrainingDivergedException when a step's loss is not finite (recorded as diverged)
     */
    TrainingRun.Result train(boolean resume) throws IOException {
        RepMlpNetConfig mc = config.model();
        LrSchedule schedule = new LrSchedule(config, stepsPerEpoch);
        List<Device> devices = Devices.parse(config.device());
        Engine.getInstance().setRandomSeed((int) config.seed());
        // libtorch's grad mode is per thread and on by default; DJL turns it off only on the
        // thread that loaded the engine. Off here, so that the optimizer's in-place updates work
        // on any thread (a GUI job, a pool thread); GradientCollector turns it on for each step.
        JniUtils.setGradMode(false);
        Replicas replicas = null;
        try (NDManager root = NDManager.newBaseManager(devices.get(0));
                Prefetcher loader = new Prefetcher(workers, "train-loader")) {
            RepMlpNet net = new RepMlpNet(mc, false);
            net.initialize(root);
            ParamOptimizer opt = new ParamOptimizer(config, root);
            FullCheckpoint.State start = checkpoints.restore(net, opt, root, resume);
            Ema ema = config.emaAlpha() > 0 ? new Ema(net, root) : null;
            if (ema != null && resume && (start.epoch() > 0 || start.step() > 0)) {
                checkpoints.restoreEma(ema);
            }
            if (devices.size() > 1) {
                replicas = new Replicas(net, devices);
            }
            TrainStep stepper = new TrainStep(config, net, td, opt, replicas, root);
            Trainee t = new Trainee(net, opt, ema, stepper, replicas, root);
            Validation validation =
                    new Validation(config, dir, td, root, workers, listener, cancelled::get);
            log.line(
                    String.format(
                            Locale.ROOT,
                            "training %s on %s: %d train / %d val images, %d classes, %d steps/epoch,"
                                    + " batch %d x %d, lr %.3g (scaled), device %s",
                            mc.name(),
                            td.trainFolder().root().getParent(),
                            td.trainSize(),
                            td.valSize(),
                            td.classes().size(),
                            stepsPerEpoch,
                            config.batchSize(),
                            Math.max(1, config.accumulationSteps()),
                            config.scaled(config.baseLr()),
                            devices.get(0)));
            log.line(
                    String.format(
                            Locale.ROOT,
                            "data: %d loader worker%s; train images %s, val tensors %s; JPEG"
                                    + " decoder: %s",
                            workers,
                            workers == 1 ? "" : "s",
                            td.cachesTrain()
                                    ? "cached in memory after the first epoch"
                                    : "streamed",
                            td.cachesVal()
                                    ? "cached in memory after the first validation"
                                    : "streamed",
                            ImageDecoder.jpegDecoder()));
            long t0 = System.nanoTime();
            double best = start.bestTop1();
            // images skipped as unreadable in the run before this epoch: carried by the checkpoint
            long unreadable = start.unreadable() - start.epochUnreadable();
            writeState(RunStatus.RUNNING, start.epoch(), best);
            clock.checkpointed();
            for (int epoch = start.epoch(); epoch < config.epochs(); epoch++) {
                long e0 = System.nanoTime();
                int[] order = permutation(td.trainSize(), config.seed(), epoch);
                boolean continued = epoch == start.epoch() && start.step() > 0;
                EpochTally tally = new EpochTally();
                tally.unreadableBefore = unreadable;
                if (continued) {
                    tally.lossSum = start.lossSum();
                    tally.correct = start.correct();
                    tally.seen = start.seen();
                    tally.unreadableEarlier = start.epochUnreadable();
                }
                int firstStep = epoch == start.epoch() ? start.step() : 0;
                DataTime dataTime = new DataTime();
                try (TrainBatches batches =
                        stepper.batches(
                                loader, order, epoch, firstStep, stepsPerEpoch, log::line)) {
                    tally.batches = batches;
                    for (int step = firstStep; step < stepsPerEpoch; step++) {
                        if (cancelled.get()) {
                            return cancel(t, tally.at(epoch, step, best));
                        }
                        step(t, schedule, batches, dataTime, epoch, step, tally, best, t0);
                    }
                    tally.unreadableEarlier = tally.epochUnreadable();
                    tally.batches = null;
                }
                dataTime.log(workers, tally.unreadableBefore + tally.epochUnreadable(), log::line);
                if (tally.skipped > 0) {
                    log.line(
                            String.format(
                                    Locale.ROOT,
                                    "epoch %d: skipped %d step(s) whose images were all unreadable"
                                            + " (no weight update); fix or remove the unreadable"
                                            + " files",
                                    epoch + 1,
                                    tally.skipped));
                }
                clock.checkpointed();
                int stepsRun =
                        (continued ? stepsPerEpoch : stepsPerEpoch - firstStep) - tally.skipped;
                double trainLoss = stepsRun == 0 ? Double.NaN : tally.lossSum / stepsRun;
                double trainTop1 =
                        tally.seen == 0 ? Double.NaN : 100.0 * tally.correct / tally.seen;
                EpochEnd end;
                try {
                    end = endEpoch(t, validation, epoch, trainLoss, trainTop1, e0, best, tally);
                } catch (Validation.Stopped stopped) {
                    // stopped while validating: saved as "after the epoch's last step", so a
                    // resume runs no step and validates this epoch again
                    return cancel(t, tally.at(epoch, stepsPerEpoch, best));
                }
                best = end.best();
                unreadable = end.unreadable();
            }
            return finish(t, best);
        } finally {
            if (replicas != null) {
                replicas.close();
            }
        }
    }

    /**
     * One optimizer step with its native memory scoped to it: the update, EMA, replica broadcast,
     * the step record, and a step checkpoint or heartbeat when due.
     */
    private void step(
            Trainee t,
            LrSchedule schedule,
            TrainBatches batches,
            DataTime dataTime,
            int epoch,
            int step,
            EpochTally tally,
            double best,
            long t0)
            throws IOException {
        long s0 = System.nanoTime();
        double lr = schedule.forStep((long) epoch * stepsPerEpoch + step);
        TrainStep.Outcome out;
        try (NDManager sm = t.root().newSubManager()) {
            t.stepper().attach(sm);
            out = t.stepper().run(sm, batches, epoch, step, lr);
            if (t.ema() != null
                    && !out.skipped()
                    && Double.isFinite(out.loss())
                    && Ema.due(config, step)) {
                t.ema().update(t.net(), Ema.alpha(config, epoch), sm);
            }
        }
        if (out.skipped()) {
            // the step index still advances (the data order and the schedule dictate it), so a
            // resumed run meets the same skip at the same step
            tally.skipped++;
            batches.takeWaitSeconds();
            checkpointOrBeat(t, epoch, step, tally, best);
            return;
        }
        if (t.replicas() != null) {
            t.replicas().broadcast(t.net());
        }
        if (!Double.isFinite(out.loss())) {
            diverged(out.loss(), epoch, step, lr, best);
        }
        tally.lossSum += out.loss();
        tally.correct += out.correct();
        tally.seen += out.images();
        double secs = (System.nanoTime() - s0) / 1e9;
        double waited = batches.takeWaitSeconds();
        dataTime.add(waited, secs, out.images());
        StepMetrics metrics =
                new StepMetrics(
                        epoch,
                        step,
                        stepsPerEpoch,
                        out.loss(),
                        lr,
                        out.images() / secs,
                        (System.nanoTime() - t0) / 1e9,
                        waited,
                        secs);
        run.step(metrics);
        listener.onStep(metrics);
        checkpointOrBeat(t, epoch, step, tally, best);
    }

    /** After step {@code step}: a step checkpoint or a heartbeat when due. */
    private void checkpointOrBeat(Trainee t, int epoch, int step, EpochTally tally, double best)
            throws IOException {
        boolean due = clock.stepDone();
        if (due && step + 1 < stepsPerEpoch) {
            checkpoints.saveWithinEpoch(t.net(), t.opt(), t.ema(), tally.at(epoch, step + 1, best));
            writeState(RunStatus.RUNNING, epoch, best);
            clock.checkpointed();
        } else if (clock.heartbeatDue()) {
            writeState(RunStatus.RUNNING, epoch, best);
            clock.beat();
        }
    }

    /** Saves where the run stopped (EMA included) and records it as cancelled. */
    private TrainingRun.Result cancel(Trainee t, FullCheckpoint.State at) throws IOException {
        int epoch = at.epoch();
        int step = at.step();
        double best = at.bestTop1();
        checkpoints.saveWithinEpoch(t.net(), t.opt(), t.ema(), at);
        log.line(
                String.format(
                        Locale.ROOT,
                        "cancelled in epoch %d of %d after %d of its steps; checkpoint saved,"
                                + " resume with --resume %s",
                        epoch + 1, // 1-based for people, as the progress line and the CSV
                        config.epochs(),
                        step,
                        dir));
        writeState(RunStatus.CANCELLED, epoch, best);
        return new TrainingRun.Result(dir, RunStatus.CANCELLED, epoch, best);
    }

    /** Records the run as failed and throws: the loss of a step was not finite. */
    private void diverged(double loss, int epoch, int step, double lr, double best)
            throws IOException {
        String msg =
                String.format(
                        Locale.ROOT,
                        "loss became %s at epoch %d step %d (lr %.3g); stopped without"
                                + " updating the weights. The last good checkpoint is %s."
                                + " Lower the learning rate (--lr) or keep gradient"
                                + " clipping on, then resume or restart.",
                        loss,
                        epoch + 1,
                        step + 1,
                        lr,
                        FullCheckpoint.last(dir));
        run.writeState(
                new RunState(RunStatus.DIVERGED, epoch, config.epochs(), best),
                String.format(
                        Locale.ROOT, "loss %s at epoch %d step %d", loss, epoch + 1, step + 1));
        log.line(msg);
        throw new TrainingDivergedException(msg);
    }

    /**
     * After an epoch's end.
     *
     * @param best the best validation top-1 so far
     * @param unreadable images of the run skipped as unreadable so far
     */
    private record EpochEnd(double best, long unreadable) {}

    /**
     * The end of epoch {@code epoch}: validation when due, the checkpoints (last, best, every
     * save_every), the epoch record (with the images skipped as unreadable: the epoch's, and the
     * run's so far), the log line and state.json.
     */
    private EpochEnd endEpoch(
            Trainee t,
            Validation validation,
            int epoch,
            double trainLoss,
            double trainTop1,
            long e0,
            double best,
            EpochTally tally)
            throws IOException {
        boolean validate = validation.due(epoch);
        Validation.Scores val =
                validate ? validation.atEpochEnd(t.net(), epoch, best) : Validation.Scores.NONE;
        if (val.isBest()) {
            best = val.top1();
        }
        EpochMetrics em =
                new EpochMetrics(
                        epoch,
                        trainLoss,
                        trainTop1,
                        val.loss(),
                        val.top1(),
                        val.top5(),
                        (System.nanoTime() - e0) / 1e9);
        double emaTop1 = Double.NaN;
        if (t.ema() != null && validate) {
            emaTop1 = validation.emaTop1(t.ema().net(), epoch);
            log.line(String.format(Locale.ROOT, "EMA weights: val top-1 %.2f", emaTop1));
        }
        long trainSkips = tally.epochUnreadable();
        long total = tally.unreadableBefore + trainSkips + val.unreadable();
        if (val.unreadable() > 0) {
            log.line(
                    String.format(
                            Locale.ROOT,
                            "epoch %d: %d unreadable val image(s) skipped (%d in the run so far)",
                            epoch + 1,
                            val.unreadable(),
                            total));
        }
        // order: metrics record, last, best, epoch-NNN, state.json (each atomic); a kill between
        // any two leaves files that resume repairs (see RunCheckpoints.restore)
        run.epoch(em, emaTop1, new Unreadable(trainSkips, val.unreadable(), total));
        checkpoints.saveEpochEnd(t.net(), t.opt(), t.ema(), epoch, best, val.isBest(), total);
        log.line(
                String.format(
                        Locale.ROOT,
                        "epoch %d/%d: train loss %.4f top-1 %.2f | val loss %.4f top-1 %.2f top-5"
                                + " %.2f | %.1f s",
                        epoch + 1,
                        config.epochs(),
                        trainLoss,
                        trainTop1,
                        val.loss(),
                        val.top1(),
                        val.top5(),
                        em.seconds()));
        listener.onEpoch(em);
        writeState(RunStatus.RUNNING, epoch + 1, best);
        return new EpochEnd(best, total);
    }

    /** Writes the final weights (train-time, EMA, deploy-time) and records the run completed. */
    private TrainingRun.Result finish(Trainee t, double best) throws IOException {
        checkpoints.saveFinal(t.net(), t.ema(), t.root());
        writeState(RunStatus.COMPLETED, config.epochs(), best);
        return new TrainingRun.Result(dir, RunStatus.COMPLETED, config.epochs(), best);
    }

    /** The epoch's sample order: a seeded Fisher-Yates shuffle. */
    static int[] permutation(int n, long seed, int epoch) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(TrainData.mix(seed, epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    private void writeState(RunStatus status, int epochs, double best) throws IOException {
        run.writeState(new RunState(status, epochs, config.epochs(), best));
    }
}
