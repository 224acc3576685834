"""Read a finished PDF the way a press would: every content stream, with its graphics state.

`scan(pdf)` walks the pages, form XObjects (recursively, with their /Matrix), annotation
appearances, tiling patterns, soft masks and Type3 glyph procedures, and records what a
preflight needs: text shown (where, how large, in which colour), images placed (at which
size), paths painted, fonts and graphics states reachable, and every colour space used.
It judges nothing; the rules in preflight.py do.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from typing import Any

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_DEPTH = 24  # nesting of forms/patterns; deeper is a loop or a hostile file


# ---------------------------------------------------------------- geometry

def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: `cm` makes CTM = mul(M, CTM))."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def bbox_of(m: Matrix, box: Box) -> Box:
    pts = [apply(m, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def min_scale(m: Matrix) -> float:
    """Smallest singular value: how thin a unit line can get under m."""
    a, b, c, d = m[:4]
    s, det = a * a + b * b + c * c + d * d, a * d - b * c
    return math.sqrt(max(0.0, (s - math.sqrt(max(0.0, s * s - 4 * det * det))) / 2))


def overlaps(a: Box, b: Box, tol: float = 0.01) -> bool:
    """True when the interiors of a and b share some area."""
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def intersect(a: Box | None, b: Box | None) -> Box | None:
    """Intersection of two clip boxes (None = unclipped); an empty result has x0 > x1 or y0 > y1."""
    if a is None or b is None:
        return a or b
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def visible(box: Box, clip: Box | None) -> Box | None:
    """The part of box inside clip, or None when the clip hides all of it."""
    if clip is None:
        return box
    return intersect(box, clip) if overlaps(box, clip) else None


def _nums(operands: Any) -> list[float]:
    return [float(v) for v in operands]


def _box(obj: Any) -> Box | None:
    try:
        v = [float(x) for x in obj]
    except (TypeError, ValueError):
        return None
    if len(v) != 4:
        return None
    return min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3])


# ---------------------------------------------------------------- colour spaces

_DEVICE = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}
_CIE = {"/CalGray": 1, "/CalRGB": 3, "/Lab": 3, "/CalCMYK": 4}


@dataclass(frozen=True)
class ColourSpace:
    family: str  # DeviceCMYK, DeviceGray, DeviceRGB, ICCBased, Separation, DeviceN, Indexed, Pattern, Lab, ...
    n: int
    names: tuple[str, ...] = ()  # colorants of Separation/DeviceN
    base: ColourSpace | None = None  # alternate (Separation/DeviceN), base (Indexed), underlying (Pattern)

    @property
    def label(self) -> str:
        if self.family == "ICCBased":
            return f"ICCBased (N={self.n})"
        if self.family == "Separation":
            return f"Separation /{self.names[0]}" + (f" (alternate {self.base.label})" if self.base else "")
        if self.family == "DeviceN":
            return f"DeviceN [{' '.join(self.names)}]" + (f" (alternate {self.base.label})" if self.base else "")
        if self.family in ("Indexed", "Pattern") and self.base:
            return f"{self.family} (base {self.base.label})"
        return self.family

    @property
    def is_registration(self) -> bool:
        return self.family == "Separation" and self.names == ("All",)


GRAY = ColourSpace("DeviceGray", 1)
RGB = ColourSpace("DeviceRGB", 3)
CMYK = ColourSpace("DeviceCMYK", 4)


def _lookup(resources: Any, kind: str, name: str) -> Any:
    try:
        return resources[kind][name]
    except (KeyError, TypeError, AttributeError, IndexError):
        return None


def resolve_space(obj: Any, resources: Any, depth: int = 0) -> ColourSpace:
    """A colour space operand, image /ColorSpace or resource name, as a ColourSpace."""
    if depth > 8 or obj is None:
        return ColourSpace("Unknown", 0)
    if isinstance(obj, pikepdf.Name):
        name = str(obj)
        if name in _DEVICE:
            return ColourSpace(name[1:], _DEVICE[name])
        if name == "/Pattern":
            return ColourSpace("Pattern", 0)
        named = _lookup(resources, "/ColorSpace", name)
        return ColourSpace(f"undefined {name}", 0) if named is None else resolve_space(named, resources, depth + 1)
    if not isinstance(obj, pikepdf.Array) or len(obj) == 0:
        return ColourSpace("Unknown", 0)
    fam = str(obj[0])
    sub = lambda i: resolve_space(obj[i], resources, depth + 1) if len(obj) > i else None  # noqa: E731
    if fam in _DEVICE or len(obj) == 1:
        return resolve_space(obj[0], resources, depth + 1)
    if fam == "/ICCBased":
        return ColourSpace("ICCBased", int(obj[1].get("/N", 0)))
    if fam == "/Separation":
        return ColourSpace("Separation", 1, (str(obj[1])[1:],), sub(2))
    if fam == "/DeviceN":
        names = tuple(str(x)[1:] for x in obj[1])
        return ColourSpace("DeviceN", len(names), names, sub(2))
    if fam == "/Indexed":
        return ColourSpace("Indexed", 1, base=sub(1))
    if fam == "/Pattern":
        return ColourSpace("Pattern", 0, base=sub(1))
    if fam in _CIE:
        return ColourSpace(fam[1:], _CIE[fam])
    return ColourSpace(f"unknown family {fam}", 0)


def initial_colour(space: ColourSpace) -> tuple[float, ...]:
    if space.family == "DeviceCMYK":
        return (0.0, 0.0, 0.0, 1.0)
    if space.family in ("Separation", "DeviceN"):
        return (1.0,) * space.n
    return (0.0,) * space.n


def ink(space: ColourSpace, values: Any) -> Any:
    """Total ink in percent for colour values (last axis = components; numpy or tuple).

    None when the space has no ink meaning here (RGB, Lab: the colour rule rejects them).
    Registration (/All) and /None colorants count as no ink.
    """
    fam, n = space.family, space.n
    if isinstance(values, (tuple, list)):  # one colour: plain Python, no numpy on a picture-less page
        v1 = [float(x) for x in values]
        if fam == "DeviceCMYK" or (fam == "ICCBased" and n == 4):
            return sum(v1[:4]) * 100
        if fam in ("DeviceGray", "CalGray") or (fam == "ICCBased" and n == 1):
            return (1 - v1[0]) * 100
        if fam in ("Separation", "DeviceN"):
            return sum(x for x, c in zip(v1, space.names) if c not in ("All", "None")) * 100
        return None
    import numpy as np

    v = np.asarray(values, dtype=float)
    if fam == "DeviceCMYK" or (fam == "ICCBased" and n == 4):
        return v[..., :4].sum(-1) * 100
    if fam in ("DeviceGray", "CalGray") or (fam == "ICCBased" and n == 1):
        return (1 - v[..., 0]) * 100
    if fam in ("Separation", "DeviceN"):
        keep = [i for i, c in enumerate(space.names) if c not in ("All", "None")]
        return v[..., keep].sum(-1) * 100 if keep else v[..., 0] * 0
    return None


# ---------------------------------------------------------------- fonts

_STD14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
          "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
          "Times-BoldItalic", "Symbol", "ZapfDingbats"}


def _utf16(hexstr: bytes) -> str:
    return bytes.fromhex(hexstr.decode()).decode("utf-16-be", "replace") if hexstr else ""


def parse_tounicode(data: bytes) -> dict[int, str]:
    """bfchar and bfrange entries of a ToUnicode CMap (enough for messages)."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        toks = re.findall(rb"<([0-9A-Fa-f]*)>", block)
        for src, dst in zip(toks[::2], toks[1::2], strict=False):
            out[int(src or b"0", 16)] = _utf16(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            lo, hi = int(m[1], 16), int(m[2], 16)
            if m[3].startswith(b"["):
                for i, h in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", m[3])):
                    out[lo + i] = _utf16(h)
            elif m[3][1:-1]:
                start, width = int(m[3][1:-1], 16), len(m[3][1:-1]) // 2
                for i in range(min(hi - lo, 0xFFFF) + 1):
                    out[lo + i] = (start + i).to_bytes(width, "big").decode("utf-16-be", "replace")
    return out


@dataclass
class FontInfo:
    """What text needs from a font dictionary: code length, widths, Unicode for messages."""

    obj: Any
    subtype: str
    base_font: str
    two_byte: bool
    widths: dict[int, float]  # code -> advance per unit font size (text space)
    default_width: float
    size_scale: float  # 1, or the Type3 FontMatrix's em size relative to 1000 units
    to_unicode: dict[int, str]

    @classmethod
    def of(cls, font: Any) -> FontInfo:
        subtype = str(font.get("/Subtype", ""))
        base = str(font.get("/BaseFont", ""))[1:]
        tu = font.get("/ToUnicode")
        to_unicode = parse_tounicode(tu.read_bytes()) if isinstance(tu, pikepdf.Stream) else {}
        if subtype == "/Type0":
            desc = font.DescendantFonts[0] if "/DescendantFonts" in font else pikepdf.Dictionary()
            return cls(font, subtype, base, True, _cid_widths(desc.get("/W")), float(desc.get("/DW", 1000)) / 1000,
                       1.0, to_unicode)
        scale, size_scale = 0.001, 1.0
        if subtype == "/Type3":
            fm = _nums(font.get("/FontMatrix", [0.001, 0, 0, 0.001, 0, 0]))
            scale, size_scale = fm[0], abs(fm[3]) * 1000
        first = int(font.get("/FirstChar", 0))
        widths = {first + i: float(w) * scale for i, w in enumerate(font.get("/Widths", []))}
        missing = float(font.get("/FontDescriptor", {}).get("/MissingWidth", 0)) * scale
        if not widths and base.split("+")[-1] in _STD14:
            widths, missing = _std14_widths(base.split("+")[-1]), 0.5
        return cls(font, subtype, base, False, widths, missing, size_scale, to_unicode)

    def decode(self, data: bytes) -> list[tuple[int, str]]:
        if self.two_byte:
            codes = [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
        else:
            codes = list(data)
        uni = self.to_unicode
        return [(c, uni.get(c) or (chr(c) if not self.two_byte and 32 <= c < 127 else "\ufffd")) for c in codes]

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width)


def _cid_widths(w: Any) -> dict[int, float]:
    out: dict[int, float] = {}
    items = list(w or [])
    i = 0
    while i < len(items) - 1:
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for j, v in enumerate(items[i + 1]):
                out[first + j] = float(v) / 1000
            i += 2
        elif i + 2 < len(items):
            for c in range(first, min(int(items[i + 1]), first + 0xFFFF) + 1):
                out[c] = float(items[i + 2]) / 1000
            i += 3
        else:
            break
    return out


def _std14_widths(name: str) -> dict[int, float]:
    from reportlab.pdfbase import pdfmetrics

    try:
        return {i: w / 1000 for i, w in enumerate(pdfmetrics.getFont(name).widths)}
    except Exception:  # unknown to reportlab: fall back to the default width
        return {}


def font_is_embedded(font: Any) -> bool:
    if str(font.get("/Subtype")) == "/Type3":
        return True  # glyphs are content streams
    if str(font.get("/Subtype")) == "/Type0":
        kids = font.get("/DescendantFonts")
        return bool(kids) and all(font_is_embedded(k) for k in kids)
    desc = font.get("/FontDescriptor")
    return desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


# ---------------------------------------------------------------- records

@dataclass(frozen=True)
class PageInfo:
    number: int
    boxes: dict[str, Box | None]  # /MediaBox /CropBox /BleedBox /TrimBox /ArtBox (None when absent)
    obj: Any = field(compare=False, repr=False)

    @property
    def trim(self) -> Box | None:
        return self.boxes.get("/TrimBox") or self.boxes.get("/ArtBox")

    @property
    def bleed(self) -> Box | None:
        return self.boxes.get("/BleedBox")  # no fallback: a missing BleedBox is the boxes rule's finding


@dataclass(frozen=True)
class TextShow:
    page: int
    font: str  # resource name
    base_font: str
    size_eff: float  # Tf size × the vertical scale of Tm × CTM
    bbox: Box | None  # page space; None when only spaces were shown
    fill_cs: ColourSpace
    fill_colour: tuple[float, ...]
    stroke_cs: ColourSpace
    stroke_colour: tuple[float, ...]
    mode: int  # text render mode; 3 and 7 paint nothing
    text: str
    where: str

    @property
    def visible(self) -> bool:
        return self.mode not in (3, 7)

    @property
    def paints(self) -> list[tuple[ColourSpace, tuple[float, ...]]]:
        out = []
        if self.mode in (0, 2, 4, 6):
            out.append((self.fill_cs, self.fill_colour))
        if self.mode in (1, 2, 5, 6):
            out.append((self.stroke_cs, self.stroke_colour))
        return out


@dataclass(frozen=True)
class ImagePlacement:
    page: int
    name: str
    px_w: int
    px_h: int
    ctm: Matrix
    space: ColourSpace | None  # None for stencil masks
    bpc: int
    obj: Any = field(compare=False, repr=False)  # image stream, or a PdfInlineImage
    inline: bool = False
    where: str = "page"

    @property
    def ppi(self) -> float:
        """Effective resolution: the smaller of the x and y pixels per placed inch."""
        a, b, c, d = self.ctm[:4]
        w, h = math.hypot(a, b) / 72, math.hypot(c, d) / 72
        return min(self.px_w / w if w else math.inf, self.px_h / h if h else math.inf)

    @property
    def bbox(self) -> Box:
        return bbox_of(self.ctm, (0, 0, 1, 1))


@dataclass(frozen=True)
class PathPaint:
    page: int
    op: str  # "fill" | "stroke"
    space: ColourSpace
    colour: tuple[float, ...]
    line_width_eff: float
    bbox: Box | None  # None inside a tiling pattern cell
    where: str


@dataclass(frozen=True)
class ShadingPaint:
    page: int
    name: str
    space: ColourSpace
    obj: Any = field(compare=False, repr=False)
    where: str = "page"


@dataclass(frozen=True)
class ColourUse:
    page: int
    space: ColourSpace
    where: str  # e.g. "page: rg operator", "form Fm0: image Im1", "page group"


@dataclass(frozen=True)
class Found:
    """A font, ExtGState, form or annotation reachable from a page."""

    page: int
    name: str
    obj: Any = field(compare=False, repr=False)
    where: str = "page"


@dataclass
class Scan:
    pages: list[PageInfo] = field(default_factory=list)
    texts: list[TextShow] = field(default_factory=list)
    images: list[ImagePlacement] = field(default_factory=list)
    paths: list[PathPaint] = field(default_factory=list)
    shadings: list[ShadingPaint] = field(default_factory=list)
    colour_uses: dict[tuple[int, ColourSpace, str], ColourUse] = field(default_factory=dict)
    fonts: list[Found] = field(default_factory=list)  # every font dictionary reachable, once
    gstates: list[Found] = field(default_factory=list)  # every ExtGState reachable, once
    gstates_used: list[Found] = field(default_factory=list)  # applied with `gs`
    groups: list[Found] = field(default_factory=list)  # /Group dictionaries of pages and painted forms
    forms: list[Found] = field(default_factory=list)  # painted form XObjects
    placed: list[tuple[int, Box]] = field(default_factory=list)  # (page, clip box) of forms the page draws
    annots: list[Found] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    streams: int = 0  # content streams interpreted
    xmp: dict[str, str] | None = None  # "prefix:name" -> value; None when there is no XMP

    def use(self, page: int, space: ColourSpace, where: str) -> None:
        self.colour_uses.setdefault((page, space, where), ColourUse(page, space, where))


# ---------------------------------------------------------------- the interpreter

@dataclass
class _GState:
    ctm: Matrix = IDENTITY
    fill_cs: ColourSpace = GRAY
    fill: tuple[float, ...] = (0.0,)
    stroke_cs: ColourSpace = GRAY
    stroke: tuple[float, ...] = (0.0,)
    line_width: float = 1.0
    font: FontInfo | None = None
    font_name: str = ""
    size: float = 0.0
    tc: float = 0.0
    tw: float = 0.0
    tz: float = 100.0
    tl: float = 0.0
    rise: float = 0.0
    mode: int = 0
    clip: Box | None = None  # bounding box of the clipping path, page space (None = the page)


_PAINT = {"S": "s", "s": "s", "f": "f", "F": "f", "f*": "f", "B": "fs", "B*": "fs", "b": "fs", "b*": "fs", "n": ""}


class _Run:
    """One content stream with its resources. Records go straight into the Scan."""

    def __init__(self, sc: _Scanner, page: int, resources: Any, ctm: Matrix, where: str, paints: str, chain: tuple,
                 clip: Box | None = None):
        self.sc, self.scan, self.page, self.res, self.where = sc, sc.scan, page, resources, where
        self.paints = paints  # "all"; "no-box" (pattern cells); "none" (soft masks, Type3 glyphs)
        self.chain = chain  # objgens of the forms we are inside (loop guard)
        self.gs = _GState(ctm=ctm, clip=clip)
        self.clip_next = False  # W/W* seen: the next painting operator also clips
        self.base_ctm = ctm
        self.stack: list[_GState] = []
        self.path: list[tuple[float, float]] = []
        self.tm = self.tlm = IDENTITY

    def run(self, stream: Any) -> None:
        try:
            ops = pikepdf.parse_content_stream(stream)
        except (pikepdf.PdfError, ValueError) as e:
            self.scan.errors.append((self.page, f"{self.where}: content stream cannot be parsed ({e})"))
            return
        self.scan.streams += 1
        for instruction in ops:
            operands, name = instruction.operands, str(instruction.operator)
            handler = _HANDLERS.get(name)
            if handler is None:
                continue
            try:
                handler(self, operands)
            except (TypeError, ValueError, IndexError, KeyError, AttributeError, pikepdf.PdfError) as e:
                why = e.args[0] if isinstance(e, KeyError) and e.args else e
                self.scan.errors.append((self.page, f"{self.where}: {name!r} operator: {why}"))

    # -- state
    def q(self, o: Any) -> None:
        self.stack.append(replace(self.gs))

    def Q(self, o: Any) -> None:
        if self.stack:
            self.gs = self.stack.pop()

    def cm(self, o: Any) -> None:
        self.gs.ctm = mul(tuple(_nums(o)), self.gs.ctm)  # type: ignore[arg-type]

    def w(self, o: Any) -> None:
        self.gs.line_width = float(o[0])

    def gs_(self, o: Any) -> None:
        name = str(o[0])
        egs = _lookup(self.res, "/ExtGState", name)
        if egs is None:
            raise KeyError(f"ExtGState {name} not in resources")
        self.scan.gstates_used.append(Found(self.page, name[1:], egs, self.where))
        if "/LW" in egs:
            self.gs.line_width = float(egs.LW)
        if "/Font" in egs:
            self._set_font(egs.Font[0], "(ExtGState font)", float(egs.Font[1]))
        smask = egs.get("/SMask")
        if isinstance(smask, pikepdf.Dictionary) and isinstance(smask.get("/G"), pikepdf.Stream):
            where = f"{self.where}: soft mask of {name[1:]}"
            self.sc.form(self.page, smask.G, self.gs.ctm, self.res, where, "none", self.chain)

    # -- colour
    def _space(self, o: Any, stroke: bool) -> None:
        space = resolve_space(o[0], self.res)
        self.scan.use(self.page, space, f"{self.where}: {'CS' if stroke else 'cs'} {o[0]}")
        if stroke:
            self.gs.stroke_cs, self.gs.stroke = space, initial_colour(space)
        else:
            self.gs.fill_cs, self.gs.fill = space, initial_colour(space)

    def _colour(self, o: Any, stroke: bool) -> None:
        vals = [v for v in o if not isinstance(v, pikepdf.Name)]
        pattern = [v for v in o if isinstance(v, pikepdf.Name)]
        if pattern:
            self._pattern(str(pattern[0]))
        colour = tuple(_nums(vals))
        if stroke:
            self.gs.stroke = colour
        else:
            self.gs.fill = colour

    def _device(self, space: ColourSpace, op: str, o: Any, stroke: bool) -> None:
        self.scan.use(self.page, space, f"{self.where}: {op} operator")
        if stroke:
            self.gs.stroke_cs, self.gs.stroke = space, tuple(_nums(o))
        else:
            self.gs.fill_cs, self.gs.fill = space, tuple(_nums(o))

    def _pattern(self, name: str) -> None:
        pat = _lookup(self.res, "/Pattern", name)
        if pat is None:
            raise KeyError(f"pattern {name} not in resources")
        where = f"{self.where}: pattern {name[1:]}"
        if int(pat.get("/PatternType", 1)) == 2:
            sh = pat.get("/Shading")
            if sh is not None:
                self._shading(name[1:], sh, where)
        elif isinstance(pat, pikepdf.Stream) and self.sc.first_on_page(self.page, pat):
            # pattern space is the default space of the stream the pattern is used in
            ctm = mul(tuple(_nums(pat.get("/Matrix", IDENTITY))), self.base_ctm)  # type: ignore[arg-type]
            self.sc.content(self.page, pat, pat.get("/Resources", self.res), ctm, where, "no-box", self.chain)

    def _shading(self, name: str, sh: Any, where: str) -> None:
        space = resolve_space(sh.get("/ColorSpace"), self.res)
        self.scan.use(self.page, space, where)
        if self.paints != "none":
            self.scan.shadings.append(ShadingPaint(self.page, name, space, sh, where))

    def sh(self, o: Any) -> None:
        name = str(o[0])
        sh = _lookup(self.res, "/Shading", name)
        if sh is None:
            raise KeyError(f"shading {name} not in resources")
        self._shading(name[1:], sh, f"{self.where}: shading {name[1:]}")

    # -- paths
    def _pt(self, x: float, y: float) -> None:
        self.path.append(apply(self.gs.ctm, x, y))

    def m(self, o: Any) -> None:
        self._pt(*_nums(o))

    def c(self, o: Any) -> None:
        v = _nums(o)
        for i in range(0, len(v) - 1, 2):
            self._pt(v[i], v[i + 1])

    def re(self, o: Any) -> None:
        x, y, w, h = _nums(o)
        for px, py in ((x, y), (x + w, y), (x + w, y + h), (x, y + h)):
            self._pt(px, py)

    def paint(self, op: str) -> None:
        pts, self.path = self.path, []
        if not pts:
            return
        raw = (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))
        shown = visible(raw, self.gs.clip)  # painted with the old clip; W/W* takes effect afterwards
        if self.clip_next:
            self.gs.clip, self.clip_next = intersect(self.gs.clip, raw), False
        if self.paints == "none" or shown is None:
            return
        box = None if self.paints == "no-box" else shown
        g = self.gs
        if "f" in _PAINT[op]:
            self.scan.paths.append(PathPaint(self.page, "fill", g.fill_cs, g.fill, 0.0, box, self.where))
        if "s" in _PAINT[op]:
            lw = g.line_width * min_scale(g.ctm)
            self.scan.paths.append(PathPaint(self.page, "stroke", g.stroke_cs, g.stroke, lw, box, self.where))

    # -- text
    def BT(self, o: Any) -> None:
        self.tm = self.tlm = IDENTITY

    def _set_font(self, ref: Any, name: str, size: float) -> None:
        self.gs.font, self.gs.font_name, self.gs.size = self.sc.font(ref), name, size

    def Tf(self, o: Any) -> None:
        name = str(o[0])
        font = _lookup(self.res, "/Font", name)
        if font is None:
            raise KeyError(f"font {name} not in resources")
        self._set_font(font, name, float(o[1]))

    def Td(self, o: Any) -> None:
        tx, ty = _nums(o)
        self.tm = self.tlm = mul((1, 0, 0, 1, tx, ty), self.tlm)

    def TD(self, o: Any) -> None:
        self.gs.tl = -float(o[1])
        self.Td(o)

    def Tm(self, o: Any) -> None:
        self.tm = self.tlm = tuple(_nums(o))  # type: ignore[assignment]

    def Tstar(self, o: Any = None) -> None:
        self.Td((0, -self.gs.tl))

    def show(self, items: list[Any]) -> None:
        g = self.gs
        font = g.font
        if font is None:
            raise ValueError("text shown before any Tf")
        th, size = g.tz / 100, g.size
        x, lo, hi, chars = 0.0, math.inf, -math.inf, []
        for item in items:
            if isinstance(item, (pikepdf.String, bytes)):
                for code, text in font.decode(bytes(item)):
                    adv = font.width(code) * size * th
                    if text.strip():
                        lo, hi = min(lo, x, x + adv), max(hi, x, x + adv)
                    chars.append(text)
                    space = g.tw if (not font.two_byte and code == 32) else 0.0
                    x += adv + (g.tc + space) * th
            else:
                x -= float(item) / 1000 * size * th
        trm = mul(self.tm, g.ctm)
        self.tm = mul((1, 0, 0, 1, x, 0), self.tm)
        if self.paints == "none":
            return
        em = size * font.size_scale
        box = None
        if lo <= hi and self.paints == "all":
            box = visible(bbox_of(trm, (lo, g.rise - 0.25 * em, hi, g.rise + 0.85 * em)), g.clip)
            if box is None:
                return  # clipped away: nothing of it prints
        self.scan.texts.append(TextShow(
            self.page, g.font_name, font.base_font, abs(em) * math.hypot(trm[2], trm[3]), box,
            g.fill_cs, g.fill, g.stroke_cs, g.stroke, g.mode, "".join(chars).strip(), self.where))

    def quote(self, o: Any) -> None:
        self.Tstar()
        self.show([o[0]])

    def dquote(self, o: Any) -> None:
        self.gs.tw, self.gs.tc = float(o[0]), float(o[1])
        self.quote([o[2]])

    # -- external objects
    def Do(self, o: Any) -> None:
        name = str(o[0])
        xo = _lookup(self.res, "/XObject", name)
        if xo is None:
            raise KeyError(f"XObject {name} not in resources")
        sub = str(xo.get("/Subtype"))
        short = name[1:]
        if sub == "/Image":
            self._image(short, xo, inline=False)
        elif sub == "/Form":
            where = f"{self.where}: form {short}" if self.where != "page" else f"form {short}"
            clip = self.sc.form(self.page, xo, self.gs.ctm, self.res, where, self.paints, self.chain, short,
                                self.gs.clip)
            if self.where == "page" and clip is not None and self.paints == "all":
                self.scan.placed.append((self.page, clip))

    def inline(self, o: Any) -> None:
        self._image("inline image", o[0], inline=True)

    def _image(self, name: str, img: Any, inline: bool) -> None:
        d = img.obj if inline else img
        mask = bool(d.get("/ImageMask", False))
        space = None if mask else resolve_space(d.get("/ColorSpace"), self.res)
        if space is not None:
            self.scan.use(self.page, space, f"{self.where}: image {name}")
        if self.paints == "all":
            self.scan.images.append(ImagePlacement(
                self.page, name, int(d.get("/Width", 0)), int(d.get("/Height", 0)), self.gs.ctm, space,
                int(d.get("/BitsPerComponent", 1 if mask else 8)), img, inline, self.where))


