"""Draw a DocumentPlan into PDF bytes.

reportlab builds the file, subsets and embeds the fonts and writes the page boxes; the page
content is written as plain PDF operators so every colour is CMYK by construction and every
glyph position (kerning, tracking, justification) is exactly what compose measured.
"""

from __future__ import annotations

import hashlib
import io
from functools import cache
from typing import Any

from printprog.plan import MARK_LENGTH, MARK_OFFSET, MARK_WEIGHT, DocumentPlan, Image, PagePlan, Path, Rect, TextRun
from printprog.render.images import ImageSettings
from printprog.text.fonts import get_font, reportlab_name


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _cmyk(c: tuple[float, float, float, float], op: str) -> str:
    return " ".join(_num(v) for v in c) + f" {op}"


@cache
def _register(name: str) -> str:
    """Register a catalogue font once per process (the object compose measured with)."""
    import types

    from reportlab.pdfbase import pdfmetrics

    font = get_font(name)
    font.reportlab.addObjects = types.MethodType(_add_font_objects, font.reportlab)  # type: ignore[attr-defined]
    pdfmetrics.registerFont(font.reportlab)
    return reportlab_name(name)


def subset_tag(font_digest: str, subset: list[int], char_to_glyph: dict[int, int]) -> str:
    """Six capitals from the sha256 of a subset (font, and code → character → glyph in code order):
    ISO 32000-1 §9.6.4 wants different tags for different subsets, and the same subset gets the same one."""
    digest = hashlib.sha256(repr((font_digest, [(u, char_to_glyph.get(u, 0)) for u in subset])).encode()).digest()
    n, tag = int.from_bytes(digest[:8], "big"), ""
    for _ in range(6):
        n, r = divmod(n, 26)
        tag += chr(65 + r)
    return tag


def _add_font_objects(self, doc) -> None:
    """reportlab 4–5's `TTFont.addObjects`, with a subset tag from `subset_tag` instead of its
    counter (every first subset was AAAAAA+, so an imposed sheet held several different fonts of
    one name, which a RIP that merges fonts by name prints with the wrong glyphs), and the subset
    streams kept by `subsets` (the same bytes, made once)."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFont

    from printprog.render import subsets

    try:
        state = self.state[doc]
    except KeyError:
        state = self.state[doc] = TTFont.State(self._asciiReadable)
    state.frozen = 1
    font_digest = getattr(self, "_printprog_digest", None)
    if font_digest is None:
        font_digest = self._printprog_digest = hashlib.sha256(self.face._ttf_data).hexdigest()
    for n, subset in enumerate(state.subsets):
        internal_name = self.getSubsetInternalName(n, doc)[1:]
        tag = subset_tag(font_digest, subset, self.face.charToGlyph).encode()
        base_font_name = b"".join((tag, b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
        pdf_font = pdfdoc.PDFTrueTypeFont()
        pdf_font.__Comment__ = "Font %s subset %d" % (self.fontName, n)
        pdf_font.Name = internal_name
        pdf_font.BaseFont = base_font_name
        pdf_font.FirstChar = 0
        pdf_font.LastChar = len(subset) - 1
        pdf_font.Widths = pdfdoc.PDFArray(list(map(self.face.getCharWidth, subset)))
        pdf_font.ToUnicode = doc.Reference(subsets.to_unicode(doc, base_font_name, subset),
                                           "toUnicodeCMap:" + base_font_name)
        pdf_font.FontDescriptor = subsets.subset_objects(self.face, font_digest, doc, base_font_name, subset)
        doc.Reference(pdf_font, internal_name)
        doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
    del self.state[doc]


# Overprint for 100 % K text: fill overprint on, and mode 1 so the zero C, M, Y leave the inks below
OVERPRINT = (("OP", "true"), ("op", "true"), ("OPM", 1))


def _overprint_names(canvas) -> str:
    """`gs` operators that switch overprint on, named in reportlab's ExtGState resources (registered
    directly, so reportlab's own state tracking is never out of step with our q/Q)."""
    table = canvas._extgstate._c
    names = []
    for key in OVERPRINT:
        if key not in table:
            table[key] = f"gRLs{len(table)}"
        names.append(f"/{table[key]} gs")
    return " ".join(names)


