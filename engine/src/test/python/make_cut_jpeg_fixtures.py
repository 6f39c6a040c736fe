"""Writes PIL 9.4's verdict on JPEGs cut short and closed with an EOI marker, for
JpegFastPathTest: libjpeg meets the EOI inside the scan data, warns "premature end of data
segment" and decodes the rest as blank; PIL keeps such an image (it refuses only files without
an EOI as truncated).

Usage: python3 engine/src/test/python/make_cut_jpeg_fixtures.py \
           engine/src/test/resources/preprocess/cut_with_eoi.txt

Lines: `SOURCE FRACTION CRC`: the fixture image (preprocess/images/SOURCE), the first
int(len * FRACTION) bytes kept, then FF D9 appended; CRC the zlib CRC-32 of PIL's
convert('RGB') bytes.
"""
import io
import os
import sys
import zlib

from PIL import Image

SOURCES = ("rgb_500x313.jpg", "rgb_444_progressive.jpg", "grey_33x21.jpg")
FRACTIONS = (0.5, 0.67, 0.9)


def main(path):
    images = os.path.join(os.path.dirname(path), "images")
    with open(path, "w") as f:
        f.write("# made by engine/src/test/python/make_cut_jpeg_fixtures.py (PIL %s)\n"
                % Image.__version__)
        for src in SOURCES:
            data = open(os.path.join(images, src), "rb").read()
            for frac in FRACTIONS:
                cut = data[: int(len(data) * frac)] + b"\xff\xd9"
                rgb = Image.open(io.BytesIO(cut)).convert("RGB").tobytes()
                f.write("%s %r %08x\n" % (src, frac, zlib.crc32(rgb) & 0xFFFFFFFF))


if __name__ == "__main__":
    main(sys.argv[1])
