package dev.repmlp.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state-dict view equals upstream's key list (names, order, shapes, dtypes) for all six
 * released configs in both structures; upstream's lists are in spec/released-keys.json. No weights
 * are allocated: shapes are fixed at construction.
 */
class StateKeysTest {

    private static JsonNode released;

    static synchronized JsonNode released() throws IOException {
        if (released == null) {
            try (InputStream in =
                    StateKeysTest.class.getResourceAsStream("/spec/released-keys.json")) {
                released = new ObjectMapper().readTree(in);
            }
        }
        return released;
    }

    static Stream<Arguments> presetsAndStructures() {
        List<Arguments> args = new ArrayList<>();
        for (RepMlpNetConfig c : RepMlpNetPresets.released()) {
            args.add(Arguments.of(c.name(), false));
            args.add(Arguments.of(c.name(), true));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} deploy={1}")
    @MethodSource("presetsAndStructures")
    void stateKeysOrderAndShapesEqualUpstream(String name, boolean deploy) throws IOException {
        RepMlpNet net = new RepMlpNet(RepMlpNetPresets.get(name), deploy);
        JsonNode expected = released().get(name).get(deploy ? "deploy" : "train");
        List<StateSlot> slots = net.stateSlots();
        List<String> want = new ArrayList<>();
        List<String> got = new ArrayList<>();
        for (JsonNode row : expected) {
            want.add(row.get(0).asText() + " " + shapeOf(row.get(1)) + " " + row.get(2).asText());
        }
        for (StateSlot s : slots) {
            got.add(s.key() + " " + s.shape() + " " + (s.isCounter() ? "int64" : "float32"));
        }
        assertEquals(want, got);
    }

    private static Shape shapeOf(JsonNode dims) {
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i).asLong();
        }
        return new Shape(d);
    }
}
