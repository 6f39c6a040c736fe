"""Evaluates weights the way upstream's test.py does (its model code, its transforms, its loss and
accuracy bookkeeping) and prints one JSON line: top1, top5 (%), loss (mean cross-entropy), images.

test.py builds a released model by name; for a custom config (the bundled demo model) the model is
upstream's RepMLPNet(**config) with the same arguments. The val split is DATA/val, read by
torchvision's ImageFolder with PIL (Image.open(f).convert('RGB')); Resize(r), CenterCrop(r),
ToTensor, Normalize(ImageNet mean, std); batches of B; CrossEntropyLoss averaged per batch and
weighted by batch size (test.py's AverageMeter); top-k as timm's accuracy.

Usage (PyTorch 1.13, torchvision 0.14; upstream is NOT part of this repository):
    UPSTREAM_DIR=/path/to/DingXiaoH/RepMLP python3 engine/src/test/python/upstream_test_py.py \
        DATA WEIGHTS --config MODEL_JSON [-r R] [-b B]
MODEL_JSON is a workbench model config or a run/model JSON with a "model" entry.
"""
import argparse
import json
import os
import sys

import torch
from torchvision import datasets, transforms

sys.path.insert(0, os.environ["UPSTREAM_DIR"])
from repmlpnet import RepMLPNet  # noqa: E402  (upstream's module, imported, not copied)

ARGS = ("in_channels", "num_class", "patch_size", "num_blocks", "channels", "hs", "ws",
        "sharesets_nums", "reparam_conv_k", "globalperceptron_reduce")


def evaluate(data, weights, config_path, resolution=None, batch=100):
    with open(config_path) as f:
        cfg = json.load(f)
    cfg = cfg.get("model", cfg)
    model = RepMLPNet(**{k: cfg[k] for k in ARGS if k in cfg})
    ckpt = torch.load(weights, map_location="cpu")
    if "model" in ckpt:
        ckpt = ckpt["model"]
    model.load_state_dict(ckpt)
    model.eval()
    r = resolution or cfg["image_size"]
    trans = transforms.Compose([transforms.Resize(r), transforms.CenterCrop(r), transforms.ToTensor(),
                                transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
    ds = datasets.ImageFolder(os.path.join(data, "val"), trans)
    loader = torch.utils.data.DataLoader(ds, batch_size=batch, shuffle=False, num_workers=0)
    criterion = torch.nn.CrossEntropyLoss()
    n = 0
    loss_sum = top1_sum = top5_sum = 0.0
    with torch.no_grad():
        for images, target in loader:
            out = model(images)
            loss = criterion(out, target)
            k = min(5, out.shape[1])
            pred = out.topk(k, 1, True, True).indices.t()
            correct = pred.eq(target.reshape(1, -1).expand_as(pred))
            b = images.size(0)
            top1 = correct[:1].reshape(-1).float().sum(0) * 100.0 / b
            top5 = correct[:k].reshape(-1).float().sum(0) * 100.0 / b
            loss_sum += loss.item() * b
            top1_sum += top1.item() * b
            top5_sum += top5.item() * b
            n += b
    return {"top1": top1_sum / n, "top5": top5_sum / n, "loss": loss_sum / n, "images": n,
            "resolution": r, "batch": batch}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data")
    p.add_argument("weights")
    p.add_argument("--config", required=True)
    p.add_argument("-r", "--resolution", type=int)
    p.add_argument("-b", "--batch-size", type=int, default=100)
    a = p.parse_args()
    torch.set_num_threads(1)
    print(json.dumps(evaluate(a.data, a.weights, a.config, a.resolution, a.batch_size)))


if __name__ == "__main__":
    main()
