"""Small PDFs made in code for the preflight tests.

`make()` builds a minimal valid PDF/X page (X-4 by default, X-1a with flavour="x1a") the way
printprog's own output is built: reportlab draws (an embedded TTF, CMYK operators), pikepdf
finishes (boxes, OutputIntent with the shipped FOGRA39 profile, Info, XMP). Each broken
fixture is that skeleton plus one mistake, given as extra drawing, extra raw operators or an
edit of the finished file.
"""

from __future__ import annotations

import io
import zlib
from functools import cache
from pathlib import Path
from typing import Callable

import numpy as np
import pikepdf
from reportlab.pdfgen.canvas import Canvas

from printprog.lengths import pt

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "icc" / "printprog-FOGRA39L.icc"
FONT = "PreflightSans"  # SofiaSans Regular under a name of its own

TRIM = (pt(105), pt(148))  # A6
BLEED = pt(3)
SLUG = pt(10)  # room for crop marks outside the bleed
X0 = BLEED + SLUG  # trim origin inside the MediaBox
MEDIA = (TRIM[0] + 2 * X0, TRIM[1] + 2 * X0)
TRIM_BOX = (X0, X0, X0 + TRIM[0], X0 + TRIM[1])
BLEED_BOX = (SLUG, SLUG, MEDIA[0] - SLUG, MEDIA[1] - SLUG)
SAFE = pt(5)
INFO_DATE = "D:20260102030405Z"
XMP_DATE = "2026-01-02T03:04:05Z"

Draw = Callable[[Canvas], None]
Edit = Callable[[pikepdf.Pdf], None]


@cache
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(ROOT / "fonts" / "sofia-sans" / "SofiaSans_400Regular.ttf")))
    return FONT


def crop_marks(width: float = 0.25) -> str:
    """Crop marks in registration colour (/CSAll, added by finish), all outside the BleedBox."""
    ops = [f"q /CSAll CS 1 SCN {width} w"]
    x0, y0, x1, y1 = TRIM_BOX
    for x in (x0, x1):
        ops += [f"{x} 0 m {x} {SLUG - 1} l S", f"{x} {MEDIA[1]} m {x} {MEDIA[1] - SLUG + 1} l S"]
    for y in (y0, y1):
        ops += [f"0 {y} m {SLUG - 1} {y} l S", f"{MEDIA[0]} {y} m {MEDIA[0] - SLUG + 1} {y} l S"]
    return " ".join(ops) + " Q"


def text(c: Canvas, s: str, x: float, y: float, size: float = 14, cmyk=(0, 0, 0, 1), font: str | None = None) -> None:
    """Text at (x, y) measured from the trim's lower-left corner."""
    c.setFillColorCMYK(*cmyk)
    c.setFont(font or _font(), size)
    black = tuple(cmyk) == (0, 0, 0, 1)
    if black:  # 100 % K text overprints, as the default shop asks
        c.setFillOverprint(True)
        c.setOverprintMask(True)
    c.drawString(X0 + x, X0 + y, s)
    if black:
        c.setFillOverprint(False)
        c.setOverprintMask(False)


def _skeleton_drawing(c: Canvas) -> None:
    # background art reaches the BleedBox, as the shop wants
    c.addLiteral(f"q 0 0.1 0.2 0 k {SLUG} {SLUG} {BLEED_BOX[2] - SLUG} {BLEED_BOX[3] - SLUG} re f Q")
    text(c, "Лято", SAFE + 2, TRIM[1] - SAFE - 20, 18)
    text(c, "Кино Одеон, 20:00", SAFE + 2, SAFE + 20, 9)  # small, K only
    c.addLiteral(f"q 0.5 0.4 0.4 1 K 0.5 w {X0 + SAFE} {X0 + 60} m {X0 + TRIM[0] - SAFE} {X0 + 60} l S Q")
    c.addLiteral(crop_marks())


def draw_pdf(draw: Draw | None = None, ops: str = "", skeleton: bool = True) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=MEDIA, invariant=1, pageCompression=1, initialFontName=_font(), initialFontSize=10)
    c.setTitle("Preflight fixture")
    c.setBleedBox(BLEED_BOX)
    c.setTrimBox(TRIM_BOX)
    if skeleton:
        _skeleton_drawing(c)
    if draw:
        draw(c)
    if ops:
        c.addLiteral(ops)
    c.showPage()
    c.save()
    return buf.getvalue()


XMP_FIELDS = {
    "pdfxid:GTS_PDFXVersion": "PDF/X-4",
    "pdf:Trapped": "False",
    "pdf:Producer": "printprog tests",
    "xmp:CreateDate": XMP_DATE,
    "xmp:ModifyDate": XMP_DATE,
    "xmp:MetadataDate": XMP_DATE,
    "xmpMM:DocumentID": "uuid:0b4a1f9e-5d0a-4c56-9c3e-1e2f3a4b5c6d",
    "xmpMM:InstanceID": "uuid:7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910",
    "xmpMM:VersionID": "1",
    "xmpMM:RenditionClass": "default",
}
_NS = {"pdfxid": "http://www.npes.org/pdfx/ns/id/", "pdf": "http://ns.adobe.com/pdf/1.3/",
       "xmp": "http://ns.adobe.com/xap/1.0/", "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
       "dc": "http://purl.org/dc/elements/1.1/"}


def xmp_packet(fields: dict[str, str | None], title: str | None = "Preflight fixture") -> bytes:
    attrs = "".join(f'\n    {k}="{v}"' for k, v in fields.items() if v is not None)
    ns = "".join(f'\n    xmlns:{p}="{u}"' for p, u in _NS.items())
    dc = (f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>'
          if title else "")
    return (f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f'  <rdf:Description rdf:about=""{ns}{attrs}>{dc}</rdf:Description>\n'
            f'</rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>').encode()


