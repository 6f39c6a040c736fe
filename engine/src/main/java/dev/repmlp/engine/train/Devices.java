package dev.repmlp.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;

/** The {@code device} setting of a run ({@code --device}) as DJL devices. */
final class Devices {
    private Devices() {}

    /**
     * The devices of {@code device}: {@code cpu} (the default, also for null), {@code cpu:n} (n
     * data-parallel replicas on the CPU, which exercises the multi-device path without GPUs),
     * {@code gpu} (GPU 0) or {@code gpu:0,1,...}; several devices mean data parallelism, master
     * first.
     *
     * @throws IllegalArgumentException when a GPU is asked for and none (or not that one) is
     *     visible
     */
    static List<Device> parse(String device) {
        String d = device == null ? "cpu" : device;
        if (d.equals("cpu")) {
            return List.of(Device.cpu());
        }
        if (d.startsWith("cpu:")) {
            int n = Integer.parseInt(d.substring(4));
            List<Device> l = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                l.add(Device.cpu());
            }
            return l;
        }
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        if (gpus == 0) {
            throw new IllegalArgumentException(
                    "--device " + d + " asks for a GPU but none is visible; use --device cpu");
        }
        if (d.equals("gpu")) {
            return List.of(Device.gpu(0));
        }
        List<Device> l = new ArrayList<>();
        for (String id : d.substring(4).split(",")) {
            int i = Integer.parseInt(id.trim());
            if (i >= gpus) {
                throw new IllegalArgumentException("no GPU " + i + " (found " + gpus + ")");
            }
            l.add(Device.gpu(i));
        }
        return l;
    }
}
