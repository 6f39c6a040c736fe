package dev.repmlp.engine.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes safetensors files: an 8-byte little-endian header length, a JSON header {@code
 * {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}} and the
 * concatenated little-endian tensor data (offsets relative to the end of the header).
 */
public final class SafeTensors {
    /** The reference implementation refuses headers above 100 MB as well. */
    static final long MAX_HEADER = 100_000_000L;

    private static final String METADATA = "__metadata__";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SafeTensors() {}

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

    /**
     * Reads all tensors, ordered by data offset (the order they were written in).
     *
     * @throws CheckpointFormatException when the file is not a valid safetensors file
     */
    public static StateDict read(Path file) throws IOException {
        FileProbe.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(ch, file);
            StateDict sd = new StateDict();
            for (Entry e : h.entries()) {
                byte[] data = new byte[(int) (e.end() - e.begin())];
                ByteBuffer buf = ByteBuffer.wrap(data);
                long pos = h.dataStart() + e.begin();
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, pos + buf.position());
                    if (n < 0) {
                        throw new CheckpointFormatException(
                                file
                                        + " is truncated in tensor '"
                                        + e.name()
                                        + "'; re-download or re-copy the file");
                    }
                }
                sd.put(e.name(), HostTensor.wrap(e.dtype(), e.shape(), data));
            }
            return sd;
        }
    }

    /** The {@code __metadata__} string map of the header (empty when absent). */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(ch, file).metadata();
        }
    }

    /** Writes {@code tensors} in order, without metadata. */
    public static void write(Path file, StateDict tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} in order with a {@code __metadata__} map (omitted when empty),
     * atomically.
     *
     * @throws IOException naming the path when the file cannot be written
     */
    public static void write(Path file, StateDict tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode md = root.putObject(METADATA);
            metadata.forEach(md::put);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entries()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
            }
            HostTensor t = e.getValue();
            ObjectNode n = root.putObject(e.getKey());
            n.put("dtype", t.dtype().safetensorsName());
            ArrayNode shape = n.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            n.putArray("data_offsets").add(offset).add(offset + t.byteSize());
            offset += t.byteSize();
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8; // 8-byte aligned data, padded with spaces
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        java.util.Arrays.fill(header, json.length, padded, (byte) ' ');
        AtomicFiles.write(
                file,
                out -> {
                    out.write(
                            ByteBuffer.allocate(8)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .putLong(padded)
                                    .array());
                    out.write(header);
                    for (Map.Entry<String, HostTensor> e : tensors.entries()) {
                        out.write(e.getValue().rawData());
                    }
                });
    }

    private static Header readHeader(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new CheckpointFormatException(
                    file
                            + " is too short for a safetensors file ("
                            + size
                            + " bytes); re-download or re-copy the file");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file);
        long headerLen = lenBuf.getLong(0);
        if (headerLen < 2 || headerLen > size - 8 || headerLen > MAX_HEADER) {
            FileProbe.Kind kind = FileProbe.probe(FileProbe.head(file, 64), size);
            String hint =
                    kind == FileProbe.Kind.SAFETENSORS || kind == FileProbe.Kind.UNKNOWN
                            ? "; the file is truncated or not a safetensors file"
                            : "; the file is " + kind.description + ", not safetensors";
            throw new CheckpointFormatException(
                    file
                            + " has a safetensors header length of "
                            + Long.toUnsignedString(headerLen)
                            + " bytes, larger than the file ("
                            + size
                            + " bytes)"
                            + hint);
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, 8, file);
        JsonNode root;
        try {
            root = JSON.readTree(hb.array());
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(
                    file
                            + " has a damaged safetensors header (invalid JSON: "
                            + e.getOriginalMessage()
                            + "); re-download or re-copy the file",
                    e);
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "the header is not a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode n = f.getValue();
            if (name.equals(METADATA)) {
                if (!n.isObject()) {
                    throw bad(file, METADATA + " is not an object");
                }
                Iterator<Map.Entry<String, JsonNode>> mi = n.fields();
                while (mi.hasNext()) {
                    Map.Entry<String, JsonNode> m = mi.next();
                    if (!m.getValue().isTextual()) {
                        throw bad(file, METADATA + " value '" + m.getKey() + "' is not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().textValue());
                }
                continue;
            }
            entries.add(entry(file, name, n, dataSize));
        }
        entries.sort(Comparator.comparingLong(Entry::begin));
        long prevEnd = 0;
        String prevName = null;
        for (Entry e : entries) {
            if (e.begin() < prevEnd) {
                throw bad(file, "tensors '" + prevName + "' and '" + e.name() + "' overlap");
            }
            prevEnd = e.end();
            prevName = e.name();
        }
        return new Header(entries, metadata, dataStart);
    }

    private static Entry entry(Path file, String name, JsonNode n, long dataSize)
            throws CheckpointFormatException {
        if (!n.isObject() || !n.path("dtype").isTextual()) {
            throw bad(file, "entry '" + name + "' has no dtype");
        }
        String dt = n.get("dtype").textValue();
        DType dtype =
                DType.fromSafetensorsName(dt)
                        .orElseThrow(
                                () ->
                                        bad(
                                                file,
                                                "tensor '"
                                                        + name
                                                        + "' has dtype "
                                                        + dt
                                                        + ", which this reader does not support"));
        long[] shape = longs(file, name, n.get("shape"), "shape");
        long[] off = longs(file, name, n.get("data_offsets"), "data_offsets");
        if (off.length != 2 || off[0] > off[1]) {
            throw bad(file, "tensor '" + name + "' has invalid data_offsets");
        }
        if (off[1] > dataSize) {
            throw bad(
                    file,
                    "tensor '"
                            + name
                            + "' ends at byte "
                            + off[1]
                            + " of the data but the file has"
                            + " only "
                            + dataSize
                            + " data bytes (truncated?)");
        }
        long expected;
        try {
            expected = HostTensor.byteSizeOf(dtype, shape);
        } catch (IllegalArgumentException e) {
            throw bad(file, "tensor '" + name + "': " + e.getMessage());
        }
        if (off[1] - off[0] != expected) {
            throw bad(
                    file,
                    "tensor '"
                            + name
                            + "' ("
                            + dt
                            + " "
                            + java.util.Arrays.toString(shape)
                            + ") needs "
                            + expected
                            + " bytes but data_offsets span "
                            + (off[1] - off[0]));
        }
        return new Entry(name, dtype, shape, off[0], off[1]);
    }

    private static long[] longs(Path file, String name, JsonNode n, String what)
            throws CheckpointFormatException {
        if (n == null || !n.isArray()) {
            throw bad(file, "tensor '" + name + "' has no " + what + " array");
        }
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = n.get(i);
            if (!v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0) {
                throw bad(file, "tensor '" + name + "' has a bad " + what + " value " + v);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    private static CheckpointFormatException bad(Path file, String problem) {
        return new CheckpointFormatException(
                file
                        + " is not a valid safetensors file: "
                        + problem
                        + "; re-download or re-export the file");
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file)
            throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new CheckpointFormatException(
                        file + " is truncated; re-download or re-copy the file");
            }
        }
    }
}
