package dev.repmlp.engine.io;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code data.pkl} of a torch.save zip as a protocol-2 pickle, the protocol torch.save
 * uses by default. Tensors become {@code torch._utils._rebuild_tensor_v2} calls on persistent
 * storages {@code ('storage', torch.<Type>Storage, key, 'cpu', numel)}; the storages are collected
 * in {@link #storages()} with keys "0", "1", ... Only names that torch.load's {@code
 * weights_only=True} mode allows are referenced.
 */
final class PickleWriter {
    private static final byte PROTO = (byte) 0x80;
    private static final byte MARK = '(';
    private static final byte STOP = '.';
    private static final byte TUPLE = 't';
    private static final byte EMPTY_TUPLE = ')';
    private static final byte REDUCE = 'R';
    private static final byte BINPERSID = 'Q';
    private static final byte EMPTY_DICT = '}';
    private static final byte SETITEMS = 'u';
    private static final byte EMPTY_LIST = ']';
    private static final byte APPENDS = 'e';
    private static final byte NONE = 'N';
    private static final byte NEWTRUE = (byte) 0x88;
    private static final byte NEWFALSE = (byte) 0x89;
    private static final byte BININT1 = 'K';
    private static final byte BININT2 = 'M';
    private static final byte BININT = 'J';
    private static final byte LONG1 = (byte) 0x8a;
    private static final byte BINFLOAT = 'G';
    private static final byte BINUNICODE = 'X';
    private static final byte GLOBAL = 'c';
    private static final byte BINPUT = 'q';
    private static final byte LONG_BINPUT = 'r';
    private static final byte BINGET = 'h';
    private static final byte LONG_BINGET = 'j';

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> memo = new HashMap<>();
    private final IdentityHashMap<HostTensor, String> storageKeys = new IdentityHashMap<>();
    private final List<HostTensor> storages = new ArrayList<>();

    /** Pickles {@code root}; see {@link TorchPth#write(java.nio.file.Path, Map)} for the types. */
    byte[] pickle(Object root) {
        out.write(PROTO);
        out.write(2);
        value(root, "");
        out.write(STOP);
        return out.toByteArray();
    }

    /** The tensors whose data become {@code data/0}, {@code data/1}, ... in this order. */
    List<HostTensor> storages() {
        return storages;
    }

    private void value(Object o, String path) {
        if (o == null) {
            out.write(NONE);
        } else if (o instanceof Boolean b) {
            out.write(b ? NEWTRUE : NEWFALSE);
        } else if (o instanceof Integer
                || o instanceof Long
                || o instanceof Short
                || o instanceof Byte) {
            integer(((Number) o).longValue());
        } else if (o instanceof BigInteger b) {
            bigInteger(b);
        } else if (o instanceof Double || o instanceof Float) {
            out.write(BINFLOAT);
            out.writeBytes(ByteBuffer.allocate(8).putDouble(((Number) o).doubleValue()).array());
        } else if (o instanceof String s) {
            string(s);
        } else if (o instanceof HostTensor t) {
            tensor(t);
        } else if (o instanceof StateDict sd) {
            global("collections", "OrderedDict");
            out.write(EMPTY_TUPLE);
            out.write(REDUCE);
            items(sd.asMap(), path);
        } else if (o instanceof Map<?, ?> m) {
            out.write(EMPTY_DICT);
            items(m, path);
        } else if (o instanceof List<?> l) {
            out.write(EMPTY_LIST);
            if (!l.isEmpty()) {
                out.write(MARK);
                for (int i = 0; i < l.size(); i++) {
                    value(l.get(i), path + "[" + i + "]");
                }
                out.write(APPENDS);
            }
        } else if (o instanceof Object[] a) {
            out.write(MARK);
            for (int i = 0; i < a.length; i++) {
                value(a[i], path + "[" + i + "]");
            }
            out.write(TUPLE);
        } else {
            throw new IllegalArgumentException(
                    "cannot write a "
                            + o.getClass().getName()
                            + (path.isEmpty() ? "" : " at " + path)
                            + " into a torch checkpoint; use tensors, numbers, strings, booleans,"
                            + " null, lists, arrays (tuples) and maps");
        }
    }

