package dev.repmlp.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files. Writes format 1.0 (2.0 when the header needs more than
 * 64 KiB); reads 1.0, 2.0 and 3.0. Reading converts big-endian data to little-endian and
 * Fortran-ordered arrays to C order; object and structured arrays are refused.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int MAX_HEADER = 1 << 20;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * Reads an array.
     *
     * @throws CheckpointFormatException when the file is not a readable .npy file
     */
    public static HostTensor read(Path file) throws IOException {
        FileProbe.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            int got = readUpTo(ch, pre);
            for (int i = 0; i < MAGIC.length; i++) {
                if (got <= i || pre.get(i) != MAGIC[i]) {
                    FileProbe.Kind kind = FileProbe.probe(FileProbe.head(file, 64), size);
                    throw new CheckpointFormatException(
                            file
                                    + " is not a NumPy .npy file (it is "
                                    + kind.description
                                    + "); write it with numpy.save");
                }
            }
            if (got < 10) {
                throw truncated(file);
            }
            int major = pre.get(6) & 0xFF;
            long headerLen;
            int headerStart;
            if (major == 1) {
                headerLen = pre.getShort(8) & 0xFFFF;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                if (got < 12) {
                    throw truncated(file);
                }
                headerLen = pre.getInt(8) & 0xFFFF_FFFFL;
                headerStart = 12;
            } else {
                throw new CheckpointFormatException(
                        file
                                + " uses .npy format version "
                                + major
                                + "."
                                + (pre.get(7) & 0xFF)
                                + ", which this reader does not know (1.0-3.0); re-save it with"
                                + " numpy.save");
            }
            if (headerLen > size - headerStart || headerLen > MAX_HEADER) {
                throw new CheckpointFormatException(
                        file
                                + " has a .npy header length of "
                                + headerLen
                                + " bytes, more than the file holds; the file is truncated or"
                                + " damaged");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, headerStart, file);
            String header =
                    new String(
                            hb.array(),
                            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(header);
            Matcher f = FORTRAN.matcher(header);
            Matcher s = SHAPE.matcher(header);
            if (!d.find() || !f.find() || !s.find()) {
                throw new CheckpointFormatException(
                        file
                                + " has a .npy header this reader does not understand ("
                                + header.strip()
                                + "); only plain numeric arrays are supported");
            }
            String descr = d.group(1);
            boolean bigEndian = descr.startsWith(">");
            DType dtype = dtypeOf(descr, file);
            long[] shape = parseShape(s.group(1), file);
            long bytes;
            try {
                bytes = HostTensor.byteSizeOf(dtype, shape);
            } catch (IllegalArgumentException e) {
                throw new CheckpointFormatException(file + ": " + e.getMessage(), e);
            }
            long dataStart = headerStart + headerLen;
            if (bytes > size - dataStart) {
                throw new CheckpointFormatException(
                        file
                                + " is truncated: its header promises "
                                + bytes
                                + " data bytes ("
                                + descr
                                + " "
                                + java.util.Arrays.toString(shape)
                                + ") but only "
                                + (size - dataStart)
                                + " follow; re-download or re-create it");
            }
            ByteBuffer data = ByteBuffer.allocate((int) bytes);
            readFully(ch, data, dataStart, file);
            byte[] raw = data.array();
            if (bigEndian) {
                TorchPth.swapBytes(raw, dtype.itemSize());
            }
            if (f.group(1).equals("True") && shape.length > 1) {
                long[] stride = new long[shape.length];
                long st = 1;
                for (int i = 0; i < shape.length; i++) {
                    stride[i] = st;
                    st *= shape[i];
                }
                raw = Strided.gather(raw, dtype.itemSize(), 0, shape, stride);
            }
            return HostTensor.wrap(dtype, shape, raw);
        }
    }

    /**
     * Writes {@code tensor} as a little-endian C-order .npy file, atomically.
     *
     * @throws IllegalArgumentException for bfloat16, which NumPy has no type for
     * @throws IOException naming the path when the file cannot be written
     */
    public static void write(Path file, HostTensor tensor) throws IOException {
        String descr = tensor.dtype().npyDescr();
        if (descr == null) {
            throw new IllegalArgumentException(
                    tensor.dtype() + " has no NumPy type; convert the tensor to float32 first");
        }
        long[] shape = tensor.shape();
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        sh.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int major = 1;
        int prefix = 10;
        int total = (prefix + dict.length() + 1 + ALIGN - 1) / ALIGN * ALIGN;
        if (total - prefix > 0xFFFF) {
            major = 2;
            prefix = 12;
            total = (prefix + dict.length() + 1 + ALIGN - 1) / ALIGN * ALIGN;
        }
        int headerLen = total - prefix;
        ByteBuffer head = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            head.putShort((short) headerLen);
        } else {
            head.putInt(headerLen);
        }
        head.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (head.position() < total - 1) {
            head.put((byte) ' ');
        }
        head.put((byte) '\n');
        AtomicFiles.write(
                file,
                out -> {
                    out.write(head.array());
                    out.write(tensor.rawData());
                });
    }

    private static DType dtypeOf(String descr, Path file) throws CheckpointFormatException {
        String base =
                descr.length() > 1 && "<>|=".indexOf(descr.charAt(0)) >= 0
                        ? descr.substring(1)
                        : descr;
        for (DType t : DType.values()) {
            if (t.npyDescr() != null && t.npyDescr().substring(1).equals(base)) {
                return t;
            }
        }
        throw new CheckpointFormatException(
                file
                        + " holds NumPy dtype '"
                        + descr
                        + "', which is not supported; convert the"
                        + " array with astype(numpy.float32) before saving");
    }

    private static long[] parseShape(String text, Path file) throws CheckpointFormatException {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1); // Python 2 long
            }
            try {
                long v = Long.parseLong(p);
                if (v < 0) {
                    throw new NumberFormatException(p);
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new CheckpointFormatException(
                        file + " has a bad shape (" + text + ") in its .npy header", e);
            }
        }
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i);
        }
        return out;
    }

    private static CheckpointFormatException truncated(Path file) {
        return new CheckpointFormatException(
                file + " is truncated (incomplete .npy header); re-download or re-create it");
    }

    /** Reads from the start until {@code b} is full or the file ends; returns the bytes read. */
    private static int readUpTo(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, b.position()) < 0) {
                break;
            }
        }
        return b.position();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file)
            throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw truncated(file);
            }
        }
    }
}
