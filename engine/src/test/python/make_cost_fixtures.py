"""Parameters and multiply-adds of upstream's six released RepMLPNets, both structures.

Usage (PyTorch 1.13+; upstream is NOT part of this repository):
    UPSTREAM_DIR=/path/to/checkout/of/DingXiaoH/RepMLP \
        python3 engine/src/test/python/make_cost_fixtures.py engine/src/test/resources/onnx/costs.json

Parameters: sum of numel over model.parameters() (BN running stats are buffers, not counted).
Multiply-adds: forward hooks on every nn.Conv2d and nn.Linear of upstream's model during one
eval forward of a single image at the native resolution: output elements x (in_channels / groups)
x kernel area for a conv, output elements x in_features for a linear. Nothing else is counted.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.environ["UPSTREAM_DIR"])
from repmlpnet import get_RepMLPNet_model  # noqa: E402  (upstream's code, imported)

PRESETS = ["RepMLPNet-T224", "RepMLPNet-B224", "RepMLPNet-T256", "RepMLPNet-B256",
           "RepMLPNet-D256", "RepMLPNet-L256"]


def macs(model, res):
    total = [0]

    def conv_hook(m, inp, out):
        total[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear_hook(m, inp, out):
        total[0] += out.numel() * m.in_features

    hooks = []
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, torch.nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, res, res))
    for h in hooks:
        h.remove()
    return total[0]


def main(out):
    torch.set_num_threads(1)
    result = {}
    for name in PRESETS:
        res = 224 if name.endswith("224") else 256
        row = {"resolution": res}
        for structure, deploy in (("train", False), ("deploy", True)):
            model = get_RepMLPNet_model(name, deploy=deploy)
            row[structure + "_parameters"] = sum(p.numel() for p in model.parameters())
            row[structure + "_macs"] = macs(model, res)
            del model
        result[name] = row
        print(name, row, flush=True)
    with open(out, "w") as f:
        json.dump({"source": "upstream RepMLPNet (DingXiaoH/RepMLP @ 3eff13f), torch "
                   + torch.__version__ + ", engine/src/test/python/make_cost_fixtures.py",
                   "presets": result}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
