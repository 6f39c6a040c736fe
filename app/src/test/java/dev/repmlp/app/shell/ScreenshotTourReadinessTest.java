package dev.repmlp.app.shell;

import static dev.repmlp.app.FxTesting.awaitFx;
import static dev.repmlp.app.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.SameThreadJobRunner;
import dev.repmlp.app.ui.PageReadiness;
import dev.repmlp.engine.EngineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The tour waits on a page that declares itself not ready yet (cf. {@link PageReadiness}). */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTourReadinessTest {
    private final SimpleBooleanProperty kernelsReady = new SimpleBooleanProperty(false);
    private MainViewModel viewModel;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        viewModel =
                new MainViewModel(
                        new SameThreadJobRunner(),
                        () -> new EngineInfo("9.9.9", "0.33.0", "PyTorch", "2.5.1", 4, List.of()),
                        HeapUsage::current,
                        "9.9.9");
        PageFactory pages =
                page -> {
                    Label view = new Label(page.title());
                    view.setId(page.id() + "-view");
                    if (page == Page.KERNELS) {
                        PageReadiness.declare(view, kernelsReady);
                    }
                    return view;
                };
        MainWindow.install(stage, viewModel, pages);
        stage.show();
        viewModel.detectDevice();
    }

    @Test
    void waitsForAPageToBeReadyBeforeShootingIt(@TempDir Path dir) throws Exception {
        AtomicInteger status = new AtomicInteger(-1);
        onFx(
                () -> {
                    new ScreenshotTour(stage.getScene(), viewModel, dir).start(status::set);
                    return null;
                });

        awaitFx(() -> Files.exists(dir.resolve("runs.png")));
        Thread.sleep(1500);
        assertFalse(Files.exists(dir.resolve("kernels.png")));
        assertEquals(Page.KERNELS, viewModel.getSelectedPage());

        onFx(
                () -> {
                    kernelsReady.set(true);
                    return null;
                });

        awaitFx(() -> status.get() == 0);
        assertTrue(Files.exists(dir.resolve("kernels.png")));
        assertTrue(Files.exists(dir.resolve("classify.png")));
    }
}
