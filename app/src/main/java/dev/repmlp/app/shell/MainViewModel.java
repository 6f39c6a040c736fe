package dev.repmlp.app.shell;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.engine.EngineInfo;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the main window: the selected page, the window title and the status bar texts (device,
 * JVM memory, running jobs). Device detection loads libtorch, so it runs as a job, never on the FX
 * thread.
 */
public final class MainViewModel {
    /** Device text until detection finishes. */
    public static final String DETECTING_TEXT = "detecting device...";

    /** Name of the device detection job in the status bar. */
    public static final String DETECT_JOB_NAME = "Detecting device";

    private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);
    private static final long MIB = 1024L * 1024L;

    private final JobRunner jobRunner;
    private final Callable<EngineInfo> deviceProbe;
    private final Supplier<HeapUsage> heapUsage;
    private final String version;
    private final String title;

    private final ObjectProperty<Page> selectedPage =
            new SimpleObjectProperty<>(this, "selectedPage", Page.TRAIN);
    private final ReadOnlyObjectWrapper<DeviceState> deviceState =
            new ReadOnlyObjectWrapper<>(this, "deviceState", DeviceState.DETECTING);
    private final ReadOnlyStringWrapper deviceText =
            new ReadOnlyStringWrapper(this, "deviceText", DETECTING_TEXT);
    private final ReadOnlyStringWrapper deviceDetail =
            new ReadOnlyStringWrapper(this, "deviceDetail", "Loading the PyTorch engine");
    private final ReadOnlyStringWrapper memoryText = new ReadOnlyStringWrapper(this, "memoryText");

    /** The app's wiring: detects the device with {@link EngineInfo#detect()}. */
    public MainViewModel(JobRunner jobRunner) {
        this(jobRunner, EngineInfo::detect, HeapUsage::current, AppVersion.current());
    }

    /**
     * @param jobRunner runs device detection
     * @param deviceProbe describes the engine; may be slow and may throw
     * @param heapUsage reads the JVM heap figures
     * @param version the workbench version for the window title
     */
    public MainViewModel(
            JobRunner jobRunner,
            Callable<EngineInfo> deviceProbe,
            Supplier<HeapUsage> heapUsage,
            String version) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.deviceProbe = Objects.requireNonNull(deviceProbe, "deviceProbe");
        this.heapUsage = Objects.requireNonNull(heapUsage, "heapUsage");
        this.version = Objects.requireNonNull(version, "version");
        this.title = "RepMLP Workbench " + version;
        refreshMemory();
    }

    /** Starts device detection as a background job; the device properties change when it ends. */
    public void detectDevice() {
        jobRunner.start(
                DETECT_JOB_NAME,
                context -> deviceProbe.call(),
                this::deviceDetected,
                this::deviceFailed);
    }

    /** Shows {@code info} as the device (FX thread). */
    void deviceDetected(EngineInfo info) {
        deviceText.set(info.deviceSummary());
        deviceDetail.set(
                info.engineName()
                        + " "
                        + info.pytorchVersion()
                        + " on DJL "
                        + info.djlVersion()
                        + ", workbench "
                        + info.workbenchVersion());
        deviceState.set(DeviceState.READY);
    }

    /** Shows why the engine could not be loaded (FX thread); the rest of the app keeps working. */
    void deviceFailed(Throwable error) {
        String reason = Failures.describe(error);
        // the job runner logs the stack trace
        LOG.warn("Engine unavailable: {}", reason);
        deviceText.set("Engine unavailable: " + reason);
        deviceDetail.set(
                "The PyTorch engine could not be loaded ("
                        + reason
                        + "). Pages that need it will say so.");
        deviceState.set(DeviceState.UNAVAILABLE);
    }

    /** Re-reads the JVM heap figures; the view calls it every few seconds. */
    public void refreshMemory() {
        memoryText.set(formatMemory(heapUsage.get()));
    }

    /** "Memory 312 / 4096 MB", or "Memory 312 MB" when the heap has no limit. */
    static String formatMemory(HeapUsage usage) {
        long used = usage.usedBytes() / MIB;
        if (usage.maxBytes() == Long.MAX_VALUE) {
            return String.format(Locale.ROOT, "Memory %d MB", used);
        }
        return String.format(Locale.ROOT, "Memory %d / %d MB", used, usage.maxBytes() / MIB);
    }

    /** The workbench version, e.g. "0.1.0" ("dev" when run from classes). */
    public String getVersion() {
        return version;
    }

    /** "RepMLP Workbench 0.1.0". */
    public String getTitle() {
        return title;
    }

    public ObjectProperty<Page> selectedPageProperty() {
        return selectedPage;
    }

    public Page getSelectedPage() {
        return selectedPage.get();
    }

    public void selectPage(Page page) {
        selectedPage.set(Objects.requireNonNull(page, "page"));
    }

    public ReadOnlyObjectProperty<DeviceState> deviceStateProperty() {
        return deviceState.getReadOnlyProperty();
    }

    public DeviceState getDeviceState() {
        return deviceState.get();
    }

    /** "detecting device...", "CPU (16 threads)" or "Engine unavailable: reason". */
    public ReadOnlyStringProperty deviceTextProperty() {
        return deviceText.getReadOnlyProperty();
    }

    public String getDeviceText() {
        return deviceText.get();
    }

    /** Versions behind the device text, for a tooltip. */
    public ReadOnlyStringProperty deviceDetailProperty() {
        return deviceDetail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty memoryTextProperty() {
        return memoryText.getReadOnlyProperty();
    }

    public String getMemoryText() {
        return memoryText.get();
    }

    /** "idle" or "2 jobs running: a, b". */
    public ReadOnlyStringProperty jobsTextProperty() {
        return jobRunner.jobs().summaryProperty();
    }

    public String getJobsText() {
        return jobRunner.jobs().getSummary();
    }
}
