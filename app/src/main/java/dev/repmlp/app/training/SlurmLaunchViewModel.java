package dev.repmlp.app.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.concurrent.LatestRequest;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.slurm.JobLauncher;
import dev.repmlp.engine.slurm.SlurmRecord;
import dev.repmlp.engine.slurm.SlurmResources;
import dev.repmlp.engine.slurm.SlurmSubmitter;
import dev.repmlp.engine.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Train page's "Run on: this computer | Slurm" choice: the resources a Slurm job asks for, a
 * preview of the batch script Start would submit, and the submission itself (through {@link
 * SlurmSubmitter}, off the FX thread). The job runs {@code repmlp train} with every setting of the
 * form as {@code --set KEY=VALUE}, so it trains exactly what the form shows. FX thread only.
 */
public final class SlurmLaunchViewModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobRunner jobRunner;
    private final SlurmSubmitter submitter;
    private final BooleanProperty onSlurm = new SimpleBooleanProperty(this, "onSlurm", false);
    private final StringProperty partition = new SimpleStringProperty(this, "partition", "");
    private final StringProperty gpus = new SimpleStringProperty(this, "gpus", "");
    private final StringProperty cpus = new SimpleStringProperty(this, "cpus", "");
    private final StringProperty mem = new SimpleStringProperty(this, "mem", "");
    private final StringProperty time = new SimpleStringProperty(this, "time", "");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper(this, "preview", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final LatestRequest previews = new LatestRequest();
    private TrainingConfig config;
    private String recipe = "";
    private Path parent;
    private String name = "";

    /**
     * @param submitter writes and submits the job (its Slurm, launcher and working directory)
     */
    public SlurmLaunchViewModel(JobRunner jobRunner, SlurmSubmitter submitter) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.submitter = Objects.requireNonNull(submitter, "submitter");
        for (StringProperty p : List.of(partition, gpus, cpus, mem, time)) {
            p.addListener((obs, old, value) -> refreshPreview());
        }
        onSlurm.addListener((obs, old, value) -> refreshPreview());
    }

    /** The Slurm commands on PATH, this process's java as the job's, the working directory. */
    public static SlurmLaunchViewModel system(JobRunner jobRunner) {
        return new SlurmLaunchViewModel(
                jobRunner,
                new SlurmSubmitter(
                        dev.repmlp.engine.slurm.Slurm.configured(),
                        JobLauncher.current(),
                        Path.of("").toAbsolutePath()));
    }

    /** Where the app remembers the Slurm settings (tests use nodes of their own, or none). */
    public static java.util.prefs.Preferences userPreferences() {
        return java.util.prefs.Preferences.userNodeForPackage(SlurmLaunchViewModel.class)
                .node("slurm");
    }

    /**
     * Restores "run on" and the resource fields from {@code prefs} and keeps them there as they
     * change (java.util.prefs writes them back in the background).
     */
    public void remember(java.util.prefs.Preferences prefs) {
        java.util.Map<String, StringProperty> fields =
                java.util.Map.of(
                        "partition",
                        partition,
                        "gpus",
                        gpus,
                        "cpus",
                        cpus,
                        "mem",
                        mem,
                        "time",
                        time);
        fields.forEach(
                (key, p) -> {
                    p.set(prefs.get(key, p.get()));
                    p.addListener((obs, old, value) -> prefs.put(key, value == null ? "" : value));
                });
        onSlurm.set(prefs.getBoolean("on_slurm", onSlurm.get()));
        onSlurm.addListener((obs, old, value) -> prefs.putBoolean("on_slurm", value));
    }

    /**
     * What Start would run: the form's settings (null while the form has errors), its recipe, and
     * where the run goes.
     */
    public void update(TrainingConfig config, String recipe, Path parent, String name) {
        this.config = config;
        this.recipe = recipe == null ? "" : recipe;
        this.parent = parent;
        this.name = name == null ? "" : name.strip();
        refreshPreview();
    }

    /**
     * The {@code repmlp train} arguments that train {@code config}: the recipe (recorded in the
     * run) and every setting as {@code --set KEY=VALUE} (values as JSON, as {@code --set} reads
     * them), so the CLI's defaults and recipe change nothing.
     */
    public static List<String> trainArgs(TrainingConfig config, String recipe) {
        List<String> args = new ArrayList<>();
        args.add("train");
        if (recipe != null && !recipe.isEmpty()) {
            args.add("--recipe");
            args.add(recipe);
        }
        JsonNode node = JSON.valueToTree(config);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("model")) {
                for (Iterator<Map.Entry<String, JsonNode>> m = e.getValue().fields();
                        m.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = m.next();
                    args.add("--set");
                    args.add("model." + f.getKey() + "=" + f.getValue().toString());
                }
            } else {
                args.add("--set");
                args.add(e.getKey() + "=" + e.getValue().toString());
            }
        }
        return args;
    }

    /**
     * The resources of the fields (blank: the cluster's default).
     *
     * @throws IllegalArgumentException naming the field and the fix
     */
    public SlurmResources resources() {
        SlurmResources r =
                new SlurmResources(
                        partition.get(),
                        count("GPUs", gpus.get()),
                        count("CPUs", cpus.get()),
                        mem.get(),
                        time.get(),
                        List.of());
        List<String> problems = r.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return r;
    }

    private static Integer count(String what, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            int n = Integer.parseInt(t);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(
                what + " must be a whole number of 0 or more, not '" + t + "' (blank: default)");
    }

    private void refreshPreview() {
        if (!onSlurm.get()) {
            return;
        }
        LatestRequest.Ticket ticket = previews.next();
        if (config == null || parent == null || name.isEmpty()) {
            preview.set("Fix the form first: the script shows what Start would submit.");
            return;
        }
        SlurmResources res;
        try {
            res = resources();
        } catch (IllegalArgumentException e) {
            preview.set("Cannot write the script: " + Failures.describe(e));
            return;
        }
        TrainingConfig cfg = config;
        String rec = recipe;
        Path folder = parent;
        String run = name;
        jobRunner.start(
                "Writing the Slurm script preview",
                context -> script(cfg, rec, RunDirectory.unique(folder, run), res),
                text -> {
                    if (ticket.isLatest()) {
                        preview.set(text);
                    }
                },
                error -> {
                    if (ticket.isLatest()) {
                        preview.set("Cannot write the script: " + Failures.describe(error));
                    }
                });
    }

    /** The batch script of a training of {@code cfg} in {@code runDir}. */
    String script(TrainingConfig cfg, String recipe, Path runDir, SlurmResources res) {
        return submitter.trainScript(
                runDir, SlurmSubmitter.trainJobArgs(trainArgs(cfg, recipe), runDir), res);
    }

    /**
     * Submits the training: writes its run directory's slurm.sh and slurm.json and runs sbatch.
     *
     * @throws IOException when sbatch is missing or refuses (Slurm's words; slurm.json records it)
     */
    static SlurmRecord submit(
            SlurmSubmitter submitter,
            TrainingConfig cfg,
            String recipe,
            Path parent,
            String name,
            SlurmResources res)
            throws IOException {
        // the creation picks the folder: two submissions at once never share one
        Path dir = RunDirectory.claimFresh(parent, name).toAbsolutePath().normalize();
        return submitter.submitTrain(
                dir, SlurmSubmitter.trainJobArgs(trainArgs(cfg, recipe), dir), res, List.of());
    }

    /**
     * Submits what the form shows to Slurm (off the FX thread); {@code submitted} runs on the FX
     * thread once sbatch accepted it (the run is then on the Runs page).
     */
    public void start(Runnable submitted) {
        if (config == null || parent == null || name.isEmpty()) {
            message.set("Fix the form first");
            return;
        }
        SlurmResources res;
        try {
            res = resources();
        } catch (IllegalArgumentException e) {
            message.set("Cannot submit: " + Failures.describe(e));
            return;
        }
        TrainingConfig cfg = config;
        String rec = recipe;
        Path folder = parent;
        String run = name;
        message.set("Submitting " + run + " to Slurm...");
        jobRunner.start(
                "Submitting " + run + " to Slurm",
                context -> submit(submitter, cfg, rec, folder, run, res),
                r -> {
                    Path dir = Path.of(r.script()).getParent();
                    message.set(
                            "Submitted Slurm job "
                                    + r.job()
                                    + ": "
                                    + dir
                                    + " (follow it on the Runs page)");
                    submitted.run();
                },
                error -> {
                    message.set("Slurm did not take the job: " + Failures.describe(error));
                    submitted.run();
                });
    }

    /** True when Start submits to Slurm rather than training here. */
    public BooleanProperty onSlurmProperty() {
        return onSlurm;
    }

    public boolean isOnSlurm() {
        return onSlurm.get();
    }

    /** {@code --partition} (blank: the cluster's default). */
    public StringProperty partitionProperty() {
        return partition;
    }

    /** GPUs per job, asked for as {@code --gres=gpu:N}. */
    public StringProperty gpusProperty() {
        return gpus;
    }

    /** {@code --cpus-per-task}. */
    public StringProperty cpusProperty() {
        return cpus;
    }

    /** {@code --mem}, e.g. 16G. */
    public StringProperty memProperty() {
        return mem;
    }

    /** {@code --time}, e.g. 2:00:00. */
    public StringProperty timeProperty() {
        return time;
    }

    /** The batch script Start would submit (read-only). */
    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    /** The last submission's outcome. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
