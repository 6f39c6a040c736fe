package dev.repmlp.app;

import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.FeaturePages;
import dev.repmlp.app.shell.MainViewModel;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.app.shell.ScreenshotTour;
import dev.repmlp.app.shell.SmokeCheck;
import dev.repmlp.app.ui.Settings;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The workbench window.
 *
 * <p>Arguments: {@code --screenshot=<dir>} shows the window, saves a PNG of each page into {@code
 * dir} and exits (status 0 when all were written). {@code --smoke-test} shows the window, loads the
 * demo model, classifies a sample image, logs the prediction and exits (0 on success, 1 on
 * failure); see {@link SmokeCheck}. {@code --size=<width>x<height>} opens the window at that size
 * (e.g. {@code --size=900x600} with {@code --screenshot} for the smallest window).
 *
 * <p>The window remembers its size, the runs folder, the last dataset and split positions across
 * restarts (Java user preferences, {@link Settings#user()}); screenshot and smoke-test runs neither
 * read nor change them.
 */
public final class WorkbenchApp extends Application {
    private static final AtomicInteger EXIT_STATUS = new AtomicInteger();
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(WorkbenchApp.class);

    private ExecutorJobRunner jobRunner;

    @Override
    public void start(Stage stage) {
        jobRunner = ExecutorJobRunner.daemon();
        MainViewModel viewModel = new MainViewModel(jobRunner);
        String screenshots = getParameters().getNamed().get("screenshot");
        boolean oneShot =
                screenshots != null || getParameters().getUnnamed().contains("--smoke-test");
        Settings settings = oneShot ? Settings.inMemory() : Settings.user();
        FeaturePages pages =
                oneShot ? FeaturePages.forApp(jobRunner, settings) : FeaturePages.forApp(jobRunner);
        MainWindow.install(stage, viewModel, pages);
        settings.rememberWindow(stage);
        String size = getParameters().getNamed().get("size");
        if (size != null) {
            String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                stage.setWidth(Double.parseDouble(wh[0]));
                stage.setHeight(Double.parseDouble(wh[1]));
            } catch (RuntimeException e) {
                LOG.warn("--size={} is not WIDTHxHEIGHT (e.g. --size=1280x800); ignored", size);
            }
        }
        stage.show();
        viewModel.detectDevice();

        if (getParameters().getUnnamed().contains("--smoke-test")) {
            SmokeCheck.forApp(viewModel, pages.classifyViewModel()).start(this::exit);
            return;
        }

        if (screenshots != null) {
            new ScreenshotTour(stage.getScene(), viewModel, Path.of(screenshots)).start(this::exit);
        }
    }

    private void exit(int status) {
        EXIT_STATUS.set(status);
        Platform.exit();
    }

    @Override
    public void stop() {
        if (jobRunner != null) {
            jobRunner.close();
        }
    }

    public static void main(String[] args) {
        launch(WorkbenchApp.class, args);
        int status = EXIT_STATUS.get();
        if (status != 0) {
            System.exit(status);
        }
    }
}
