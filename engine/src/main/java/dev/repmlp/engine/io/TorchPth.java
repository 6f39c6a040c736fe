package dev.repmlp.engine.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import net.razorvine.pickle.PickleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Over 500 lines on purpose: reader and writer of one file format (torch.save's zip layout) kept
// together so that what is written is what is read back: the zip entry checks (sizes, CRC, bomb
// limits), storage offsets and strides, and the pickle side written to match TorchUnpickler. The
// pickle parsing itself already lives in TorchUnpickler.
/**
 * Reads and writes PyTorch checkpoints in the zip format that {@code torch.save} writes since
 * PyTorch 1.6: {@code <prefix>/data.pkl} (a pickle whose tensors refer to storages by persistent
 * id), {@code <prefix>/data/<key>} (raw little-endian storage bytes) and {@code <prefix>/version}.
 *
 * <p>Reading honours storage offsets and strides: every tensor is materialised C-contiguous, so a
 * transposed weight (strides {@code (1, N, 1, 1)}) or a slice of a shared storage reads correctly.
 * The legacy pre-1.6 format is refused with instructions to re-save.
 */
public final class TorchPth {
    private static final Logger LOG = LoggerFactory.getLogger(TorchPth.class);

    /** Data records start at multiples of this (as torch.save does; readers do not rely on it). */
    static final int ALIGNMENT = 64;

    private static final String ARCHIVE = "archive/";

    /** Deflate expands at most about 1032:1; a larger claimed size is a corrupt header. */
    private static final long MAX_INFLATE_RATIO = 1100;

    private TorchPth() {}

    /**
     * Reads the object a torch.save file holds. Dicts and OrderedDicts become insertion-ordered
     * {@code Map<Object, Object>}s, lists {@code List<Object>}, tuples {@code Object[]}, tensors
     * and parameters {@link HostTensor}, Python ints {@code Integer}/{@code Long}/{@code
     * BigInteger}, floats {@code Double}, str {@code String}, bytes {@code byte[]}, bool {@code
     * Boolean}, None {@code null}, NumPy scalars {@code Double}/{@code Long}/{@code Boolean}, and
     * instances of other classes {@link PythonObject}.
     *
     * @throws CheckpointFormatException when the file is not a readable torch.save zip
     * @throws IOException when the file cannot be read
     */
    public static Object readObject(Path file) throws IOException {
        long size = FileProbe.size(file);
        FileProbe.Kind kind = FileProbe.probe(FileProbe.head(file, 64), size);
        if (kind != FileProbe.Kind.ZIP) {
            throw notAZip(file, kind);
        }
        try (ZipFile zip = openZip(file)) {
            String prefix = findPrefix(zip, file);
            ZipEntry pklEntry = zip.getEntry(prefix + "data.pkl");
            byte[] pkl = readEntry(zip, pklEntry, pklEntry.getSize(), file, size);
            boolean bigEndian = isBigEndian(zip, prefix, file, size);
            TorchUnpickler unpickler =
                    new TorchUnpickler(
                            file.toString(),
                            (key, dtype, numel) -> {
                                byte[] b = readStorage(zip, prefix, key, dtype, numel, file, size);
                                if (bigEndian) {
                                    swapBytes(b, dtype.itemSize());
                                }
                                return b;
                            },
                            2 * size + TorchUnpickler.SMALL_EXPANSION);
            try {
                return unpickler.load(pkl);
            } catch (CheckpointFormatException e) {
                throw e;
            } catch (PickleException | EOFException e) {
                throw damagedPickle(file, e);
            } catch (ZipException e) {
                throw truncated(file, e);
            } catch (RuntimeException e) {
                // stack underflow, bad casts... inside the pickle library on a corrupt data.pkl
                throw damagedPickle(file, e);
            } catch (IOException e) {
                if ("premature end of file".equals(e.getMessage())) {
                    throw damagedPickle(file, e);
                }
                throw e;
            }
        }
    }

    /**
     * Reads a checkpoint's tensors the way upstream RepMLP's {@code convert.py} does: unwraps a
     * top-level dict that holds {@code 'state_dict'} (preferred) or {@code 'model'}, keeps the
     * tensor entries in file order and removes every {@code "module."} from the keys.
     *
     * @throws CheckpointFormatException when the file holds no dict of tensors
     */
    public static StateDict readStateDict(Path file) throws IOException {
        Object root = readObject(file);
        Object current = root;
        String where = "";
        List<String> others = new ArrayList<>();
        for (int depth = 0; depth < 3 && current instanceof Map<?, ?> m; depth++) {
            Object inner = null;
            String innerKey = null;
            for (String wrapper : new String[] {"state_dict", "model"}) {
                if (m.get(wrapper) instanceof Map<?, ?> w) {
                    inner = w;
                    innerKey = wrapper;
                    break;
                }
            }
            if (inner == null) {
                break;
            }
            for (Object k : m.keySet()) {
                if (!innerKey.equals(k)) {
                    others.add(String.valueOf(k));
                }
            }
            current = inner;
            where += "['" + innerKey + "']";
        }
        if (!(current instanceof Map<?, ?> map)) {
            throw new CheckpointFormatException(
                    file
                            + " holds a "
                            + TorchUnpickler.typeName(current)
                            + (where.isEmpty() ? "" : " at " + where)
                            + ", not a state dict (a dict of tensors); expected a file written by"
                            + " torch.save(model.state_dict(), f)");
        }
        StateDict sd = new StateDict();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (e.getValue() instanceof HostTensor t) {
                sd.put(key, t);
            } else {
                skipped.add(key + " (" + TorchUnpickler.typeName(e.getValue()) + ")");
            }
        }
        if (sd.isEmpty() && !map.isEmpty()) {
            throw new CheckpointFormatException(
                    file
                            + " holds a dict"
                            + (where.isEmpty() ? "" : " at " + where)
                            + " without tensors (keys: "
                            + abbreviate(skipped)
                            + ") and no 'state_dict' or 'model' entry; expected a state dict"
                            + " written by torch.save(model.state_dict(), f)");
        }
        if (!skipped.isEmpty()) {
            LOG.debug("{}: ignored non-tensor entries {}", file, abbreviate(skipped));
        }
        if (!where.isEmpty()) {
            sd.notes()
                    .add(
                            "weights from the "
                                    + where
                                    + " entry"
                                    + (others.isEmpty()
                                            ? ""
                                            : " of a training checkpoint (other entries, not"
                                                    + " used: "
                                                    + abbreviate(others)
                                                    + ")"));
        }
        try {
            return sd.withoutPrefix("module.");
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(
                    file + ": " + e.getMessage() + "; the checkpoint mixes wrapped and plain keys",
                    e);
        }
    }

    private static String abbreviate(List<String> items) {
        if (items.size() <= 8) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, 8)) + ", ... (" + items.size() + " in all)";
    }

    /**
     * Writes {@code stateDict} as torch.save writes an {@code OrderedDict} state dict; {@code
     * torch.load} returns an OrderedDict with the same keys, order, dtypes, shapes and values.
     * Atomic: the target is replaced only once the new file is complete.
     *
     * @throws IOException naming the path when the file cannot be written
     */
    public static void write(Path file, StateDict stateDict) throws IOException {
        writePickled(file, stateDict);
    }

    /**
     * Writes a nested object, e.g. {@code {'model': stateDict, 'epoch': 3}}. Allowed values: {@link
     * HostTensor} (tensor), {@link StateDict} (OrderedDict), {@code Map} with String or integer
     * keys (dict, in iteration order), {@code List} (list), {@code Object[]} (tuple),
     * Integer/Long/BigInteger (int), Float/Double (float), String (str), Boolean (bool) and {@code
     * null} (None).
     *
     * @throws IllegalArgumentException for a value of another type (nothing is written)
     * @throws IOException naming the path when the file cannot be written
     */
    public static void write(Path file, Map<String, ?> object) throws IOException {
        writePickled(file, object);
    }

    private static void writePickled(Path file, Object root) throws IOException {
        PickleWriter pw = new PickleWriter();
        byte[] pkl = pw.pickle(root); // fails on unsupported types before any file is touched
        List<HostTensor> storages = pw.storages();
        AtomicFiles.write(file, out -> writeZip(out, pkl, storages));
    }

    private static void writeZip(OutputStream sink, byte[] pkl, List<HostTensor> storages)
            throws IOException {
        CountingOutputStream counter = new CountingOutputStream(sink);
        try (ZipOutputStream zip = new ZipOutputStream(counter, StandardCharsets.UTF_8)) {
            storedEntry(zip, counter, ARCHIVE + "data.pkl", pkl);
            storedEntry(
                    zip,
                    counter,
                    ARCHIVE + "byteorder",
                    "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < storages.size(); i++) {
                storedEntry(zip, counter, ARCHIVE + "data/" + i, storages.get(i).rawData());
            }
            storedEntry(
                    zip, counter, ARCHIVE + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            zip.finish();
            counter.flush();
        }
    }

    /** An uncompressed entry whose data starts at a multiple of {@link #ALIGNMENT}. */
    private static void storedEntry(
            ZipOutputStream zip, CountingOutputStream counter, String name, byte[] data)
            throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        // a fixed DOS time: reproducible bytes (1980-01-01 00:00 itself would add a timestamp
        // extra)
        e.setTimeLocal(LocalDateTime.of(2000, 1, 1, 0, 0));
        long dataStart = counter.count() + 30 + name.getBytes(StandardCharsets.UTF_8).length;
        int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
        if (pad > 0 && pad < 4) {
            pad += ALIGNMENT; // an extra field needs 4 header bytes
        }
        if (pad > 0) {
            byte[] extra = new byte[pad];
            extra[0] = 'F'; // private extra-field id 0x4246, ignored by zip readers
            extra[1] = 'B';
            extra[2] = (byte) (pad - 4);
            extra[3] = (byte) ((pad - 4) >>> 8);
            e.setExtra(extra);
        }
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** Counts bytes on their way to the file, to place aligned entries. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }

    // ---- reading helpers ----

    private static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw truncated(file, e);
        }
    }

    /** The folder of data.pkl ("archive/", "model/", ...), shallowest if several. */
    private static String findPrefix(ZipFile zip, Path file) throws CheckpointFormatException {
        String best = null;
        Enumeration<? extends ZipEntry> en = zip.entries();
        while (en.hasMoreElements()) {
            String name = en.nextElement().getName();
            if (name.equals("data.pkl") || name.endsWith("/data.pkl")) {
                String prefix = name.substring(0, name.length() - "data.pkl".length());
                if (best == null || prefix.length() < best.length()) {
                    best = prefix;
                }
            }
        }
        if (best == null) {
            throw new CheckpointFormatException(
                    file
                            + " is not a PyTorch checkpoint (no data.pkl in the zip); expected a file"
                            + " written by torch.save");
        }
        return best;
    }

    /**
     * Whether the {@code byteorder} record (torch >= 2.1; absent means little-endian) says the
     * storages are big-endian, as torch.save writes them on big-endian machines.
     */
    private static boolean isBigEndian(ZipFile zip, String prefix, Path file, long fileSize)
            throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return false;
        }
        String order =
                new String(
                                readEntry(zip, e, Math.min(e.getSize(), 16), file, fileSize),
                                StandardCharsets.US_ASCII)
                        .strip();
        return switch (order) {
            case "little" -> false;
            case "big" -> true;
            default ->
                    throw new CheckpointFormatException(
                            file
                                    + " has an unknown byteorder record '"
                                    + order
                                    + "' (expected little or big); re-save it with torch.save");
        };
    }

    static void swapBytes(byte[] raw, int itemSize) {
        for (int i = 0; i + itemSize <= raw.length; i += itemSize) {
            for (int a = i, b = i + itemSize - 1; a < b; a++, b--) {
                byte t = raw[a];
                raw[a] = raw[b];
                raw[b] = t;
            }
        }
    }

    private static byte[] readStorage(
            ZipFile zip,
            String prefix,
            String key,
            DType dtype,
            long numel,
            Path file,
            long fileSize)
            throws IOException {
        ZipEntry e = zip.getEntry(prefix + "data/" + key);
        if (e == null) {
            throw new CheckpointFormatException(
                    file
                            + " is incomplete: storage record "
                            + prefix
                            + "data/"
                            + key
                            + " is missing from the zip; re-download or re-copy the file");
        }
        long need;
        if (numel < 0 || numel > HostTensor.MAX_BYTES / dtype.itemSize()) {
            throw new CheckpointFormatException(
                    file
                            + ": storage data/"
                            + key
                            + " claims "
                            + numel
                            + " elements of "
                            + dtype
                            + ", more than one host array can hold (2 GiB) or negative");
        }
        need = numel * dtype.itemSize();
        if (e.getSize() >= 0 && e.getSize() < need) {
            throw new CheckpointFormatException(
                    file
                            + " is damaged: storage record data/"
                            + key
                            + " has "
                            + e.getSize()
                            + " bytes but data.pkl says it holds "
                            + numel
                            + " "
                            + dtype
                            + " elements ("
                            + need
                            + " bytes); re-download or re-copy the file");
        }
        return readEntry(zip, e, need, file, fileSize);
    }

    /** Reads the first {@code length} bytes of an entry after checking the size is plausible. */
    private static byte[] readEntry(ZipFile zip, ZipEntry e, long length, Path file, long fileSize)
            throws IOException {
        long limit =
                e.getMethod() == ZipEntry.STORED
                        ? fileSize
                        : Math.max(e.getCompressedSize(), 0) * MAX_INFLATE_RATIO + 1024;
        if (length < 0 || length > limit || length > HostTensor.MAX_BYTES) {
            throw new CheckpointFormatException(
                    file
                            + " is damaged: zip entry "
                            + e.getName()
                            + " claims "
                            + length
                            + " bytes, more than the file can hold; re-download or re-copy the"
                            + " file");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) length);
            if (b.length != length) {
                throw new CheckpointFormatException(
                        file
                                + " is truncated: zip entry "
                                + e.getName()
                                + " ends after "
                                + b.length
                                + " of "
                                + length
                                + " bytes; re-download or re-copy the file");
            }
            return b;
        } catch (ZipException | EOFException ex) {
            throw truncated(file, ex);
        }
    }

    private static CheckpointFormatException truncated(Path file, Exception cause) {
        return new CheckpointFormatException(
                file
                        + " is truncated or damaged (zip central directory missing or unreadable: "
                        + cause.getMessage()
                        + "); re-download or re-copy the file",
                cause);
    }

    private static CheckpointFormatException damagedPickle(Path file, Exception cause) {
        return new CheckpointFormatException(
                file
                        + " has a damaged data.pkl ("
                        + cause.getClass().getSimpleName()
                        + ": "
                        + cause.getMessage()
                        + "); re-download or re-copy the file, or re-save it with torch.save",
                cause);
    }

    private static CheckpointFormatException notAZip(Path file, FileProbe.Kind kind) {
        String name = file.getFileName().toString();
        return switch (kind) {
            case EMPTY ->
                    new CheckpointFormatException(
                            file + " is empty (0 bytes); re-download or re-copy the file");
            case LEGACY_TORCH ->
                    new CheckpointFormatException(
                            file
                                    + " uses the legacy (pre-1.6) torch.save format, which is not supported;"
                                    + " re-save it with PyTorch >= 1.6: torch.save(torch.load('"
                                    + name
                                    + "'), 'resaved.pth')");
            case PICKLE ->
                    new CheckpointFormatException(
                            file
                                    + " is a plain Python pickle, not a torch.save zip; load it in Python"
                                    + " and re-save it with torch.save (PyTorch >= 1.6)");
            case SAFETENSORS ->
                    new CheckpointFormatException(
                            file
                                    + " is not a PyTorch checkpoint but a safetensors file; rename it to"
                                    + " .safetensors or open it as one");
            default ->
                    new CheckpointFormatException(
                            file
                                    + " is not a PyTorch checkpoint (it is "
                                    + kind.description
                                    + ", not a zip); expected a file written by torch.save");
        };
    }
}