_HANDLERS: dict[str, Any] = {
    "q": _Run.q, "Q": _Run.Q, "cm": _Run.cm, "w": _Run.w, "gs": _Run.gs_,
    "CS": lambda r, o: r._space(o, True), "cs": lambda r, o: r._space(o, False),
    "SC": lambda r, o: r._colour(o, True), "SCN": lambda r, o: r._colour(o, True),
    "sc": lambda r, o: r._colour(o, False), "scn": lambda r, o: r._colour(o, False),
    "G": lambda r, o: r._device(GRAY, "G", o, True), "g": lambda r, o: r._device(GRAY, "g", o, False),
    "RG": lambda r, o: r._device(RGB, "RG", o, True), "rg": lambda r, o: r._device(RGB, "rg", o, False),
    "K": lambda r, o: r._device(CMYK, "K", o, True), "k": lambda r, o: r._device(CMYK, "k", o, False),
    "m": _Run.m, "l": _Run.m, "c": _Run.c, "v": _Run.c, "y": _Run.c, "re": _Run.re, "sh": _Run.sh,
    **{op: (lambda r, o, op=op: r.paint(op)) for op in _PAINT},
    "BT": _Run.BT, "Tf": _Run.Tf, "Td": _Run.Td, "TD": _Run.TD, "Tm": _Run.Tm, "T*": _Run.Tstar,
    "Tc": lambda r, o: setattr(r.gs, "tc", float(o[0])), "Tw": lambda r, o: setattr(r.gs, "tw", float(o[0])),
    "Tz": lambda r, o: setattr(r.gs, "tz", float(o[0])), "TL": lambda r, o: setattr(r.gs, "tl", float(o[0])),
    "Ts": lambda r, o: setattr(r.gs, "rise", float(o[0])), "Tr": lambda r, o: setattr(r.gs, "mode", int(o[0])),
    "Tj": lambda r, o: r.show([o[0]]), "TJ": lambda r, o: r.show(list(o[0])), "'": _Run.quote, '"': _Run.dquote,
    "W": lambda r, o: setattr(r, "clip_next", True), "W*": lambda r, o: setattr(r, "clip_next", True),
    "Do": _Run.Do, "INLINE IMAGE": _Run.inline,
}


