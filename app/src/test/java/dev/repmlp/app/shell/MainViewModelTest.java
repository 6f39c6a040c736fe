package dev.repmlp.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.SameThreadJobRunner;
import dev.repmlp.engine.EngineInfo;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** View-model logic without the FX toolkit: no job is run here. */
class MainViewModelTest {
    private static final long MIB = 1024L * 1024L;

    private final AtomicLong usedMib = new AtomicLong(100);
    private final MainViewModel viewModel =
            new MainViewModel(
                    new SameThreadJobRunner(),
                    () -> {
                        throw new AssertionError("detection is not started in these tests");
                    },
                    () -> new HeapUsage(usedMib.get() * MIB, 2048 * MIB),
                    "1.2.3");

    @Test
    void titleNamesTheVersion() {
        assertEquals("RepMLP Workbench 1.2.3", viewModel.getTitle());
    }

    @Test
    void startsOnTheTrainPage() {
        assertEquals(Page.TRAIN, viewModel.getSelectedPage());
    }

    @Test
    void selectingAPageChangesTheSelectedPage() {
        viewModel.selectPage(Page.KERNELS);

        assertEquals(Page.KERNELS, viewModel.getSelectedPage());
    }

    @Test
    void saysDetectingUntilTheDeviceIsKnown() {
        assertEquals("detecting device...", viewModel.getDeviceText());
        assertEquals(DeviceState.DETECTING, viewModel.getDeviceState());
    }

    @Test
    void detectedCpuEngineShowsItsThreads() {
        viewModel.deviceDetected(
                new EngineInfo("1.2.3", "0.33.0", "PyTorch", "2.5.1", 8, List.of()));

        assertEquals("CPU (8 threads)", viewModel.getDeviceText());
        assertEquals(DeviceState.READY, viewModel.getDeviceState());
        assertEquals(
                "PyTorch 2.5.1 on DJL 0.33.0, workbench 1.2.3",
                viewModel.deviceDetailProperty().get());
    }

    @Test
    void detectedGpusAreNamed() {
        viewModel.deviceDetected(
                new EngineInfo("1.2.3", "0.33.0", "PyTorch", "2.5.1", 16, List.of("gpu(0)")));

        assertEquals("GPU: gpu(0) + CPU (16 threads)", viewModel.getDeviceText());
    }

    @Test
    void failedDetectionSaysWhyTheEngineIsUnavailable() {
        viewModel.deviceFailed(new UnsatisfiedLinkError("no torch in java.library.path"));

        assertEquals(
                "Engine unavailable: no torch in java.library.path", viewModel.getDeviceText());
        assertEquals(DeviceState.UNAVAILABLE, viewModel.getDeviceState());
    }

    @Test
    void memoryShowsUsedAndMaximumInMegabytes() {
        assertEquals("Memory 100 / 2048 MB", viewModel.getMemoryText());
    }

    @Test
    void memoryWithoutLimitShowsOnlyTheUsedPart() {
        assertEquals(
                "Memory 5 MB", MainViewModel.formatMemory(new HeapUsage(5 * MIB, Long.MAX_VALUE)));
    }

    @Test
    void refreshingMemoryRereadsTheHeap() {
        usedMib.set(300);

        viewModel.refreshMemory();

        assertEquals("Memory 300 / 2048 MB", viewModel.getMemoryText());
    }

    @Test
    void jobsTextIsIdleWithoutJobs() {
        assertEquals("idle", viewModel.getJobsText());
        assertTrue(viewModel.jobsTextProperty().get().equals("idle"));
    }
}
