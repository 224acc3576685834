"""Key art for the test corpus (tests/films/images/): plain generated pictures, no randomness.

Run from the repository root: `python tools/make_corpus_art.py`. Each picture is 4400 × 6200 px,
enough for a full-bleed A2 poster at 250 ppi and a B1 or 70 × 100 cm poster at 150 ppi. Smooth
gradients and a few flat shapes keep the JPEGs small. See tests/films/SOURCES.md.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

W, H = 4400, 6200
OUT = Path(__file__).resolve().parents[1] / "tests" / "films" / "images"


def vertical(top: tuple[int, ...], bottom: tuple[int, ...], mode: str) -> Image.Image:
    """A top-to-bottom gradient in `mode` (L or RGB)."""
    t = np.linspace(0.0, 1.0, H, dtype=np.float32)[:, None]
    chans = [np.broadcast_to(a + (b - a) * t, (H, W)) for a, b in zip(top, bottom)]
    arr = np.clip(np.rint(np.stack(chans, axis=-1)), 0, 255).astype(np.uint8)
    return Image.fromarray(arr[..., 0] if mode == "L" else arr, mode)


def glow(img: Image.Image, cx: float, cy: float, r: float, colour: tuple[int, ...]) -> Image.Image:
    """A soft round light (sun, lamp) blended over img."""
    yy, xx = np.ogrid[:H, :W]
    d = np.sqrt((xx - cx * W) ** 2 + (yy - cy * H) ** 2) / (r * W)
    a = np.clip(1.0 - d, 0.0, 1.0) ** 2
    base = np.asarray(img, dtype=np.float32)
    col = np.array(colour, dtype=np.float32)
    if base.ndim == 3:
        a = a[..., None]
    out = base * (1 - a) + col * a
    return Image.fromarray(np.clip(np.rint(out), 0, 255).astype(np.uint8), img.mode)


def bezbog() -> Image.Image:
    """Greyscale: a winter sky over a bare mountain ridge, a small town's lights below."""
    img = vertical((206,), (96,), "L")
    img = glow(img, 0.7, 0.22, 0.35, (236,))
    d = ImageDraw.Draw(img)
    ridge = [(0, 0.52), (0.12, 0.47), (0.25, 0.5), (0.38, 0.38), (0.47, 0.42), (0.58, 0.33), (0.7, 0.41),
             (0.83, 0.37), (1.0, 0.46)]
    d.polygon([(x * W, y * H) for x, y in ridge] + [(W, H), (0, H)], fill=58)
    near = [(0, 0.66), (0.2, 0.6), (0.42, 0.64), (0.6, 0.58), (0.8, 0.63), (1.0, 0.6)]
    d.polygon([(x * W, y * H) for x, y in near] + [(W, H), (0, H)], fill=34)
    for i in range(14):  # lit windows of the town
        x, y = (0.12 + 0.055 * i) * W, (0.7 + 0.012 * (i % 4)) * H
        d.rectangle([x, y, x + 40, y + 56], fill=200)
    return img.filter(ImageFilter.GaussianBlur(2))


def aga() -> Image.Image:
    """Blue-white tundra under a low pale sun, a yurt and a figure beside it."""
    img = vertical((170, 196, 222), (238, 242, 246), "RGB")
    img = glow(img, 0.5, 0.4, 0.45, (252, 244, 226))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0.58 * H, W, H], fill=(228, 234, 240))
    d.polygon([(0, 0.58 * H), (W, 0.56 * H), (W, 0.6 * H), (0, 0.61 * H)], fill=(200, 210, 222))
    cx, base = 0.42 * W, 0.62 * H  # the yurt: a drum and a cone
    d.rectangle([cx - 520, base - 420, cx + 520, base], fill=(92, 78, 70))
    d.polygon([(cx - 600, base - 400), (cx, base - 900), (cx + 600, base - 400)], fill=(70, 60, 56))
    d.rectangle([cx - 110, base - 300, cx + 110, base], fill=(40, 34, 32))
    fx = 0.66 * W  # a standing figure
    d.ellipse([fx - 70, base - 700, fx + 70, base - 560], fill=(52, 44, 42))
    d.polygon([(fx - 150, base), (fx - 90, base - 570), (fx + 90, base - 570), (fx + 150, base)], fill=(52, 44, 42))
    return img.filter(ImageFilter.GaussianBlur(2))


def blaga() -> Image.Image:
    """Warm dusk over a block of flats; one lit window, a telephone wire across the sky."""
    img = vertical((64, 56, 96), (226, 150, 96), "RGB")
    img = glow(img, 0.25, 0.52, 0.4, (250, 196, 128))
    d = ImageDraw.Draw(img)
    x0, x1, top = 0.18 * W, 0.9 * W, 0.34 * H
    d.rectangle([x0, top, x1, H], fill=(58, 52, 62))
    cols, rows = 8, 16
    cw, rh = (x1 - x0) / cols, (H - top) / rows
    for r in range(rows):
        for c in range(cols):
            lit = (r, c) == (9, 3)
            colour = (255, 214, 140) if lit else (44, 40, 50)
            d.rectangle([x0 + c * cw + 60, top + r * rh + 60, x0 + (c + 1) * cw - 60, top + (r + 1) * rh - 80],
                        fill=colour)
    d.line([(0, 0.2 * H), (W, 0.27 * H)], fill=(30, 26, 34), width=14)
    return img.filter(ImageFilter.GaussianBlur(2))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in (("bezbog", bezbog), ("aga", aga), ("urotsite-na-blaga", blaga)):
        path = OUT / f"{name}-keyart.jpg"
        make().save(path, "JPEG", quality=82, optimize=True, dpi=(300, 300))
        print(path.relative_to(OUT.parents[2]), path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
