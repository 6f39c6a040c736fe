#!/usr/bin/python3
"""ImageFolders of hard links for the loader checks in docs/performance.md (issue 16).

Usage: make_loader_folders.py scale OUT_DIR   1,281,167 train files in 1,000 class folders (ImageNet's
                                               count) + 1,000 val, hard links of 25 small 64x48 JPEGs
       make_loader_folders.py val4000 OUT_DIR  40 train / 4,000 val files in 4 classes, hard links of
                                               3 JPEGs of 500x375 (the issue's -Xmx1g case)
Hard links cost a directory entry each; ext4 allows 65,000 links per file, hence 25 sources.
Delete OUT_DIR afterwards (rm -rf): 1.28M entries.
"""
import os
import sys

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
PHOTOS = os.path.join(HERE, "..", "..", "..", "sample-images", "photos")


def sources(out, count, size):
    os.makedirs(os.path.join(out, "_src"), exist_ok=True)
    names = sorted(f for f in os.listdir(PHOTOS) if f.endswith(".jpg"))
    paths = []
    for i in range(count):
        p = os.path.join(out, "_src", "s%02d.jpg" % i)
        img = Image.open(os.path.join(PHOTOS, names[i % len(names)])).convert("RGB")
        img.resize(size).save(p, quality=90)
        paths.append(p)
    return paths


def split(out, name, classes, per_class, source):
    """source(c, j): the JPEG that file j of class c links to."""
    total = 0
    for c in range(classes):
        d = os.path.join(out, name, "n%08d" % c)
        os.makedirs(d, exist_ok=True)
        for j in range(per_class(c)):
            os.link(source(c, j), os.path.join(d, "img_%05d.JPEG" % j))
        total += per_class(c)
    return total


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind == "scale":
        srcs = sources(out, 25, (64, 48))
        # 167 classes of 1,282 and 833 of 1,281: 1,281,167 files, ImageNet's train count
        # a class's files all link to one source: at most 40 x 1,282 = 51,280 links each
        n = split(out, "train", 1000, lambda c: 1282 if c < 167 else 1281,
                  lambda c, j: srcs[c % 25])
        split(out, "val", 1000, lambda c: 1, lambda c, j: srcs[c % 25])
    elif kind == "val4000":
        srcs = sources(out, 3, (500, 375))
        n = split(out, "train", 4, lambda c: 10, lambda c, j: srcs[(c + j) % 3])
        split(out, "val", 4, lambda c: 1000, lambda c, j: srcs[(c + j) % 3])
    else:
        sys.exit("kind must be scale or val4000")
    print("train files:", n)


if __name__ == "__main__":
    main()
