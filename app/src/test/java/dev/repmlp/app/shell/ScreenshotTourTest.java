package dev.repmlp.app.shell;

import static dev.repmlp.app.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repmlp.app.concurrent.SameThreadJobRunner;
import dev.repmlp.engine.EngineInfo;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class ScreenshotTourTest {
    private final SameThreadJobRunner jobRunner = new SameThreadJobRunner();
    private MainViewModel viewModel;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        viewModel =
                new MainViewModel(
                        jobRunner,
                        () -> new EngineInfo("9.9.9", "0.33.0", "PyTorch", "2.5.1", 4, List.of()),
                        HeapUsage::current,
                        "9.9.9");
        MainWindow.install(stage, viewModel, new FeaturePages(jobRunner));
        stage.show();
        viewModel.detectDevice();
    }

    @Test
    void savesOneWindowSizedPngPerPage(@TempDir Path dir) throws Exception {
        AtomicInteger status = new AtomicInteger(-1);

        onFx(
                () -> {
                    new ScreenshotTour(stage.getScene(), viewModel, dir).start(status::set);
                    return null;
                });

        // the kernels page loads the demo model before it is shot
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.get() != -1);
        assertEquals(0, status.get());
        for (Page page : Page.values()) {
            BufferedImage png = ImageIO.read(dir.resolve(page.id() + ".png").toFile());
            assertEquals((int) MainWindow.WIDTH, png.getWidth(), page.id());
            assertEquals((int) MainWindow.HEIGHT, png.getHeight(), page.id());
        }
    }
}
