package dev.repmlp.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StateDictTest {
    private static final HostTensor A = HostTensor.ofFloats(new long[] {2, 2}, 1, 2, 3, 4);
    private static final HostTensor B = HostTensor.scalarLong(3);

    @Test
    void keepsInsertionOrderAndReplacesInPlace() {
        StateDict sd = new StateDict();
        for (String k : List.of("z", "a", "m", "b", "y", "c", "x", "d", "w", "e", "v", "f", "u")) {
            sd.put(k, B);
        }
        sd.put("m", A);
        assertEquals(
                List.of("z", "a", "m", "b", "y", "c", "x", "d", "w", "e", "v", "f", "u"),
                sd.keys());
        assertSame(A, sd.get("m"));
        assertSame(A, sd.remove("m"));
        assertEquals(12, sd.size());
        assertNull(sd.get("m"));
        assertEquals("z", sd.entries().get(0).getKey());
        assertThrows(IllegalArgumentException.class, () -> sd.require("m"));
    }

    @Test
    void withoutPrefixRemovesEveryOccurrenceLikeUpstream() {
        StateDict sd = new StateDict();
        sd.put("module.stem.conv.weight", A);
        sd.put("module.stages.0.module.fc", B);
        sd.put("head.bias", B);
        StateDict out = sd.withoutPrefix("module.");
        // Python: 'module.stages.0.module.fc'.replace('module.', '') == 'stages.0.fc'
        assertEquals(List.of("stem.conv.weight", "stages.0.fc", "head.bias"), out.keys());
        assertEquals(3, sd.size()); // the original is untouched
    }

    @Test
    void withoutPrefixRefusesCollisions() {
        StateDict sd = new StateDict();
        sd.put("module.a", A);
        sd.put("a", B);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> sd.withoutPrefix("module."));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void countsAndEquality() {
        StateDict sd = new StateDict();
        sd.put("a", A);
        sd.put("b", B);
        assertEquals(5, sd.parameterCount());
        assertEquals(16 + 8, sd.byteSize());
        StateDict same = new StateDict(sd.asMap());
        assertEquals(sd, same);
        StateDict reversed = new StateDict();
        reversed.put("b", B);
        reversed.put("a", A);
        assertNotEquals(sd, reversed); // order matters
        assertThrows(UnsupportedOperationException.class, () -> sd.asMap().put("c", A));
        assertThrows(UnsupportedOperationException.class, () -> sd.keys().add("c"));
    }
}
