#!/usr/bin/env python3
"""Writes the checkpoint fixtures for dev.repmlp.engine.io tests with real PyTorch and NumPy.

Run from the repository root with an interpreter that has torch (>= 1.6) and numpy:

    /usr/bin/python3 engine/src/test/python/make_io_fixtures.py

Output: engine/src/test/resources/io/*.{pth,safetensors,npy} and expected.json. Values have a
closed form (arange, constants) that the Java tests recompute on their own; expected.json also
records, for every tensor, the key order, dtype, shape, strides as saved and the values flattened
in C order, as an independent check. Files are small (a few KB each).
"""
import collections
import json
import os
import struct
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "io")
OUT = os.path.normpath(OUT)
EXPECTED = {}

DTYPE_NAMES = {
    torch.float32: "FLOAT32",
    torch.float16: "FLOAT16",
    torch.bfloat16: "BFLOAT16",
    torch.float64: "FLOAT64",
    torch.int64: "INT64",
    torch.int32: "INT32",
    torch.uint8: "UINT8",
    torch.bool: "BOOL",
}


def describe(t):
    vals = t.contiguous().reshape(-1)
    if t.dtype.is_floating_point:
        values = [float(v) for v in vals.double().tolist()]
        # JSON has no inf/nan literals: store them as strings
        values = [v if np.isfinite(v) else str(v) for v in values]
    else:
        values = [int(v) for v in vals.long().tolist()]
    return {
        "dtype": DTYPE_NAMES[t.dtype],
        "shape": list(t.shape),
        "stride": list(t.stride()),
        "storage_offset": t.storage_offset(),
        "values": values,
    }


def tensors_of(obj, prefix=""):
    """(key path, tensor) pairs of a nested dict, in order."""
    out = []
    for k, v in obj.items():
        if isinstance(v, torch.Tensor):
            out.append((prefix + k, v))
        elif isinstance(v, dict):
            out.extend(tensors_of(v, prefix + k + "/"))
    return out


def save(name, obj, **kw):
    path = os.path.join(OUT, name)
    torch.save(obj, path, **kw)
    if isinstance(obj, dict):
        EXPECTED[name] = {
            "keys": list(obj.keys()),
            "tensors": collections.OrderedDict((k, describe(t)) for k, t in tensors_of(obj)),
        }


def state_dict(pairs):
    return collections.OrderedDict(pairs)


