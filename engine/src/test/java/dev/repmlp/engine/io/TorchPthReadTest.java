package dev.repmlp.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads files written by real torch.save (see make_io_fixtures.py). */
class TorchPthReadTest {

    private static StateDict read(String name) throws Exception {
        return TorchPth.readStateDict(Fixtures.path(name));
    }

    @Test
    void contiguousFloat32() throws Exception {
        StateDict sd = read("contiguous_f32.pth");
        assertEquals(List.of("a.weight", "a.bias", "b.cube"), sd.keys());
        assertEquals(
                HostTensor.ofFloats(new long[] {2, 3}, Fixtures.arange(0, 6, 1)),
                sd.get("a.weight"));
        assertEquals(HostTensor.ofFloats(new long[] {2}, 0.5f, -1.5f), sd.get("a.bias"));
        assertEquals(
                HostTensor.ofFloats(new long[] {2, 3, 4}, Fixtures.arange(0, 24, 0.25f)),
                sd.get("b.cube"));
    }

    @Test
    void transposedTensorsAreMaterialisedInRowMajorOrder() throws Exception {
        StateDict sd = read("strided.pth");
        // t = arange(12).reshape(3, 4).t(): t[i][j] = 4 j + i, saved with strides (1, 4)
        float[] t = sd.get("t").toFloatArray();
        assertEquals("[4, 3]", sd.get("t").shapeString());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(4 * j + i, t[i * 3 + j], "t[" + i + "][" + j + "]");
            }
        }
        // fc3 = (A.t() + 1).reshape(6, 6, 1, 1) with A = arange(36).reshape(6, 6), strides (1, 6,
        // 6, 6)
        HostTensor fc3 = sd.get("fc3.weight");
        assertEquals("[6, 6, 1, 1]", fc3.shapeString());
        float[] w = fc3.toFloatArray();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(6 * j + i + 1, w[i * 6 + j], "fc3[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void viewsWithStorageOffsetsIntoOneSharedStorage() throws Exception {
        StateDict sd = read("views_offset.pth"); // all four are views of arange(40)
        assertEquals(
                HostTensor.ofFloats(new long[] {2, 5}, Fixtures.arange(0, 10, 1)), sd.get("first"));
        assertEquals(
                HostTensor.ofFloats(new long[] {3, 4}, Fixtures.arange(10, 22, 1)), sd.get("mid"));
        assertEquals(
                HostTensor.ofFloats(new long[] {10}, Fixtures.arange(30, 40, 1)), sd.get("tail"));
        // arange(40).view(8, 5)[:, 2]: offset 2, stride 5
        float[] col = new float[8];
        for (int i = 0; i < 8; i++) {
            col[i] = 5 * i + 2;
        }
        assertEquals(HostTensor.ofFloats(new long[] {8}, col), sd.get("col"));
    }

    @Test
    void dtypesIncludingZeroDimInt64() throws Exception {
        StateDict sd = read("dtypes.pth");
        HostTensor half = sd.get("half");
        assertEquals(DType.FLOAT16, half.dtype());
        assertArrayEquals(
                new float[] {1f, -2f, 0.5f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY},
                half.toFloatArray());
        HostTensor dbl = sd.get("double");
        assertEquals(DType.FLOAT64, dbl.dtype());
        assertArrayEquals(
                new double[] {0 * 0.1, 1 * 0.1, 2 * 0.1, 3 * 0.1, 4 * 0.1}, dbl.toDoubleArray());
        assertEquals(
                HostTensor.ofLongs(new long[] {5}, 0, -3, 1L << 40, -(1L << 62), 7),
                sd.get("long"));
        assertEquals(HostTensor.scalarLong(7), sd.get("num_batches_tracked"));
        HostTensor bf = sd.get("bf16");
        assertEquals(DType.BFLOAT16, bf.dtype());
        assertArrayEquals(new float[] {1f, -0.5f, 3f, 256f}, bf.toFloatArray());
        assertEquals(HostTensor.ofInts(new long[] {2, 2}, 1, -2, 3, -4), sd.get("int32"));
        assertArrayEquals(new long[] {0, 1, 255}, sd.get("uint8").toLongArray());
        assertEquals(DType.BOOL, sd.get("bool").dtype());
        assertArrayEquals(new long[] {1, 0, 1}, sd.get("bool").toLongArray());
        assertEquals("[0, 3]", sd.get("empty").shapeString());
        assertEquals(0, sd.get("empty").numel());
    }

    private static final List<String> MODULE_KEYS =
            List.of(
                    "conv.weight",
                    "conv.bias",
                    "bn.weight",
                    "bn.bias",
                    "bn.running_mean",
                    "bn.running_var",
                    "bn.num_batches_tracked");

    @Test
    void moduleStateDictWithMetadataAttribute() throws Exception {
        StateDict sd = read("module_sd.pth");
        assertEquals(MODULE_KEYS, sd.keys());
        assertEquals(
                HostTensor.ofFloats(new long[] {3, 2, 1, 1}, Fixtures.arange(0, 6, 1 / 8f)),
                sd.get("conv.weight"));
        assertEquals(
                HostTensor.ofFloats(new long[] {3}, 0.25f, 0.5f, 0.75f), sd.get("bn.running_mean"));
        assertEquals(HostTensor.ofFloats(new long[] {3}, 1, 1, 1), sd.get("bn.running_var"));
        assertEquals(HostTensor.scalarLong(12), sd.get("bn.num_batches_tracked"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrapped_model.pth", "wrapped_state_dict.pth"})
    void wrappersAreUnwrappedAndModulePrefixRemoved(String name) throws Exception {
        assertEquals(read("module_sd.pth"), read(name));
    }

    @Test
    void orderedDictOrderIsKept() throws Exception {
        StateDict sd = read("order.pth");
        List<String> names =
                List.of(
                        "zeta", "alpha", "mu", "beta", "omega", "gamma", "kappa", "delta", "x9",
                        "x10", "a1");
        assertEquals(names, sd.keys());
        for (int i = 0; i < names.size(); i++) {
            assertEquals(HostTensor.ofFloats(new long[] {1}, i), sd.get(names.get(i)));
        }
    }

    @Test
    void readObjectMapsPythonValues() throws Exception {
        Map<?, ?> m = assertInstanceOf(Map.class, TorchPth.readObject(Fixtures.path("nested.pth")));
        assertEquals(
                List.of("weights", "epoch", "big", "lr", "name", "hist", "pair", "np_acc", "param"),
                new ArrayList<>(m.keySet()));
        Map<?, ?> weights = assertInstanceOf(Map.class, m.get("weights"));
        assertEquals(HostTensor.ofFloats(new long[] {4}, 0, 1, 2, 3), weights.get("w"));
        assertEquals(3, ((Number) m.get("epoch")).intValue());
        assertEquals(1L << 40, ((Number) m.get("big")).longValue());
        assertEquals(0.125, m.get("lr"));
        assertEquals("repmlp", m.get("name"));
        List<?> hist = assertInstanceOf(List.class, m.get("hist"));
        assertEquals(5, hist.size());
        assertEquals(1, ((Number) hist.get(0)).intValue());
        assertEquals(2.5, hist.get(1));
        assertEquals("x", hist.get(2));
        assertNull(hist.get(3));
        assertEquals(Boolean.TRUE, hist.get(4));
        Object[] pair = assertInstanceOf(Object[].class, m.get("pair"));
        assertEquals(2, pair.length);
        assertEquals(0.75, m.get("np_acc"));
        assertEquals(HostTensor.ofFloats(new long[] {2}, 1, 2), m.get("param"));
    }

    @Test
    void topLevelDictWithoutWrapperKeepsOnlyItsTensors() throws Exception {
        assertEquals(List.of("param"), read("nested.pth").keys());
    }

    @Test
    void bigEndianByteorderRecordIsHonoured(@TempDir Path dir) throws Exception {
        // what torch.save writes on a big-endian machine: byteorder 'big', swapped storages
        Map<String, byte[]> entries = ZipTools.entries(Fixtures.path("dtypes.pth"));
        Map<String, byte[]> big = new LinkedHashMap<>();
        Map<String, Integer> itemSizes =
                Map.of("0", 2, "1", 8, "2", 8, "3", 8, "4", 2, "5", 4, "6", 1, "7", 1, "8", 4);
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String name = e.getKey();
            byte[] b = e.getValue().clone();
            if (name.startsWith("dtypes/data/")) {
                TorchPth.swapBytes(b, itemSizes.get(name.substring("dtypes/data/".length())));
            }
            big.put(name, b);
        }
        big.put("dtypes/byteorder", "big".getBytes(StandardCharsets.US_ASCII));
        Path p = dir.resolve("big.pth");
        ZipTools.write(p, big);
        assertEquals(read("dtypes.pth"), TorchPth.readStateDict(p));

        big.put("dtypes/byteorder", "middle".getBytes(StandardCharsets.US_ASCII));
        ZipTools.write(p, big);
        CheckpointFormatException e =
                assertThrows(CheckpointFormatException.class, () -> TorchPth.readStateDict(p));
        assertTrue(e.getMessage().contains("unknown byteorder record 'middle'"), e.getMessage());
    }

    /** Every tensor in every .pth fixture against the values torch itself reported. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "contiguous_f32.pth",
                "strided.pth",
                "views_offset.pth",
                "dtypes.pth",
                "module_sd.pth",
                "wrapped_model.pth",
                "wrapped_state_dict.pth",
                "order.pth",
                "nested.pth"
            })
    void matchesWhatTorchReported(String name) throws Exception {
        JsonNode exp = Fixtures.expected(name);
        Map<?, ?> root = (Map<?, ?>) TorchPth.readObject(Fixtures.path(name));
        List<String> keys = new ArrayList<>();
        exp.get("keys").forEach(k -> keys.add(k.asText()));
        List<String> actualKeys = new ArrayList<>();
        root.keySet().forEach(k -> actualKeys.add(String.valueOf(k)));
        assertEquals(keys, actualKeys);
        Iterator<Map.Entry<String, JsonNode>> it = exp.get("tensors").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Object v = root;
            for (String part : e.getKey().split("/")) {
                v = ((Map<?, ?>) v).get(part);
            }
            HostTensor t = assertInstanceOf(HostTensor.class, v, e.getKey());
            JsonNode d = e.getValue();
            assertEquals(d.get("dtype").asText(), t.dtype().name(), e.getKey());
            assertArrayEquals(Fixtures.shape(d.get("shape")), t.shape(), e.getKey());
            double[] actual = t.toDoubleArray();
            assertEquals(d.get("values").size(), actual.length, e.getKey());
            for (int i = 0; i < actual.length; i++) {
                assertEquals(
                        Fixtures.number(d.get("values").get(i)),
                        actual[i],
                        e.getKey() + "[" + i + "]");
            }
        }
    }
}