    private void items(Map<?, ?> m, String path) {
        if (m.isEmpty()) {
            return;
        }
        out.write(MARK);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object k = e.getKey();
            if (!(k instanceof String || k instanceof Integer || k instanceof Long)) {
                throw new IllegalArgumentException(
                        "dict key "
                                + k
                                + (path.isEmpty() ? "" : " in " + path)
                                + " is not a string or an integer");
            }
            value(k, path);
            value(e.getValue(), path.isEmpty() ? String.valueOf(k) : path + "." + k);
        }
        out.write(SETITEMS);
    }

    private void integer(long v) {
        if (v >= 0 && v < 0x100) {
            out.write(BININT1);
            out.write((int) v);
        } else if (v >= 0 && v < 0x10000) {
            out.write(BININT2);
            out.write((int) v & 0xFF);
            out.write((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(BININT);
            out.writeBytes(le(4).putInt((int) v).array());
        } else {
            out.write(LONG1);
            out.write(8);
            out.writeBytes(le(8).putLong(v).array());
        }
    }

    private void bigInteger(BigInteger b) {
        byte[] be = b.toByteArray(); // big-endian two's complement, minimal
        if (be.length > 255) {
            throw new IllegalArgumentException("integer too large: " + b.bitLength() + " bits");
        }
        out.write(LONG1);
        out.write(be.length);
        for (int i = be.length - 1; i >= 0; i--) {
            out.write(be[i]);
        }
    }

    private void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        out.writeBytes(le(4).putInt(b.length).array());
        out.writeBytes(b);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A GLOBAL opcode, memoised so that each name is spelled out once. */
    private void global(String module, String name) {
        String q = module + "\n" + name + "\n";
        Integer idx = memo.get(q);
        if (idx != null) {
            if (idx < 0x100) {
                out.write(BINGET);
                out.write(idx);
            } else {
                out.write(LONG_BINGET);
                out.writeBytes(le(4).putInt(idx).array());
            }
            return;
        }
        out.write(GLOBAL);
        out.writeBytes(q.getBytes(StandardCharsets.US_ASCII));
        idx = memo.size();
        memo.put(q, idx);
        if (idx < 0x100) {
            out.write(BINPUT);
            out.write(idx);
        } else {
            out.write(LONG_BINPUT);
            out.writeBytes(le(4).putInt(idx).array());
        }
    }

    /** {@code _rebuild_tensor_v2(storage, 0, size, contiguous_stride, False, OrderedDict())}. */
    private void tensor(HostTensor t) {
        String key = storageKeys.get(t);
        if (key == null) {
            key = Integer.toString(storages.size());
            storageKeys.put(t, key);
            storages.add(t);
        }
        long[] shape = t.shape();
        global("torch._utils", "_rebuild_tensor_v2");
        out.write(MARK);
        out.write(MARK);
        string("storage");
        global("torch", t.dtype().torchStorageClass());
        string(key);
        string("cpu");
        integer(t.numel());
        out.write(TUPLE);
        out.write(BINPERSID);
        integer(0);
        out.write(MARK);
        for (long d : shape) {
            integer(d);
        }
        out.write(TUPLE);
        out.write(MARK);
        long stride = 1;
        long[] strides = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= Math.max(shape[d], 1);
        }
        for (long s : strides) {
            integer(s);
        }
        out.write(TUPLE);
        out.write(NEWFALSE);
        global("collections", "OrderedDict");
        out.write(EMPTY_TUPLE);
        out.write(REDUCE);
        out.write(TUPLE);
        out.write(REDUCE);
    }
}
