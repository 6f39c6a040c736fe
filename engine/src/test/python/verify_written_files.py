#!/usr/bin/env python3
"""Checks files written by the Java io package with real torch.load / numpy.load.

    ./mvnw -q -B -o -pl engine test -Dtest=ExportForPythonTest -Drepmlp.io.exportDir=/tmp/io-export
    /usr/bin/python3 engine/src/test/python/verify_written_files.py /tmp/io-export

The expected values are written out here independently of the Java code. Exit status 0 when all
checks pass; every check prints one line.
"""
import collections
import json
import math
import os
import struct
import sys
import zipfile

import numpy as np
import torch

D = sys.argv[1] if len(sys.argv) > 1 else "/tmp/io-export"
FAILED = []


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else "  " + str(detail)))
    if not cond:
        FAILED.append(name)


def same(a, b):
    """Exact equality incl. dtype, shape, -0.0 and inf."""
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.is_floating_point:
        a, b = a.double(), b.double()
        return bool(torch.equal(a, b) and torch.equal(torch.signbit(a), torch.signbit(b)))
    return bool(torch.equal(a, b))


EXPECTED_SD = collections.OrderedDict([
    ("stages.1.fc3.weight", (torch.arange(6, dtype=torch.float32) * 0.5).reshape(2, 3, 1, 1)),
    ("half", torch.tensor([1.0, -2.0, 65504.0, 2.0 ** -24], dtype=torch.float16)),
    ("bf16", torch.tensor([1.0, -0.5], dtype=torch.bfloat16)),
    ("double", torch.tensor([0.1, -1e300, math.pi], dtype=torch.float64)),
    ("bn.num_batches_tracked", torch.tensor(12)),
    ("long", torch.tensor([-(2 ** 63), -1, 2 ** 40], dtype=torch.int64)),
    ("int32", torch.tensor([[1, -2], [2 ** 31 - 1, -(2 ** 31)]], dtype=torch.int32)),
    ("int16", torch.tensor([-1, -(2 ** 15)], dtype=torch.int16)),
    ("int8", torch.tensor([-128, 127], dtype=torch.int8)),
    ("uint8", torch.tensor([0, 1, 255], dtype=torch.uint8)),
    ("bool", torch.tensor([True, False, True])),
    ("empty", torch.zeros(0, 3)),
    ("a.scalar", torch.tensor(-0.0)),
])


def verify_state_dict():
    path = os.path.join(D, "written_sd.pth")
    for weights_only in (False, True):
        sd = torch.load(path, weights_only=weights_only)
        tag = "written_sd.pth (weights_only=%s)" % weights_only
        check(tag + " is an OrderedDict", type(sd) is collections.OrderedDict, type(sd))
        check(tag + " keys and order", list(sd.keys()) == list(EXPECTED_SD.keys()), list(sd.keys()))
        for k, v in EXPECTED_SD.items():
            got = sd.get(k)
            check(tag + " " + k + " " + str(v.dtype) + " " + str(list(v.shape)),
                  got is not None and same(got, v), got)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        check("written_sd.pth entries", names[0] == "archive/data.pkl" and names[-1] == "archive/version"
              and "archive/byteorder" in names, names)
        for info in z.infolist():
            start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
            check("written_sd.pth %s stored, data 64-aligned" % info.filename,
                  info.compress_type == zipfile.ZIP_STORED and start % 64 == 0, start)
    # and torch can write back what it read
    sd = torch.load(path)
    torch.save(sd, os.path.join(D, "resaved_by_torch.pth"))
    check("torch re-saves it", os.path.getsize(os.path.join(D, "resaved_by_torch.pth")) > 0)


def weights_only_outcome(path):
    try:
        torch.load(path, weights_only=True)
        return "loads"
    except Exception as e:  # noqa: BLE001 - we compare the outcome only
        return "fails: " + str(e).split("error: ")[-1]


