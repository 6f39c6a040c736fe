package dev.repmlp.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test helpers to take zips apart, put them together and hand-assemble pickles. */
final class ZipTools {
    private ZipTools() {}

    static Map<String, byte[]> entries(Path zip) throws IOException {
        // ZipFile, not ZipInputStream: torch writes stored entries with data descriptors
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                try (InputStream in = z.getInputStream(e)) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }

    static void write(Path zip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(zip);
                ZipOutputStream out = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    /** A torch-like zip: prefix/data.pkl, prefix/data/0 (the given bytes), prefix/version. */
    static void torchZip(Path zip, byte[] pickle, byte[] storage0) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("archive/data.pkl", pickle);
        if (storage0 != null) {
            m.put("archive/data/0", storage0);
        }
        m.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        write(zip, m);
    }

    /** Hand-assembled protocol-2 pickles, for inputs torch.save would never write. */
    static final class Pickle {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Pickle() {
            b.write(0x80);
            b.write(2);
        }

        Pickle op(char c) {
            b.write(c);
            return this;
        }

        Pickle raw(int... bytes) {
            for (int x : bytes) {
                b.write(x);
            }
            return this;
        }

        Pickle global(String module, String name) {
            b.write('c');
            b.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Pickle str(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            b.write('X');
            b.writeBytes(
                    ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(u.length).array());
            b.writeBytes(u);
            return this;
        }

        Pickle integer(long v) {
            b.write(0x8a); // LONG1, 8 bytes
            b.write(8);
            b.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
            return this;
        }

        /** ('storage', torch.FloatStorage, '0', 'cpu', numel) then BINPERSID. */
        Pickle floatStorage(long numel) {
            return op('(').str("storage")
                    .global("torch", "FloatStorage")
                    .str("0")
                    .str("cpu")
                    .integer(numel)
                    .op('t')
                    .op('Q');
        }

        /** _rebuild_tensor_v2(storage(numel), offset, size, stride, False, OrderedDict()). */
        Pickle tensor(long numel, long offset, long[] size, long[] stride) {
            global("torch._utils", "_rebuild_tensor_v2");
            op('('); // the argument tuple
            floatStorage(numel);
            integer(offset);
            op('(');
            for (long s : size) {
                integer(s);
            }
            op('t').op('(');
            for (long s : stride) {
                integer(s);
            }
            op('t').raw(0x89).global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
            return this;
        }

        byte[] stop() {
            b.write('.');
            return b.toByteArray();
        }

        byte[] noStop() {
            return b.toByteArray();
        }
    }
}