def finish(data: bytes, flavour: str = "x4", version: str | None = None, xmp: dict[str, str | None] | None = None,
           edit: Edit | None = None) -> bytes:
    """The PDF/X finish: version, registration colour space, OutputIntent, Info, XMP."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            res = page.obj.Resources
            if "/ColorSpace" not in res:
                res.ColorSpace = pikepdf.Dictionary()
            res.ColorSpace.CSAll = registration(pdf)
        profile = pdf.make_stream(PROFILE.read_bytes(), N=4)
        pdf.Root.OutputIntents = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, OutputConditionIdentifier="FOGRA39",
            OutputCondition="Coated FOGRA39 (ISO 12647-2:2004)", RegistryName="http://www.color.org",
            Info="Coated FOGRA39", DestOutputProfile=profile)]))
        info = pdf.trailer.Info
        info.CreationDate = info.ModDate = INFO_DATE
        info.Trapped = pikepdf.Name("/False")
        if flavour == "x1a":
            info.GTS_PDFXVersion = info.GTS_PDFXConformance = "PDF/X-1a:2003"
        if flavour == "x4" or xmp is not None:
            fields = {**XMP_FIELDS, **({"pdfxid:GTS_PDFXVersion": None} if flavour == "x1a" else {}), **(xmp or {})}
            pdf.Root.Metadata = pdf.make_stream(xmp_packet(fields), Type=pikepdf.Name.Metadata,
                                                Subtype=pikepdf.Name.XML)
        if edit:
            edit(pdf)
        out = io.BytesIO()
        pdf.save(out, force_version=version or ("1.6" if flavour == "x4" else "1.4"),
                 object_stream_mode=pikepdf.ObjectStreamMode.disable, deterministic_id=True)
        return out.getvalue()


def registration(pdf: pikepdf.Pdf) -> pikepdf.Array:
    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    return pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, tint])


def make(draw: Draw | None = None, ops: str = "", *, flavour: str = "x4", version: str | None = None,
         xmp: dict[str, str | None] | None = None, edit: Edit | None = None, skeleton: bool = True) -> bytes:
    """The skeleton, plus extra reportlab drawing, raw operators and a pikepdf edit."""

    def edits(pdf: pikepdf.Pdf) -> None:
        if skeleton:
            _skeleton_image(pdf)
        if edit:
            edit(pdf)

    return finish(draw_pdf(draw, ops, skeleton), flavour, version, xmp, edits)


def _skeleton_image(pdf: pikepdf.Pdf) -> None:
    """A K-only CMYK JPEG at 300 ppi: read with the wrong polarity it would be ~400 % ink."""
    pixels = np.zeros((80, 120, 4), np.uint8)
    pixels[..., 3] = np.linspace(0, 255, 120).round().astype(np.uint8)[None, :]
    place(pdf, image_stream(pdf, pixels, jpeg=True), "/ImKey", (28.8, 0, 0, 19.2, SAFE + 2, 70))


# ---------------------------------------------------------------- images

def cmyk_pixels(w: int, h: int, tac: float) -> np.ndarray:
    """A CMYK gradient whose darkest column reaches `tac` percent (evenly over the four inks)."""
    level = np.linspace(0, tac / 400, w)
    return np.broadcast_to((level * 255).round().astype(np.uint8)[None, :, None], (h, w, 4)).copy()


def image_stream(pdf: pikepdf.Pdf, pixels: np.ndarray, space: str = "/DeviceCMYK", jpeg: bool = False,
                 **extra: object) -> pikepdf.Stream:
    h, w, n = pixels.shape
    if jpeg:
        from PIL import Image

        mode = {1: "L", 3: "RGB", 4: "CMYK"}[n]
        buf = io.BytesIO()
        Image.fromarray(pixels if n > 1 else pixels[..., 0], mode).save(buf, "JPEG", quality=95)
        data, filt = buf.getvalue(), pikepdf.Name.DCTDecode
        if n == 4:  # Pillow writes Adobe (inverted) CMYK JPEGs, as Photoshop does
            extra.setdefault("Decode", [1, 0] * 4)
    else:
        data, filt = zlib.compress(pixels.tobytes()), pikepdf.Name.FlateDecode
    return pdf.make_stream(data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=w, Height=h,
                           ColorSpace=pikepdf.Name(space), BitsPerComponent=8, Filter=filt, **extra)


def place(pdf: pikepdf.Pdf, xobject: pikepdf.Object, name: str, matrix: tuple[float, ...]) -> None:
    """Add an XObject to page 1's resources and draw it with `matrix` (in trim coordinates)."""
    page = pdf.pages[0]
    res = page.obj.Resources
    if "/XObject" not in res:
        res.XObject = pikepdf.Dictionary()
    res.XObject[name] = xobject
    a, b, c, d, e, f = matrix
    page.contents_add(pdf.make_stream(f"q {a} {b} {c} {d} {e + X0} {f + X0} cm {name} Do Q".encode()))


def add_ops(pdf: pikepdf.Pdf, ops: str, **resources: pikepdf.Dictionary) -> None:
    """Append raw operators to page 1, merging extra resources (e.g. ExtGState=...)."""
    page = pdf.pages[0]
    for kind, entries in resources.items():
        key = f"/{kind}"
        if key not in page.obj.Resources:
            page.obj.Resources[key] = pikepdf.Dictionary()
        for k, v in entries.items():
            page.obj.Resources[key][k] = v
    page.contents_add(pdf.make_stream(ops.encode()))


def srgb_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
