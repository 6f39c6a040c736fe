package dev.repmlp.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.StateSlot;
import java.util.ArrayList;
import java.util.List;

/**
 * Data parallelism on one host, as PyTorch's DistributedDataParallel does it without SyncBN: the
 * master net lives on the first device and one replica on each further device; each step splits the
 * batch, every replica runs forward and backward on its share (BatchNorm uses the share's
 * statistics), the gradients are summed onto the master, the master is updated, and its whole state
 * (parameters and BN buffers) is broadcast back to the replicas.
 */
final class Replicas implements AutoCloseable {

    private final List<Device> devices;
    private final List<NDManager> managers = new ArrayList<>();
    private final List<RepMlpNet> nets = new ArrayList<>();
    private final List<List<StateSlot>> trainable = new ArrayList<>();
    private final List<ai.djl.training.ParameterStore> stores = new ArrayList<>();

    /** Replicas of {@code master} on {@code devices.subList(1, n)}. */
    Replicas(RepMlpNet master, List<Device> devices) {
        this.devices = List.copyOf(devices);
        for (Device d : devices.subList(1, devices.size())) {
            NDManager m = NDManager.newBaseManager(d);
            RepMlpNet r = new RepMlpNet(master.config(), false);
            r.initialize(m);
            managers.add(m);
            nets.add(r);
            stores.add(new ai.djl.training.ParameterStore(m, false));
            List<StateSlot> t = new ArrayList<>();
            for (StateSlot s : r.stateSlots()) {
                if (!s.isCounter() && s.parameter().requiresGradient()) {
                    t.add(s);
                }
            }
            trainable.add(t);
        }
        broadcast(master);
    }

    /** Devices, master's first. */
    List<Device> devices() {
        return devices;
    }

    /** The replica nets (not the master), in device order. */
    List<RepMlpNet> nets() {
        return nets;
    }

    /** The parameter store of replica {@code i} (0 = the first replica, not the master). */
    ai.djl.training.ParameterStore store(int i) {
        return stores.get(i);
    }

    /** Copies the master's whole state to every replica and re-enables their gradients. */
    void broadcast(RepMlpNet master) {
        List<StateSlot> from = master.stateSlots();
        for (RepMlpNet r : nets) {
            List<StateSlot> to = r.stateSlots();
            for (int i = 0; i < from.size(); i++) {
                NetState.copy(from.get(i), to.get(i));
                StateSlot t = to.get(i);
                if (!t.isCounter() && t.parameter().requiresGradient()) {
                    t.parameter().getArray().setRequiresGradient(true);
                }
            }
        }
    }

    /**
     * Adds every replica's gradient of trainable parameter {@code index} (same order as the
     * master's) to {@code masterGrad} in place; temporaries go to {@code scope}.
     */
    void reduceGradient(int index, NDArray masterGrad, NDManager scope) {
        for (List<StateSlot> t : trainable) {
            NDArray p = t.get(index).parameter().getArray();
            p.tempAttach(scope);
            masterGrad.addi(p.getGradient().toDevice(masterGrad.getDevice(), false));
        }
    }

    @Override
    public void close() {
        managers.forEach(NDManager::close);
    }
}
