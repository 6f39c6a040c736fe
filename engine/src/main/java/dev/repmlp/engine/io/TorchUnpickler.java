package dev.repmlp.engine.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Unpickles the {@code data.pkl} of a torch.save zip. Builds on razorvine's {@link Unpickler} (the
 * opcode loop, numbers, strings, tuples, lists, memo) and overrides {@link #dispatch} for:
 *
 * <ul>
 *   <li>dicts: {@link LinkedHashMap} so that {@code OrderedDict} and {@code dict} keep their order
 *       (razorvine fills a {@code HashMap}); keys must be hashable scalars or tuples;
 *   <li>GLOBAL/REDUCE/NEWOBJ/BUILD: resolved here per instance instead of through razorvine's
 *       JVM-global {@code registerConstructor} table; tensors are rebuilt from {@code
 *       torch._utils._rebuild_tensor_v2}, unknown classes become {@link PythonObject}s;
 *   <li>BINPERSID: storages are read from the zip through a {@link StorageSource};
 *   <li>length-prefixed opcodes: the length is checked against the bytes left before razorvine
 *       allocates it, so a corrupt length cannot cause an OutOfMemoryError.
 * </ul>
 */
final class TorchUnpickler extends Unpickler {

    /** Supplies the bytes of storage record {@code data/<key>}. */
    interface StorageSource {
        byte[] read(String key, DType dtype, long numel) throws IOException;
    }

    /** A class or function named by a GLOBAL opcode. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** A storage referenced by a persistent id. */
    record Storage(String key, DType dtype, long numel, byte[] data) {}

    /** A view may expand a storage (zero strides) up to this size without further checks. */
    static final long SMALL_EXPANSION = 64L << 20;

    private final String file;
    private final StorageSource source;
    private long copyBudget;
    private final Map<String, Storage> storages = new HashMap<>();
    private ByteArrayInputStream in;

    /**
     * @param copyBudget how many bytes the strided copies of all tensors may add up to; a corrupt
     *     size field on a zero-stride view could otherwise ask for gigabytes from a tiny file
     */
    TorchUnpickler(String file, StorageSource source, long copyBudget) {
        this.file = file;
        this.source = source;
        this.copyBudget = copyBudget;
    }

    /** Unpickles {@code pickle} completely. */
    Object load(byte[] pickle) throws IOException {
        in = new ByteArrayInputStream(pickle);
        return load(in);
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case '}' -> stack.add(new LinkedHashMap<Object, Object>());
            case 'd' -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                putPairs(m, stack.pop_all_since_marker());
                stack.add(m);
            }
            case 's' -> {
                Object value = stack.pop();
                Object k = stack.pop();
                asMap(stack.peek()).put(checkKey(k), value);
            }
            case 'u' -> {
                List<Object> items = stack.pop_all_since_marker();
                putPairs(asMap(stack.peek()), items);
            }
            case 'a' -> { // APPEND, also on an object of a list subclass
                Object item = stack.pop();
                asList(stack.peek()).add(item);
            }
            case 'e' -> { // APPENDS
                List<Object> items = stack.pop_all_since_marker();
                asList(stack.peek()).addAll(items);
            }
            case 0x8f -> stack.add(new LinkedHashSet<Object>()); // EMPTY_SET
            case 0x90 -> { // ADDITEMS
                List<Object> items = stack.pop_all_since_marker();
                asSet(stack.peek()).addAll(checkKeys(items));
            }
            case 0x91 -> stack.add(new LinkedHashSet<>(checkKeys(stack.pop_all_since_marker())));
            case 'c' -> { // GLOBAL
                String module = PickleUtils.readline(in);
                String name = PickleUtils.readline(in);
                stack.add(new Global(module, name));
            }
            case 0x93 -> { // STACK_GLOBAL
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(new Global(String.valueOf(module), String.valueOf(name)));
            }
            case 'R' -> { // REDUCE
                Object args = stack.pop();
                Object callable = stack.pop();
                stack.add(call(callable, args));
            }
            case 0x81 -> { // NEWOBJ
                Object args = stack.pop();
                Object cls = stack.pop();
                stack.add(call(cls, args));
            }
            case 0x92 -> { // NEWOBJ_EX: kwargs are ignored
                stack.pop();
                Object args = stack.pop();
                Object cls = stack.pop();
                stack.add(call(cls, args));
            }
            case 'b' -> { // BUILD
                Object state = stack.pop();
                build(stack.peek(), state);
            }
            case 'Q' -> stack.add(persistent(stack.pop())); // BINPERSID
            case 'X', 'B', 'T' -> { // BINUNICODE, BINBYTES, BINSTRING: 4-byte length
                checkLength(4, key);
                return super.dispatch(key);
            }
            case 0x8d, 0x8e, 0x96 -> { // BINUNICODE8, BINBYTES8, BYTEARRAY8
                checkLength(8, key);
                return super.dispatch(key);
            }
            case 0x8b -> { // LONG4
                checkLength(4, key);
                return super.dispatch(key);
            }
            case 'i', 'o', 'P' ->
                    throw new PickleException(
                            "unsupported opcode '" + (char) key + "' (protocol 0/1 objects)");
            default -> {
                return super.dispatch(key);
            }
        }
        return NO_RETURN_VALUE;
    }

    /** Reads the little-endian length that follows and checks it against the bytes left. */
    private void checkLength(int width, short opcode) throws IOException {
        in.mark(8);
        byte[] b = in.readNBytes(width);
        in.reset();
        if (b.length < width) {
            throw new CheckpointFormatException(truncatedPickle());
        }
        long len =
                width == 4
                        ? ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL
                        : ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (len < 0 || len > in.available() - width) {
            throw new CheckpointFormatException(
                    file
                            + " has a damaged data.pkl (opcode 0x"
                            + Integer.toHexString(opcode)
                            + " claims "
                            + Long.toUnsignedString(len)
                            + " bytes but only "
                            + Math.max(0, in.available() - width)
                            + " are left); re-download or re-copy the file");
        }
    }

    private String truncatedPickle() {
        return file + " has a truncated data.pkl; re-download or re-copy the file";
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        if (o instanceof PythonObject p) {
            return p.mutableDictItems(); // an object of a dict subclass (yacs CfgNode...)
        }
        throw new PickleException("SETITEM(S) on a " + typeName(o) + ", not a dict");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        if (o instanceof PythonObject p) {
            return p.mutableListItems();
        }
        throw new PickleException("APPEND(S) on a " + typeName(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> asSet(Object o) {
        if (o instanceof Set<?> s) {
            return (Set<Object>) s;
        }
        throw new PickleException("ADDITEMS on a " + typeName(o) + ", not a set");
    }

    private static void putPairs(Map<Object, Object> m, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw new PickleException("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            m.put(checkKey(items.get(i)), items.get(i + 1));
        }
    }

    private static Collection<Object> checkKeys(Collection<Object> keys) {
        keys.forEach(TorchUnpickler::checkKey);
        return keys;
    }

    /**
     * Python only hashes immutable keys; refusing lists, dicts and sets here also keeps a crafted
     * pickle from making deep hashCode() calls that never end.
     */
    private static Object checkKey(Object k) {
        if (k instanceof Collection<?> || k instanceof Map<?, ?>) {
            throw new PickleException("unhashable dict key of type " + typeName(k));
        }
        return k;
    }

    static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Object[]) {
            return "tuple";
        }
        if (o instanceof List<?>) {
            return "list";
        }
        if (o instanceof Map<?, ?>) {
            return "dict";
        }
        if (o instanceof String) {
            return "str";
        }
        if (o instanceof Global g) {
            return g.qualified();
        }
        if (o instanceof PythonObject p) {
            return p.toString();
        }
        if (o instanceof HostTensor) {
            return "tensor";
        }
        if (o instanceof Integer || o instanceof Long || o instanceof BigInteger) {
            return "int";
        }
        if (o instanceof Double) {
            return "float";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (o instanceof byte[]) {
            return "bytes";
        }
        if (o instanceof Set<?>) {
            return "set";
        }
        return o.getClass().getSimpleName();
    }

    private Object persistent(Object pid) throws IOException {
        if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])) {
            throw new CheckpointFormatException(
                    file
                            + " has an unsupported persistent id in data.pkl (expected ('storage',"
                            + " type, key, location, numel), got a "
                            + typeName(pid)
                            + "); expected a file written by torch.save");
        }
        if (!(t[1] instanceof Global g) || !"torch".equals(g.module())) {
            throw new PickleException("storage type is a " + typeName(t[1]));
        }
        DType dtype;
        if ("UntypedStorage".equals(g.name())) {
            dtype = DType.UINT8;
        } else {
            dtype =
                    DType.fromTorchStorageClass(g.name())
                            .orElseThrow(
                                    () ->
                                            new CheckpointFormatException(
                                                    file
                                                            + " holds a torch."
                                                            + g.name()
                                                            + ", which this reader does not"
                                                            + " support; convert that tensor to"
                                                            + " float32 before saving"));
        }
        String key = String.valueOf(t[2]);
        long numel = toLong(t[4], "storage size");
        Storage s = storages.get(key);
        if (s == null) {
            s = new Storage(key, dtype, numel, source.read(key, dtype, numel));
            storages.put(key, s);
        } else if (s.dtype() != dtype) {
            throw new CheckpointFormatException(
                    file
                            + ": storage data/"
                            + key
                            + " is used as both "
                            + s.dtype()
                            + " and "
                            + dtype
                            + "; this reader needs one dtype per storage");
        }
        return s;
    }

    private Object call(Object callable, Object argsObj) throws IOException {
        Object[] args;
        if (argsObj instanceof Object[] a) {
            args = a;
        } else if (argsObj instanceof List<?> l) {
            args = l.toArray();
        } else {
            throw new PickleException(
                    "call arguments are a " + typeName(argsObj) + ", not a tuple");
        }
        if (!(callable instanceof Global g)) {
            throw new PickleException("call of a " + typeName(callable));
        }
        switch (g.qualified()) {
            case "collections.OrderedDict", "builtins.dict", "__builtin__.dict" -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                if (args.length > 0 && args[0] instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (p instanceof Object[] kv && kv.length == 2) {
                            m.put(checkKey(kv[0]), kv[1]);
                        } else {
                            throw new PickleException("OrderedDict item is not a pair");
                        }
                    }
                }
                return m;
            }
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                return rebuildTensor(args);
            }
            case "torch._utils._rebuild_parameter",
                    "torch._utils._rebuild_parameter_with_state",
                    "torch.nn.parameter.Parameter" -> {
                if (args.length == 0 || !(args[0] instanceof HostTensor)) {
                    throw new PickleException(g.qualified() + " without a tensor");
                }
                return args[0];
            }
            case "_codecs.encode" -> {
                // protocol 2 pickles bytes as _codecs.encode(str, 'latin1')
                if (args.length >= 1 && args[0] instanceof String s) {
                    String enc = args.length > 1 ? String.valueOf(args[1]) : "utf-8";
                    return s.getBytes(
                            Charset.isSupported(enc)
                                    ? Charset.forName(enc)
                                    : StandardCharsets.ISO_8859_1);
                }
                return new PythonObject(g.module(), g.name(), argList(args));
            }
            case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> {
                Object v = NumpyScalar.decode(args);
                return v != null ? v : new PythonObject(g.module(), g.name(), argList(args));
            }
            default -> {
                return new PythonObject(g.module(), g.name(), argList(args));
            }
        }
    }

    private static List<Object> argList(Object[] args) {
        return Collections.unmodifiableList(Arrays.asList(args.clone()));
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, ...)}. */
    private HostTensor rebuildTensor(Object[] args) throws IOException {
        if (args.length < 4 || !(args[0] instanceof Storage s)) {
            throw new PickleException("_rebuild_tensor_v2 without a storage");
        }
        long offset = toLong(args[1], "storage offset");
        long[] size = toLongs(args[2], "size");
        long[] stride = toLongs(args[3], "stride");
        String problem = Strided.checkView(s.numel(), offset, size, stride);
        if (problem != null) {
            throw new CheckpointFormatException(
                    file
                            + ": tensor on storage data/"
                            + s.key()
                            + " is inconsistent: "
                            + problem
                            + "; re-download or re-save the file");
        }
        long bytes;
        try {
            bytes = HostTensor.byteSizeOf(s.dtype(), size);
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(file + ": " + e.getMessage(), e);
        }
        int itemSize = s.dtype().itemSize();
        byte[] data;
        if (offset == 0 && bytes == s.data().length && Strided.isContiguous(size, stride)) {
            data = s.data(); // the whole storage: share it (tensors are immutable)
        } else {
            if (bytes > s.data().length && bytes > SMALL_EXPANSION || bytes > copyBudget) {
                throw new CheckpointFormatException(
                        file
                                + ": tensor of shape "
                                + Arrays.toString(size)
                                + " on storage data/"
                                + s.key()
                                + " ("
                                + s.data().length
                                + " bytes) would need "
                                + bytes
                                + " bytes, far more than the file holds; the file is damaged,"
                                + " re-download or re-save it");
            }
            copyBudget -= bytes;
            data = Strided.gather(s.data(), itemSize, offset, size, stride);
        }
        return HostTensor.wrap(s.dtype(), size, data);
    }

    private void build(Object obj, Object state) {
        if (obj instanceof PythonObject p) {
            p.setState(state);
        }
        // dicts (OrderedDict._metadata), tensors and others: the state is not needed
    }

    static long toLong(Object o, String what) {
        if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        if (o instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        throw new PickleException(what + " is a " + typeName(o) + ", not an int");
    }

    private static long[] toLongs(Object o, String what) {
        Object[] items;
        if (o instanceof Object[] a) {
            items = a;
        } else if (o instanceof List<?> l) {
            items = l.toArray();
        } else {
            throw new PickleException(what + " is a " + typeName(o) + ", not a tuple");
        }
        long[] out = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = toLong(items[i], what);
        }
        return out;
    }
}
