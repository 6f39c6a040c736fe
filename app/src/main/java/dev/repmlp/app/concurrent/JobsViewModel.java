package dev.repmlp.app.concurrent;

import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.concurrent.Worker;

/**
 * The jobs that are running, for the status bar: their names, how many there are and a one-line
 * summary ("idle", "2 jobs running: a, b"). All properties change on the FX thread only.
 */
public final class JobsViewModel {
    /** Summary text when no job runs. */
    public static final String IDLE = "idle";

    private static final int NAMES_SHOWN = 3;

    private final ObservableList<String> names = FXCollections.observableArrayList();
    private final ObservableList<String> namesView =
            FXCollections.unmodifiableObservableList(names);
    private final ReadOnlyIntegerWrapper runningCount =
            new ReadOnlyIntegerWrapper(this, "runningCount", 0);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", IDLE);

    public JobsViewModel() {
        names.addListener(
                (ListChangeListener<String>)
                        change -> {
                            runningCount.set(names.size());
                            summary.set(describe(names));
                        });
    }

    /**
     * Counts {@code worker} as running under {@code name} until it succeeds, fails or is cancelled.
     * Call it before the worker starts; any thread may call it.
     */
    public void track(String name, Worker<?> worker) {
        ChangeListener<Worker.State> whenDone =
                new ChangeListener<>() {
                    @Override
                    public void changed(
                            ObservableValue<? extends Worker.State> observable,
                            Worker.State oldState,
                            Worker.State newState) {
                        if (isDone(newState)) {
                            observable.removeListener(this);
                            names.remove(name);
                        }
                    }
                };
        onFxThread(
                () -> {
                    names.add(name);
                    if (isDone(worker.getState())) {
                        names.remove(name);
                    } else {
                        worker.stateProperty().addListener(whenDone);
                    }
                });
    }

    /** Names of the running jobs, oldest first (read-only). */
    public ObservableList<String> runningNames() {
        return namesView;
    }

    public ReadOnlyIntegerProperty runningCountProperty() {
        return runningCount.getReadOnlyProperty();
    }

    public int getRunningCount() {
        return runningCount.get();
    }

    /** "idle", "1 job running: a" or "4 jobs running: a, b, c, +1 more". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public String getSummary() {
        return summary.get();
    }

    /** The summary line for jobs with these names. */
    public static String describe(List<String> running) {
        int n = running.size();
        if (n == 0) {
            return IDLE;
        }
        String shown = String.join(", ", running.subList(0, Math.min(n, NAMES_SHOWN)));
        String more = n > NAMES_SHOWN ? ", +" + (n - NAMES_SHOWN) + " more" : "";
        return n + (n == 1 ? " job" : " jobs") + " running: " + shown + more;
    }

    private static boolean isDone(Worker.State state) {
        return state == Worker.State.SUCCEEDED
                || state == Worker.State.FAILED
                || state == Worker.State.CANCELLED;
    }

    private static void onFxThread(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
