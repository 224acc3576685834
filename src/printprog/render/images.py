"""Embedding pictures: colour-managed and resampled for print, then handed to reportlab.

A picture's image XObject is named after the sha256 of its bytes, never after a file: the PDF is
the same whichever cache folder held the prepared JPEG (`printprog.imagecache`).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from printprog.imagecache import Entry
from printprog.plan import Image


@dataclass(frozen=True)
class ImageSettings:
    """How pictures are prepared: the output profile and the shop's resolution limits."""

    profile: str  # file name in icc/ or a path
    max_ppi: float = 450.0
    target_ppi: float = 300.0


def place(canvas, im: Image, settings: ImageSettings | None, x: float, y: float) -> None:
    """Draw the visible part of the picture; (x, y) is the lower-left corner of the whole picture."""
    crop, (dx, dy, w, h) = visible_crop(im)
    fade = _fade_in_crop(im, crop)
    entry = prepared(im.path, crop, round(w, 2), round(h, 2), fade, settings)
    data, sha = _READ.get(entry.sha256), entry.sha256  # type: tuple[bytes | None, str | None]
    if data is None:
        data = entry.read()  # checked against its sha256
        if data is not None and len(data) <= _READ_LIMIT:
            while _READ and sum(map(len, _READ.values())) + len(data) > _READ_LIMIT:
                del _READ[next(iter(_READ))]  # the oldest first: memory stays flat over a batch
            _READ[entry.sha256] = data
    if data is None:  # the cache file changed under us: prepare again, trust nothing on disk
        data, sha = prepared_bytes(im.path, crop, round(w, 2), round(h, 2), fade, settings), None
    draw_jpeg(canvas, data, x + dx, y + (im.height - dy - h), w, h, sha)


# prepared pictures read and checked once per process: a batch embeds the same key art in every flyer
_READ: dict[str, bytes] = {}
_READ_LIMIT = 8 << 20


def draw_jpeg(canvas, data: bytes, x: float, y: float, w: float, h: float, sha: str | None = None) -> None:
    """`canvas.drawImage` for JPEG bytes, with the XObject named by content: reportlab would name
    it after the md5 of a file's path, or decode the whole picture to digest an ImageReader.
    `sha`: the bytes' sha256, when already known."""
    from reportlab.pdfbase import pdfdoc

    name = "Im" + (sha or hashlib.sha256(data).hexdigest())[:32]
    reg_name = canvas._doc.getXObjectName(name)
    if canvas._doc.idToObject.get(reg_name) is None:
        xobject = pdfdoc.PDFImageXObject(name)
        # reportlab's own JPEG reader sets size, colour space and, for CMYK, the inverting Decode
        if not xobject.loadImageFromJPEG(io.BytesIO(data)):
            raise ValueError("prepared picture is not a JPEG")
        if xobject.colorSpace == "DeviceGray":
            xobject.__class__ = _black_image_class()
        canvas._setXObjects(xobject)
        canvas._doc.Reference(xobject, reg_name)
        canvas._doc.addForm(name, xobject)
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(w, h)
    canvas._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)


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


def _size(path: str) -> tuple[int, int]:
    from printprog.images import inspect

    info = inspect(path)  # memoised: the reading load and compose already made
    return info.width_px, info.height_px


def warm(plan, settings: ImageSettings | None) -> None:
    """Prepare a plan's pictures now (before worker processes fork, so they share the result)."""
    for page in plan.pages:
        for placement in page.placements:
            for im in placement.items:
                if isinstance(im, Image):
                    crop, (_, _, w, h) = visible_crop(im)
                    prepared(im.path, crop, round(w, 2), round(h, 2), _fade_in_crop(im, crop), settings)


def prepared(path: str, crop: tuple[int, int, int, int], width: float, height: float,
             fade: tuple[tuple[float, float], ...] | None, settings: ImageSettings | None) -> Entry:
    """The picture as it is embedded, made once and kept in the picture cache (every flyer of a
    batch, and the next build, place the same key art the same way). Memoised per file version:
    a picture saved again under its name (serve, watch) is prepared again."""
    return _prepared(path, _file_digest(path), crop, width, height, fade, settings)


