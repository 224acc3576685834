"""Embedding pictures: colour-managed and resampled for print, then handed to reportlab."""

from __future__ import annotations

import io
from dataclasses import dataclass

from printprog.plan import Image


@dataclass(frozen=True)
class ImageSettings:
    """How pictures are prepared: the output profile and the shop's resolution limits."""

    profile: str  # file name in icc/ or a path
    max_ppi: float = 450.0
    target_ppi: float = 300.0


def place(canvas, im: Image, settings: ImageSettings | None, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
    """Draw the picture with its lower-left corner at (x, y) in PDF space."""
    from reportlab.lib.utils import ImageReader

    source = _prepared(im, settings)
    canvas.drawImage(source, x, y, im.width, im.height)


def faded(path: str, fade: tuple[float, float]) -> bytes:
    """The picture darkened to black from row fraction fade[0] to fade[1] (smoothstep), as JPEG."""
    from PIL import Image as PILImage

    with PILImage.open(path) as src:
        mode = src.mode
        img = src.convert("L") if mode in ("1", "P", "LA") else src.copy()
    w, h = img.size
    y0, y1 = int(fade[0] * h), max(int(fade[0] * h) + 1, int(fade[1] * h))
    ramp = []
    for y in range(h):
        t = min(1.0, max(0.0, (y - y0) / (y1 - y0)))
        ramp.append(round(255 * (1 - t * t * (3 - 2 * t))))
    mask = PILImage.new("L", (1, h))
    mask.putdata(ramp)
    mask = mask.resize((w, h))
    black = PILImage.new(img.mode, img.size, (0, 0, 0, 255) if img.mode == "CMYK" else 0)
    out = PILImage.composite(img, black, mask)
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=92, subsampling=0, optimize=True, dpi=src.info.get("dpi", (300, 300)))
    return buf.getvalue()


def _prepared(im: Image, settings: ImageSettings | None):  # type: ignore[no-untyped-def]
    from reportlab.lib.utils import ImageReader

    if im.fade is not None:
        return ImageReader(io.BytesIO(faded(im.path, im.fade)))
    if settings is None:
        return im.path
    try:
        from printprog.images import prepare
    except ImportError:  # pragma: no cover - until images.py lands
        return im.path
    from printprog.colour import load_output_profile

    prepared = prepare(im.path, im.width, im.height, load_output_profile(settings.profile),
                       settings.max_ppi, settings.target_ppi)
    if prepared.passthrough:
        return im.path
    return ImageReader(io.BytesIO(prepared.data))
