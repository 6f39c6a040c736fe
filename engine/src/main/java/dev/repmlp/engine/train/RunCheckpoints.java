package dev.repmlp.engine.train;

import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.AtomicFiles;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunState;
import dev.repmlp.engine.runs.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A training run's checkpoints: where a run starts (fresh, fine-tuned from {@code init_weights}, or
 * resumed with its files verified and repaired), the {@link FullCheckpoint}s it writes within and
 * at the end of epochs (last, best, epoch-NNN rotation) and its final weights.
 *
 * <p>At an epoch end the files are written in the order last, best, epoch-NNN, each atomically,
 * after the epoch's metrics record and before state.json; {@link #restore} repairs what a kill
 * between any two leaves behind.
 */
final class RunCheckpoints {
    private final TrainingConfig config;
    private final Path dir;
    private final RunDirectory run;
    private final RunLog log;

    RunCheckpoints(TrainingConfig config, RunDirectory run, RunLog log) {
        this.config = config;
        this.dir = run.path();
        this.run = run;
        this.log = log;
    }

    /**
     * Resumes from the last checkpoint ({@code resume}), or loads the fine-tuning weights; where to
     * start.
     */
    FullCheckpoint.State restore(RepMlpNet net, ParamOptimizer opt, NDManager root, boolean resume)
            throws IOException {
        if (resume) {
            FullCheckpoint.State st = verifiedStart(net, opt, root);
            run.resumed(st.epoch(), st.step());
            if (st.epoch() == 0 && st.step() == 0) {
                log.line("no checkpoint yet: the run starts again from its beginning");
                if (config.initWeights() != null) {
                    FineTune.loadInitWeights(net, Path.of(config.initWeights()), log::line);
                }
                return st;
            }
            log.line(
                    String.format(
                            Locale.ROOT,
                            "resumed from %s in epoch %d after %d of its steps (optimizer step"
                                    + " %d)",
                            FullCheckpoint.last(dir),
                            st.epoch() + 1, // 1-based for people
                            st.step(),
                            opt.steps()));
            return st;
        }
        if (config.initWeights() != null) {
            FineTune.loadInitWeights(net, Path.of(config.initWeights()), log::line);
        }
        return new FullCheckpoint.State(0, 0, Double.NaN);
    }