def main():
    os.makedirs(OUT, exist_ok=True)

    # 1. contiguous float32
    save("contiguous_f32.pth", state_dict([
        ("a.weight", torch.arange(6.0).reshape(2, 3)),
        ("a.bias", torch.tensor([0.5, -1.5])),
        ("b.cube", torch.arange(24.0).reshape(2, 3, 4) * 0.25),
    ]))

    # 2. non-contiguous: a transpose, and an fc3-like weight laid out the way (A.t() + B) is
    t = torch.arange(12.0).reshape(3, 4).t()
    a = torch.arange(36.0).reshape(6, 6)
    fc3 = (a.t() + torch.ones(6, 6)).reshape(6, 6, 1, 1)
    assert t.stride() == (1, 4) and not t.is_contiguous()
    assert fc3.stride() == (1, 6, 6, 6) and not fc3.is_contiguous(), fc3.stride()
    save("strided.pth", state_dict([("t", t), ("fc3.weight", fc3)]))

    # 3. views with storage offsets into one shared storage
    big = torch.arange(40.0)
    views = state_dict([
        ("first", big[0:10].view(2, 5)),
        ("mid", big[10:22].view(3, 4)),
        ("tail", big[30:]),
        ("col", big.view(8, 5)[:, 2]),
    ])
    assert views["mid"].storage_offset() == 10 and views["col"].stride() == (5,)
    save("views_offset.pth", views)

    # 4. dtypes, incl. a 0-dim int64 like BatchNorm's num_batches_tracked
    save("dtypes.pth", state_dict([
        ("half", torch.tensor([1.0, -2.0, 0.5, 65504.0, 2.0 ** -24, float("inf")],
                              dtype=torch.float16)),
        ("double", torch.arange(5, dtype=torch.float64) * 0.1),
        ("long", torch.tensor([0, -3, 2 ** 40, -(2 ** 62), 7], dtype=torch.int64)),
        ("num_batches_tracked", torch.tensor(7)),
        ("bf16", torch.tensor([1.0, -0.5, 3.0, 256.0], dtype=torch.bfloat16)),
        ("int32", torch.tensor([[1, -2], [3, -4]], dtype=torch.int32)),
        ("uint8", torch.tensor([0, 1, 255], dtype=torch.uint8)),
        ("bool", torch.tensor([True, False, True])),
        ("empty", torch.zeros(0, 3)),
    ]))

    # 5. a real module state dict (has OrderedDict._metadata, set by BUILD), keys in
    #    non-alphabetical order, wrapped in {'model': ...} and, with 'module.' keys, {'state_dict': ...}
    torch.manual_seed(0)
    net = torch.nn.Sequential(collections.OrderedDict([
        ("conv", torch.nn.Conv2d(2, 3, 1)),
        ("bn", torch.nn.BatchNorm2d(3)),
    ]))
    with torch.no_grad():
        net.conv.weight.copy_(torch.arange(6.0).reshape(3, 2, 1, 1) / 8)
        net.conv.bias.copy_(torch.tensor([-1.0, 0.0, 1.0]))
        net.bn.running_mean.copy_(torch.tensor([0.25, 0.5, 0.75]))
        net.bn.num_batches_tracked.fill_(12)
    sd = net.state_dict()
    save("module_sd.pth", sd)
    save("wrapped_model.pth", {"model": sd, "epoch": 5, "optimizer": {"lr": 0.1}})
    save("wrapped_state_dict.pth", {
        "arch": "RepMLPNet-T224",
        "best_acc": 81.25,
        "state_dict": collections.OrderedDict(("module." + k, v) for k, v in sd.items()),
    })

    # 6. an OrderedDict whose order is neither alphabetical nor a hash order
    names = ["zeta", "alpha", "mu", "beta", "omega", "gamma", "kappa", "delta", "x9", "x10", "a1"]
    save("order.pth", state_dict((n, torch.full((1,), float(i))) for i, n in enumerate(names)))

    # 7. a nested checkpoint with Python values (readObject mapping)
    save("nested.pth", {
        "weights": state_dict([("w", torch.arange(4.0))]),
        "epoch": 3,
        "big": 2 ** 40,
        "lr": 0.125,
        "name": "repmlp",
        "hist": [1, 2.5, "x", None, True],
        "pair": (1, 2),
        "np_acc": np.float64(0.75),
        "param": torch.nn.Parameter(torch.tensor([1.0, 2.0])),
    })

    # 8. things that are not state dicts, but valid torch.save files; and a legacy file
    torch.save([torch.zeros(1), 1], os.path.join(OUT, "list.pth"))
    torch.save("just a string", os.path.join(OUT, "string.pth"))
    torch.save({"epoch": 1, "note": "no tensors"}, os.path.join(OUT, "no_tensors.pth"))
    torch.save(state_dict([("w", torch.ones(2))]), os.path.join(OUT, "legacy.pth"),
               _use_new_zipfile_serialization=False)

    # 9. safetensors, written by hand from the spec (no safetensors package needed)
    st = collections.OrderedDict([
        ("w", np.arange(6, dtype="<f4").reshape(2, 3)),
        ("steps", np.array(9, dtype="<i8")),
        ("d", np.arange(3, dtype="<f8") * 0.5),
        ("h", np.array([1.0, -2.0], dtype="<f2")),
    ])
    header, offset, blobs = {"__metadata__": {"format": "pt", "source": "make_io_fixtures"}}, 0, []
    for k, v in st.items():
        b = v.tobytes()
        header[k] = {"dtype": {"f4": "F32", "i8": "I64", "f8": "F64", "f2": "F16"}[v.dtype.str[1:]],
                     "shape": list(v.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    hjson = json.dumps(header).encode()
    hjson += b" " * (-len(hjson) % 8)
    with open(os.path.join(OUT, "sample.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(hjson)) + hjson + b"".join(blobs))
    EXPECTED["sample.safetensors"] = {
        "keys": list(st.keys()),
        "metadata": header["__metadata__"],
        "tensors": {k: {"shape": list(v.shape), "values": v.astype(float).reshape(-1).tolist()}
                    for k, v in st.items()},
    }

    # 10. npy: C order, Fortran order, big-endian, version 2.0
    c = np.arange(12, dtype="<f4").reshape(3, 4) / 4
    np.save(os.path.join(OUT, "c_f32.npy"), c)
    np.save(os.path.join(OUT, "fortran_f64.npy"), np.asfortranarray(np.arange(6.0).reshape(2, 3)))
    np.save(os.path.join(OUT, "big_endian_i8.npy"), np.array([1, -2, 2 ** 40], dtype=">i8"))
    with open(os.path.join(OUT, "v2_f32.npy"), "wb") as f:
        np.lib.format.write_array(f, np.arange(4, dtype="<f4"), version=(2, 0))
    np.save(os.path.join(OUT, "scalar_f64.npy"), np.float64(2.5))

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(EXPECTED, f, indent=1)
        f.write("\n")
    print("torch", torch.__version__, "numpy", np.__version__, "->", OUT, file=sys.stderr)


if __name__ == "__main__":
    main()