class _Scanner:
    def __init__(self) -> None:
        self.scan = Scan()
        self._fonts: dict[tuple[int, int], FontInfo] = {}
        self._seen: set[tuple[int, int]] = set()  # resource dictionaries and fonts already noted
        self._once: set[tuple[int, tuple[int, int]]] = set()  # tiling patterns walked, per page

    def first_on_page(self, page: int, obj: Any) -> bool:
        key = (page, obj.objgen)
        if key in self._once:
            return False
        self._once.add(key)
        return True

    def font(self, obj: Any) -> FontInfo:
        key = obj.objgen
        if key == (0, 0):
            return FontInfo.of(obj)
        if key not in self._fonts:
            self._fonts[key] = FontInfo.of(obj)
        return self._fonts[key]

    def content(self, page: int, stream: Any, resources: Any, ctm: Matrix, where: str, paints: str,
                chain: tuple, clip: Box | None = None) -> None:
        key = stream.objgen if hasattr(stream, "objgen") else (0, 0)
        if key != (0, 0) and key in chain or len(chain) > MAX_DEPTH:
            self.scan.errors.append((page, f"{where}: recursive or too deeply nested content, not followed"))
            return
        self.note_resources(page, resources, where)
        _Run(self, page, resources, ctm, where, paints, chain + (key,), clip).run(stream)

    def form(self, page: int, xo: Any, ctm: Matrix, parent_res: Any, where: str, paints: str, chain: tuple,
             name: str = "", clip: Box | None = None) -> Box | None:
        """Run a form XObject; returns its clip (its /BBox on the page, within the parent's clip)."""
        if paints != "none":
            self.scan.forms.append(Found(page, name or where, xo, where))
        group = xo.get("/Group")
        res = xo.get("/Resources", parent_res)
        if isinstance(group, pikepdf.Dictionary):
            self.scan.groups.append(Found(page, where, group, where))
            if "/CS" in group:
                self.scan.use(page, resolve_space(group.CS, res), f"{where}: transparency group")
        form_ctm = mul(tuple(_nums(xo.get("/Matrix", IDENTITY))), ctm)  # type: ignore[arg-type]
        bbox = _box(xo.get("/BBox"))
        clip = intersect(clip, bbox_of(form_ctm, bbox) if bbox else None)
        self.content(page, xo, res, form_ctm, where, paints, chain, clip)
        return clip

    def note_resources(self, page: int, res: Any, where: str, depth: int = 0) -> None:
        """Fonts and ExtGStates reachable from res, including through forms not painted."""
        if not isinstance(res, pikepdf.Dictionary) or depth > MAX_DEPTH:
            return
        if res.objgen != (0, 0):
            if res.objgen in self._seen:
                return
            self._seen.add(res.objgen)
        for name, font in res.get("/Font", {}).items():
            if self._first(font):
                self.scan.fonts.append(Found(page, name[1:], font, where))
                if str(font.get("/Subtype")) == "/Type3":
                    self._type3(page, name, font, res, where)
        for name, egs in res.get("/ExtGState", {}).items():
            if self._first(egs):
                self.scan.gstates.append(Found(page, name[1:], egs, where))
        for name, xo in res.get("/XObject", {}).items():
            if isinstance(xo, pikepdf.Stream) and str(xo.get("/Subtype")) == "/Form":
                self.note_resources(page, xo.get("/Resources"), f"{where}: form {name[1:]}", depth + 1)
        for name, pat in res.get("/Pattern", {}).items():
            if isinstance(pat, pikepdf.Stream):
                self.note_resources(page, pat.get("/Resources"), f"{where}: pattern {name[1:]}", depth + 1)

    def _first(self, obj: Any) -> bool:
        key = obj.objgen
        if key == (0, 0):
            return True
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def _type3(self, page: int, name: str, font: Any, res: Any, where: str) -> None:
        # glyph procedures count for colour spaces only: their geometry is in glyph space
        glyph_res = font.get("/Resources", res)
        for gname, proc in font.get("/CharProcs", {}).items():
            glyph = f"{where}: Type3 font {name[1:]} glyph {gname[1:]}"
            self.content(page, proc, glyph_res, IDENTITY, glyph, "none", ())

    def page(self, number: int, page: pikepdf.Page) -> None:
        obj = page.obj
        boxes = {k: _box(_inherited(obj, k)) if k in ("/MediaBox", "/CropBox") else _box(obj.get(k))
                 for k in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")}
        self.scan.pages.append(PageInfo(number, boxes, obj))
        res = _inherited(obj, "/Resources") or pikepdf.Dictionary()
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary):
            self.scan.groups.append(Found(number, "page", group, "page"))
            if "/CS" in group:
                self.scan.use(number, resolve_space(group.CS, res), "page: transparency group")
        if "/Contents" in obj:
            self.content(number, page, res, IDENTITY, "page", "all", ())
        else:
            self.note_resources(number, res, "page")
        for annot in obj.get("/Annots", []):
            self.annotation(number, annot, res)

    def annotation(self, page: int, annot: Any, page_res: Any) -> None:
        if not isinstance(annot, pikepdf.Dictionary):
            return
        kind = str(annot.get("/Subtype", "/Annot"))[1:]
        self.scan.annots.append(Found(page, kind, annot, "annotation"))
        ap_dict = annot.get("/AP")
        normal = ap_dict.get("/N") if isinstance(ap_dict, pikepdf.Dictionary) else None
        streams = [normal] if isinstance(normal, pikepdf.Stream) else list(getattr(normal, "values", lambda: [])())
        rect = _box(annot.get("/Rect"))
        printed = int(annot.get("/F", 0)) & 4 and not int(annot.get("/F", 0)) & 2  # Print set, Hidden not
        for ap in streams:
            if not isinstance(ap, pikepdf.Stream) or rect is None:
                continue
            matrix = tuple(_nums(ap.get("/Matrix", IDENTITY)))
            bb = bbox_of(matrix, _box(ap.get("/BBox")) or (0, 0, 1, 1))  # type: ignore[arg-type]
            sx = (rect[2] - rect[0]) / (bb[2] - bb[0]) if bb[2] > bb[0] else 1.0
            sy = (rect[3] - rect[1]) / (bb[3] - bb[1]) if bb[3] > bb[1] else 1.0
            # the form's own /Matrix is applied by form(); this maps its box onto /Rect
            to_rect = (sx, 0.0, 0.0, sy, rect[0] - bb[0] * sx, rect[1] - bb[1] * sy)
            self.form(page, ap, to_rect, page_res, f"{kind} annotation appearance",
                      "all" if printed else "none", ())


