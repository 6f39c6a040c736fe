package dev.repmlp.app.concurrent;

import java.util.concurrent.Executor;
import javafx.application.Platform;

/**
 * The thread that owns the UI state: where background results are handed over. View-models and
 * {@link FxBatcher} get one injected (as JabRef injects its UI task executor), so that tests can
 * run them without the FX toolkit through {@link #direct()}.
 */
public interface UiThread extends Executor {

    /** True when the caller is on this thread and may touch UI state directly. */
    boolean isCurrent();

    /** The JavaFX application thread ({@code Platform.runLater}). */
    static UiThread fx() {
        return FxThread.INSTANCE;
    }

    /**
     * Runs every action at once on the calling thread, which counts as the UI thread: for tests
     * that drive a view-model from one thread without the FX toolkit.
     */
    static UiThread direct() {
        return DirectThread.INSTANCE;
    }

    /** {@link UiThread#fx()}. */
    enum FxThread implements UiThread {
        INSTANCE;

        @Override
        public void execute(Runnable action) {
            Platform.runLater(action);
        }

        @Override
        public boolean isCurrent() {
            return Platform.isFxApplicationThread();
        }
    }

    /** {@link UiThread#direct()}. */
    enum DirectThread implements UiThread {
        INSTANCE;

        @Override
        public void execute(Runnable action) {
            action.run();
        }

        @Override
        public boolean isCurrent() {
            return true;
        }
    }
}
