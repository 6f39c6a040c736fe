package dev.repmlp.app.tracking;

import dev.repmlp.engine.runs.RunsHome;
import java.nio.file.Path;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The folder that holds the run directories, shared by the Train page (where new runs go) and the
 * Runs page (which lists them). FX thread only.
 */
public final class RunsFolder {
    private final ObjectProperty<Path> path;
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");

    /**
     * The default runs folder of the CLI and the window ({@link RunsHome}: {@code $REPMLP_RUNS},
     * else {@code repmlp-runs} in the home folder), whatever folder the app was started from.
     */
    public RunsFolder() {
        this(RunsHome.defaultFolder());
    }

    public RunsFolder(Path path) {
        this.path = new SimpleObjectProperty<>(this, "path", Objects.requireNonNull(path));
    }

    public ObjectProperty<Path> pathProperty() {
        return path;
    }

    public Path getPath() {
        return path.get();
    }

    public void setPath(Path value) {
        path.set(Objects.requireNonNull(value, "path").toAbsolutePath().normalize());
    }

    /** Counts {@link #touch()} calls: listeners refresh their listing when it changes. */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /** Says that a run in the folder was created or changed state. */
    public void touch() {
        revision.set(revision.get() + 1);
    }
}