def _inherited(obj: Any, key: str) -> Any:
    for _ in range(64):  # Pages trees are shallow; this bounds a /Parent loop
        if obj is None:
            return None
        if key in obj:
            return obj[key]
        obj = obj.get("/Parent")
    return None


# ---------------------------------------------------------------- XMP

XMP_PREFIXES = {
    "http://www.npes.org/pdfx/ns/id/": "pdfxid", "http://ns.adobe.com/pdfx/1.3/": "pdfx",
    "http://ns.adobe.com/xap/1.0/": "xmp", "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://purl.org/dc/elements/1.1/": "dc", "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
}
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def _qname(tag: str) -> str:
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return f"{XMP_PREFIXES[ns]}:{local}" if ns in XMP_PREFIXES else tag
    return tag


def parse_xmp(data: bytes) -> dict[str, str]:
    """Simple properties of an XMP packet: attributes, element text, first item of Alt/Seq/Bag."""
    root = ET.fromstring(data.strip().strip(b"\x00"))
    out: dict[str, str] = {}
    for desc in root.iter(f"{_RDF}Description"):
        for k, v in desc.attrib.items():
            if not k.startswith(_RDF):
                out.setdefault(_qname(k), v)
        for child in desc:
            li = next(child.iter(f"{_RDF}li"), None)
            value = (li.text if li is not None else child.text) or child.get(f"{_RDF}resource") or ""
            out.setdefault(_qname(child.tag), value.strip())
    return out


