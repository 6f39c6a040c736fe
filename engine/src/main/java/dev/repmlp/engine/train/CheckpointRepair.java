package dev.repmlp.engine.train;

import dev.repmlp.engine.io.AtomicFiles;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What a resumed run checks and repairs in {@code checkpoints/} besides the checkpoint it resumes
 * from: every {@code epoch-NNN} checkpoint must be whole (its header read and its tensors within
 * the file; an unreadable one is set aside as {@code NAME.damaged}), and {@code best} must hold the
 * weights of the epoch that set the best val top-1 recorded in {@code checkpoints/last}.
 */
final class CheckpointRepair {
    private CheckpointRepair() {}

    /**
     * Sets aside the {@code epoch-NNN.safetensors} files whose header cannot be read or whose
     * tensors reach past the file's end (a truncated or zeroed file), saying so on {@code log}.
     *
     * @return the files set aside
     */
    static List<Path> setAsideDamagedEpochs(Path checkpoints, Consumer<String> log)
            throws IOException {
        List<Path> epochs;
        try (Stream<Path> s = Files.list(checkpoints)) {
            epochs =
                    s.filter(p -> p.getFileName().toString().matches("epoch-\\d+\\.safetensors"))
                            .sorted()
                            .toList();
        }
        List<Path> aside = new java.util.ArrayList<>();
        for (Path p : epochs) {
            try {
                FullCheckpoint.position(p);
            } catch (IOException | RuntimeException e) {
                aside.add(setAside(p, e, log));
            }
        }
        return aside;
    }

    /** Renames a damaged checkpoint to NAME.damaged and says so on {@code log}. */
    static Path setAside(Path p, Exception e, Consumer<String> log) throws IOException {
        Path aside = p.resolveSibling(p.getFileName() + ".damaged");
        Files.move(p, aside, StandardCopyOption.REPLACE_EXISTING);
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        log.accept(
                "warning: "
                        + p
                        + " is unreadable ("
                        + why.lines().findFirst().orElse(why)
                        + "); moved to "
                        + aside);
        return aside;
    }

    /**
     * Rewrites {@code best} (missing, set aside, or behind the best recorded in {@code last}) with
     * the weights of the epoch that set {@code bestTop1}: that epoch is the first one whose
     * metrics.jsonl record has this val top-1 (or, without records, the first {@code epoch-NNN}
     * checkpoint that records it as its best); its weights are {@code last} when the run stands
     * right after it, else its {@code epoch-NNN} checkpoint.
     *
     * @param at where the run resumes
     * @param from the checkpoint the run resumes from (holds the weights at {@code at})
     * @return the file best was rebuilt from, or null when none holds those weights
     */
    static Path rebuildBest(Path runDir, FullCheckpoint.State at, Path from, Consumer<String> log)
            throws IOException {
        double best = at.bestTop1();
        Path source = null;
        int setBy = -1;
        try {
            for (EpochMetrics m : RunRecords.readMetrics(runDir).epochs()) {
                if (m.valTop1() == best) {
                    setBy = m.epoch();
                    break;
                }
            }
        } catch (IOException e) {
            // no records to go by: the epoch checkpoints below say it
        }
        if (setBy >= 0) {
            if (at.step() == 0 && at.epoch() == setBy + 1) {
                source = from;
            } else if (holds(FullCheckpoint.epoch(runDir, setBy + 1), setBy + 1, best)) {
                source = FullCheckpoint.epoch(runDir, setBy + 1);
            }
        } else {
            for (int k = 1; k <= at.epoch() && source == null; k++) {
                if (holds(FullCheckpoint.epoch(runDir, k), k, best)) {
                    source = FullCheckpoint.epoch(runDir, k);
                }
            }
        }
        Path target = FullCheckpoint.best(runDir);
        if (source == null) {
            log.accept(
                    "warning: "
                            + target
                            + " cannot be rebuilt (no checkpoint holds the epoch with val top-1 "
                            + best
                            + "); it is written again at the next new best");
            return null;
        }
        AtomicFiles.copy(source, target);
        log.accept("repaired " + target + " from " + source);
        return source;
    }

    /**
     * True when {@code p} is a readable checkpoint at the start of {@code epoch} with best top-1
     * {@code best}.
     */
    private static boolean holds(Path p, int epoch, double best) {
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try {
            FullCheckpoint.State s = FullCheckpoint.position(p);
            return s.epoch() == epoch && s.step() == 0 && s.bestTop1() == best;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
