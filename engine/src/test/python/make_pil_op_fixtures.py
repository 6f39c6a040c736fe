"""Writes reference outputs of Pillow's own image operations for the RandAugment op tests.

Usage (Pillow 9.4, numpy):
    python3 engine/src/test/python/make_pil_op_fixtures.py \
        engine/src/test/resources/augment/pil_ops.txt

Each case line is `key=value` tokens: op, the op's PIL-level argument(s), the input image name and
`out`, the expected RGB bytes (base64, row-major interleaved). Inputs are tiny (7x5; 18x15 for equalize) so the file
stays small; random pixels exercise every rounding path of the interpolations and blends.
"""
import base64
import sys

import numpy as np
import PIL
from PIL import Image, ImageEnhance, ImageFilter, ImageOps

W, H = 7, 5
SKEW_W, SKEW_H = 18, 15
FILL = (128, 128, 128)
RESAMPLE = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC}


def inputs():
    rng = np.random.default_rng(20240611)
    rand = rng.integers(0, 256, size=(H, W, 3), dtype=np.uint8)
    narrow = np.empty((H, W, 3), dtype=np.uint8)
    narrow[..., 0] = rng.integers(40, 131, size=(H, W))
    narrow[..., 1] = 77  # constant channel: autocontrast leaves it alone
    narrow[..., 2] = rng.integers(200, 221, size=(H, W))
    # equalize only acts on images of at least 256 pixels; few, unevenly used levels
    skew = rng.choice(np.array([0, 10, 11, 90, 200, 201, 255], dtype=np.uint8),
                      p=[0.3, 0.2, 0.12, 0.12, 0.12, 0.11, 0.03], size=(SKEW_H, SKEW_W, 3))
    return {name: Image.fromarray(a, "RGB") for name, a in
            (("rand", rand), ("narrow", narrow), ("skew", skew))}


def lut_op(img, fn):
    return img.point([fn(i) for i in range(256)] * 3)


def cases():
    out = []
    for src in ("rand", "narrow", "skew"):
        out.append((f"op=autocontrast in={src}", ImageOps.autocontrast))
    out.append(("op=equalize in=skew", ImageOps.equalize))
    out.append(("op=invert in=rand", ImageOps.invert))
    for bits in (0, 1, 2, 4, 5):
        out.append((f"op=posterize bits={bits} in=rand",
                    lambda im, b=bits: ImageOps.posterize(im, b)))
    for t in (0, 25, 128, 230, 358):
        out.append((f"op=solarize threshold={t} in=rand",
                    lambda im, t=t: ImageOps.solarize(im, t)))
    for add in (55, 154):
        out.append((f"op=solarizeadd add={add} threshold=128 in=rand",
                    lambda im, a=add: lut_op(im, lambda i: min(255, i + a) if i < 128 else i)))
    enh = {"color": ImageEnhance.Color, "contrast": ImageEnhance.Contrast,
           "brightness": ImageEnhance.Brightness, "sharpness": ImageEnhance.Sharpness}
    for name, cls in enh.items():
        for f in (0.1, 0.64, 1.54, 2.62):
            out.append((f"op={name} factor={f!r} in=rand",
                        lambda im, c=cls, f=f: c(im).enhance(f)))
    out.append(("op=contrast factor=1.9 in=narrow",
                lambda im: ImageEnhance.Contrast(im).enhance(1.9)))
    for rs in ("bilinear", "bicubic"):
        r = RESAMPLE[rs]
        for deg in (3.0, -21.0, 42.0, 90.0):
            out.append((f"op=rotate degrees={deg!r} resample={rs} in=rand",
                        lambda im, d=deg, r=r: im.rotate(d, resample=r, fillcolor=FILL)))
        for f in (0.42, -0.15)[: 2 if rs == "bilinear" else 1]:
            out.append((f"op=affine coeffs=1,{f!r},0,0,1,0 resample={rs} in=rand",
                        lambda im, f=f, r=r: im.transform(im.size, Image.AFFINE, (1, f, 0, 0, 1, 0),
                                                          resample=r, fillcolor=FILL)))
            out.append((f"op=affine coeffs=1,0,0,{f!r},1,0 resample={rs} in=rand",
                        lambda im, f=f, r=r: im.transform(im.size, Image.AFFINE, (1, 0, 0, f, 1, 0),
                                                          resample=r, fillcolor=FILL)))
        for px in (0.63 * W, -0.135 * W)[: 2 if rs == "bilinear" else 1]:
            out.append((f"op=affine coeffs=1,0,{px!r},0,1,0 resample={rs} in=rand",
                        lambda im, p=px, r=r: im.transform(im.size, Image.AFFINE, (1, 0, p, 0, 1, 0),
                                                           resample=r, fillcolor=FILL)))
        for py in (0.225 * H, -0.63 * H)[: 2 if rs == "bilinear" else 1]:
            out.append((f"op=affine coeffs=1,0,0,0,1,{py!r} resample={rs} in=rand",
                        lambda im, p=py, r=r: im.transform(im.size, Image.AFFINE, (1, 0, 0, 0, 1, p),
                                                           resample=r, fillcolor=FILL)))
    out.append(("op=grey in=rand", lambda im: im.convert("L").convert("RGB")))
    out.append(("op=smooth in=rand", lambda im: im.filter(ImageFilter.SMOOTH)))
    return out


def b64(img):
    return base64.b64encode(img.tobytes()).decode("ascii")


def main(path):
    imgs = inputs()
    with open(path, "w") as f:
        f.write(f"# Pillow {PIL.__version__} reference outputs, made by "
                "engine/src/test/python/make_pil_op_fixtures.py\n")
        for name, im in imgs.items():
            f.write(f"input name={name} w={im.width} h={im.height} rgb={b64(im)}\n")
        for spec, fn in cases():
            src = spec.split("in=")[1]
            res = fn(imgs[src])
            assert res.mode == "RGB" and res.size == imgs[src].size, spec
            f.write(f"case {spec} out={b64(res)}\n")


if __name__ == "__main__":
    main(sys.argv[1])