def read_xmp(pdf: pikepdf.Pdf) -> dict[str, str] | None:
    meta = pdf.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        return None
    try:
        return parse_xmp(meta.read_bytes())
    except (ET.ParseError, pikepdf.PdfError, ValueError):
        return {}


# ---------------------------------------------------------------- image samples

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
    decode = _nums(d.get("/Decode", [0, top] * n))
    if len(decode) >= 2 * n:
        lo, hi = np.array(decode[0:2 * n:2]), np.array(decode[1:2 * n:2])
        raw = lo + raw * (hi - lo)
    if space.family == "Indexed":
        raw = _palette(d, space, raw[..., 0])
        if raw is None:
            return None
    return ink(target, raw)


def _raw_samples(img: ImagePlacement, max_pixels: int) -> Any:
    """(h, w, n) samples in 0..1 as stored, before /Decode; subsampled to about max_pixels."""
    d = img.obj.obj if img.inline else img.obj
    filters = d.get("/Filter", [])
    filters = [str(f) for f in (filters if isinstance(filters, pikepdf.Array) else [filters])]
    step = max(1, math.ceil(math.sqrt(img.px_w * img.px_h / max_pixels)))
    if "/DCTDecode" not in filters and "/JPXDecode" not in filters:
        try:
            return _unpack(img, img.obj.read_bytes(), step)
        except pikepdf.PdfError:
            pass  # a filter qpdf cannot decode (CCITT, JBIG2): let pikepdf and Pillow try
    return _pil_samples(img, step, max_pixels)


