"""Image samples for ink coverage."""

from __future__ import annotations

import math
from typing import Any

import pikepdf

from printprog.prepress.scan.colourspaces import ColourSpace, ink
from printprog.prepress.scan.geometry import nums
from printprog.prepress.scan.limits import MAX_IMAGE_BYTES, bounded_size, filters, inflated, read_small
from printprog.prepress.scan.records import ImagePlacement

def image_ink(img: ImagePlacement, max_pixels: int = 1_000_000) -> Any:
    """Total ink per pixel (percent, numpy array) of a placed image, or None when it has none.

    Big images are subsampled to about max_pixels first; JPEGs decode at a reduced scale.
    """
    import numpy as np

    space = img.space
    if space is None or img.px_w <= 0 or img.px_h <= 0:
        return None
    target = space.base if space.family == "Indexed" else space
    if target is None or ink(target, np.zeros(max(target.n, 1))) is None:
        return None
    raw = _raw_samples(img, max_pixels)  # (h, w, n) floats in 0..1, before /Decode
    if raw is None:
        return None
    d = img.obj.obj if img.inline else img.obj
    n = raw.shape[-1]
    top = (1 << img.bpc) - 1 if space.family == "Indexed" else 1.0
    decode = nums(d.get("/Decode", [0, top] * n))
    if len(decode) >= 2 * n:
        lo, hi = np.array(decode[0:2 * n:2]), np.array(decode[1:2 * n:2])
        raw = lo + raw * (hi - lo)
    if space.family == "Indexed":
        raw = _palette(d, space, raw[..., 0])
        if raw is None:
            return None
    return ink(target, raw)


class ImageTooLarge(ValueError):
    """An image whose samples are beyond MAX_IMAGE_BYTES: its ink is not measured."""


def _raw_samples(img: ImagePlacement, max_pixels: int) -> Any:
    """(h, w, n) samples in 0..1 as stored, before /Decode; subsampled to about max_pixels.

    Flate images are inflated a slice at a time keeping every step-th row, so memory stays near
    max_pixels whatever /Width and /Height say; other filters decode whole, below MAX_IMAGE_BYTES.
    """
    d = img.obj.obj if img.inline else img.obj
    chain = filters(d)
    n = 1 if img.space is None or img.space.family == "Indexed" else img.space.n
    row = math.ceil(img.px_w * n * img.bpc / 8)  # rows start on a byte boundary
    size = row * img.px_h
    step = max(1, math.ceil(math.sqrt(img.px_w * img.px_h / max_pixels)))
    if size > MAX_IMAGE_BYTES and "/DCTDecode" not in chain:  # JPEGs decode at 1/8 scale (draft)
        raise ImageTooLarge(f"{img.px_w} × {img.px_h} pixels, {size >> 20} MB of samples; "
                            f"more than {MAX_IMAGE_BYTES >> 20} MB is not measured")
    if "/DCTDecode" in chain or "/JPXDecode" in chain:
        return _pil_samples(img, step, max_pixels)
    raw = img.obj.read_raw_bytes()
    parms = d.get("/DecodeParms")
    plain = not isinstance(parms, pikepdf.Dictionary) or int(parms.get("/Predictor", 1)) <= 1
    if chain == []:
        return _unpack(img, raw, step)
    if chain in (["/FlateDecode"], ["/Fl"]) and plain:
        rows = _inflate_rows(raw, row, img.px_h, step)
        return None if rows is None else _samples(img, rows, step)
    if bounded_size(raw, chain, MAX_IMAGE_BYTES) is None:
        raise ImageTooLarge(f"its data decodes to more than {MAX_IMAGE_BYTES >> 20} MB")
    try:
        return _unpack(img, img.obj.read_bytes(), step)
    except pikepdf.PdfError:
        return _pil_samples(img, step, max_pixels)  # a filter qpdf cannot decode (CCITT, JBIG2)


