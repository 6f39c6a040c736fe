#!/usr/bin/python3
"""Images/s of upstream's data transforms with torchvision 0.14 + PIL 9.4, as `repmlp bench
--mode data-eval|data-train --json` reports ours (the number under "images_per_second").

    [UPSTREAM_DIR=...] torchvision_data_bench.py --data DIR --mode data-eval|data-train \
        -r 224 --workers N [--seconds 20]

data-eval is test.py's transform: Resize(r), CenterCrop(r), ToTensor, Normalize.
data-train is data/build.py's raug15 preset: RandomResizedCrop(r), RandomHorizontalFlip,
RandAugPolicy(magnitude=15), ToTensor, Normalize. RandAugPolicy is upstream's own class, imported
from a checkout of github.com/DingXiaoH/RepMLP named by UPSTREAM_DIR (not part of this repository).
--workers 0: one process, one thread, a plain loop over torchvision's ImageFolder (the per-core
figure; "cpu_images_per_second" divides by the process's CPU time, the fairer figure on a loaded
machine); --workers N: torch.utils.data.DataLoader with N worker processes, batch 32. Files are
read from disk each time (the page cache holds them after the first pass). Prints one JSON object.
"""
import argparse
import json
import os
import sys
import time

import torch
from torchvision import datasets, transforms

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def transform(mode, r):
    if mode == "data-eval":
        return transforms.Compose(
            [
                transforms.Resize(r),
                transforms.CenterCrop(r),
                transforms.ToTensor(),
                transforms.Normalize(MEAN, STD),
            ]
        )
    sys.path.insert(0, os.environ["UPSTREAM_DIR"])
    from randaug import RandAugPolicy  # upstream's code, imported from its checkout

    return transforms.Compose(
        [
            transforms.RandomResizedCrop(r),
            transforms.RandomHorizontalFlip(),
            RandAugPolicy(magnitude=15),
            transforms.ToTensor(),
            transforms.Normalize(MEAN, STD),
        ]
    )


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--mode", required=True, choices=["data-eval", "data-train"])
    p.add_argument("-r", "--resolution", type=int, default=224)
    p.add_argument("--workers", type=int, default=0)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--batch-size", type=int, default=32)
    a = p.parse_args()
    torch.set_num_threads(1)
    ds = datasets.ImageFolder(a.data, transform=transform(a.mode, a.resolution))
    n = 0
    if a.workers == 0:
        for i in range(min(len(ds), 20)):  # warm-up
            ds[i]
        cpu0 = time.process_time()
        start = time.perf_counter()
        i = 0
        while time.perf_counter() - start < a.seconds:
            ds[i % len(ds)]
            n += 1
            i += 1
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu0
    else:
        loader = torch.utils.data.DataLoader(
            ds, batch_size=a.batch_size, shuffle=True, num_workers=a.workers,
            persistent_workers=True, drop_last=False)
        it = iter(loader)
        next(it)  # workers started and warm
        cpu = None  # spread over worker processes
        start = time.perf_counter()
        while time.perf_counter() - start < a.seconds:
            try:
                x, _ = next(it)
            except StopIteration:
                it = iter(loader)
                continue
            n += x.shape[0]
        elapsed = time.perf_counter() - start
    print(json.dumps({
        "pipeline": "torchvision+PIL",
        "mode": a.mode,
        "resolution": a.resolution,
        "workers": a.workers,
        "images": n,
        "seconds": round(elapsed, 2),
        "images_per_second": round(n / elapsed, 1),
        "cpu_seconds": round(cpu, 2) if cpu else None,
        "cpu_images_per_second": round(n / cpu, 1) if cpu else None,
    }))


if __name__ == "__main__":
    main()
