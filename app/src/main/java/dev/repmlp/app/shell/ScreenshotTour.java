package dev.repmlp.app.shell;

import dev.repmlp.app.concurrent.JobsViewModel;
import dev.repmlp.app.export.PngExport;
import dev.repmlp.app.ui.PageReadiness;
import dev.repmlp.app.ui.ScreenshotHooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import javafx.animation.PauseTransition;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Visits every page and saves a PNG of the whole window for each ({@code <page>.png}), for docs and
 * visual checks. It first waits for device detection to end (or {@link #DEVICE_TIMEOUT}), so the
 * status bar shows the device.
 *
 * <p>A page can ask to be shown with content ({@link ScreenshotHooks}): the tour runs its prepare
 * hook on arrival and shoots once it is ready (its hook, and any {@link PageReadiness} flag), or
 * after {@link #PAGE_TIMEOUT}.
 */
public final class ScreenshotTour {
    /** Longest wait for device detection before shooting anyway. */
    public static final Duration DEVICE_TIMEOUT = Duration.seconds(60);

    /** Longest wait for a page to become ready. */
    public static final Duration PAGE_TIMEOUT = Duration.seconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(ScreenshotTour.class);
    private static final Duration SETTLE = Duration.millis(400);
    private static final Duration POLL = Duration.millis(200);

    private final Scene scene;
    private final MainViewModel viewModel;
    private final Path directory;
    private final Deque<Page> remaining = new ArrayDeque<>(Arrays.asList(Page.values()));
    private IntConsumer onDone = status -> {};
    private double waitedMillis;

    public ScreenshotTour(Scene scene, MainViewModel viewModel, Path directory) {
        this.scene = Objects.requireNonNull(scene, "scene");
        this.viewModel = Objects.requireNonNull(viewModel, "viewModel");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Starts the tour on the FX thread; returns at once.
     *
     * @param onDone called on the FX thread with 0 when all PNGs were written, 1 otherwise
     */
    public void start(IntConsumer onDone) {
        this.onDone = Objects.requireNonNull(onDone, "onDone");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            LOG.error("Cannot create screenshot directory {}", directory, e);
            onDone.accept(1);
            return;
        }
        awaitDevice();
    }

    private void awaitDevice() {
        boolean settled =
                viewModel.getDeviceState() != DeviceState.DETECTING
                        && JobsViewModel.IDLE.equals(viewModel.getJobsText());
        if (settled || waitedMillis >= DEVICE_TIMEOUT.toMillis()) {
            next();
            return;
        }
        waitedMillis += POLL.toMillis();
        after(POLL, this::awaitDevice);
    }

    private void next() {
        Page page = remaining.poll();
        if (page == null) {
            onDone.accept(0);
            return;
        }
        viewModel.selectPage(page);
        Node view = scene.lookup("#" + page.id() + "-view");
        Map<Object, Object> hooks = view == null ? Map.of() : view.getProperties();
        if (hooks.get(ScreenshotHooks.PREPARE) instanceof Runnable prepare) {
            prepare.run();
        }
        awaitPage(page, hooks.get(ScreenshotHooks.READY), 0);
    }

    private void awaitPage(Page page, Object ready, double waited) {
        Node view = scene.lookup("#" + page.id() + "-view");
        boolean isReady =
                (!(ready instanceof ObservableValue<?> value)
                                || Boolean.TRUE.equals(value.getValue()))
                        && (view == null || PageReadiness.isReady(view));
        if (!isReady && waited < PAGE_TIMEOUT.toMillis()) {
            after(POLL, () -> awaitPage(page, ready, waited + POLL.toMillis()));
            return;
        }
        if (!isReady) {
            LOG.warn("Page {} not ready after {}; shooting anyway", page.id(), PAGE_TIMEOUT);
        }
        after(
                SETTLE,
                () -> {
                    // layout after showing may have started more work (e.g. a redraw)
                    double total = waited + SETTLE.toMillis();
                    if (view != null
                            && !PageReadiness.isReady(view)
                            && total < PAGE_TIMEOUT.toMillis()) {
                        awaitPage(page, ready, total);
                        return;
                    }
                    Path file = directory.resolve(page.id() + ".png");
                    try {
                        save(scene.snapshot(null), file);
                        LOG.info("Saved {}", file);
                    } catch (IOException | RuntimeException e) {
                        LOG.error("Cannot save screenshot {}", file, e);
                        onDone.accept(1);
                        return;
                    }
                    next();
                });
    }

    private static void save(WritableImage image, Path file) throws IOException {
        PngExport.write(image, file);
    }

    private static void after(Duration delay, Runnable action) {
        PauseTransition pause = new PauseTransition(delay);
        pause.setOnFinished(event -> action.run());
        pause.play();
    }
}
