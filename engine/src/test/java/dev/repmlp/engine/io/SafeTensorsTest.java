package dev.repmlp.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir Path dir;

    @Test
    void readsTheFileWrittenByPythonFromTheSpec() throws IOException {
        Path p = Fixtures.path("sample.safetensors");
        StateDict sd = SafeTensors.read(p);
        assertEquals(List.of("w", "steps", "d", "h"), sd.keys());
        assertEquals(HostTensor.ofFloats(new long[] {2, 3}, 0, 1, 2, 3, 4, 5), sd.get("w"));
        assertEquals(HostTensor.scalarLong(9), sd.get("steps"));
        assertEquals(HostTensor.ofDoubles(new long[] {3}, 0, 0.5, 1.0), sd.get("d"));
        assertArrayEquals(new float[] {1, -2}, sd.get("h").toFloatArray());
        assertEquals(
                Map.of("format", "pt", "source", "make_io_fixtures"), SafeTensors.readMetadata(p));
    }

    @Test
    void roundTripWithMetadata() throws IOException {
        StateDict sd = SampleData.allDtypes();
        Path p = dir.resolve("m.safetensors");
        SafeTensors.write(p, sd, Map.of("format", "pt", "arch", "RepMLPNet-B224"));
        StateDict back = SafeTensors.read(p);
        assertEquals(SampleData.KEYS, back.keys());
        assertEquals(sd, back);
        assertEquals(Map.of("format", "pt", "arch", "RepMLPNet-B224"), SafeTensors.readMetadata(p));
    }

    @Test
    void headerFollowsTheSpec() throws IOException {
        StateDict sd = new StateDict();
        sd.put("b", HostTensor.ofFloats(new long[] {3}, 1, 2, 3));
        sd.put("a", HostTensor.scalarLong(4));
        Path p = dir.resolve("h.safetensors");
        SafeTensors.write(p, sd);
        byte[] file = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8, "data starts 8-aligned");
        assertEquals(8 + n + 12 + 8, file.length);
        JsonNode h = new ObjectMapper().readTree(new String(file, 8, (int) n, "UTF-8"));
        List<String> names = new ArrayList<>();
        h.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("b", "a"), names); // no __metadata__ when empty
        assertEquals("F32", h.get("b").get("dtype").asText());
        assertEquals("[0,12]", h.get("b").get("data_offsets").toString());
        assertEquals("I64", h.get("a").get("dtype").asText());
        assertEquals("[]", h.get("a").get("shape").toString());
        assertEquals("[12,20]", h.get("a").get("data_offsets").toString());
        assertEquals(
                1f, ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getFloat((int) (8 + n)));
    }

    @Test
    void readOrderIsByDataOffsetNotHeaderOrder() throws IOException {
        String json =
                "{\"second\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                        + "\"first\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        byte[] h = json.getBytes("UTF-8");
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putFloat(1f).putFloat(2f);
        Path p = Files.write(dir.resolve("o.safetensors"), b.array());
        StateDict sd = SafeTensors.read(p);
        assertEquals(List.of("first", "second"), sd.keys());
        assertEquals(HostTensor.ofFloats(new long[] {1}, 2f), sd.get("second"));
    }

    @Test
    void metadataNameIsReservedAndWriteIsAtomic() throws IOException {
        StateDict sd = new StateDict();
        sd.put("__metadata__", HostTensor.scalarLong(1));
        Path p = dir.resolve("x.safetensors");
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(p, sd));
        assertTrue(Files.notExists(p));
        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                SafeTensors.write(
                                        dir.resolve("missing/x.safetensors"), new StateDict()));
        assertTrue(e.getMessage().contains("missing/x.safetensors"), e.getMessage());
    }
}
