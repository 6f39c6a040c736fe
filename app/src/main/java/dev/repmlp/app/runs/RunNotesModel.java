package dev.repmlp.app.runs;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.concurrent.LatestRequest;
import dev.repmlp.engine.runs.RunNotes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * The user's notes and tags on the listed runs ({@link RunNotes}, each run's notes.json, read and
 * written off the FX thread), the one run whose notes are being edited, and the filter of the Runs
 * table: a run is shown when every word of the filter occurs (ignoring case) in its name, a tag or
 * its notes. FX thread only.
 */
public final class RunNotesModel {
    private final JobRunner jobRunner;
    private final ObservableMap<Path, RunNotes> notes = FXCollections.observableHashMap();
    private final ObservableMap<Path, RunNotes> notesView =
            FXCollections.unmodifiableObservableMap(notes);
    private final Map<Path, String> problems = new HashMap<>();
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyObjectWrapper<Predicate<RunRow>> predicate =
            new ReadOnlyObjectWrapper<>(this, "predicate", r -> true);
    private final ReadOnlyObjectWrapper<RunRow> editing =
            new ReadOnlyObjectWrapper<>(this, "editing");
    private final StringProperty tagsText = new SimpleStringProperty(this, "tagsText", "");
    private final StringProperty notesText = new SimpleStringProperty(this, "notesText", "");
    private final ReadOnlyStringWrapper message =
            new ReadOnlyStringWrapper(this, "message", "Select a run to write its notes and tags");
    private final LatestRequest loads = new LatestRequest();

