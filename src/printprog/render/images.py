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
    """Draw the visible part of the picture; (x, y) is the lower-left corner of the whole picture."""
    crop, (dx, dy, w, h) = visible_crop(im)
    path = prepared_file(im.path, crop, round(w, 2), round(h, 2), _fade_in_crop(im, crop), settings)
    # a .jpg path: reportlab copies the JPEG through without decoding it, named by its path
    canvas.drawImage(path, x + dx, y + (im.height - dy - h), w, h)


def visible_crop(im: Image) -> tuple[tuple[int, int, int, int], tuple[float, float, float, float]]:
    """The source pixels inside the clip (left, top, right, bottom) and where they go, relative
    to the picture's top-left: only what shows is embedded."""
    px_w, px_h = _size(im.path)
    cx, cy, cw, ch = im.clip
    x0, y0 = max(cx, im.x), max(cy, im.y)
    x1, y1 = min(cx + cw, im.x + im.width), min(cy + ch, im.y + im.height)
    sx, sy = px_w / im.width, px_h / im.height
    left, top = max(0, int((x0 - im.x) * sx)), max(0, int((y0 - im.y) * sy))
    right, bottom = min(px_w, -int(-(x1 - im.x) * sx)), min(px_h, -int(-(y1 - im.y) * sy))
    # placed exactly on the pixel grid, so the picture is not stretched by rounding
    return (left, top, right, bottom), (left / sx, top / sy, (right - left) / sx, (bottom - top) / sy)


def _fade_in_crop(im: Image, crop: tuple[int, int, int, int]) -> tuple[tuple[float, float], ...] | None:
    if not im.fade:
        return None
    _, px_h = _size(im.path)
    top, height = crop[1], crop[3] - crop[1]
    return tuple(((a * px_h - top) / height, (b * px_h - top) / height) for a, b in im.fade)


@lru_cache(maxsize=32)
def _size(path: str) -> tuple[int, int]:
    from printprog.images import inspect

    info = inspect(path)
    return info.width_px, info.height_px


def warm(plan, settings: ImageSettings | None) -> None:  # type: ignore[no-untyped-def]
    """Prepare a plan's pictures now (before worker processes fork, so they share the result)."""
    for page in plan.pages:
        for placement in page.placements:
            for im in placement.items:
                if isinstance(im, Image):
                    crop, (_, _, w, h) = visible_crop(im)
                    prepared_file(im.path, crop, round(w, 2), round(h, 2), _fade_in_crop(im, crop), settings)


@lru_cache(maxsize=32)
def prepared_file(path: str, crop: tuple[int, int, int, int], width: float, height: float,
                  fade: tuple[tuple[float, float], ...] | None, settings: ImageSettings | None) -> str:
    """A JPEG file with the picture as it is embedded, made once and kept in the user's cache
    (every flyer of a batch, and the next build, place the same key art the same way)."""
    import hashlib
    import os

    from printprog import __version__
    from printprog.write import write_atomic

    stat = os.stat(path)
    key = hashlib.sha256(repr((os.path.abspath(path), stat.st_size, stat.st_mtime_ns, crop, width, height,
                               fade, settings, _profile_digest(settings), __version__)).encode()).hexdigest()
    for folder in (_cache_dir(), _private_dir()):
        target = folder / f"{key[:40]}.jpg"
        if target.is_file():
            return str(target)
        try:
            write_atomic(target, prepared_bytes(path, crop, width, height, fade, settings))
            return str(target)
        except OSError:
            continue  # a read-only cache: try the next place
    raise OSError("no writable folder for prepared pictures (set PRINTPROG_CACHE)")


def _profile_digest(settings: ImageSettings | None) -> str:
    if settings is None:
        return ""
    from printprog.colour import load_output_profile

    return load_output_profile(settings.profile).sha256


def _cache_dir():  # type: ignore[no-untyped-def]
    import os
    from pathlib import Path

    base = os.environ.get("PRINTPROG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "printprog")
    return Path(base) / "images"


@lru_cache(maxsize=1)
def _private_dir():  # type: ignore[no-untyped-def]
    import tempfile
    from pathlib import Path

    return Path(tempfile.mkdtemp(prefix="printprog-images-"))


def prepared_bytes(path: str, crop: tuple[int, int, int, int], width: float, height: float,
                   fade: tuple[tuple[float, float], ...] | None, settings: ImageSettings | None) -> bytes:
    """The JPEG to embed for this placement: cropped to what shows, separated into the output
    profile and resampled for the shop (printprog.images), then the fade baked in."""
    from printprog.colour import load_output_profile
    from printprog.images import prepare

    if settings is None:
        settings = ImageSettings("printprog-FOGRA39L.icc")
    prepared = prepare(path, width, height, load_output_profile(settings.profile),
                       settings.max_ppi, settings.target_ppi, crop=crop)
    data = prepared.data
    if fade is not None:
        data = faded(io.BytesIO(data), fade)
    return data


def faded(source, fade: tuple[tuple[float, float], ...]) -> bytes:  # type: ignore[no-untyped-def]
    """The picture darkened to black in bands, each from row fraction `clear` to `black`
    (smoothstep; black above clear darkens towards the top), as JPEG."""
    from PIL import Image as PILImage

    with PILImage.open(source) as src:
        mode = src.mode
        dpi = src.info.get("dpi", (300, 300))
        img = src.convert("L") if mode in ("1", "P", "LA") else src.copy()
    w, h = img.size
    ramp = [1.0] * h
    for clear, black in fade:
        y0, y1 = clear * h, black * h
        if abs(y1 - y0) < 1:
            y1 = y0 + (1 if y1 >= y0 else -1)
        for y in range(h):
            t = min(1.0, max(0.0, (y - y0) / (y1 - y0)))
            ramp[y] *= 1 - t * t * (3 - 2 * t)
    mask = PILImage.new("L", (1, h))
    mask.putdata([round(255 * v) for v in ramp])
    mask = mask.resize((w, h))
    black = PILImage.new(img.mode, img.size, (0, 0, 0, 255) if img.mode == "CMYK" else 0)
    out = PILImage.composite(img, black, mask)
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=92, subsampling=0, optimize=True, dpi=dpi)
    return buf.getvalue()
