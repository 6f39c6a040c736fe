package dev.repmlp.app.kernels;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobGroup;
import dev.repmlp.app.concurrent.LatestRequest;
import dev.repmlp.engine.inspect.EquivalenceReport;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The kernels page's train-vs-deploy check: feeds one random image (seed {@link #SEED}) through the
 * train-time and the deploy-time structure of the loaded weights once ({@link
 * KernelSource#equivalence}, off the UI thread) and shows the shown block's output difference. Only
 * the answer for the weights loaded last is shown. UI thread only.
 */
public final class EquivalenceCheck {
    /** Seed of the random image the check feeds through both structures. */
    static final long SEED = 0;

    static final String DEPLOY_ONLY =
            "Not available: the file holds deploy-time weights (fc3 already injected), so there is"
                    + " no train-time block to compare with.";

    private final JobGroup jobs;
    private final LatestRequest checks = new LatestRequest();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private KernelSource checked;
    private Map<String, EquivalenceReport.Diff> byBlock;
    private String problem;
    private String block;

    EquivalenceCheck(JobGroup jobs) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    /** New weights are loaded: what was found for the old ones no longer holds. */
    void reset() {
        checks.invalidate();
        checked = null;
        byBlock = null;
        problem = null;
    }

    /**
     * The block {@code blockName} of {@code source} is shown: starts the check of {@code source}
     * unless done or under way, and shows its result for that block.
     */
    void show(KernelSource source, String blockName) {
        block = blockName;
        if (checked != source) {
            request(source);
        }
        updateText();
    }

    private void request(KernelSource from) {
        checked = from;
        LatestRequest.Ticket request = checks.next();
        jobs.start(
                "Checking train vs deploy",
                context -> from.equivalence(SEED),
                report -> {
                    if (request.isLatest()) {
                        if (report.isPresent()) {
                            Map<String, EquivalenceReport.Diff> found = new HashMap<>();
                            report.get().blocks().forEach(d -> found.put(d.name(), d));
                            byBlock = found;
                        } else {
                            problem = DEPLOY_ONLY;
                        }
                        updateText();
                    }
                },
                failure -> {
                    if (request.isLatest()) {
                        problem = "The check failed: " + Failures.describe(failure);
                        updateText();
                    }
                });
    }

    private void updateText() {
        if (block == null) {
            text.set("");
        } else if (problem != null) {
            text.set(problem);
        } else if (byBlock == null) {
            text.set("Checking the block's train-time and deploy-time outputs\u2026");
        } else {
            EquivalenceReport.Diff d = byBlock.get(block);
            text.set(
                    d == null
                            ? "No result for " + block
                            : String.format(
                                    Locale.ROOT,
                                    "Block output, train-time vs deploy-time (eval mode, one random"
                                            + " image): max |\u0394| %.2e, max relative %.2e (of"
                                            + " outputs up to %.3g)",
                                    d.maxAbs(),
                                    d.maxRel(),
                                    d.scale()));
        }
    }

    /** The shown block's train-vs-deploy output error, or why there is none. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public String getText() {
        return text.get();
    }
}
