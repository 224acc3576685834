"""Raster images made ready for print: size checks, crops, downsampling, separation into CMYK.

`inspect` (in `imageinfo`, re-exported here) reads an image's header once (size as shown, mode,
resolution, profile). `prepare` turns a file into the bytes of a PDF image XObject for its placed
size, refusing pictures above the pixel limits before decoding and decoding a JPEG that is far
larger than needed at 1/2, 1/4 or 1/8 scale (`Image.draft`):

- grey stays grey (DeviceGray; on press that is K only), 1-bit and grey+alpha become 8-bit grey,
  and every grey image goes through the output profile's K tone curve (`grey_tone_curve`): each
  level prints with the lightness (L*) it has on screen (sRGB-encoded grey, or the image's embedded
  grey profile) instead of K = 1 − value, which prints far too light (dot gain; K100 on FOGRA39 is
  only L* ≈ 17). Levels darker than K100 prints (sRGB 0–43 on FOGRA39) all print at K100.
  A PDF viewer without output preview shows such images darker than the original, because it
  displays DeviceGray samples as they are; the press, not the screen, is what the curve is for;
- RGB, RGBA and palette images are flattened on white and separated into CMYK by LittleCMS
  through the output profile (the image's embedded RGB profile is the source, else sRGB),
  relative colorimetric with black point compensation — never Pillow's `convert("CMYK")`,
  which is not a separation (it leaves K at 0);
- CMYK stays as it is (DeviceCMYK);
- images above `max_ppi`, or more than 10 % above `target_ppi` (`RESAMPLE_ABOVE`), at their placed
  size are downsampled (LANCZOS) to `target_ppi`, never up: pixels beyond the target only add bytes;
- a CMYK JPEG that needs no change is passed through byte for byte (a grey JPEG never is: its
  tone curve changes its pixels).

Everything else is encoded as a baseline JPEG, quality 92 (grey: 85), 4:4:4, optimised Huffman tables, with no
EXIF, ICC, XMP or comment, so the same input gives the same bytes.

CMYK JPEG polarity: Photoshop, Pillow and libjpeg store CMYK JPEGs *inverted* (0 = full ink) and
mark them with an Adobe APP14 segment. PDF readers take DCT samples as they are, whatever APP14
says (checked with pdfium, Ghostscript, poppler and MuPDF), so such a JPEG needs the Decode array
[1 0 1 0 1 0 1 0] or it prints as a negative. reportlab's drawImage writes exactly that Decode for
*every* CMYK JPEG it embeds. printprog therefore keeps to the Adobe convention throughout: every
CMYK JPEG it emits, passed through or re-encoded, is inverted with APP14, and `decode` is
INVERTED_CMYK_DECODE. A 4-channel JPEG without APP14 is read as not inverted and re-encoded, never
passed through (reportlab would invert it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported where it is used: builds without pictures never load it
    import numpy as np

import io
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image, ImageChops, ImageCms

from printprog.colour import (
    Intent,
    OutputProfile,
    grey_tone_curve,
    intent_name,
    rgb_to_cmyk_transform,
    source_rgb_profile,
)
from printprog.imageinfo import (  # noqa: F401 - the reading half, re-exported for callers of this module
    ORIENT,
    PIXEL_LIMIT,
    ImageError,
    ImageInfo,
    check_pixels,
    inspect,
    open_image,
    orientation,
    validate,
)

JPEG_QUALITY = 92
RESAMPLE_ABOVE = 1.1  # × target_ppi: a picture finer than this is resampled to target_ppi
# grey (K only) pictures: at 300 ppi, q85 is 40 dB PSNR against the unencoded pixels (mean error
# 1.9 of 255 levels, 0.7 % tone, under any press's tone tolerance) for two thirds of q92's bytes
# (the Leto key art on the A5 flyer: 473 KB instead of 721 KB; bench/README.md, "Sizes")
GREY_JPEG_QUALITY = 85
# libjpeg's luminance quantisation table (ITU-T T.81 K.1), natural order: `source_quality` below
_LUMA = (16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
         14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
         49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99)
INVERTED_CMYK_DECODE: tuple[int, ...] = (1, 0, 1, 0, 1, 0, 1, 0)


@dataclass(frozen=True)
class Prepared:
    """The image XObject for one placement: `data` is the stream, already `filter`-encoded."""

    data: bytes = field(repr=False)
    width_px: int
    height_px: int
    colour_space: str  # "DeviceGray" | "DeviceCMYK"
    bits: int  # 8
    filter: str  # "DCTDecode"
    decode: tuple[int, ...] | None  # INVERTED_CMYK_DECODE for DeviceCMYK (Adobe polarity), None for grey
    effective_ppi: float  # at the placed size, after preparation (the smaller of x and y)
    source_ppi: float  # the same for the (cropped) source, before
    passthrough: bool  # `data` is the original file's bytes, unchanged
    note: str  # one line for the log
    max_tac: float | None = None  # highest C+M+Y+K of any pixel, percent (None for grey: K only)


def effective_ppi(width_px: float, height_px: float, placed_w_pt: float, placed_h_pt: float) -> float:
    """Pixels per inch at the placed size: the smaller of the horizontal and vertical resolution."""
    if placed_w_pt <= 0 or placed_h_pt <= 0:
        raise ValueError(f"placed size must be positive, got {placed_w_pt} × {placed_h_pt} pt")
    return min(width_px * 72.0 / placed_w_pt, height_px * 72.0 / placed_h_pt)


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _JpegHead:
    sof: int  # the frame marker's low byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, …
    precision: int
    components: int
    adobe: bool  # an Adobe APP14 segment is present (CMYK samples are then stored inverted)


def _jpeg_head(data: bytes) -> _JpegHead | None:
    """The frame header and APP14 presence of a JPEG, read from its markers (None if not parseable)."""
    if data[:2] != b"\xff\xd8":
        return None
    i, adobe, sof = 2, False, None
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(data[i + 2:i + 4], "big")
        segment = data[i + 4:i + 2 + length]
        if marker == 0xEE and segment[:5] == b"Adobe":
            adobe = True
        elif 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC) and len(segment) >= 6:
            sof = _JpegHead(marker, segment[0], segment[5], False)
        elif marker == 0xDA:
            break
        i += 2 + length
    if sof is None:
        return None
    return _JpegHead(sof.sof, sof.precision, sof.components, adobe)


# --- preparing ----------------------------------------------------------------------------------


def prepare(path: str | Path, placed_w_pt: float, placed_h_pt: float, profile: OutputProfile,
            max_ppi: float, target_ppi: float, crop: tuple[int, int, int, int] | None = None,
            intent: Intent = "relative") -> Prepared:
    """The image at `path`, cropped (left, top, right, bottom in upright source pixels), placed at
    `placed_w_pt` × `placed_h_pt`, as a DeviceGray or DeviceCMYK JPEG ready for a PDF."""
    path = Path(path)
    if target_ppi <= 0 or max_ppi <= 0:
        raise ValueError("max_ppi and target_ppi must be positive")
    check_pixels(inspect(path))
    with open_image(path) as im:
        orient = orientation(im)
        w, h = im.size if orient < 5 else im.size[::-1]
        box = _check_crop(path, crop, w, h)
        src_w, src_h = (box[2] - box[0], box[3] - box[1]) if box else (w, h)
        source_ppi = effective_ppi(src_w, src_h, placed_w_pt, placed_h_pt)
        limit = min(max_ppi, target_ppi * RESAMPLE_ABOVE)
        scale = target_ppi / source_ppi if source_ppi > limit and source_ppi > target_ppi else 1.0
        size = (src_w, src_h) if scale == 1.0 else (max(1, math.ceil(src_w * scale - 1e-9)),
                                                     max(1, math.ceil(src_h * scale - 1e-9)))
        resize_note = "" if scale == 1.0 else (f"; downsampled {src_w}×{src_h} → {size[0]}×{size[1]} px "
                                               f"({source_ppi:.0f} → {effective_ppi(*size, placed_w_pt, placed_h_pt):.0f} ppi)")
        crop_note = f"; cropped to {src_w}×{src_h} px at ({box[0]}, {box[1]})" if box else ""

        if im.format == "JPEG" and im.mode == "CMYK" and orient == 1 and box is None and scale == 1.0:
            data = path.read_bytes()
            head = _jpeg_head(data)
            if head and head.precision == 8 and head.sof in (0xC0, 0xC1, 0xC2) and head.components == 4 \
                    and head.adobe:
                return _passthrough(im, data, source_ppi)

        if im.format == "JPEG" and scale < 0.5:
            # decode at 1/2, 1/4 or 1/8 scale, never below what the placement needs
            need = (math.ceil(w * size[0] / src_w), math.ceil(h * size[1] / src_h))
            im.draft(im.mode, need if orient < 5 else need[::-1])
            if im.size != ((w, h) if orient < 5 else (h, w)):
                resize_note += f"; decoded at 1/{round(max(w, h) / max(im.size))} scale"
        if im.width * im.height > PIXEL_LIMIT:  # a JPEG this placement needs (nearly) in full
            check_pixels(replace(inspect(path), format=""))
        # pixels kept 1:1 from a JPEG are re-encoded no finer than the source was: more would only
        # spend bytes on its own artefacts (a q85 poster picture at q92 is 20 % larger)
        quality = min(JPEG_QUALITY, source_quality(im) or JPEG_QUALITY) if scale == 1.0 else JPEG_QUALITY
        return _convert(im, path, orient, (w, h), box, size, profile, intent, source_ppi,
                        placed_w_pt, placed_h_pt, crop_note + resize_note, quality)


def _check_crop(path: Path, crop: tuple[int, int, int, int] | None, w: int, h: int) -> tuple[int, int, int, int] | None:
    if crop is None:
        return None
    try:
        left, top, right, bottom = (int(v) for v in crop)
    except (TypeError, ValueError):
        raise ImageError(f"{path.name}: a crop is four whole pixel numbers (left, top, right, bottom), got {crop!r}") from None
    if not (0 <= left < right <= w and 0 <= top < bottom <= h):
        raise ImageError(f"{path.name}: the crop ({left}, {top}, {right}, {bottom}) is not inside the image, "
                         f"which is {w}×{h} px; left < right ≤ {w} and top < bottom ≤ {h}")
    if (left, top, right, bottom) == (0, 0, w, h):
        return None
    return left, top, right, bottom


def _passthrough(im: Image.Image, data: bytes, source_ppi: float) -> Prepared:
    w, h = im.size
    icc = "; its embedded profile is ignored (CMYK goes to press as is)" if im.info.get("icc_profile") else ""
    return Prepared(data, w, h, "DeviceCMYK", 8, "DCTDecode", INVERTED_CMYK_DECODE, source_ppi, source_ppi, True,
                    f"CMYK JPEG passed through unchanged ({w}×{h} px, {source_ppi:.0f} ppi, Adobe polarity){icc}",
                    _max_tac(im))


def _convert(im: Image.Image, path: Path, orient: int, full: tuple[int, int], box: tuple[int, int, int, int] | None,
             size: tuple[int, int], profile: OutputProfile, intent: Intent, source_ppi: float,
             placed_w_pt: float, placed_h_pt: float, notes: str, quality: int = JPEG_QUALITY) -> Prepared:
    source_mode, icc = im.mode, im.info.get("icc_profile")
    plain_cmyk_jpeg = im.format == "JPEG" and im.mode == "CMYK" and "adobe" not in im.info
    try:
        im.load()
    except (OSError, Image.DecompressionBombError) as e:
        raise ImageError(f"{path}: cannot be decoded ({e})") from None
    work: Image.Image = im
    for step in ORIENT.get(orient, ()):
        work = work.transpose(step)
    drafted = work.size != full  # a JPEG decoded at reduced scale: the crop box scales with it
    if box and not drafted:
        work = work.crop(box)
    work, kind, flattened = _normalise(work, path)
    if kind == "CMYK" and plain_cmyk_jpeg:
        # Pillow reads every CMYK JPEG as Adobe-inverted; without APP14 the samples are plain ink values
        work = ImageChops.invert(work)
    if drafted:
        fx, fy = work.width / full[0], work.height / full[1]
        left, top, right, bottom = box or (0, 0, *full)
        work = work.resize(size, Image.Resampling.LANCZOS, box=(left * fx, top * fy, right * fx, bottom * fy))
    elif work.size != size:
        work = work.resize(size, Image.Resampling.LANCZOS)

    what = f"{source_mode} {im.format or 'image'}"
    if flattened:
        what += ", alpha flattened on white"
    if kind == "L":
        curve = grey_tone_curve(profile, icc)
        note = (f"{what} → grey (DeviceGray, K only), tone curve from {curve.source} to {profile.name}: "
                f"mid-grey 128 prints K{curve.k[128] * 100 / 255:.0f}")
        if curve.clipped:
            note += (f"; levels 0–{curve.clipped - 1} are darker than K100 prints "
                     f"(L* {curve.k100_lstar:.0f}) and print at K100")
        out, colour_space, tac = work.point(curve.samples), "DeviceGray", None
        quality = min(quality, GREY_JPEG_QUALITY)
    elif kind == "CMYK":
        note = f"{what} kept as CMYK (DeviceCMYK)"
        if plain_cmyk_jpeg:
            note += "; no Adobe marker, so read as not inverted and re-encoded in Adobe polarity"
        if icc:
            note += "; embedded profile ignored (CMYK goes to press as is)"
        out, colour_space, tac = work, "DeviceCMYK", _max_tac(work)
    else:
        transform = rgb_to_cmyk_transform(profile, intent, icc)
        _, _, source = source_rgb_profile(icc)
        cmyk = ImageCms.applyTransform(work, transform)
        assert cmyk is not None
        out = cmyk
        colour_space, tac = "DeviceCMYK", _max_tac(out)
        note = f"{what} → CMYK via {profile.name} ({intent_name(intent)}, BPC) from {source}"
    data = _encode(out, quality)
    ppi = effective_ppi(out.width, out.height, placed_w_pt, placed_h_pt)
    decode = INVERTED_CMYK_DECODE if colour_space == "DeviceCMYK" else None
    return Prepared(data, out.width, out.height, colour_space, 8, "DCTDecode", decode, ppi, source_ppi, False,
                    note + notes, tac)


def _normalise(im: Image.Image, path: Path) -> tuple[Image.Image, str, bool]:
    """(image in L, RGB or CMYK; that mode; whether alpha was flattened on white)."""
    import numpy as np

    mode = im.mode
    if mode == "1":
        return im.convert("L"), "L", False
    if mode in ("L", "CMYK", "RGB"):
        return im, mode, False
    if mode.startswith("I;16") or mode in ("I", "F"):
        a = np.asarray(im, dtype=np.float64)
        if mode.startswith("I;16") or (mode == "I" and a.max(initial=0) > 255):
            a = a / 257.0
        return Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8), "L"), "L", False
    if mode in ("LA", "La"):
        la = im.convert("LA")
        return _flatten(la.getchannel("L"), la.getchannel("A"), 255), "L", True
    if mode == "P" or mode == "PA":
        has_alpha = mode == "PA" or "transparency" in im.info or \
            (im.palette is not None and im.palette.mode == "RGBA")
        im = im.convert("RGBA" if has_alpha else "RGB")
        mode = im.mode
        if mode == "RGB":
            return im, "RGB", False
    if mode in ("RGBA", "RGBa"):
        rgba = im.convert("RGBA")
        if rgba.getchannel("A").getextrema() == (255, 255):
            return rgba.convert("RGB"), "RGB", False
        return _flatten(rgba.convert("RGB"), rgba.getchannel("A"), (255, 255, 255)), "RGB", True
    if mode in ("RGBX", "YCbCr", "HSV"):
        return im.convert("RGB"), "RGB", False
    raise ImageError(f"{path.name}: images in Pillow mode {mode!r} are not supported; save it as an RGB, "
                     "grey or CMYK JPEG, PNG or TIFF")


def _flatten(colour: Image.Image, alpha: Image.Image, white: int | tuple[int, int, int]) -> Image.Image:
    """`colour` composited over white paper with `alpha`."""
    bg = Image.new(colour.mode, colour.size, white)
    bg.paste(colour, (0, 0), alpha)
    return bg


def _max_tac(im: Image.Image) -> float:
    """The highest C+M+Y+K of any pixel of a CMYK image, in percent."""
    import numpy as np

    a = np.asarray(im.convert("CMYK") if im.mode != "CMYK" else im)
    peak = 0
    for start in range(0, a.shape[0], 512):  # strips keep the uint16 copy small for big posters
        peak = max(peak, int(a[start:start + 512].sum(axis=2, dtype=np.uint16).max(initial=0)))
    return round(peak * 100 / 255, 1)


def source_quality(im: Image.Image) -> int | None:
    """The libjpeg quality a JPEG was written with, when its luminance table is exactly libjpeg's
    scaled table for one (Photoshop, cameras and others use their own tables: None)."""
    table = getattr(im, "quantization", None) or {}
    found = sorted(table.get(0, ()))
    for q in range(100, 0, -1):
        scale = 5000 // q if q < 50 else 200 - 2 * q
        if found == sorted(min(255, max(1, (t * scale + 50) // 100)) for t in _LUMA):
            return q
    return None


def _encode(im: Image.Image, quality: int = JPEG_QUALITY) -> bytes:
    """Baseline JPEG, quality 92 (or the source's, if lower), 4:4:4, optimised tables, no metadata
    (CMYK: Adobe-inverted, APP14).

    Pillow's JPEG writer takes only the comment from `im.info` (EXIF, ICC, XMP and dpi come from
    the save arguments alone), so an empty comment keeps the output free of metadata without
    copying a poster-sized image.
    """
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, subsampling=0, optimize=True, progressive=False, comment=b"")
    return buf.getvalue()
