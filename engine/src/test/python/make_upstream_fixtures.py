"""Writes reference outputs of upstream's own RepMLPNet code for the Java engine tests.

Usage (PyTorch 1.13+, numpy; upstream is NOT part of this repository):
    UPSTREAM_DIR=/path/to/checkout/of/DingXiaoH/RepMLP \
        python3 engine/src/test/python/make_upstream_fixtures.py engine/src/test/resources/upstream

The config is tiny on purpose and exercises upstream's partition/merge order: several
non-square windows per stage map with fewer sharesets than channels.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.environ["UPSTREAM_DIR"])
from repmlpnet import RepMLPNet  # noqa: E402  (upstream's module, imported, not copied)

CONFIG = dict(in_channels=3, num_class=5, patch_size=(4, 4), num_blocks=(1, 1),
              channels=(8, 16), hs=(4, 2), ws=(2, 4), sharesets_nums=(2, 4),
              reparam_conv_k=(1, 3), globalperceptron_reduce=4)
IMAGE = 32


def randomise_bn(model, gen):
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            n = m.num_features
            m.weight.data = torch.rand(n, generator=gen) * 1.5 + 0.25
            m.bias.data = torch.randn(n, generator=gen) * 0.5
            m.running_mean.data = torch.randn(n, generator=gen) * 0.5
            m.running_var.data = torch.rand(n, generator=gen) * 1.5 + 0.25
            m.num_batches_tracked.fill_(7)


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    model = RepMLPNet(**CONFIG, deploy=False)
    randomise_bn(model, gen)
    x = torch.randn(2, 3, IMAGE, IMAGE, generator=gen)
    torch.save(model.state_dict(), os.path.join(out, "train.pth"))
    np.save(os.path.join(out, "input.npy"), x.numpy())

    model.eval()
    with torch.no_grad():
        np.save(os.path.join(out, "logits_eval.npy"), model(x).numpy())

    # one forward in training mode: batch statistics and running-stat updates
    train_model = RepMLPNet(**CONFIG, deploy=False)
    train_model.load_state_dict(torch.load(os.path.join(out, "train.pth")))
    train_model.train()
    with torch.no_grad():
        np.save(os.path.join(out, "logits_trainmode.npy"), train_model(x).numpy())
    torch.save(train_model.state_dict(), os.path.join(out, "after_trainmode.pth"))

    # locality injection in place, saved as upstream's convert.py does (fc3 non-contiguous)
    model.locality_injection()
    sd = model.state_dict()
    torch.save(sd, os.path.join(out, "deploy.pth"))
    with torch.no_grad():
        np.save(os.path.join(out, "logits_deploy.npy"), model(x).numpy())
    strides = {k: list(v.stride()) for k, v in sd.items() if k.endswith("fc3.weight")}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(dict(CONFIG, image_size=IMAGE, name="upstream-fixture"), f, indent=1)
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write("Reference outputs of upstream RepMLPNet (DingXiaoH/RepMLP @ 3eff13f), torch "
                + torch.__version__ + ", made by engine/src/test/python/make_upstream_fixtures.py.\n"
                "deploy.pth fc3.weight strides as saved: " + json.dumps(strides) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
