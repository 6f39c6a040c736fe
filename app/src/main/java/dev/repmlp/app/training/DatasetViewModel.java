package dev.repmlp.app.training;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.engine.data.DatasetSummary;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

/**
 * The dataset part of the launch form: scans the chosen folder off the FX thread ({@link
 * DatasetSummary}) and shows its classes, images per split, unreadable files and a few samples. A
 * new folder cancels the scan of the previous one; typing is debounced. FX thread only.
 */
public final class DatasetViewModel {
    /** Quiet time after the last keystroke before a folder is scanned. */
    public static final Duration DEBOUNCE = Duration.millis(300);

    /** Name of the scan job in the status bar. */
    public static final String JOB_NAME = "Scanning dataset";

    /** Unreadable files listed at most. */
    static final int UNREADABLE_SHOWN = 50;

    /**
     * Images of one class.
     *
     * @param name the class folder
     * @param train images in train/
     * @param val images in val/
     */
    public record ClassCount(String name, int train, int val) {}

    private final JobRunner jobRunner;
    private final PauseTransition debounce = new PauseTransition(DEBOUNCE);
    private final ReadOnlyBooleanWrapper scanning = new ReadOnlyBooleanWrapper(this, "scanning");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyIntegerWrapper classCount =
            new ReadOnlyIntegerWrapper(this, "classCount", -1);
    private final ReadOnlyIntegerWrapper trainImages =
            new ReadOnlyIntegerWrapper(this, "trainImages", 0);
    private final ObservableList<ClassCount> classes = FXCollections.observableArrayList();
    private final ObservableList<String> unreadable = FXCollections.observableArrayList();
    private final ObservableList<Path> samples = FXCollections.observableArrayList();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    // kept in fields: an unmodifiable view holds its backing list's listener weakly
    private final ObservableList<ClassCount> classesView =
            FXCollections.unmodifiableObservableList(classes);
    private final ObservableList<String> unreadableView =
            FXCollections.unmodifiableObservableList(unreadable);
    private final ObservableList<Path> samplesView =
            FXCollections.unmodifiableObservableList(samples);
    private final ObservableList<String> problemsView =
            FXCollections.unmodifiableObservableList(problems);
    private String pending = "";
    private String scanned;
    private AtomicBoolean cancelCurrent = new AtomicBoolean();
    private int generation;

