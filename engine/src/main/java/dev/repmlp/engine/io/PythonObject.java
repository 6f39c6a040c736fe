package dev.repmlp.engine.io;

import java.util.List;

/**
 * A Python object of a class this package does not map to a Java type (e.g. {@code
 * argparse.Namespace} in a training checkpoint): the class name, the constructor arguments and the
 * state given to {@code __setstate__}. Kept so that reading such a checkpoint does not fail; its
 * tensors are not extracted.
 */
public final class PythonObject {
    private final String module;
    private final String name;
    private final List<Object> args;
    private Object state;
    private java.util.Map<Object, Object> dictItems;
    private List<Object> listItems;

    PythonObject(String module, String name, List<Object> args) {
        this.module = module;
        this.name = name;
        this.args = args;
    }

    /** The module of the class, e.g. {@code argparse}. */
    public String module() {
        return module;
    }

    /** The class or function name, e.g. {@code Namespace}. */
    public String name() {
        return name;
    }

    /** The arguments the pickle passed to the class (read-only). */
    public List<Object> args() {
        return args;
    }

    /** The state set by the pickle's BUILD opcode, or {@code null}. */
    public Object state() {
        return state;
    }

    void setState(Object state) {
        this.state = state;
    }

    /**
     * The items of an object whose class extends {@code dict} (e.g. yacs's {@code CfgNode}, which
     * upstream's training script saves as {@code config}), in insertion order; empty otherwise.
     */
    public java.util.Map<Object, Object> dictItems() {
        return dictItems == null
                ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(dictItems);
    }

    /** The items of an object whose class extends {@code list}; empty otherwise. */
    public List<Object> listItems() {
        return listItems == null ? List.of() : java.util.Collections.unmodifiableList(listItems);
    }

    /** Where SETITEM(S) of a dict subclass put their items. */
    java.util.Map<Object, Object> mutableDictItems() {
        if (dictItems == null) {
            dictItems = new java.util.LinkedHashMap<>();
        }
        return dictItems;
    }

    /** Where APPEND(S) of a list subclass put their items. */
    List<Object> mutableListItems() {
        if (listItems == null) {
            listItems = new java.util.ArrayList<>();
        }
        return listItems;
    }

    @Override
    public String toString() {
        return module + "." + name;
    }
}