def _unpack(img: ImagePlacement, data: bytes, step: int) -> Any:
    import numpy as np

    n = 1 if img.space is None or img.space.family == "Indexed" else img.space.n
    bpc, w, h = img.bpc, img.px_w, img.px_h
    row = math.ceil(w * n * bpc / 8)  # rows start on a byte boundary
    buf = np.frombuffer(data, dtype=np.uint8)
    if buf.size < row * h or bpc not in (1, 2, 4, 8, 16):
        return None
    rows = buf[: row * h].reshape(h, row)[::step]
    if bpc == 16:
        samples = rows.view(">u2")[:, : w * n].astype(float) / 65535
    elif bpc == 8:
        samples = rows[:, : w * n].astype(float) / 255
    else:
        bits = np.unpackbits(rows, axis=1)[:, : w * n * bpc].reshape(rows.shape[0], w * n, bpc)
        samples = (bits @ (1 << np.arange(bpc - 1, -1, -1))).astype(float) / ((1 << bpc) - 1)
    return samples.reshape(rows.shape[0], w, n)[:, ::step]


def _pil_samples(img: ImagePlacement, step: int, max_pixels: int) -> Any:
    import numpy as np
    from pikepdf import PdfImage

    pim = img.obj if img.inline else PdfImage(img.obj)
    im = pim.as_pil_image(apply_decode_array=False, apply_mask=False)
    jpeg = getattr(im, "format", None) == "JPEG"
    if jpeg and step > 1:
        im.draft(im.mode, (img.px_w // step, img.px_h // step))  # DCT scaling: far faster than a full decode
    arr = np.asarray(im)
    arr = arr.reshape(arr.shape[0], arr.shape[1], -1).astype(float)
    if jpeg and im.mode == "CMYK":
        arr = 255 - arr  # Pillow inverts every CMYK JPEG ("Adobe" polarity); undo it to get the stored samples
    top = {"1": 1, "P": (1 << img.bpc) - 1, "I;16": 65535, "I;16B": 65535, "I": 65535}.get(im.mode, 255)
    step = max(1, math.ceil(math.sqrt(arr.shape[0] * arr.shape[1] / max_pixels)))
    return arr[::step, ::step] / top


def _palette(d: Any, space: ColourSpace, index: Any) -> Any:
    import numpy as np

    cs = d.get("/ColorSpace")
    if isinstance(cs, pikepdf.Name):
        return None  # a named Indexed space: rare enough to skip
    base_n = space.base.n if space.base else 0
    lookup = cs[3]
    table = np.frombuffer(lookup.read_bytes() if isinstance(lookup, pikepdf.Stream) else bytes(lookup), np.uint8)
    if base_n <= 0 or table.size < base_n:
        return None
    palette = table[: table.size // base_n * base_n].reshape(-1, base_n).astype(float) / 255
    return palette[np.clip(np.rint(index).astype(int), 0, len(palette) - 1)]


# ---------------------------------------------------------------- entry point

def scan(pdf: pikepdf.Pdf) -> Scan:
    sc = _Scanner()
    for number, page in enumerate(pdf.pages, 1):
        sc.page(number, page)
    sc.scan.xmp = read_xmp(pdf)
    return sc.scan
