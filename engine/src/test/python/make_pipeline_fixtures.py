"""Writes the val sets and upstream's test.py results for the end-to-end pipeline test: our
`repmlp test` must give upstream's top-1, top-5 and loss on the same files with the same weights.

Sets (OUT/<set>/val/<class>/...):
  cmyk   10 images per class of the demo val split as CMYK JPEGs (ImageMagick -colorspace CMYK,
         as such files occur in ImageNet's training set)
  kinds  the decodable image kinds of resources/preprocess/images (grey, 16-bit, palette, RGBA,
         CMYK, progressive, PNG data in .JPEG, odd sizes...), dealt round-robin into the classes
The greyscale set is the bundled demo val split itself (assets/datasets/fashion-mnist-demo).

Usage (after any change of the bundled model; upstream is NOT part of this repository):
    UPSTREAM_DIR=/path/to/DingXiaoH/RepMLP python3 engine/src/test/python/make_pipeline_fixtures.py
"""
import json
import os
import shutil
import subprocess
import sys

import PIL
import torch
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from upstream_test_py import evaluate  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
DEMO = os.path.join(ROOT, "assets", "datasets", "fashion-mnist-demo")
MODEL = os.path.join(ROOT, "assets", "models", "repmlpnet-demo-fashion-mnist.pth")
MODEL_JSON = os.path.join(ROOT, "assets", "models", "repmlpnet-demo-fashion-mnist.json")
RES = os.path.join(ROOT, "engine", "src", "test", "resources")
OUT = os.path.join(RES, "pipeline")


def make_cmyk():
    val = os.path.join(OUT, "cmyk", "val")
    shutil.rmtree(os.path.join(OUT, "cmyk"), ignore_errors=True)
    for cls in sorted(os.listdir(os.path.join(DEMO, "val"))):
        src = os.path.join(DEMO, "val", cls)
        if not os.path.isdir(src):
            continue
        os.makedirs(os.path.join(val, cls))
        for name in sorted(os.listdir(src))[:10]:
            dst = os.path.join(val, cls, os.path.splitext(name)[0] + ".jpg")
            subprocess.run(["convert", os.path.join(src, name), "-colorspace", "CMYK",
                            "-quality", "92", dst], check=True)


def make_kinds():
    shutil.rmtree(os.path.join(OUT, "kinds"), ignore_errors=True)
    with open(os.path.join(RES, "preprocess", "cases.json")) as f:
        cases = json.load(f)["cases"]
    classes = sorted(d for d in os.listdir(os.path.join(DEMO, "val"))
                     if os.path.isdir(os.path.join(DEMO, "val", d)))
    usable = [c["file"] for c in cases if "error" not in c]
    for i, name in enumerate(usable):
        d = os.path.join(OUT, "kinds", "val", classes[i % len(classes)])
        os.makedirs(d, exist_ok=True)
        shutil.copy(os.path.join(RES, "preprocess", "images", name), os.path.join(d, name))


def main():
    make_cmyk()
    make_kinds()
    results = {
        "generator": "engine/src/test/python/make_pipeline_fixtures.py (upstream test.py pipeline)",
        "pillow": PIL.__version__, "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "weights": "assets/models/repmlpnet-demo-fashion-mnist.pth",
        "sets": {
            "grey_demo_val": evaluate(DEMO, MODEL, MODEL_JSON, 32),
            "cmyk": evaluate(os.path.join(OUT, "cmyk"), MODEL, MODEL_JSON, 32),
            "kinds": evaluate(os.path.join(OUT, "kinds"), MODEL, MODEL_JSON, 32, batch=7),
        },
    }
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    print(json.dumps(results["sets"], indent=1))


if __name__ == "__main__":
    main()
