"""Reading a picture once: the frozen `ImageInfo` that load, compose and render share.

`inspect` reads the header only (size as shown after the EXIF orientation, mode, resolution,
profile) and is memoised per file version; `validate` also checks the size limits and that the
pixel data decodes, so a damaged or oversized file is a load error at the film's line.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

# Pictures decoded in full (PNG, TIFF…) may have up to PIXEL_LIMIT pixels: 150 MP of RGB is about
# 0.5 GB in memory, and covers the largest print (LARGEST_PRINT_MM at SUGGEST_PPI) for a square picture.
# JPEGs larger than needed are decoded at 1/2, 1/4 or 1/8 scale (`Image.draft`), so may be 4× bigger.
PIXEL_LIMIT = 150_000_000
JPEG_PIXEL_LIMIT = 4 * PIXEL_LIMIT
LARGEST_PRINT_MM = (706.0, 1006.0)  # poster-70x100 with 3 mm bleed
SUGGEST_PPI = 300.0  # the default shop's target_ppi

# EXIF orientation → the transpose that shows the image upright
ORIENT = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}


class ImageError(ValueError):
    """A user's image that cannot be used as given (unreadable, unsupported, a crop outside it)."""


@dataclass(frozen=True)
class ImageInfo:
    path: Path
    width_px: int  # as shown: after the EXIF orientation
    height_px: int
    mode: str  # Pillow mode: "L", "RGB", "CMYK", "RGBA", "P", "1", …
    dpi: tuple[float, float] | None  # as recorded in the file (often meaningless), None if absent
    format: str  # "JPEG", "PNG", "TIFF", …
    has_icc: bool
    orientation: int = 1  # EXIF orientation; 1 = upright as stored


def open_image(path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            # opening reads the header only; check_pixels sets the limits before anything is decoded
            limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
            try:
                return Image.open(path)
            finally:
                Image.MAX_IMAGE_PIXELS = limit
    except FileNotFoundError:
        raise ImageError(f"{path}: no such file") from None
    except UnidentifiedImageError:
        raise ImageError(f"{path}: not an image Pillow can read (use JPEG, PNG or TIFF)") from None
    except OSError as e:
        raise ImageError(f"{path}: cannot be read ({e})") from None


def orientation(im: Image.Image) -> int:
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block must not stop the build
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _dpi(im: Image.Image) -> tuple[float, float] | None:
    dpi = im.info.get("dpi")
    try:
        x, y = float(dpi[0]), float(dpi[1])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return None
    return (x, y) if x > 1 and y > 1 else None


def inspect(path: str | Path) -> ImageInfo:
    """Size, mode, resolution and profile of an image, without decoding its pixels.

    Memoised per file version, so load, compose and render share one reading of the header."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ImageError(f"{path}: no such file") from None
    return _inspect(path, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=64)
def _inspect(path: Path, size: int, mtime_ns: int) -> ImageInfo:
    with open_image(path) as im:
        orient = orientation(im)
        w, h = im.size
        if orient >= 5:
            w, h = h, w
        return ImageInfo(path, w, h, im.mode, _dpi(im), im.format or "", bool(im.info.get("icc_profile")), orient)


def check_pixels(info: ImageInfo, name: str | None = None) -> None:
    """Refuse, before decoding, a picture too big to prepare in reasonable memory."""
    pixels = info.width_px * info.height_px
    limit = JPEG_PIXEL_LIMIT if info.format == "JPEG" else PIXEL_LIMIT
    if pixels <= limit:
        return
    need_w, need_h = (mm / 25.4 * SUGGEST_PPI for mm in LARGEST_PRINT_MM)
    scale = max(need_w / info.width_px, need_h / info.height_px)  # covering the largest print…
    scale = min(scale, math.sqrt(limit / pixels))  # …within the limit
    raise ImageError(f"image {repr(name) if name else info.path.name} is {info.width_px}×{info.height_px} px ({pixels / 1e6:.0f} MP); "
                     f"printprog accepts up to {limit / 1e6:.0f} MP"
                     f"{' in a ' + info.format if info.format == 'JPEG' else ''} — scale it down to about "
                     f"{int(info.width_px * scale)}×{int(info.height_px * scale)} px "
                     f"(the largest poster at {SUGGEST_PPI:.0f} ppi)")


def validate(path: str | Path, name: str | None = None) -> ImageInfo:
    """`inspect`, then check the size and that the pixel data decodes (cheaply: a JPEG at 1/8
    scale, a PNG by its chunk checksums), so a damaged file is a load error; `name` is how the
    user wrote the file's name."""
    path = Path(path)
    try:
        info = inspect(path)
        check_pixels(info, name)
        st = path.stat()
        _verify(path, st.st_size, st.st_mtime_ns)
    except ImageError as e:
        raise ImageError(str(e).replace(f"{path}:", f"{name!r}:", 1) if name else str(e)) from None
    return info


@lru_cache(maxsize=64)
def _verify(path: Path, size: int, mtime_ns: int) -> None:
    """Decode once per content: a file that decoded before (same bytes, same Pillow, same code)
    is marked in the picture cache; a damaged file is never marked, so it fails every time."""
    import hashlib

    import PIL

    from printprog import imagecache

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    key = hashlib.sha256(repr(("decodes", h.hexdigest(), PIL.__version__, code)).encode()).hexdigest()[:32]
    imagecache.get(key, lambda: _decode(path), ext="bin")


def _decode(path: Path) -> bytes:
    try:
        with open_image(path) as im:
            if im.format == "JPEG":
                im.draft(im.mode, (max(1, im.width // 8), max(1, im.height // 8)))
                im.load()
            else:
                im.verify()  # PNG: every chunk's CRC up to IEND
    except Exception as e:  # noqa: BLE001 - a damaged file fails in many ways inside Pillow
        raise ImageError(f"{path}: damaged or cut short, it cannot be decoded ({e})") from None
    return b"decodes"
