package dev.repmlp.app.shell;

import static dev.repmlp.app.FxTesting.awaitFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.SameThreadJobRunner;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The app's own wiring: {@code EngineInfo.detect()} loads libtorch from the Maven natives jar. */
class RealEngineDetectionTest {

    @BeforeAll
    static void startFx() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void realEngineReportsItsDevice() throws TimeoutException {
        MainViewModel viewModel = new MainViewModel(new SameThreadJobRunner());

        // runs on this test thread, like a job thread; the results arrive on the FX thread
        viewModel.detectDevice();

        awaitFx(() -> viewModel.getDeviceState() != DeviceState.DETECTING);
        assertEquals(DeviceState.READY, viewModel.getDeviceState(), viewModel.getDeviceText());
        assertTrue(
                viewModel.getDeviceText().matches("(GPU: .+ \\+ )?CPU \\(\\d+ threads\\)"),
                viewModel.getDeviceText());
        assertTrue(
                viewModel.deviceDetailProperty().get().startsWith("PyTorch 2.5.1 on DJL 0.33.0"),
                viewModel.deviceDetailProperty().get());
    }
}
