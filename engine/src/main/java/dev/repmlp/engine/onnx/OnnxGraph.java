package dev.repmlp.engine.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX {@code ModelProto} (ONNX IR, onnx.proto, default domain only): initializers,
 * nodes, one float32 input and one float32 output, metadata. Field numbers are those of onnx.proto;
 * see docs/architecture.md for why the file is written by hand rather than through generated
 * classes.
 */
final class OnnxGraph {

    // TensorProto.DataType
    static final int FLOAT = 1;
    static final int INT64 = 7;

    // AttributeProto.AttributeType
    private static final int ATTR_FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_STRING = 3;
    private static final int ATTR_INTS = 7;

    /** A node attribute, already encoded. */
    record Attr(ProtoMessage message) {}

    private final List<ProtoMessage> nodes = new ArrayList<>();
    private final List<ProtoMessage> initializers = new ArrayList<>();
    private final Map<String, Integer> opCounts = new LinkedHashMap<>();
    private long initializerElements;
    private int counter;

    static Attr attr(String name, long value) {
        return new Attr(new ProtoMessage().string(1, name).varint(20, ATTR_INT).varint(3, value));
    }

    static Attr attr(String name, float value) {
        return new Attr(
                new ProtoMessage().string(1, name).varint(20, ATTR_FLOAT).float32(2, value));
    }

    static Attr attr(String name, String value) {
        return new Attr(
                new ProtoMessage()
                        .string(1, name)
                        .varint(20, ATTR_STRING)
                        .bytes(4, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static Attr ints(String name, long... values) {
        ProtoMessage m = new ProtoMessage().string(1, name).varint(20, ATTR_INTS);
        for (long v : values) {
            m.varint(8, v); // repeated int64 ints = 8 (proto2: not packed)
        }
        return new Attr(m);
    }

    /** Adds a float32 initializer (row-major {@code data}) and returns its name. */
    String floats(String name, long[] dims, float[] data) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    name + ": " + data.length + " values for " + java.util.Arrays.toString(dims));
        }
        ProtoMessage t = new ProtoMessage();
        for (long d : dims) {
            t.varint(1, d);
        }
        t.varint(2, FLOAT).string(8, name).rawFloats(9, data);
        initializers.add(t);
        initializerElements += n;
        return name;
    }

    /** Adds a 1-D int64 initializer (a shape for Reshape) and returns its name. */
    String int64s(String name, long... values) {
        byte[] raw = new byte[8 * values.length];
        java.nio.ByteBuffer.wrap(raw)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .asLongBuffer()
                .put(values);
        initializers.add(
                new ProtoMessage()
                        .varint(1, values.length)
                        .varint(2, INT64)
                        .string(8, name)
                        .bytes(9, raw));
        return name;
    }

    /** Adds a node with one output, named after the op, and returns the output's name. */
    String node(String op, List<String> inputs, Attr... attrs) {
        String out = op.toLowerCase(java.util.Locale.ROOT) + "_" + (counter++);
        node(op, inputs, out, attrs);
        return out;
    }

    /** Adds a node with one named output. */
    void node(String op, List<String> inputs, String output, Attr... attrs) {
        ProtoMessage n = new ProtoMessage();
        for (String in : inputs) {
            n.string(1, in);
        }
        n.string(2, output).string(3, "n" + nodes.size() + "_" + op).string(4, op);
        for (Attr a : attrs) {
            n.message(5, a.message());
        }
        nodes.add(n);
        opCounts.merge(op, 1, Integer::sum);
    }

    /** Number of nodes per op type, in order of first use. */
    Map<String, Integer> opCounts() {
        return opCounts;
    }

    int nodeCount() {
        return nodes.size();
    }

    /** Float elements held by the float initializers (the model's weights). */
    long initializerElements() {
        return initializerElements;
    }

    /**
     * A float32 tensor value_info; {@code null} entries in {@code dims} are the symbolic dimension
     * {@code symbol}.
     */
    static ProtoMessage floatValue(String name, Long[] dims, String symbol) {
        ProtoMessage shape = new ProtoMessage();
        for (Long d : dims) {
            shape.message(
                    1,
                    d == null
                            ? new ProtoMessage().string(2, symbol)
                            : new ProtoMessage().varint(1, d));
        }
        ProtoMessage tensorType = new ProtoMessage().varint(1, FLOAT).message(2, shape);
        return new ProtoMessage()
                .string(1, name)
                .message(2, new ProtoMessage().message(1, tensorType));
    }

    /**
     * The complete {@code ModelProto}.
     *
     * @param irVersion ONNX IR version
     * @param opset version of the default ("ai.onnx") operator set
     * @param metadata model metadata_props, in order
     */
    ProtoMessage model(
            String graphName,
            ProtoMessage input,
            ProtoMessage output,
            long irVersion,
            int opset,
            String producerVersion,
            String docString,
            Map<String, String> metadata) {
        ProtoMessage graph = new ProtoMessage();
        for (ProtoMessage n : nodes) {
            graph.message(1, n);
        }
        graph.string(2, graphName);
        for (ProtoMessage t : initializers) {
            graph.message(5, t);
        }
        graph.message(11, input).message(12, output);
        ProtoMessage model =
                new ProtoMessage()
                        .varint(1, irVersion)
                        .string(2, "RepMLP Workbench")
                        .string(3, producerVersion)
                        .string(4, "dev.repmlp")
                        .varint(5, 1)
                        .string(6, docString)
                        .message(7, graph)
                        .message(8, new ProtoMessage().string(1, "").varint(2, opset));
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            model.message(14, new ProtoMessage().string(1, e.getKey()).string(2, e.getValue()));
        }
        return model;
    }
}
