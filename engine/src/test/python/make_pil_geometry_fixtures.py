"""Writes CRC-32 checksums of Pillow's geometric RandAugment operations on a larger image, for
PilGeometryReferenceTest: every rotation, shear and translation that RandAugPolicy(magnitude=15)
can draw (magnitudes 0..14, both signs, bilinear and bicubic), so the fast paths of the samplers are
checked against Pillow itself at every magnitude, not only at a few on a tiny image.

Usage (Pillow 9.4, numpy):
    python3 engine/src/test/python/make_pil_geometry_fixtures.py \
        engine/src/test/resources/augment/pil_geometry.txt

Lines: `input w= h= rgb=<base64>` once, then `case op= arg= resample= crc=` where arg is the
operation's argument as upstream computes it (degrees; shear factor; translation in pixels) and crc
the zlib CRC-32 of the output's RGB bytes (row-major, interleaved).
"""
import base64
import sys
import zlib

import numpy as np
import PIL
from PIL import Image

W, H = 61, 47  # odd sizes: the rotation centre falls between pixels
FILL = (128, 128, 128)
RESAMPLE = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC}


def image():
    rng = np.random.default_rng(20261130)
    y, x = np.mgrid[0:H, 0:W]
    base = np.stack([x * 255.0 / W, y * 255.0 / H, (x + y) * 127.0 / (W + H) + 64], axis=-1)
    noisy = base + rng.normal(0, 40, size=base.shape)
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB")


def cases(img):
    for rs, r in RESAMPLE.items():
        for m in range(15):
            level = m / 10.0
            for sign in (1, -1):
                deg = sign * level * 30.0
                yield f"op=rotate arg={deg!r} resample={rs}", img.rotate(deg, resample=r, fillcolor=FILL)
                sh = sign * level * 0.3
                yield (f"op=shearx arg={sh!r} resample={rs}",
                       img.transform(img.size, Image.AFFINE, (1, sh, 0, 0, 1, 0), resample=r, fillcolor=FILL))
                yield (f"op=sheary arg={sh!r} resample={rs}",
                       img.transform(img.size, Image.AFFINE, (1, 0, 0, sh, 1, 0), resample=r, fillcolor=FILL))
                tx = sign * level * 0.45 * img.size[0]
                yield (f"op=translatex arg={tx!r} resample={rs}",
                       img.transform(img.size, Image.AFFINE, (1, 0, tx, 0, 1, 0), resample=r, fillcolor=FILL))
                ty = sign * level * 0.45 * img.size[1]
                yield (f"op=translatey arg={ty!r} resample={rs}",
                       img.transform(img.size, Image.AFFINE, (1, 0, 0, 0, 1, ty), resample=r, fillcolor=FILL))


def main(path):
    img = image()
    with open(path, "w") as f:
        f.write(f"# Pillow {PIL.__version__} reference checksums, made by "
                "engine/src/test/python/make_pil_geometry_fixtures.py\n")
        f.write(f"input w={W} h={H} rgb={base64.b64encode(img.tobytes()).decode('ascii')}\n")
        for spec, out in cases(img):
            f.write(f"case {spec} crc={zlib.crc32(out.tobytes()) & 0xffffffff:08x}\n")


if __name__ == "__main__":
    main(sys.argv[1])
