package dev.repmlp.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;

/**
 * What the engine runs on: workbench, DJL and PyTorch versions and the devices DJL sees.
 *
 * @param workbenchVersion version of this workbench (from the jar manifest, or "dev")
 * @param djlVersion DJL version
 * @param engineName DJL engine name (always "PyTorch" here)
 * @param pytorchVersion libtorch version that DJL loaded
 * @param cpuThreads logical CPU threads available to the JVM
 * @param gpus names of the GPUs DJL sees, empty when none
 */
public record EngineInfo(
        String workbenchVersion,
        String djlVersion,
        String engineName,
        String pytorchVersion,
        int cpuThreads,
        List<String> gpus) {

    /** Loads the PyTorch engine (natives from the Maven jar) and describes it. */
    public static EngineInfo detect() {
        Engine engine = Engine.getEngine("PyTorch");
        int gpuCount = engine.getGpuCount();
        List<String> gpus = new ArrayList<>();
        for (int i = 0; i < gpuCount; i++) {
            gpus.add(Device.gpu(i).toString());
        }
        return new EngineInfo(
                currentVersion(),
                Engine.getDjlVersion(),
                engine.getEngineName(),
                engine.getVersion(),
                Runtime.getRuntime().availableProcessors(),
                List.copyOf(gpus));
    }

    /** The workbench version from the jar manifest; "dev" when run from classes. */
    public static String currentVersion() {
        String v = EngineInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** A short device description for status bars, e.g. "CPU (2 threads)" or "GPU: gpu(0)". */
    public String deviceSummary() {
        if (gpus.isEmpty()) {
            return "CPU (" + cpuThreads + " threads)";
        }
        return "GPU: " + String.join(", ", gpus) + " + CPU (" + cpuThreads + " threads)";
    }
}