    /**
     * The verified start of a resumed run: loads checkpoints/last (or, when it is unreadable, the
     * newest readable epoch-NNN or best checkpoint; or the start); sets aside an unreadable best or
     * epoch-NNN checkpoint; rebuilds best when it is missing, damaged or behind (see {@link
     * CheckpointRepair#rebuildBest}); and rewrites state.json to match.
     */
    private FullCheckpoint.State verifiedStart(RepMlpNet net, ParamOptimizer opt, NDManager root)
            throws IOException {
        List<Path> candidates = new ArrayList<>();
        candidates.add(FullCheckpoint.last(dir));
        try (var files = Files.list(run.checkpoints())) {
            files.filter(p -> p.getFileName().toString().matches("epoch-\\d+\\.safetensors"))
                    .sorted(Comparator.reverseOrder())
                    .forEach(candidates::add);
        }
        // best is a full checkpoint of an epoch end too: without it, a damaged last and no
        // epoch-NNN (save_every 0) would restart a run of many epochs from its beginning
        Path bestCandidate = FullCheckpoint.best(dir);
        if (Files.isRegularFile(bestCandidate)) {
            candidates.add(fallbackIndex(candidates, bestCandidate), bestCandidate);
        }
        FullCheckpoint.State st = null;
        Path from = null;
        for (Path p : candidates) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            try {
                st = FullCheckpoint.load(p, net, opt, root);
                from = p;
                break;
            } catch (IOException | RuntimeException e) {
                CheckpointRepair.setAside(p, e, log::line);
            }
        }
        if (st == null) {
            st = new FullCheckpoint.State(0, 0, Double.NaN);
        } else if (!from.equals(FullCheckpoint.last(dir))) {
            AtomicFiles.copy(from, FullCheckpoint.last(dir));
            log.line("resuming from " + from + " (checkpoints/last was unreadable)");
        }
        Path best = FullCheckpoint.best(dir);
        double bestOnDisk = Double.NaN;
        if (Files.isRegularFile(best)) {
            try {
                bestOnDisk = FullCheckpoint.position(best).bestTop1();
            } catch (IOException | RuntimeException e) {
                CheckpointRepair.setAside(best, e, log::line);
            }
        }
        CheckpointRepair.setAsideDamagedEpochs(run.checkpoints(), log::line);
        boolean bestBehind =
                Double.isFinite(st.bestTop1())
                        && (Double.isNaN(bestOnDisk) || st.bestTop1() > bestOnDisk);
        if (bestBehind && from != null) {
            // a kill between last and best at the end of the epoch that set the new best (last
            // holds it), or a damaged best (the epoch-NNN checkpoint of that epoch holds it)
            CheckpointRepair.rebuildBest(dir, st, from, log::line);
        }
        if (st.step() == 0
                && st.epoch() > 0
                && config.saveEvery() > 0
                && st.epoch() % config.saveEvery() == 0
                && from != null
                && !Files.isRegularFile(FullCheckpoint.epoch(dir, st.epoch()))) {
            AtomicFiles.copy(from, FullCheckpoint.epoch(dir, st.epoch()));
        }
        run.writeState(new RunState(RunStatus.RUNNING, st.epoch(), config.epochs(), st.bestTop1()));
        return st;
    }

    /**
     * Where {@code best} goes among the fallbacks (after checkpoints/last, newest epoch first):
     * before the first epoch-NNN checkpoint older than it; last when its position is unreadable.
     */
    private static int fallbackIndex(List<Path> candidates, Path best) {
        int bestEpoch;
        try {
            bestEpoch = FullCheckpoint.position(best).epoch();
        } catch (IOException | RuntimeException e) {
            return candidates.size();
        }
        for (int i = 1; i < candidates.size(); i++) {
            String name = candidates.get(i).getFileName().toString();
            int epoch = Integer.parseInt(name.replaceAll("\\D", ""));
            if (epoch < bestEpoch) {
                return i;
            }
        }
        return candidates.size();
    }

    /**
     * On resume: the EMA weights saved in checkpoints/last with the model (and last-ema.pth
     * rewritten to match them); from last-ema.pth for a checkpoint of an older version.
     */
    void restoreEma(Ema ema) throws IOException {
        if (FullCheckpoint.loadEma(FullCheckpoint.last(dir), ema.net())) {
            Weights.save(ema.net(), FullCheckpoint.emaFile(dir));
        } else if (Files.isRegularFile(FullCheckpoint.emaFile(dir))) {
            Weights.load(ema.net(), FullCheckpoint.emaFile(dir));
        } else {
            log.line("warning: no EMA weights saved; the average restarts from the model's");
        }
    }

    /**
     * Saves checkpoints/last at position {@code at} within an epoch (or where it was cancelled),
     * with the EMA weights if any: inside it (so that they never lag behind it) and as
     * last-ema.pth.
     */
    void saveWithinEpoch(RepMlpNet net, ParamOptimizer opt, Ema ema, FullCheckpoint.State at)
            throws IOException {
        FullCheckpoint.save(
                FullCheckpoint.last(dir), net, opt, at, config, ema == null ? null : ema.net());
        if (ema != null) {
            Weights.save(ema.net(), FullCheckpoint.emaFile(dir));
        }
    }

    /**
     * The checkpoints at the end of epoch {@code epoch} (0-based): last (with the EMA weights if
     * any), best when {@code isBest}, and epoch-NNN every save_every epochs; in that order.
     *
     * @param unreadable images of the run skipped as unreadable up to this epoch's end
     */
    void saveEpochEnd(
            RepMlpNet net,
            ParamOptimizer opt,
            Ema ema,
            int epoch,
            double best,
            boolean isBest,
            long unreadable)
            throws IOException {
        FullCheckpoint.save(
                FullCheckpoint.last(dir),
                net,
                opt,
                new FullCheckpoint.State(epoch + 1, 0, best, 0, 0, 0, unreadable, 0),
                config,
                ema == null ? null : ema.net());
        if (ema != null) {
            Weights.save(ema.net(), FullCheckpoint.emaFile(dir));
        }
        if (isBest) {
            AtomicFiles.copy(FullCheckpoint.last(dir), FullCheckpoint.best(dir));
        }
        if (config.saveEvery() > 0 && (epoch + 1) % config.saveEvery() == 0) {
            AtomicFiles.copy(FullCheckpoint.last(dir), FullCheckpoint.epoch(dir, epoch + 1));
        }
    }

    /** Writes the final weights: train-time, EMA (if any) and deploy-time (locality-injected). */
    void saveFinal(RepMlpNet net, Ema ema, NDManager root) throws IOException {
        Weights.save(net, dir.resolve("model-train.pth"));
        if (ema != null) {
            Weights.save(ema.net(), dir.resolve("model-ema-train.pth"));
        }
        try (NDManager em = root.newSubManager()) {
            RepMlpNet deploy = NetState.deployCopy(net, em);
            Weights.save(deploy, dir.resolve("model-deploy.pth"));
        }
        log.line("wrote model-train.pth and model-deploy.pth (locality-injected) to " + dir);
    }
}
