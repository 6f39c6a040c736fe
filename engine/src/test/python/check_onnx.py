#!/usr/bin/env python3
"""Runs the official ONNX checker on exported files (Debian's python3-onnx).

    python3 engine/src/test/python/check_onnx.py FILE.onnx [FILE.onnx ...]

For each file: onnx.checker.check_model with full_check=True (which also runs strict shape
inference), then checks that the graph's declared output shape was inferred. Prints one line per
file ("ok FILE ..." or "FAIL FILE: reason"); exit status 0 when all pass.
"""
import sys

import onnx
import onnx.checker
import onnx.shape_inference


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    out = inferred.graph.output[0]
    dims = [d.dim_param or d.dim_value for d in out.type.tensor_type.shape.dim]
    opset = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")][0]
    return "ir_version %d opset %d nodes %d initializers %d output %s %s" % (
        model.ir_version, opset, len(model.graph.node), len(model.graph.initializer),
        out.name, dims)


def main(paths):
    failed = 0
    for p in paths:
        try:
            print("ok %s %s (onnx %s)" % (p, check(p), onnx.__version__))
        except Exception as e:  # noqa: BLE001  (report every failure as one line)
            failed += 1
            print("FAIL %s: %s" % (p, str(e).strip().splitlines()[0] if str(e).strip() else e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
