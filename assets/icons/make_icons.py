#!/usr/bin/env python3
"""Draws the RepMLP Workbench app icon: a fully connected (FC) weight matrix as a grid of cells
on an indigo tile, with the band that locality injection fills (a 3-wide diagonal, as a 3x3 conv
folded into the FC kernel) in amber.

Writes repmlp-{16,32,64,128,256}.png next to this script. Needs Pillow:
    python3 assets/icons/make_icons.py
"""
from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (16, 32, 64, 128, 256)
SUPERSAMPLE = 8  # draw large, then downscale for smooth edges
TOP = (99, 102, 241)  # indigo-500
BOTTOM = (67, 56, 202)  # indigo-700
CELL = (255, 255, 255, 70)
BAND = (251, 191, 36, 255)  # amber-400
DIAGONAL = (254, 243, 199, 255)  # amber-100


def cells_for(size: int) -> int:
    """Fewer, larger cells at small sizes so the band stays readable."""
    if size <= 16:
        return 4
    if size <= 32:
        return 5
    return 6


def draw(size: int) -> Image.Image:
    big = size * SUPERSAMPLE
    tile = Image.new("RGBA", (big, big))
    shade = ImageDraw.Draw(tile)
    for y in range(big):
        t = y / (big - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM)) + (255,)
        shade.line([(0, y), (big, y)], fill=colour)
    mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        [0, 0, big - 1, big - 1], radius=round(big * 0.22), fill=255
    )
    icon = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    icon.paste(tile, (0, 0), mask)

    overlay = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(overlay)
    n = cells_for(size)
    margin = big * (0.17 if size > 16 else 0.14)
    gap_ratio = 0.22 if size > 16 else 0.18
    span = big - 2 * margin
    cell = span / (n + (n - 1) * gap_ratio)
    gap = cell * gap_ratio
    for row in range(n):
        for col in range(n):
            x = margin + col * (cell + gap)
            y = margin + row * (cell + gap)
            distance = abs(row - col)
            fill = DIAGONAL if distance == 0 else BAND if distance == 1 else CELL
            pen.rounded_rectangle(
                [x, y, x + cell, y + cell], radius=cell * 0.22, fill=fill
            )
    icon = Image.alpha_composite(icon, overlay)
    return icon.resize((size, size), Image.LANCZOS)


def main() -> None:
    out = Path(__file__).resolve().parent
    for size in SIZES:
        draw(size).save(out / f"repmlp-{size}.png", optimize=True)
        print(f"wrote {out / f'repmlp-{size}.png'}")


if __name__ == "__main__":
    main()
