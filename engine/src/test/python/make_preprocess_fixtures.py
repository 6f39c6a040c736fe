"""Writes the image-kind fixtures for the decoder and eval-transform tests, with PIL/torchvision
as the reference (upstream's test.py pipeline: Image.open(f).convert('RGB'), Resize(r),
CenterCrop(r), ToTensor(), Normalize(ImageNet mean, std)).

Usage (Debian python3-pil 9.4, python3-torchvision 0.14, ImageMagick's `convert` for CMYK):
    python3 engine/src/test/python/make_preprocess_fixtures.py engine/src/test/resources/preprocess

Writes OUT/images/<file> (one file of each kind), and for each file either
OUT/expected/<file>.rgb.npy (uint8 HxWx3, PIL's convert('RGB')) and OUT/expected/<file>.eval.npy
(float32 3xRxR, torchvision's eval transform at the resolution in cases.json), or, for a file PIL
cannot load, its error in cases.json. Images are small, made from a fixed seed.
"""
import io
import json
import os
import subprocess
import sys

import numpy as np
import PIL
import torch
import torchvision
from PIL import Image, ImageCms
from torchvision import transforms

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def photo(w, h, seed):
    """A smooth picture with noise and edges: exercises chroma subsampling and resampling."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    r = 128 + 100 * np.sin(x / 9.0) * np.cos(y / 13.0)
    g = 255.0 * x / max(1, w - 1)
    b = 255.0 * ((x // 16 + y // 16) % 2)
    a = np.stack([r, g, b], axis=-1) + rng.normal(0, 12, size=(h, w, 3))
    return np.clip(a, 0, 255).astype(np.uint8)


def grey(w, h, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    a = (x * 255 // max(1, w - 1) + rng.integers(-20, 21, size=(h, w))) % 256
    a[0, :4] = (0, 64, 128, 255)  # the values the issue names
    return a.astype(np.uint8)


def jpeg_bytes(img, **kw):
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kw)
    return buf.getvalue()


def png_bytes(img, **kw):
    buf = io.BytesIO()
    img.save(buf, "PNG", **kw)
    return buf.getvalue()


def rgb16_png(a):
    """A 16-bit RGB PNG (Pillow cannot write one): written chunk by chunk."""
    import struct
    import zlib

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    h, w, _ = a.shape
    raw = b"".join(b"\x00" + a[y].astype(">u2").tobytes() for y in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def make_images(d):
    """name -> (bytes, eval resolution)."""
    out = {}
    rgb = Image.fromarray(photo(500, 313, 1), "RGB")
    # the rounding tie: Resize(224) gives 357x224, (357 - 224) / 2 = 66.5 -> torchvision's 66
    out["rgb_500x313.jpg"] = (jpeg_bytes(rgb, quality=90), 224)
    out["rgb_portrait_47x83.jpg"] = (jpeg_bytes(Image.fromarray(photo(47, 83, 2), "RGB")), 32)
    # no resize at -r 64 (short side 64), left = (97 - 64) / 2 = 16.5 -> 16
    out["rgb_97x64.png"] = (png_bytes(Image.fromarray(photo(97, 64, 3), "RGB")), 64)
    out["rgb_444_progressive.jpg"] = (
        jpeg_bytes(Image.fromarray(photo(61, 45, 4), "RGB"), subsampling=0, progressive=True,
                   quality=85), 40)
    out["rgb_422.jpg"] = (jpeg_bytes(Image.fromarray(photo(50, 37, 5), "RGB"), subsampling=1), 32)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out["rgb_icc_profile.jpg"] = (
        jpeg_bytes(Image.fromarray(photo(40, 30, 6), "RGB"), icc_profile=icc), 30)
    out["grey_28x28.png"] = (png_bytes(Image.fromarray(grey(28, 28, 7), "L")), 28)
    out["grey_33x21.jpg"] = (jpeg_bytes(Image.fromarray(grey(33, 21, 8), "L")), 24)
    la = Image.merge("LA", [Image.fromarray(grey(20, 26, 9), "L"),
                            Image.fromarray(grey(20, 26, 10)[::-1].copy(), "L")])
    out["grey_alpha.png"] = (png_bytes(la), 20)
    g16 = (np.arange(24 * 18, dtype=np.int32).reshape(18, 24) * 151) % 65536
    g16[0, :5] = (0, 100, 255, 256, 65535)
    out["grey16.png"] = (png_bytes(Image.fromarray(g16.astype(np.uint16), "I;16")), 18)
    out["grey_1bit.png"] = (png_bytes(Image.fromarray(grey(17, 11, 11), "L").convert("1")), 11)
    rgb16 = photo(21, 15, 21).astype(np.uint16) * 257 + np.uint16(3)
    out["rgb16.png"] = (rgb16_png(rgb16), 15)
    pgm = grey(19, 13, 22)
    out["grey.pgm"] = (b"P5\n# comment\n19 13\n255\n" + pgm.tobytes(), 13)
    ppm = photo(18, 12, 23)
    out["colour.ppm"] = (b"P6 18 12 255\n" + ppm.tobytes(), 12)
    pgm16 = (grey(14, 10, 24).astype(">u2") * 3)
    out["grey_maxval765.pgm"] = (b"P5\n14 10\n765\n" + pgm16.tobytes(), 10)
    rgba = np.dstack([photo(30, 22, 12), grey(30, 22, 13)])
    out["rgba.png"] = (png_bytes(Image.fromarray(rgba, "RGBA")), 22)
    pal = Image.fromarray(photo(26, 19, 14), "RGB").quantize(colors=37)
    out["palette.png"] = (png_bytes(pal), 19)
    pal_t = pal.copy()
    pal_t.info["transparency"] = 3
    out["palette_transparent.png"] = (png_bytes(pal_t, transparency=3), 19)
    # CMYK as ImageMagick writes it (Adobe APP14, inverted CMYK), as in ImageNet's training set
    src = os.path.join(d, "cmyk_source.png")
    Image.fromarray(photo(45, 34, 15), "RGB").save(src)
    cmyk = subprocess.run(["convert", src, "-colorspace", "CMYK", "-quality", "90", "jpg:-"],
                          check=True, capture_output=True).stdout
    os.remove(src)
    out["cmyk_imagemagick.jpg"] = (cmyk, 34)
    # CMYK as Pillow writes it (Adobe APP14 too)
    out["cmyk_pil.jpg"] = (jpeg_bytes(Image.fromarray(photo(31, 23, 16), "RGB").convert("CMYK")), 23)
    # CMYK without an Adobe APP14 marker: PIL still reads it as inverted CMYK ("CMYK;I")
    with_adobe = jpeg_bytes(Image.fromarray(photo(29, 21, 25), "RGB").convert("CMYK"))
    i = with_adobe.index(b"\xff\xee")
    seg = 2 + int.from_bytes(with_adobe[i + 2:i + 4], "big")
    out["cmyk_no_adobe.jpg"] = (with_adobe[:i] + with_adobe[i + seg:], 21)
    # CMYK TIFF (not inverted), RGB TIFF, 24-bit and RGB565 BMP
    buf = io.BytesIO()
    Image.fromarray(photo(27, 19, 26), "RGB").convert("CMYK").save(buf, "TIFF")
    out["cmyk.tif"] = (buf.getvalue(), 19)
    buf = io.BytesIO()
    Image.fromarray(photo(25, 17, 27), "RGB").save(buf, "TIFF", compression="tiff_lzw")
    out["rgb_lzw.tif"] = (buf.getvalue(), 17)
    buf = io.BytesIO()
    Image.fromarray(photo(23, 15, 28), "RGB").save(buf, "BMP")
    out["rgb24.bmp"] = (buf.getvalue(), 15)
    src565 = os.path.join(d, "rgb565_source.png")
    Image.fromarray(photo(22, 14, 29), "RGB").save(src565)
    out["rgb565.bmp"] = (subprocess.run(["convert", src565, "-define", "bmp:subtype=RGB565",
                                         "bmp:-"], check=True, capture_output=True).stdout, 14)
    os.remove(src565)
    # plain (text) PGM and PPM
    g = grey(9, 7, 30)
    out["plain.pgm"] = (("P2\n9 7\n255\n" + " ".join(str(v) for v in g.flatten()) + "\n")
                        .encode(), 7)
    c = photo(8, 6, 31)
    out["plain_maxval100.ppm"] = (("P3 8 6 100\n" + "\n".join(
        " ".join(str(int(v) * 100 // 255) for v in row.flatten()) for row in c) + "\n").encode(), 6)
    # PNG data under a JPEG name with an upper-case extension
    out["png_data.JPEG"] = (png_bytes(Image.fromarray(photo(35, 27, 17), "RGB")), 27)
    # EXIF orientation 6 (rotate 90): PIL ignores it
    exif = Image.Exif()
    exif[0x0112] = 6
    out["exif_rotate90.jpg"] = (
        jpeg_bytes(Image.fromarray(photo(36, 20, 18), "RGB"), exif=exif.tobytes()), 20)
    whole = jpeg_bytes(Image.fromarray(photo(120, 90, 19), "RGB"), quality=95)
    out["truncated_60pct.jpg"] = (whole[: len(whole) * 6 // 10], 64)
    out["truncated_95pct.jpg"] = (whole[: len(whole) * 95 // 100], 64)
    png = png_bytes(Image.fromarray(photo(60, 40, 20), "RGB"))
    out["truncated.png"] = (png[: len(png) * 6 // 10], 32)
    return out


def main():
    out = sys.argv[1]
    img_dir = os.path.join(out, "images")
    exp_dir = os.path.join(out, "expected")
    os.makedirs(img_dir, exist_ok=True)
    os.makedirs(exp_dir, exist_ok=True)
    cases = []
    for name, (data, res) in sorted(make_images(out).items()):
        path = os.path.join(img_dir, name)
        with open(path, "wb") as f:
            f.write(data)
        case = {"file": name, "resolution": res}
        try:
            with open(path, "rb") as f:
                im = Image.open(f)
                case["pil_mode"] = im.mode
                rgb = im.convert("RGB")
        except OSError as e:
            case["error"] = str(e)
            cases.append(case)
            continue
        np.save(os.path.join(exp_dir, name + ".rgb.npy"), np.asarray(rgb, dtype=np.uint8))
        t = transforms.Compose([transforms.Resize(res), transforms.CenterCrop(res),
                                transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
        np.save(os.path.join(exp_dir, name + ".eval.npy"), t(rgb).numpy().astype(np.float32))
        cases.append(case)
    meta = {"generator": "engine/src/test/python/make_preprocess_fixtures.py",
            "pillow": PIL.__version__, "torch": torch.__version__,
            "torchvision": torchvision.__version__, "mean": MEAN, "std": STD, "cases": cases}
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
