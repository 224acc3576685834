"""Drawing imposed press sheets: the copies, the cut marks and the slug line that `impose.py`
measured, put on pages. Nothing here decides where anything goes.

Every distinct input page becomes one Form XObject (its resources, fonts included, travel with
it) whose /BBox is the page's BleedBox, so the bleed is kept and the input's own crop marks
(outside its bleed) are clipped away. Cut marks are registration colour (Separation /All,
tint 1, alternate DeviceCMYK). The slug line is set with reportlab in an embedded subset of
Sofia Sans. The result is an unfinished PDF: `prepress.pdfx.finish` makes it PDF/X.
"""

from __future__ import annotations

import io
import zlib
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from printprog.plan import MARK_WEIGHT

SLUG_SIZE = 7.0  # pt, 100 % K
SLUG_FONT = ("sofia-sans", "SofiaSans_400Regular.ttf")

Box = tuple[float, float, float, float]
Segment = tuple[float, float, float, float]  # x1 y1 x2 y2
Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True)
class Copy:
    """One input page placed on a sheet: page `page` of `sources[source]`, drawn through the
    matrix (`cm` operands). Copies with the same `form` share one Form XObject."""

    source: int
    page: int
    form: int
    bleed_box: Box  # in the input page's coordinates: the form's /BBox
    matrix: Matrix


@dataclass(frozen=True)
class Sheet:
    """One press sheet as drawn: sheet coordinates in points, origin lower-left, y up."""

    width: float
    height: float
    copies: tuple[Copy, ...]
    marks: tuple[Segment, ...]
    slug: str  # the slug line's text, already fitted to `slug_at`'s width
    slug_at: tuple[float, float]  # x, baseline


def slug_font() -> str:
    """The slug's font, registered with reportlab once under its own name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from printprog.assets import asset_dir

    name = "pp-impose-slug"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(asset_dir("fonts").joinpath(*SLUG_FONT))))
    return name


def slug_width(text: str) -> float:
    """The slug's width in points, with the metrics of the font it is drawn in."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, slug_font(), SLUG_SIZE))


def _num(v: float) -> str:
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _overlay(sheets: tuple[Sheet, ...]) -> bytes:
    """One reportlab page per sheet with the slug line (the font subset is embedded)."""
    from reportlab.pdfgen.canvas import Canvas

    font = slug_font()
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, pageCompression=1, initialFontName=font, initialFontSize=SLUG_SIZE)
    for sheet in sheets:
        c.setPageSize((sheet.width, sheet.height))
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont(font, SLUG_SIZE)
        c.setFillOverprint(True)  # 100 % K text overprints, like every black text we set
        c.setOverprintMask(True)
        c.drawString(*sheet.slug_at, sheet.slug)
        c.showPage()
    c.save()
    return buf.getvalue()


def _registration(pdf: Any) -> Any:
    """[/Separation /All /DeviceCMYK f] with f(t) = (t, t, t, t)."""
    import pikepdf

    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    return pdf.make_indirect(pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All,
                                            pikepdf.Name.DeviceCMYK, tint]))


def _marks_ops(segments: tuple[Segment, ...]) -> str:
    if not segments:
        return ""
    ops = ["q /PPReg CS 1 SCN", f"{_num(MARK_WEIGHT)} w 0 J"]
    ops += [f"{_num(a)} {_num(b)} m {_num(c)} {_num(d)} l S" for a, b, c, d in segments]
    ops.append("Q")
    return "\n".join(ops)


def render_sheets(sheets: tuple[Sheet, ...], sources: list[Any]) -> bytes:
    """The sheets as one PDF (not yet PDF/X); `sources` are the open input PDFs (pikepdf)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(_overlay(sheets))) as out:
        reg = _registration(out)
        forms: dict[int, Any] = {}  # form key -> form in `out`
        for sh, page in zip(sheets, out.pages):
            xobjects = pikepdf.Dictionary()
            ops = []
            for copy in sh.copies:
                if copy.form not in forms:
                    form = out.copy_foreign(sources[copy.source].pages[copy.page].as_form_xobject())
                    form.BBox = pikepdf.Array(list(copy.bleed_box))  # keep the bleed, clip the input's marks
                    forms[copy.form] = form
                name = f"/PP{copy.form}"
                xobjects[name] = forms[copy.form]
                ops.append(f"q {' '.join(_num(v) for v in copy.matrix)} cm {name} Do Q")
            page.contents_coalesce()
            overlay = page.obj.Contents.read_bytes() if "/Contents" in page.obj else b""
            data = "\n".join(ops).encode() + b"\nq\n" + overlay + b"\nQ\n" + _marks_ops(sh.marks).encode()
            stream = pikepdf.Stream(out, b"")
            stream.write(zlib.compress(data, 9), filter=pikepdf.Name.FlateDecode)
            page.obj.Contents = out.make_indirect(stream)
            res = page.obj.Resources
            res.XObject = xobjects
            res.ColorSpace = pikepdf.Dictionary(PPReg=reg)
            box = pikepdf.Array([0, 0, float(_num(sh.width)), float(_num(sh.height))])
            for key_name in ("/MediaBox", "/TrimBox", "/BleedBox"):
                page.obj[key_name] = box
            if "/CropBox" in page.obj:
                del page.obj["/CropBox"]
        buf = io.BytesIO()
        out.save(buf, deterministic_id=True)
    return buf.getvalue()


def open_sources(files: list[Path], stack: ExitStack) -> list[Any]:
    """The input PDFs, open until `stack` closes; ValueError for one that cannot be read or whose
    pages are locked (encrypted: its pages could not be placed)."""
    import pikepdf

    docs = []
    for f in files:
        try:
            docs.append(stack.enter_context(pikepdf.open(f)))
        except (pikepdf.PasswordError, pikepdf.PdfError) as e:
            raise ValueError(f"{f} is encrypted; printprog cannot impose it" if isinstance(e, pikepdf.PasswordError)
                             else f"{f}: not a readable PDF ({e})") from None
        if docs[-1].is_encrypted:  # no user password: it opens, but its pages would stay locked
            raise ValueError(f"{f} is encrypted; printprog cannot impose it")
    return docs
