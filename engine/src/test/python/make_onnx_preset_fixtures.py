"""Reference deploy logits of upstream's own RepMLPNet for the six released structures.

Usage (PyTorch 1.13+, numpy; upstream is NOT part of this repository):
    UPSTREAM_DIR=/path/to/checkout/of/DingXiaoH/RepMLP \
        python3 engine/src/test/python/make_onnx_preset_fixtures.py engine/src/test/resources/onnx

For every released preset (arguments taken from upstream's own create_RepMLPNet_* functions) and
two depths -- "units1" (one unit per stage: the preset's channels, windows and sharesets at its
native resolution) and "full" (the released num_blocks) -- it builds the train-time model, fills
every state_dict entry with deterministic pseudo-random values (formula below, reproduced by the
Java test, so no weights need to be stored), runs upstream's locality_injection() and saves the
eval-mode deploy logits of a deterministic input batch.

Values: u(key, i) in [0, 1) for element i (row-major) of entry `key`:
    x = (i * 0x9E3779B1 + crc32(key) * 0x85EBCA77 + 0x6A09E667) mod 2^32
    x ^= x >> 16; x = x * 0x7FEB352D mod 2^32; x ^= x >> 15; x = x * 0x846CA68B mod 2^32;
    x ^= x >> 16; u = (x >> 8) / 2^24
    running_var: 0.25 + 1.5u;  BN weight (1-D weight): 0.2 + 0.6u;  running_mean, any bias:
    (2u - 1) * 0.5;
    other weights: (2u - 1) / sqrt(fan_in), fan_in = numel / shape[0];  num_batches_tracked: 0;
    input "input" [N, 3, R, R]: (2u - 1) * 1.5.
All arithmetic in float64, then rounded to float32.
"""
import json
import os
import sys
import zlib

import numpy as np
import torch

sys.path.insert(0, os.environ["UPSTREAM_DIR"])
import repmlpnet  # noqa: E402  (upstream's module, imported, not copied)

PRESETS = ["RepMLPNet-T224", "RepMLPNet-B224", "RepMLPNet-T256", "RepMLPNet-B256",
           "RepMLPNet-D256", "RepMLPNet-L256"]
BATCH = {"units1": 2, "full": 1}


def uniform(key, n):
    i = np.arange(n, dtype=np.uint64)
    m = np.uint64(0xFFFFFFFF)
    crc = np.uint64(zlib.crc32(key.encode("utf-8")) & 0xFFFFFFFF)
    x = (i * np.uint64(0x9E3779B1) + crc * np.uint64(0x85EBCA77) + np.uint64(0x6A09E667)) & m
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x7FEB352D)) & m
    x ^= x >> np.uint64(15)
    x = (x * np.uint64(0x846CA68B)) & m
    x ^= x >> np.uint64(16)
    return (x >> np.uint64(8)).astype(np.float64) / float(1 << 24)


def value(key, shape):
    n = int(np.prod(shape)) if len(shape) else 1
    u = uniform(key, n)
    if key.endswith("running_var"):
        v = 0.25 + 1.5 * u
    elif key.endswith(".weight") and len(shape) == 1:
        v = 0.2 + 0.6 * u
    elif key == "input":
        v = (2 * u - 1) * 1.5
    elif key.endswith("running_mean") or key.endswith(".bias"):
        v = (2 * u - 1) * 0.5
    else:
        v = (2 * u - 1) / np.sqrt(n / shape[0])
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


def preset_args(name):
    captured = {}
    real = repmlpnet.RepMLPNet

    def capture(**kw):
        captured.update(kw)
        return None

    repmlpnet.RepMLPNet = capture
    try:
        repmlpnet.get_RepMLPNet_model(name, deploy=False)
    finally:
        repmlpnet.RepMLPNet = real
    captured.pop("deploy", None)
    return captured


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(int(os.environ.get("THREADS", "1")))
    summary = {}
    for name in PRESETS:
        args = preset_args(name)
        res = args["hs"][0] * 4
        for variant in ("units1", "full"):
            kw = dict(args)
            if variant == "units1":
                kw["num_blocks"] = (1, 1, 1, 1)
            model = repmlpnet.RepMLPNet(**kw, deploy=False)
            sd = model.state_dict()
            filled = {k: (v if k.endswith("num_batches_tracked") else value(k, tuple(v.shape)))
                      for k, v in sd.items()}
            model.load_state_dict(filled)
            model.eval()
            x = value("input", (BATCH[variant], 3, res, res))
            with torch.no_grad():
                train_logits = model(x)
                model.locality_injection()
                deploy_logits = model(x)
            base = "%s-%s" % (name, variant)
            np.save(os.path.join(out, base + ".npy"), deploy_logits.numpy())
            summary[base] = dict(
                num_blocks=list(kw["num_blocks"]), batch=BATCH[variant], resolution=res,
                max_abs_logit=float(deploy_logits.abs().max()),
                max_abs_train_vs_deploy=float((train_logits - deploy_logits).abs().max()))
            print(base, summary[base], flush=True)
            del model
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write("Deploy logits of upstream RepMLPNet (DingXiaoH/RepMLP @ 3eff13f), torch "
                + torch.__version__ + ", made by engine/src/test/python/"
                "make_onnx_preset_fixtures.py (weights and inputs from the formula there).\n\n"
                "```\n" + json.dumps(summary, indent=1) + "\n```\n")


if __name__ == "__main__":
    main(sys.argv[1])
