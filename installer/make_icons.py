#!/usr/bin/env python3
"""Packs the app icon PNGs (assets/icons/repmlp-<size>.png) into the icon formats jpackage needs on
Windows (.ico) and macOS (.icns); Linux uses the 256 px PNG as it is. Both formats simply hold the
PNGs. Run after changing the icons: python3 installer/make_icons.py
"""
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "assets" / "icons"
SIZES = (16, 32, 64, 128, 256)
# .icns element types holding PNG data, by pixel size (the @2x types reuse the larger PNG)
ICNS_TYPES = {16: [b"icp4"], 32: [b"icp5", b"ic11"], 64: [b"icp6", b"ic12"],
              128: [b"ic07"], 256: [b"ic08", b"ic13"]}


def png(size):
    data = (ICONS / f"repmlp-{size}.png").read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise SystemExit(f"repmlp-{size}.png is not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    if (width, height) != (size, size):
        raise SystemExit(f"repmlp-{size}.png is {width}x{height}, expected {size}x{size}")
    return data


def ico(images):
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns(images):
    body = b""
    for size, data in images:
        for kind in ICNS_TYPES[size]:
            body += kind + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main():
    images = [(size, png(size)) for size in SIZES]
    out = Path(__file__).resolve().parent
    (out / "windows" / "repmlp.ico").write_bytes(ico(images))
    (out / "macos" / "repmlp.icns").write_bytes(icns(images))
    print("wrote installer/windows/repmlp.ico and installer/macos/repmlp.icns")


if __name__ == "__main__":
    main()
