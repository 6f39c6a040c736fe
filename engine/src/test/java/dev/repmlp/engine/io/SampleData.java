package dev.repmlp.engine.io;

import java.util.List;

/**
 * A state dict covering every dtype, a 0-dim scalar, an empty tensor and a non-sorted key order.
 */
final class SampleData {
    private SampleData() {}

    static HostTensor raw(DType dtype, long[] shape, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return HostTensor.of(dtype, shape, b);
    }

    static StateDict allDtypes() {
        StateDict sd = new StateDict();
        sd.put(
                "stages.1.fc3.weight",
                HostTensor.ofFloats(new long[] {2, 3, 1, 1}, Fixtures.arange(0, 6, 0.5f)));
        // float16 1.0, -2.0, 65504, 2^-24
        sd.put(
                "half",
                raw(DType.FLOAT16, new long[] {4}, 0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B, 0x01, 0x00));
        // bfloat16 1.0, -0.5
        sd.put("bf16", raw(DType.BFLOAT16, new long[] {2}, 0x80, 0x3F, 0x00, 0xBF));
        sd.put("double", HostTensor.ofDoubles(new long[] {3}, 0.1, -1e300, Math.PI));
        sd.put("bn.num_batches_tracked", HostTensor.scalarLong(12));
        sd.put("long", HostTensor.ofLongs(new long[] {3}, Long.MIN_VALUE, -1, 1L << 40));
        sd.put(
                "int32",
                HostTensor.ofInts(new long[] {2, 2}, 1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE));
        sd.put("int16", raw(DType.INT16, new long[] {2}, 0xFF, 0xFF, 0x00, 0x80));
        sd.put("int8", raw(DType.INT8, new long[] {2}, 0x80, 0x7F));
        sd.put("uint8", raw(DType.UINT8, new long[] {3}, 0, 1, 255));
        sd.put("bool", raw(DType.BOOL, new long[] {3}, 1, 0, 1));
        sd.put("empty", HostTensor.ofFloats(new long[] {0, 3}));
        sd.put("a.scalar", HostTensor.scalarFloat(-0.0f));
        return sd;
    }

    static final List<String> KEYS =
            List.of(
                    "stages.1.fc3.weight",
                    "half",
                    "bf16",
                    "double",
                    "bn.num_batches_tracked",
                    "long",
                    "int32",
                    "int16",
                    "int8",
                    "uint8",
                    "bool",
                    "empty",
                    "a.scalar");
}