    public DatasetViewModel(JobRunner jobRunner) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        debounce.setOnFinished(event -> scanNow(pending));
    }

    /** Scans {@code folder} once typing has paused for {@link #DEBOUNCE}. */
    public void request(String folder) {
        pending = folder == null ? "" : folder.strip();
        if (pending.equals(scanned) && !scanning.get()) {
            return;
        }
        scanning.set(true);
        debounce.playFromStart();
    }

    /** Scans {@code folder} now, cancelling a scan in progress. */
    public void scanNow(String folder) {
        debounce.stop();
        String text = folder == null ? "" : folder.strip();
        cancelCurrent.set(true);
        int mine = ++generation;
        scanned = text;
        clear();
        if (text.isEmpty()) {
            scanning.set(false);
            return;
        }
        Path root;
        try {
            root = Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            scanning.set(false);
            problems.add("not a valid path: " + e.getReason());
            return;
        }
        AtomicBoolean cancel = new AtomicBoolean();
        cancelCurrent = cancel;
        scanning.set(true);
        summary.set("Scanning " + root + " ...");
        jobRunner.start(
                JOB_NAME,
                context ->
                        DatasetSummary.scan(
                                root,
                                DatasetSummary.DEFAULT_CHECK_LIMIT,
                                DatasetSummary.DEFAULT_SAMPLES,
                                () -> cancel.get() || context.isCancelled()),
                scanned -> {
                    if (mine == generation) {
                        show(scanned);
                    }
                },
                error -> {
                    if (mine == generation) {
                        scanning.set(false);
                        summary.set("");
                        problems.add("cannot scan " + root + ": " + Failures.describe(error));
                    }
                });
    }

    private void clear() {
        summary.set("");
        classCount.set(-1);
        trainImages.set(0);
        classes.clear();
        unreadable.clear();
        samples.clear();
        problems.clear();
    }

    private void show(DatasetSummary s) {
        scanning.set(false);
        problems.setAll(s.problems());
        DatasetSummary.Split train = s.split("train").orElse(null);
        DatasetSummary.Split val = s.split("val").orElse(null);
        List<ClassCount> rows = new ArrayList<>();
        for (String c : s.classes()) {
            rows.add(
                    new ClassCount(
                            c, train == null ? 0 : train.count(c), val == null ? 0 : val.count(c)));
        }
        classes.setAll(rows);
        classCount.set(s.splits().isEmpty() ? -1 : s.classes().size());
        trainImages.set(train == null ? 0 : train.images());
        List<Path> bad = s.unreadable();
        List<String> shown = new ArrayList<>();
        for (Path p : bad.subList(0, Math.min(bad.size(), UNREADABLE_SHOWN))) {
            shown.add(relative(s.root(), p));
        }
        if (bad.size() > UNREADABLE_SHOWN) {
            shown.add("... and " + (bad.size() - UNREADABLE_SHOWN) + " more");
        }
        unreadable.setAll(shown);
        if (train != null) {
            samples.setAll(train.samples());
        }
        summary.set(describe(s));
    }

    /** "10 classes · train 5,000 · val 1,000 images · all 6,000 decode". */
    static String describe(DatasetSummary s) {
        if (s.splits().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(count(s.classes().size(), "class", "classes"));
        int images = 0;
        int checked = 0;
        for (DatasetSummary.Split split : s.splits()) {
            b.append(" \u00b7 ").append(split.name()).append(' ').append(group(split.images()));
            images += split.images();
            checked += split.checked();
        }
        b.append(" images \u00b7 ");
        int bad = s.unreadable().size();
        if (checked == images) {
            b.append(
                    bad == 0
                            ? "all " + group(images) + " decode"
                            : count(bad, "unreadable file", "unreadable files"));
        } else {
            b.append(group(checked))
                    .append(" checked, ")
                    .append(bad == 0 ? "all decode" : count(bad, "unreadable", "unreadable"));
        }
        return b.toString();
    }

    private static String count(int n, String one, String many) {
        return group(n) + " " + (n == 1 ? one : many);
    }

    private static String group(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String relative(Path root, Path p) {
        try {
            return root.relativize(p).toString();
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }

    /** True from a folder change until its scan has ended. */
    public ReadOnlyBooleanProperty scanningProperty() {
        return scanning.getReadOnlyProperty();
    }

    public boolean isScanning() {
        return scanning.get();
    }

    /** One line: classes, images per split, unreadable files. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Classes found, or -1 while unknown. */
    /** Images in the train split (0 while unknown): the recipe choice and the LR preview use it. */
    public ReadOnlyIntegerProperty trainImagesProperty() {
        return trainImages.getReadOnlyProperty();
    }

    public int getTrainImages() {
        return trainImages.get();
    }

    public ReadOnlyIntegerProperty classCountProperty() {
        return classCount.getReadOnlyProperty();
    }

    public int getClassCount() {
        return classCount.get();
    }

    /** Images per class and split (read-only). */
    public ObservableList<ClassCount> classes() {
        return classesView;
    }

    /** Files that do not decode, relative to the dataset folder (read-only). */
    public ObservableList<String> unreadable() {
        return unreadableView;
    }

    /** A few readable training images, classes in turn (read-only). */
    public ObservableList<Path> samples() {
        return samplesView;
    }

    /** What stops training on this folder (read-only; empty when usable). */
    public ObservableList<String> problems() {
        return problemsView;
    }
}