def _inflate_rows(raw: bytes, row: int, h: int, step: int) -> Any:
    """Rows 0, step, 2·step, … of Flate image data, inflating a slice at a time; None when short."""
    import numpy as np

    keep, pending, r = [], bytearray(), 0
    for out in inflated(raw):
        pending += out
        full = len(pending) // row
        if full:
            block = np.frombuffer(bytes(pending[: full * row]), np.uint8).reshape(full, row)
            keep.append(block[(-r) % step::step].copy())
            del pending[: full * row]
            r += full
            if r >= h:
                break
    if r < h or row == 0:
        return None
    return np.concatenate(keep)[: math.ceil(h / step)]


def _unpack(img: ImagePlacement, data: bytes, step: int) -> Any:
    import numpy as np

    n = 1 if img.space is None or img.space.family == "Indexed" else img.space.n
    row = math.ceil(img.px_w * n * img.bpc / 8)
    buf = np.frombuffer(data, dtype=np.uint8)
    if buf.size < row * img.px_h:
        return None
    return _samples(img, buf[: row * img.px_h].reshape(img.px_h, row)[::step], step)


def _samples(img: ImagePlacement, rows: Any, step: int) -> Any:
    """Rows of packed samples, already every step-th row, as (rows, w/step, n) floats in 0..1."""
    import numpy as np

    n = 1 if img.space is None or img.space.family == "Indexed" else img.space.n
    bpc, w, k = img.bpc, img.px_w, rows.shape[0]
    if bpc not in (1, 2, 4, 8, 16):
        return None
    if bpc == 16:
        return rows.view(">u2")[:, : w * n].reshape(k, w, n)[:, ::step].astype(float) / 65535
    if bpc == 8:
        return rows[:, : w * n].reshape(k, w, n)[:, ::step].astype(float) / 255
    bits = np.unpackbits(rows, axis=1)[:, : w * n * bpc].reshape(k, w, n, bpc)[:, ::step]
    return (bits @ (1 << np.arange(bpc - 1, -1, -1))).astype(float) / ((1 << bpc) - 1)


def _pil_samples(img: ImagePlacement, step: int, max_pixels: int) -> Any:
    import numpy as np
    from pikepdf import PdfImage

    if not img.inline and filters(img.obj) in (["/DCTDecode"], ["/DCT"]):
        # a plain JPEG is its own file: Pillow reads it whatever the colour space around it
        # (pikepdf converts only device spaces, not a Separation's samples)
        import io

        from PIL import Image as PILImage

        im: Any = PILImage.open(io.BytesIO(img.obj.read_raw_bytes()))
    else:
        pim = img.obj if img.inline else PdfImage(img.obj)
        im = pim.as_pil_image(apply_decode_array=False, apply_mask=False)
    jpeg = getattr(im, "format", None) == "JPEG"
    if jpeg and step > 1:
        im.draft(im.mode, (img.px_w // step, img.px_h // step))  # DCT scaling: far faster than a full decode
    arr = np.asarray(im)
    step = max(1, math.ceil(math.sqrt(arr.shape[0] * arr.shape[1] / max_pixels)))
    arr = arr[::step, ::step]  # before the float copy, which is 8 bytes a sample
    arr = arr.reshape(arr.shape[0], arr.shape[1], -1).astype(float)
    if jpeg and im.mode == "CMYK":
        arr = 255 - arr  # Pillow inverts every CMYK JPEG ("Adobe" polarity); undo it to get the stored samples
    top = {"1": 1, "P": (1 << img.bpc) - 1, "I;16": 65535, "I;16B": 65535, "I": 65535}.get(im.mode, 255)
    return arr / top


def _palette(d: Any, space: ColourSpace, index: Any) -> Any:
    import numpy as np

    cs = d.get("/ColorSpace")
    if isinstance(cs, pikepdf.Name):
        return None  # a named Indexed space: rare enough to skip
    base_n = space.base.n if space.base else 0
    lookup = cs[3]
    data = read_small(lookup, 1 << 20) if isinstance(lookup, pikepdf.Stream) else bytes(lookup)
    if data is None:
        return None
    table = np.frombuffer(data, np.uint8)
    if base_n <= 0 or table.size < base_n:
        return None
    palette = table[: table.size // base_n * base_n].reshape(-1, base_n).astype(float) / 255
    return palette[np.clip(np.rint(index).astype(int), 0, len(palette) - 1)]