@lru_cache(maxsize=32)
def _prepared(path: str, digest: str, crop: tuple[int, int, int, int], width: float, height: float,
              fade: tuple[tuple[float, float], ...] | None, settings: ImageSettings | None) -> Entry:
    from printprog import imagecache

    key = hashlib.sha256(repr((digest, crop, width, height, fade, settings,
                               _profile_digest(settings), code_digest())).encode()).hexdigest()[:32]
    return imagecache.get(key, lambda: prepared_bytes(path, crop, width, height, fade, settings))


def _file_digest(path: str) -> str:
    import os

    st = os.stat(path)
    return _file_digest_of(path, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=32)
def _file_digest_of(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def code_digest() -> str:
    """The code and settings that make a cache entry: a change to any of them is a new entry."""
    from printprog import images

    return hashlib.sha256(repr((_sources_digest(), images.JPEG_QUALITY, images.PIXEL_LIMIT)).encode()).hexdigest()


@lru_cache(maxsize=1)
def _sources_digest() -> str:
    import PIL
    from PIL import ImageCms

    from printprog import __version__, colour, imageinfo, images

    h = hashlib.sha256(repr((__version__, PIL.__version__, getattr(ImageCms.core, "littlecms_version", ""))).encode())
    for source in (images.__file__, imageinfo.__file__, colour.__file__, __file__):
        h.update(Path(source).read_bytes())
    return h.hexdigest()


def _profile_digest(settings: ImageSettings | None) -> str:
    if settings is None:
        return ""
    from printprog.colour import load_output_profile

    return load_output_profile(settings.profile).sha256


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


def faded(source, fade: tuple[tuple[float, float], ...]) -> bytes:
    """The picture darkened to black in bands, each from row fraction `clear` to `black`
    (smoothstep; black above clear darkens towards the top), as JPEG."""
    from PIL import Image as PILImage

    from printprog.images import JPEG_QUALITY, source_quality

    with PILImage.open(source) as src:
        quality = min(JPEG_QUALITY, source_quality(src) or JPEG_QUALITY)  # no finer than prepared
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
    dark = PILImage.new(img.mode, img.size, (0, 0, 0, 255) if img.mode == "CMYK" else 0)
    out = PILImage.composite(img, dark, mask)
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=quality, subsampling=0, optimize=True, dpi=dpi)
    return buf.getvalue()


_BLACK_IMAGE: list[type] = []


def _black_image_class() -> type:
    """PDFImageXObject for a grey picture as a tint of the black plate (Separation /Black, alternate
    100 % K): it prints on K just as DeviceGray would, and every viewer shows its black as the same
    K as the flat black beside it (DeviceGray black is shown darker than K 100 %: a seam not in print)."""
    if _BLACK_IMAGE:
        return _BLACK_IMAGE[0]
    from reportlab.pdfbase import pdfdoc

    class BlackImage(pdfdoc.PDFImageXObject):
        def format(self, document):
            stream = pdfdoc.PDFStream(content=self.streamContent)
            d = stream.dictionary
            d["Type"], d["Subtype"] = pdfdoc.PDFName("XObject"), pdfdoc.PDFName("Image")
            d["Width"], d["Height"], d["BitsPerComponent"] = self.width, self.height, self.bitsPerComponent
            tint = pdfdoc.PDFDictionary({"FunctionType": 2, "Domain": pdfdoc.PDFArray([0, 1]),
                                         "C0": pdfdoc.PDFArray([0, 0, 0, 0]), "C1": pdfdoc.PDFArray([0, 0, 0, 1]),
                                         "N": 1})
            d["ColorSpace"] = pdfdoc.PDFArray([pdfdoc.PDFName("Separation"), pdfdoc.PDFName("Black"),
                                               pdfdoc.PDFName("DeviceCMYK"), tint])
            d["Decode"] = pdfdoc.PDFArray([1, 0])  # sample 0 (black) is the full tint
            d["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(f) for f in self._filters])
            d["Length"] = len(self.streamContent)
            return stream.format(document)

    _BLACK_IMAGE.append(BlackImage)
    return BlackImage