    public RunNotesModel(JobRunner jobRunner) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        filter.addListener((obs, old, text) -> updatePredicate());
    }

    /**
     * Whether {@code run} with {@code notes} passes the filter {@code query}: every
     * whitespace-separated word occurs, ignoring case, in the run's name, a tag or the notes. A
     * blank query passes every run.
     */
    public static boolean matches(RunRow run, RunNotes notes, String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String name = run.name().toLowerCase(Locale.ROOT);
        for (String word : query.strip().split("\\s+")) {
            if (!name.contains(word.toLowerCase(Locale.ROOT)) && !notes.mentions(word)) {
                return false;
            }
        }
        return true;
    }

    private void updatePredicate() {
        String q = filter.get();
        Map<Path, RunNotes> snapshot = Map.copyOf(notes);
        predicate.set(r -> matches(r, snapshot.getOrDefault(r.dir(), RunNotes.EMPTY), q));
    }

    /** Reads the notes of {@code runs} (off the FX thread); a damaged file is remembered. */
    public void load(List<RunRow> runs) {
        List<Path> dirs = runs.stream().map(RunRow::dir).toList();
        LatestRequest.Ticket ticket = loads.next();
        jobRunner.start(
                "Reading run notes",
                context -> {
                    Map<Path, RunNotes> read = new HashMap<>();
                    Map<Path, String> bad = new HashMap<>();
                    for (Path d : dirs) {
                        try {
                            read.put(d, RunNotes.read(d));
                        } catch (IOException e) {
                            bad.put(d, Failures.describe(e));
                        }
                    }
                    return new Loaded(read, bad);
                },
                l -> {
                    if (ticket.isLatest()) {
                        loaded(l);
                    }
                },
                error -> message.set("Cannot read notes: " + Failures.describe(error)));
    }

    private record Loaded(Map<Path, RunNotes> notes, Map<Path, String> problems) {}

    private void loaded(Loaded l) {
        boolean dirty = isDirty();
        notes.keySet().retainAll(l.notes().keySet());
        notes.putAll(l.notes());
        problems.clear();
        problems.putAll(l.problems());
        updatePredicate();
        RunRow e = editing.get();
        if (e != null && !dirty) {
            showTexts(e);
        }
    }

    /** The notes of the run in {@code dir} ({@link RunNotes#EMPTY} when none or not read yet). */
    public RunNotes notesOf(Path dir) {
        return notes.getOrDefault(dir, RunNotes.EMPTY);
    }

    /** The run's tags as the table shows them: {@code "baseline, t224"}. */
    public String tagsTextOf(Path dir) {
        return notesOf(dir).tagsText();
    }

    /** The run's notes on one line, or "(notes.json damaged)" when they cannot be read. */
    public String notesLineOf(Path dir) {
        return problemOf(dir).isEmpty()
                ? notesOf(dir).notes().strip().replace('\n', ' ')
                : "(" + RunNotes.FILE + " damaged)";
    }

    /** Why the run's notes.json cannot be read, or "" when it can. */
    public String problemOf(Path dir) {
        return problems.getOrDefault(dir, "");
    }

    /**
     * Edits the notes of {@code run} (null: none); unsaved edits of the run edited so far are saved
     * first, so switching runs loses nothing.
     */
    public void edit(RunRow run) {
        RunRow before = editing.get();
        if (before != null && run != null && before.dir().equals(run.dir())) {
            editing.set(run);
            return;
        }
        if (before != null && isDirty()) {
            save();
        }
        editing.set(run);
        if (run == null) {
            tagsText.set("");
            notesText.set("");
            message.set("Select a run to write its notes and tags");
            return;
        }
        showTexts(run);
    }

    private void showTexts(RunRow run) {
        RunNotes n = notesOf(run.dir());
        tagsText.set(n.tagsText());
        notesText.set(n.notes());
        String problem = problemOf(run.dir());
        message.set(problem.isEmpty() ? "Notes of " + run.name() : problem);
    }

    /** Whether the texts differ from the edited run's saved notes. */
    public boolean isDirty() {
        RunRow e = editing.get();
        if (e == null) {
            return false;
        }
        RunNotes n = notesOf(e.dir());
        return !RunNotes.parseTags(tagsText.get()).equals(n.tags())
                || !notesText.get().equals(n.notes());
    }

    /**
     * Writes the edited run's notes.json (atomically, off the FX thread). A run whose notes.json is
     * damaged is not written over: the message says to fix or delete it first.
     */
    public void save() {
        RunRow run = editing.get();
        if (run == null) {
            return;
        }
        String problem = problemOf(run.dir());
        if (!problem.isEmpty()) {
            message.set("Not saved, so as not to overwrite it: " + problem);
            return;
        }
        RunNotes n = new RunNotes(notesText.get(), RunNotes.parseTags(tagsText.get()));
        Path dir = run.dir();
        // shown at once, so that the table and the filter follow; put back if the write fails
        RunNotes before = notesOf(dir);
        notes.put(dir, n);
        updatePredicate();
        jobRunner.start(
                "Saving the notes of " + run.name(),
                context -> {
                    RunNotes.write(dir, n);
                    return dir;
                },
                saved -> message.set("Saved the notes of " + run.name() + " in " + RunNotes.FILE),
                error -> {
                    if (n.equals(notes.get(dir))) {
                        notes.put(dir, before);
                        updatePredicate();
                    }
                    message.set(
                            "Cannot save the notes of "
                                    + run.name()
                                    + ": "
                                    + Failures.describe(error));
                });
    }

    /** Every run's notes read so far, by run directory (read-only). */
    public ObservableMap<Path, RunNotes> notes() {
        return notesView;
    }

    /** The filter typed into the filter box. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** Which runs the table shows, following the filter and the notes. */
    public ReadOnlyObjectProperty<Predicate<RunRow>> predicateProperty() {
        return predicate.getReadOnlyProperty();
    }

    /** The run whose notes are edited (null when none). */
    public ReadOnlyObjectProperty<RunRow> editingProperty() {
        return editing.getReadOnlyProperty();
    }

    /** The edited run's tags, separated by commas. */
    public StringProperty tagsTextProperty() {
        return tagsText;
    }

    /** The edited run's notes. */
    public StringProperty notesTextProperty() {
        return notesText;
    }

    /** What was last saved, or why not. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