_PATHS: dict[tuple[Path, float, float], str] = {}  # a path's operators, oldest first


class _Page:
    def __init__(self, canvas, plan: PagePlan, origin: tuple[float, float], overprint_black: bool = False):
        self.c = canvas
        self.plan = plan
        self.overprint = overprint_black
        self.ox, self.top = origin[0], origin[1] + plan.height
        self.ops: list[str] = []

    def xy(self, x: float, y: float) -> str:
        return f"{_num(self.ox + x)} {_num(self.top - y)}"

    def text(self, run: TextRun) -> None:
        # our own object, not pdfmetrics.getFont: reportlab files a second TTFont of an already
        # registered face (the impose slug's, the job sheet's) under the first one's object
        _register(run.font)
        font: Any = get_font(run.font).reportlab
        doc = self.c._doc
        ops = ["BT", _cmyk(run.color, "k"), f"{_num(run.tracking)} Tc", f"{_num(run.hscale)} Tz",
               f"1 0 0 1 {self.xy(run.x, run.y)} Tm"]
        i = 0
        for subset, data in font.splitString(run.text, doc):
            ops.append(f"{font.getSubsetInternalName(subset, doc)} {_num(run.size)} Tf")
            parts, chunk = [], bytearray()
            for b in data:
                chunk.append(b)
                adj = run.adjust[i] if i < len(run.adjust) else 0.0
                i += 1
                if abs(adj) > 1e-4:
                    parts.append(f"<{chunk.hex()}>")
                    parts.append(_num(-adj * 1000 / run.size))
                    chunk = bytearray()
            if chunk:
                parts.append(f"<{chunk.hex()}>")
            ops.append(f"[{' '.join(parts)}] TJ")
        ops.append("ET")
        if self.overprint and tuple(run.color) == (0.0, 0.0, 0.0, 1.0):
            ops = ["q", _overprint_names(self.c), *ops, "Q"]
        if run.keepaway > 0:
            # the keepaway: the glyphs stroked in 100 % K first (knocking C, M, Y out around them),
            # then filled white over the stroke's inner half
            stroke = ["q", "0 0 0 1 K", f"{_num(2 * run.keepaway)} w", "1 j", "BT", "1 Tr", *ops[1:], "Q"]
            ops = [*stroke, *ops]
        self.ops.append(" ".join(ops))

    def path(self, p: Path) -> None:
        # laurels and rules are the same paths build after build in a warm process (serve, watch):
        # their operators depend only on the path and the page origin
        key = (p, self.ox, self.top)
        ops = _PATHS.get(key)
        if ops is None:
            ops = _PATHS[key] = self._path_ops(p)
            if len(_PATHS) > 64:  # a page's laurels and rules; a batch's flyers each move them
                del _PATHS[next(iter(_PATHS))]
        self.ops.append(ops)

    def _path_ops(self, p: Path) -> str:
        ops = ["q"]
        if p.fill:
            ops.append(_cmyk(p.fill, "k"))
        if p.stroke:
            ops += [_cmyk(p.stroke, "K"), f"{_num(p.line_width)} w", "1 J 1 j"]
        for seg in p.segments:
            op, vals = seg[0], seg[1:]
            coords = " ".join(self.xy(vals[j], vals[j + 1]) for j in range(0, len(vals), 2))
            ops.append({"M": f"{coords} m", "L": f"{coords} l", "C": f"{coords} c", "Z": "h"}[op])
        ops.append("B" if p.fill and p.stroke else "f" if p.fill else "S")
        ops.append("Q")
        return " ".join(ops)

    def crop_marks(self, canvas) -> None:
        """Trim marks at the four corners, outside the bleed, in registration colour (/All)."""
        from reportlab.lib.colors import CMYKColorSep

        canvas.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName="All"))  # registers the colour space
        w, h = self.plan.width, self.plan.height
        start = self.plan.bleed + MARK_OFFSET
        end = start + MARK_LENGTH
        ops = ["q", "/All CS 1 SCN", f"{_num(MARK_WEIGHT)} w", "0 J"]
        for x, sx in ((0.0, -1), (w, 1)):
            for y, sy in ((0.0, -1), (h, 1)):
                # horizontal mark on the trim line y, vertical mark on the trim line x (y grows down)
                ops.append(f"{self.xy(x + sx * start, y)} m {self.xy(x + sx * end, y)} l S")
                ops.append(f"{self.xy(x, y + sy * start)} m {self.xy(x, y + sy * end)} l S")
        ops.append("Q")
        self.ops.append(" ".join(ops))

    def image(self, im: Image, images: ImageSettings | None) -> None:
        """Clip to the picture's box, then let reportlab embed it (JPEG data passes through)."""
        from printprog.render.images import place

        cx, cy, cw, ch = im.clip
        self.flush()
        self.c.addLiteral(f"q {self.xy(cx, cy + ch)} {_num(cw)} {_num(ch)} re W n")
        place(self.c, im, images, self.ox + im.x, self.top - im.y - im.height)
        self.c.addLiteral("Q")

    def flush(self) -> None:
        """Write the operators collected so far, before reportlab draws something itself."""
        if self.ops:
            self.c.addLiteral("\n".join(self.ops))
            self.ops = []

    def rect(self, r: Rect) -> None:
        ops = ["q"]
        if r.fill:
            ops.append(_cmyk(r.fill, "k"))
        if r.stroke:
            ops += [_cmyk(r.stroke, "K"), f"{_num(r.line_width)} w"]
        ops.append(f"{self.xy(r.x, r.y + r.height)} {_num(r.width)} {_num(r.height)} re")
        ops.append("B" if r.fill and r.stroke else "f" if r.fill else "S")
        ops.append("Q")
        self.ops.append(" ".join(ops))