def verify_nested():
    path = os.path.join(D, "written_nested.pth")
    obj = torch.load(path)
    check("written_nested.pth is a dict", type(obj) is dict, type(obj))
    check("nested keys", list(obj) == ["model", "epoch", "big", "lr", "arch", "hist", "pair"], list(obj))
    m = obj["model"]
    check("nested model is an OrderedDict", type(m) is collections.OrderedDict, type(m))
    check("nested model keys", list(m) == ["module.fc.weight", "module.bn.num_batches_tracked"], list(m))
    check("nested fc.weight", same(m["module.fc.weight"], torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
    check("nested num_batches_tracked", same(m["module.bn.num_batches_tracked"], torch.tensor(3)))
    check("nested scalars", obj["epoch"] == 3 and obj["big"] == 2 ** 40 and obj["lr"] == 0.1
          and obj["arch"] == "RepMLPNet-B224", obj)
    check("nested list", obj["hist"] == [1, None, True, "x"], obj["hist"])
    check("nested tuple", obj["pair"] == (1, 2.5), obj["pair"])
    # torch 1.13's weights_only unpickler lacks BINFLOAT, so a float anywhere makes it refuse
    # torch's own files too: the outcome must be the same as for the file torch writes itself
    ours = weights_only_outcome(path)
    ref = os.path.join(D, "nested_by_torch.pth")
    torch.save(obj, ref)
    theirs = weights_only_outcome(ref)
    check("nested weights_only=True like torch's own file (%s)" % ours, ours == theirs, theirs)


def verify_big():
    sd = torch.load(os.path.join(D, "written_big.pth"), weights_only=True)
    w = sd["fc3.weight"]
    exp = (torch.arange(256 * 256, dtype=torch.float32) / 1000).reshape(256, 256, 1, 1)
    check("written_big.pth fc3.weight [256, 256, 1, 1]", w.shape == exp.shape, w.shape)
    check("written_big.pth values (float32 i/1000)", torch.equal(w, exp),
          (w - exp).abs().max())


def verify_npy():
    cases = {
        "written_f32.npy": np.arange(12, dtype="<f4").reshape(3, 4) * np.float32(0.25),
        "written_f64.npy": np.array([0.1, -1e300], dtype="<f8"),
        "written_i64.npy": np.array([-(2 ** 63), -1, 2 ** 40], dtype="<i8"),
        "written_scalar.npy": np.array(7, dtype="<i8"),
        "written_1d.npy": np.array([1, 2, 3, 4, 5], dtype="<f4"),
    }
    for name, exp in cases.items():
        a = np.load(os.path.join(D, name))
        check("%s %s %s" % (name, exp.dtype.str, exp.shape),
              a.dtype == exp.dtype and a.shape == exp.shape and np.array_equal(a, exp)
              and a.flags.c_contiguous, (a.dtype, a.shape, a))
        with open(os.path.join(D, name), "rb") as f:
            major = f.read(8)[6]
            hlen = struct.unpack("<H", f.read(2))[0]
        check(name + " header v1.0, 64-aligned", major == 1 and (10 + hlen) % 64 == 0, (major, hlen))


def verify_safetensors():
    path = os.path.join(D, "written.safetensors")
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    check("safetensors header 8-aligned", n % 8 == 0, n)
    check("safetensors metadata", header.pop("__metadata__", None) == {"format": "pt"})
    check("safetensors key order", list(header) == list(EXPECTED_SD), list(header))
    names = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
             "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
             "U8": torch.uint8, "BOOL": torch.bool}
    end = 0
    for k, v in EXPECTED_SD.items():
        h = header[k]
        b, e = h["data_offsets"]
        check("safetensors %s offsets contiguous" % k, b == end, (b, end))
        end = e
        raw = bytearray(data[b:e])
        t = torch.frombuffer(raw, dtype=names[h["dtype"]]) if raw else torch.empty(0, dtype=names[h["dtype"]])
        t = t.reshape(h["shape"])
        check("safetensors %s" % k, same(t, v), t)
    check("safetensors data size", end == len(data), (end, len(data)))


verify_state_dict()
verify_nested()
verify_big()
verify_npy()
verify_safetensors()
print("torch", torch.__version__, "numpy", np.__version__, "-", "FAILED: %s" % FAILED if FAILED else "all passed")
sys.exit(1 if FAILED else 0)
