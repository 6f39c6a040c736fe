"""Writes checkpoint variants that upstream's own code loads, with upstream's logits, for the
loading tests: the issue's config (only upstream's constructor arguments, windows smaller than the
maps, no image size), saved as

  plain.pth            torch.save(model.state_dict())
  no_counters.pth      the same without the BatchNorm num_batches_tracked entries
  training_ckpt.pth    upstream main_repmlp.py's save_checkpoint layout: model, optimizer,
                       lr_scheduler, max_accuracy, epoch and config, a yacs CfgNode (a dict subclass)
  config.json          the constructor arguments, as a user would write them
  input.npy, logits.npy  a 1x3x64x64 input and upstream's eval-mode logits

Usage (PyTorch 1.13; upstream is NOT part of this repository):
    UPSTREAM_DIR=/path/to/checkout/of/DingXiaoH/RepMLP \
        python3 engine/src/test/python/make_checkpoint_variant_fixtures.py \
        engine/src/test/resources/checkpoints
"""
import json
import os
import sys
import types

import numpy as np
import torch

sys.path.insert(0, os.environ["UPSTREAM_DIR"])
from repmlpnet import RepMLPNet  # noqa: E402  (upstream's module, imported, not copied)

CONFIG = {"num_class": 10, "patch_size": [4, 4], "num_blocks": [1, 1], "channels": [16, 32],
          "hs": [4, 2], "ws": [8, 4], "sharesets_nums": [2, 4], "reparam_conv_k": [1, 3],
          "globalperceptron_reduce": 4}


class CfgNode(dict):
    """Stands in for yacs.config.CfgNode (pickled under that name): a dict subclass with
    attributes, as upstream's config.py builds it."""

    def __init__(self, init=None):
        super().__init__(init or {})
        self.__dict__["_immutable"] = True
        self.__dict__["_new_allowed"] = False


def main(out):
    os.makedirs(out, exist_ok=True)
    yacs = types.ModuleType("yacs")
    cfg_mod = types.ModuleType("yacs.config")
    CfgNode.__module__ = "yacs.config"
    cfg_mod.CfgNode = CfgNode
    sys.modules["yacs"] = yacs
    sys.modules["yacs.config"] = cfg_mod

    torch.manual_seed(0)
    model = RepMLPNet(**CONFIG)
    gen = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            n = m.num_features
            m.weight.data = torch.rand(n, generator=gen) + 0.5
            m.bias.data = torch.randn(n, generator=gen) * 0.3
            m.running_mean.data = torch.randn(n, generator=gen) * 0.5
            m.running_var.data = torch.rand(n, generator=gen) + 0.5
            m.num_batches_tracked.fill_(5)
    model.eval()
    x = torch.randn(1, 3, 64, 64, generator=gen)
    with torch.no_grad():
        y = model(x)
    sd = model.state_dict()
    torch.save(sd, os.path.join(out, "plain.pth"))
    torch.save({k: v for k, v in sd.items() if not k.endswith("num_batches_tracked")},
               os.path.join(out, "no_counters.pth"))
    config = CfgNode({"MODEL": CfgNode({"ARCH": "custom", "LABEL_SMOOTHING": 0.1}),
                      "TRAIN": CfgNode({"EPOCHS": 300, "BASE_LR": 0.0005})})
    opt = torch.optim.AdamW(model.parameters(), lr=0.001)
    torch.save({"model": sd, "optimizer": opt.state_dict(), "lr_scheduler": {"last_epoch": 3},
                "max_accuracy": 12.5, "epoch": 3, "config": config},
               os.path.join(out, "training_ckpt.pth"))
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(CONFIG, f)
        f.write("\n")
    np.save(os.path.join(out, "input.npy"), x.numpy())
    np.save(os.path.join(out, "logits.npy"), y.numpy())


if __name__ == "__main__":
    main(sys.argv[1])
