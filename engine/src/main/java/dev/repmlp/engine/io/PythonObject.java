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

    @Override
    public String toString() {
        return module + "." + name;
    }
}