def render(doc: DocumentPlan, images: ImageSettings | None = None) -> bytes:
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0  # binary streams: ASCII85 would make the key art a third larger

    for name in doc.fonts:
        _register(name)
    first_font = _register(doc.fonts[0] if doc.fonts else "sofia-sans/regular")
    buf = io.BytesIO()
    # initialFontName keeps reportlab from referencing an unembedded Helvetica
    c = Canvas(buf, invariant=1, pageCompression=1, initialFontName=first_font, initialFontSize=10)
    c.setTitle(doc.title)
    c.setAuthor(doc.author)
    c.setSubject(doc.subject)
    c.setKeywords(doc.keywords)
    c.setCreator("printprog")
    c.setProducer("printprog (reportlab)")
    for page in doc.pages:
        b, slug = page.bleed, page.slug
        o = b + slug  # trim origin inside the media box
        media = (page.width + 2 * o, page.height + 2 * o)
        c.setPageSize(media)
        c.setBleedBox((slug, slug, media[0] - slug, media[1] - slug))
        c.setTrimBox((o, o, o + page.width, o + page.height))
        pg = _Page(c, page, (o, o), doc.overprint_black)
        if any(v > 0 for v in page.paper):
            pg.rect(Rect(-b, -b, page.width + 2 * b, page.height + 2 * b, fill=page.paper))
        for placement in page.placements:
            for item in placement.items:
                if isinstance(item, TextRun):
                    pg.text(item)
                elif isinstance(item, Path):
                    pg.path(item)
                elif isinstance(item, Image):
                    pg.image(item, images)
                else:
                    pg.rect(item)
        if page.marks:
            pg.crop_marks(c)
        pg.flush()
        c.showPage()
    c.save()
    return buf.getvalue()
