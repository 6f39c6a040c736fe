package dev.repmlp.engine.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An insertion-ordered map from parameter/buffer names to tensors, like PyTorch's {@code
 * state_dict()} ({@code OrderedDict}). Not thread-safe.
 */
public final class StateDict {
    private final LinkedHashMap<String, HostTensor> map = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** An empty state dict. */
    public StateDict() {}

    /** A state dict with the entries of {@code entries}, in its iteration order. */
    public StateDict(Map<String, HostTensor> entries) {
        entries.forEach(this::put);
    }

    /**
     * What reading or loading noticed about where these tensors came from, for the user (e.g.
     * "weights from the 'model' entry of a training checkpoint"); mutable, in order.
     */
    public List<String> notes() {
        return notes;
    }

    /** The tensor named {@code key}, or {@code null}. */
    public HostTensor get(String key) {
        return map.get(key);
    }

    /**
     * The tensor named {@code key}.
     *
     * @throws IllegalArgumentException naming the missing key when absent
     */
    public HostTensor require(String key) {
        HostTensor t = map.get(key);
        if (t == null) {
            throw new IllegalArgumentException("state dict has no entry '" + key + "'");
        }
        return t;
    }

    /**
     * Adds or replaces an entry; a replaced key keeps its position.
     *
     * @return the previous tensor, or {@code null}
     */
    public HostTensor put(String key, HostTensor tensor) {
        return map.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(tensor, key));
    }

    /** Removes an entry, returning its tensor or {@code null}. */
    public HostTensor remove(String key) {
        return map.remove(key);
    }

    public boolean contains(String key) {
        return map.containsKey(key);
    }

    public int size() {
        return map.size();
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    /** The keys in order (a snapshot). */
    public List<String> keys() {
        return List.copyOf(map.keySet());
    }

    /** The entries in order (a snapshot of immutable entries). */
    public List<Map.Entry<String, HostTensor>> entries() {
        List<Map.Entry<String, HostTensor>> out = new ArrayList<>(map.size());
        map.forEach((k, v) -> out.add(Map.entry(k, v)));
        return Collections.unmodifiableList(out);
    }

    /** A read-only live view in order. */
    public Map<String, HostTensor> asMap() {
        return Collections.unmodifiableMap(map);
    }

    /**
     * A copy in which every occurrence of {@code prefix} in every key is removed, as upstream's
     * {@code k.replace('module.', '')} does (so {@code "module.a.module.b"} becomes {@code "a.b"}).
     *
     * @throws IllegalArgumentException when two keys collapse to the same name
     */
    public StateDict withoutPrefix(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("empty prefix");
        }
        StateDict out = new StateDict();
        for (Map.Entry<String, HostTensor> e : map.entrySet()) {
            String k = e.getKey().replace(prefix, "");
            if (out.map.putIfAbsent(k, e.getValue()) != null) {
                throw new IllegalArgumentException(
                        "removing '" + prefix + "' maps two keys to '" + k + "'");
            }
        }
        out.notes.addAll(notes);
        return out;
    }

    /** Total number of elements over all entries (parameters and buffers alike). */
    public long parameterCount() {
        long n = 0;
        for (HostTensor t : map.values()) {
            n += t.numel();
        }
        return n;
    }

    /** Total data size in bytes. */
    public long byteSize() {
        long n = 0;
        for (HostTensor t : map.values()) {
            n += t.byteSize();
        }
        return n;
    }

    /** Equal when the keys are in the same order and all tensors are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StateDict s
                && new ArrayList<>(map.keySet()).equals(new ArrayList<>(s.map.keySet()))
                && map.equals(s.map);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return "StateDict[" + map.size() + " tensors, " + parameterCount() + " elements]";
    }
}
