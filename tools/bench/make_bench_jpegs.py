#!/usr/bin/python3
"""Writes an ImageFolder of 500x375 JPEGs (PIL, ImageNet-like size) for the data-pipeline benches.

Usage: make_bench_jpegs.py OUT_DIR [COUNT]   (default 200 images, 2 classes)

The pictures are random crops of the repository's sample photos, resized with PIL, some mirrored,
saved at JPEG qualities 75..95 with PIL's default 4:2:0 subsampling (as most camera JPEGs are).
Deterministic (seed 0): the same command gives the same files.
"""
import os
import random
import sys

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
PHOTOS = os.path.join(HERE, "..", "..", "sample-images", "photos")


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    rnd = random.Random(0)
    photos = [Image.open(os.path.join(PHOTOS, f)).convert("RGB") for f in sorted(os.listdir(PHOTOS))]
    for i in range(count):
        cls = os.path.join(out, "class%d" % (i % 2))
        os.makedirs(cls, exist_ok=True)
        src = photos[i % len(photos)]
        w, h = src.size
        cw = rnd.randint(w // 2, w)
        ch = min(h, max(1, int(cw * 0.75 * rnd.uniform(0.9, 1.1))))
        x0 = rnd.randint(0, w - cw)
        y0 = rnd.randint(0, h - ch)
        img = src.crop((x0, y0, x0 + cw, y0 + ch)).resize((500, 375), Image.BILINEAR)
        if rnd.random() < 0.5:
            img = img.transpose(Image.FLIP_LEFT_RIGHT)
        img.save(os.path.join(cls, "img%04d.jpg" % i), quality=rnd.randint(75, 95))


if __name__ == "__main__":
    main()
