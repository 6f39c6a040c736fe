"""Times upstream's own RepMLPNet (PyTorch, eager, CPU) the way `repmlp bench` times ours.

Upstream's code is not part of this repository: point UPSTREAM_DIR at a checkout of
github.com/DingXiaoH/RepMLP (repmlpnet.py is imported from there).

    UPSTREAM_DIR=... python3 tools/bench/upstream_reference.py -a RepMLPNet-T224 \
        --mode infer-deploy -b 16 --threads 2 --warmup 1 --iters 3

Modes: infer-train, infer-deploy (built deploy-time and loaded: contiguous fc3),
infer-deploy-inplace (locality_injection() in place: fc3 left non-contiguous), train-step
(forward in train mode, cross-entropy, backward, AdamW with upstream's no-decay groups).
Prints one JSON object like `repmlp bench --json`.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import torch

sys.path.insert(0, os.environ["UPSTREAM_DIR"])
from repmlpnet import get_RepMLPNet_model  # noqa: E402  (upstream's code, imported)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-a", "--arch", default="RepMLPNet-T224")
    p.add_argument("--mode", required=True)
    p.add_argument("-b", "--batch-size", type=int, default=1)
    p.add_argument("-r", "--resolution", type=int, default=None)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--iters", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    res = a.resolution or (224 if a.arch.endswith("224") else 256)
    x = torch.randn(a.batch_size, 3, res, res)
    model = get_RepMLPNet_model(a.arch, deploy=False)
    if a.mode == "infer-deploy":
        model.locality_injection()
        state = {k: v.contiguous() for k, v in model.state_dict().items()}
        model = get_RepMLPNet_model(a.arch, deploy=True)
        model.load_state_dict(state)
    elif a.mode == "infer-deploy-inplace":
        model.locality_injection()
    times = []
    if a.mode == "train-step":
        model.train()
        decay, no_decay = [], []
        for name, param in model.named_parameters():
            (no_decay if len(param.shape) == 1 or name.endswith(".bias") else decay).append(param)
        opt = torch.optim.AdamW([{"params": decay}, {"params": no_decay, "weight_decay": 0.0}],
                                lr=1e-4, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1)
        target = torch.arange(a.batch_size) % 1000
        loss_fn = torch.nn.CrossEntropyLoss()
        for i in range(a.warmup + a.iters):
            t0 = time.perf_counter()
            opt.zero_grad()
            loss = loss_fn(model(x), target)
            loss.backward()
            opt.step()
            if i >= a.warmup:
                times.append(time.perf_counter() - t0)
    else:
        model.eval()
        with torch.no_grad():
            for i in range(a.warmup + a.iters):
                t0 = time.perf_counter()
                model(x)
                if i >= a.warmup:
                    times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(json.dumps(dict(impl="upstream-pytorch-" + torch.__version__, model=a.arch, mode=a.mode,
                          batch=a.batch_size, resolution=res, threads=a.threads, median_s=med,
                          min_s=min(times), max_s=max(times), images_per_sec=a.batch_size / med,
                          peak_rss_mb=peak_rss_mb())))


if __name__ == "__main__":
    main()
