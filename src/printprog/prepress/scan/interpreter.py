"""One content stream, operator by operator, with its graphics state."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pikepdf

from printprog.prepress.scan.colourspaces import (CMYK, GRAY, RGB, ColourSpace, initial_colour, lookup,
                                                  resolve_space)
from printprog.prepress.scan.fonts import FontInfo
from printprog.prepress.scan.geometry import (IDENTITY, Box, Matrix, apply, bbox_of, intersect, min_scale, mul, nums,
                                              visible)
from printprog.prepress.scan.limits import MAX_OPERATORS, MAX_RECORDS, MAX_TOKENS
from printprog.prepress.scan.records import Found, ImagePlacement, PathPaint, ShadingPaint, TextShow

if TYPE_CHECKING:
    from printprog.prepress.scan.walk import _Scanner


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
    overprint: bool = False  # fill overprint (/op, else /OP)
    opm: int = 0  # overprint mode


MAX_ERRORS = 1000  # problems listed per file; a hostile stream can have one per operator
MAX_Q = 4096  # q nesting: each level keeps a copy of the graphics state
MAX_OPERANDS = 64  # an operator takes at most 33 (scn in a 32-colorant DeviceN)


class _Parser(pikepdf.StreamParser):
    """Groups the tokens qpdf hands over one at a time into operators with their operands."""

    def __init__(self, run: _Run) -> None:
        super().__init__()
        self.run = run
        self.operands: list[Any] = []
        self.image: Any = None

    def handle_object(self, obj: Any, offset: int, length: int) -> None:
        budget = self.run.sc.budget
        budget.tokens += 1
        if budget.tokens > MAX_TOKENS:
            raise budget.over_tokens()
        if not isinstance(obj, pikepdf.Object):
            self.operands.append(obj)
        elif obj._type_code == pikepdf.ObjectType.operator:
            name, operands = str(obj), self.operands
            if name == "BI":
                operands.clear()
            elif name == "ID":
                self.image = None
            elif name == "EI":
                if self.image is not None:
                    try:
                        image = pikepdf.PdfInlineImage(image_data=self.image, image_object=tuple(operands))
                    except (pikepdf.PdfError, ValueError, TypeError) as e:
                        self.run.error(f"{self.run.where}: inline image: {e}")
                    else:
                        self.run.op("INLINE IMAGE", [image])
                self.operands, self.image = [], None
            else:
                self.run.op(name, operands)
                self.operands = []
            return
        elif obj._type_code == pikepdf.ObjectType.inlineimage:
            self.image = obj
        else:
            self.operands.append(obj)
        if len(self.operands) > MAX_OPERANDS * 2:
            del self.operands[:-MAX_OPERANDS]  # a run of operands with no operator: only the last can count

    def handle_eof(self) -> None:
        pass


_PAINT = {"S": "s", "s": "s", "f": "f", "F": "f", "f*": "f", "B": "fs", "B*": "fs", "b": "fs", "b*": "fs", "n": ""}


class _Run:
    """One content stream with its resources. Records go straight into the Scan."""

    def __init__(self, sc: _Scanner, page: int, resources: Any, ctm: Matrix, where: str, paints: str, chain: tuple,
                 clip: Box | None = None, res_key: Any = None):
        self.sc, self.scan, self.page, self.res, self.where = sc, sc.scan, page, resources, where
        self.res_key = res_key  # identity of `resources`, for the walker's memo
        self.paints = paints  # "all"; "no-box" (pattern cells); "none" (soft masks, Type3 glyphs)
        self.chain = chain  # objgens of the forms we are inside (loop guard)
        self.gs = _GState(ctm=ctm, clip=clip)
        self.clip_next = False  # W/W* seen: the next painting operator also clips
        self.base_ctm = ctm
        self.stack: list[_GState] = []
        self.path: list[tuple[float, float]] = []
        self.tm = self.tlm = IDENTITY

    def run(self, stream: Any) -> None:
        """Interpret stream (a content stream, or a pikepdf.Page for its /Contents) as it is parsed."""
        parser = _Parser(self)
        try:
            if isinstance(stream, pikepdf.Page):
                stream.parse_contents(parser)
            else:
                pikepdf.Object._parse_stream(stream, parser)  # one call per token: no list of 16 M operators
        except (pikepdf.PdfError, ValueError) as e:
            self.error(f"{self.where}: content stream cannot be parsed ({e})")
        self.scan.streams += 1

    def error(self, message: str) -> None:
        errors = self.scan.errors
        if len(errors) < MAX_ERRORS:
            errors.append((self.page, message))
        elif len(errors) == MAX_ERRORS:
            errors.append((None, f"more than {MAX_ERRORS} problems in content streams; the rest are not listed"))

    def record(self, into: list[Any], item: Any) -> None:
        self.sc.budget.records += 1
        if self.sc.budget.records > MAX_RECORDS:
            raise self.sc.budget.over_records()
        into.append(item)

    def op(self, name: str, operands: Any) -> None:
        budget = self.sc.budget
        budget.ops += 1
        if budget.ops > MAX_OPERATORS:
            raise budget.over_ops()
        handler = _HANDLERS.get(name)
        if handler is None:
            return
        try:
            handler(self, operands)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError, pikepdf.PdfError) as e:
            why = e.args[0] if isinstance(e, KeyError) and e.args else e
            self.error(f"{self.where}: {name!r} operator: {why}")

    # -- state
    def q(self, o: Any) -> None:
        if len(self.stack) >= MAX_Q:
            raise ValueError(f"q nested deeper than {MAX_Q} levels")
        self.stack.append(replace(self.gs))

    def Q(self, o: Any) -> None:
        if self.stack:
            self.gs = self.stack.pop()

    def cm(self, o: Any) -> None:
        self.gs.ctm = mul(tuple(nums(o)), self.gs.ctm)  # type: ignore[arg-type]

    def w(self, o: Any) -> None:
        self.gs.line_width = float(o[0])

    def gs_(self, o: Any) -> None:
        name = str(o[0])
        egs = lookup(self.res, "/ExtGState", name)
        if egs is None:
            raise KeyError(f"ExtGState {name} not in resources")
        self.scan.gstates_used.append(Found(self.page, name[1:], egs, self.where))
        if "/LW" in egs:
            self.gs.line_width = float(egs.LW)
        if "/OP" in egs:  # /OP sets both; a later /op sets the fill's alone
            self.gs.overprint = bool(egs.OP)
        if "/op" in egs:
            self.gs.overprint = bool(egs.op)
        if "/OPM" in egs:
            self.gs.opm = int(egs.OPM)
        if "/Font" in egs:
            self._set_font(egs.Font[0], "(ExtGState font)", float(egs.Font[1]))
        smask = egs.get("/SMask")
        if isinstance(smask, pikepdf.Dictionary) and isinstance(smask.get("/G"), pikepdf.Stream):
            where = f"{self.where}: soft mask of {name[1:]}"
            self.sc.form(self.page, smask.G, self.gs.ctm, self.res, where, "none", self.chain,
                         parent_key=self.res_key)

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
        colour = tuple(nums(vals))
        if stroke:
            self.gs.stroke = colour
        else:
            self.gs.fill = colour

    def _device(self, space: ColourSpace, op: str, o: Any, stroke: bool) -> None:
        self.scan.use(self.page, space, f"{self.where}: {op} operator")
        if stroke:
            self.gs.stroke_cs, self.gs.stroke = space, tuple(nums(o))
        else:
            self.gs.fill_cs, self.gs.fill = space, tuple(nums(o))

    def _pattern(self, name: str) -> None:
        pat = lookup(self.res, "/Pattern", name)
        if pat is None:
            raise KeyError(f"pattern {name} not in resources")
        where = f"{self.where}: pattern {name[1:]}"
        if int(pat.get("/PatternType", 1)) == 2:
            sh = pat.get("/Shading")
            if sh is not None:
                self._shading(name[1:], sh, where)
        elif isinstance(pat, pikepdf.Stream) and self.sc.first_on_page(self.page, pat):
            # pattern space is the default space of the stream the pattern is used in
            ctm = mul(tuple(nums(pat.get("/Matrix", IDENTITY))), self.base_ctm)  # type: ignore[arg-type]
            res, key = (pat.Resources, pat.objgen) if "/Resources" in pat else (self.res, self.res_key)
            self.sc.content(self.page, pat, res, ctm, where, "no-box", self.chain, res_key=key)

    def _shading(self, name: str, sh: Any, where: str) -> None:
        space = resolve_space(sh.get("/ColorSpace"), self.res)
        self.scan.use(self.page, space, where)
        if self.paints != "none":
            self.record(self.scan.shadings, ShadingPaint(self.page, name, space, sh, where))

    def sh(self, o: Any) -> None:
        name = str(o[0])
        sh = lookup(self.res, "/Shading", name)
        if sh is None:
            raise KeyError(f"shading {name} not in resources")
        self._shading(name[1:], sh, f"{self.where}: shading {name[1:]}")

    # -- paths
    def _pt(self, x: float, y: float) -> None:
        self.path.append(apply(self.gs.ctm, x, y))

    def m(self, o: Any) -> None:
        self._pt(*nums(o))

    def c(self, o: Any) -> None:
        v = nums(o)
        for i in range(0, len(v) - 1, 2):
            self._pt(v[i], v[i + 1])

    def re(self, o: Any) -> None:
        x, y, w, h = nums(o)
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
            self.record(self.scan.paths, PathPaint(self.page, "fill", g.fill_cs, g.fill, 0.0, box, self.where))
        if "s" in _PAINT[op]:
            lw = g.line_width * min_scale(g.ctm)
            self.record(self.scan.paths, PathPaint(self.page, "stroke", g.stroke_cs, g.stroke, lw, box, self.where))

    # -- text
    def BT(self, o: Any) -> None:
        self.tm = self.tlm = IDENTITY

    def _set_font(self, ref: Any, name: str, size: float) -> None:
        self.gs.font, self.gs.font_name, self.gs.size = self.sc.font(ref), name, size

    def Tf(self, o: Any) -> None:
        name = str(o[0])
        font = lookup(self.res, "/Font", name)
        if font is None:
            raise KeyError(f"font {name} not in resources")
        self._set_font(font, name, float(o[1]))

    def Td(self, o: Any) -> None:
        tx, ty = nums(o)
        self.tm = self.tlm = mul((1, 0, 0, 1, tx, ty), self.tlm)

    def TD(self, o: Any) -> None:
        self.gs.tl = -float(o[1])
        self.Td(o)

    def Tm(self, o: Any) -> None:
        self.tm = self.tlm = tuple(nums(o))  # type: ignore[assignment]

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
        self.record(self.scan.texts, TextShow(
            self.page, g.font_name, font.base_font, abs(em) * math.hypot(trm[2], trm[3]), box,
            g.fill_cs, g.fill, g.stroke_cs, g.stroke, g.mode, "".join(chars).strip(), self.where,
            g.overprint and g.opm == 1))

    def quote(self, o: Any) -> None:
        self.Tstar()
        self.show([o[0]])

    def dquote(self, o: Any) -> None:
        self.gs.tw, self.gs.tc = float(o[0]), float(o[1])
        self.quote([o[2]])

    # -- external objects
    def Do(self, o: Any) -> None:
        name = str(o[0])
        xo = lookup(self.res, "/XObject", name)
        if xo is None:
            raise KeyError(f"XObject {name} not in resources")
        sub = str(xo.get("/Subtype"))
        short = name[1:]
        if sub == "/Image":
            self._image(short, xo, inline=False)
        elif sub == "/Form":
            where = f"{self.where}: form {short}" if self.where != "page" else f"form {short}"
            clip = self.sc.form(self.page, xo, self.gs.ctm, self.res, where, self.paints, self.chain, short,
                                self.gs.clip, self.res_key)
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
            self.record(self.scan.images, ImagePlacement(
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
