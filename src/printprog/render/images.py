"""Embedding pictures: colour-managed and resampled for print, then handed to reportlab."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

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

    data = prepared_bytes(im.path, round(im.width, 2), round(im.height, 2), im.fade, settings)
    if data is None:  # passed through: reportlab only trusts a file to be JPEG by its extension
        with open(im.path, "rb") as f:
            data = f.read()
    canvas.drawImage(ImageReader(io.BytesIO(data)), x, y, im.width, im.height)


def warm(plan, settings: ImageSettings | None) -> None:  # type: ignore[no-untyped-def]
    """Prepare a plan's pictures now (before worker processes fork, so they share the result)."""
    for page in plan.pages:
        for placement in page.placements:
            for im in placement.items:
                if isinstance(im, Image):
                    prepared_bytes(im.path, round(im.width, 2), round(im.height, 2), im.fade, settings)


@lru_cache(maxsize=8)
def prepared_bytes(path: str, width: float, height: float, fade: tuple[float, float] | None,
                   settings: ImageSettings | None) -> bytes | None:
    """The JPEG to embed for this placement, or None to embed the file unchanged.

    Separated into the output profile and resampled for the shop (printprog.images), then the
    fade baked in. Cached: every flyer of a batch places the same key art the same way.
    """
    data = None
    if settings is not None:
        from printprog.colour import load_output_profile
        from printprog.images import prepare

        prepared = prepare(path, width, height, load_output_profile(settings.profile),
                           settings.max_ppi, settings.target_ppi)
        data = None if prepared.passthrough else prepared.data
    if fade is not None:
        data = faded(io.BytesIO(data) if data is not None else path, fade)
    return data


def faded(source, fade: tuple[float, float]) -> bytes:  # type: ignore[no-untyped-def]
    """The picture darkened to black from row fraction fade[0] to fade[1] (smoothstep), as JPEG."""
    from PIL import Image as PILImage

    with PILImage.open(source) as src:
        mode = src.mode
        dpi = src.info.get("dpi", (300, 300))
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
    out.save(buf, format="JPEG", quality=92, subsampling=0, optimize=True, dpi=dpi)
    return buf.getvalue()
