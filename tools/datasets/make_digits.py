"""Writes a small greyscale digit ImageFolder for trying recipes on a new dataset: 10 classes,
N train / M val images per class, 32x32 8-bit grey PNGs of the digits 0-9 drawn in the DejaVu
fonts with random size, rotation, shift, stroke, blur and noise (a stand-in for the small digit
sets researchers bring; no download).

Usage (python3 with Pillow and numpy; fonts-dejavu-core):
    python3 tools/datasets/make_digits.py OUT_DIR [--train 300] [--val 50] [--seed 0]
"""
import argparse
import glob
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont


def fonts():
    found = sorted(glob.glob("/usr/share/fonts/truetype/dejavu/*.ttf"))
    if not found:
        raise SystemExit("no DejaVu fonts found: apt-get install fonts-dejavu-core")
    return found


def digit(d, rng, font_files):
    size = 32
    canvas = Image.new("L", (64, 64), 0)
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(font_files[rng.integers(len(font_files))], int(rng.integers(20, 31)))
    stroke = int(rng.integers(0, 2))
    draw.text((32, 32), str(d), fill=int(rng.integers(170, 256)), font=font, anchor="mm",
              stroke_width=stroke, stroke_fill=255)
    canvas = canvas.rotate(float(rng.uniform(-18, 18)), resample=Image.BILINEAR,
                           translate=(float(rng.uniform(-4, 4)), float(rng.uniform(-4, 4))))
    img = canvas.crop((16, 16, 48, 48))
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 1.0))))
    a = np.asarray(img, dtype=np.float32)
    a = a * rng.uniform(0.6, 1.0) + rng.normal(0, rng.uniform(4, 20), a.shape) + rng.uniform(0, 40)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L").resize((size, size))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--train", type=int, default=300)
    p.add_argument("--val", type=int, default=50)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    rng = np.random.default_rng(a.seed)
    ff = fonts()
    for split, n in (("train", a.train), ("val", a.val)):
        for d in range(10):
            folder = os.path.join(a.out, split, str(d))
            os.makedirs(folder, exist_ok=True)
            for i in range(n):
                digit(d, rng, ff).save(os.path.join(folder, f"{d}_{i:04d}.png"))
    print(f"wrote {a.train * 10} train and {a.val * 10} val images to {a.out}")


if __name__ == "__main__":
    main()
