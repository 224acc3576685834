"""Drawing contact sheets: the tiles, labels and header that `contact.py` measured, as pixels
(Pillow), the first page of every PDF rendered with pypdfium2 cropped to its TrimBox, and the
one-page PDF that carries the picture. Nothing here decides where a tile goes.

Thumbnails are rendered straight at their final size (no resampling), and every string is drawn
with a shipped TrueType font, so Cyrillic names render and the bytes depend only on the layout
and the library versions. The same fonts measure the labels (`font`, `ellipsize`).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from PIL import Image, ImageDraw, ImageFont

from printprog.assets import asset_dir
from printprog.proof import trim_in_view as _trim_in_view

PDF_DPI = 150  # the PDF page is the PNG at this resolution

# colours: a light neutral ground, grey frames, dark text, green/red only for verdicts
GROUND = (238, 238, 236)
FRAME = (150, 150, 148)
SHEET_BEHIND = (250, 250, 249)
INK = (34, 34, 34)
MUTED = (105, 105, 103)
FAINT = (160, 160, 158)
RULE = (205, 205, 202)
GREEN = (24, 128, 56)
GREEN_TINT = (222, 241, 228)
RED = (197, 34, 31)
RED_TINT = (252, 228, 226)
AMBER = (168, 92, 0)

Verdict = Literal["pass", "fail"]
Rect = tuple[int, int, int, int]  # left, top, right, bottom in pixels (right/bottom exclusive)


@cache
def font(px: int, weight: str = "400Regular") -> ImageFont.FreeTypeFont:
    path = asset_dir("fonts") / "sofia-sans" / f"SofiaSans_{weight}.ttf"
    # BASIC layout: the same glyph positions with or without libraqm installed
    return ImageFont.truetype(str(path), px, layout_engine=ImageFont.Layout.BASIC)


def bold(px: int) -> ImageFont.FreeTypeFont:
    return font(px, "600SemiBold")


def ellipsize(text: str, f: ImageFont.FreeTypeFont, width: float, where: str = "middle") -> str:
    """`text`, shortened with … (in the middle keeps a file's number and extension) to fit."""
    if f.getlength(text) <= width:
        return text
    lo, hi = 0, len(text)
    best = "…"
    while lo <= hi:  # the longest cut that fits
        keep = (lo + hi) // 2
        if where == "middle":
            head = (keep + 1) // 2
            candidate = text[:head].rstrip() + "…" + text[len(text) - (keep - head):].lstrip() if keep else "…"
        else:
            candidate = text[:keep].rstrip() + "…"
        if f.getlength(candidate) <= width:
            best, lo = candidate, keep + 1
        else:
            hi = keep - 1
    return best


@dataclass(frozen=True)
class Geometry:
    """Pixel sizes of a sheet: margin + header + rows of cells + margin, across margin + columns.

    A cell is the box the pages are fitted into (as tight as the widest and tallest fitted page
    of the batch: a batch of portrait flyers needs no landscape-wide cells) over the label lines.
    """

    thumb: int  # the longer side of every page's thumbnail
    box_w: int
    box_h: int
    cell_w: int  # box_w, or wider when the labels need it
    lines: int  # label lines: 2, or 3 with a manifest
    margin: int
    gap_x: int
    gap_y: int
    header_h: int  # from the top margin to the first row, rule and space included
    label_gap: int  # box bottom to the first label line's top
    line_h: int
    name_px: int
    meta_px: int
    title_px: int
    sub_px: int
    stack: int  # offset of each sheet drawn behind a multi-page document

    @classmethod
    def for_batch(cls, thumb_px: int, fitted: list[tuple[int, int]], lines: int) -> Geometry:
        s = min(max(thumb_px / 300, 0.75), 1.75)  # text and spacing follow the thumbnail, within reason

        def px(v: float) -> int:
            return max(1, round(v * s))

        box_w = max((w for w, _ in fitted), default=thumb_px)
        box_h = max((h for _, h in fitted), default=thumb_px)
        return cls(thumb=thumb_px, box_w=box_w, box_h=box_h, cell_w=max(box_w, px(220)), lines=lines,
                   margin=px(40), gap_x=px(32), gap_y=px(36), header_h=px(92), label_gap=px(12),
                   line_h=px(20), name_px=px(15), meta_px=px(13), title_px=px(26), sub_px=px(14), stack=px(4))

    @property
    def cell_h(self) -> int:
        return self.box_h + self.label_gap + self.lines * self.line_h

    def size(self, n: int, columns: int) -> tuple[int, int]:
        rows = math.ceil(n / columns)
        w = 2 * self.margin + columns * self.cell_w + (columns - 1) * self.gap_x
        h = 2 * self.margin + self.header_h + rows * self.cell_h + (rows - 1) * self.gap_y
        return w, h


@dataclass(frozen=True)
class Tile:
    file: str
    cell: Rect  # the whole tile, thumbnail box and labels
    box: Rect  # the thumb_px square the page is fitted into
    image: Rect  # where the (trimmed) first page goes; for a broken file, the red panel
    labels: tuple[str, ...]  # name, size/pages/KiB, and venue/verdict when there is a manifest
    verdict: Verdict | None = None
    error: str | None = None
    pages: int = 0
    path: Path = Path()  # the PDF whose first page is drawn
    manifest: tuple[str, str, str] | None = None  # (venue or note, verdict, warning): the third line
    listed: bool = False  # the manifest lists the file


@dataclass(frozen=True)
class Layout:
    size: tuple[int, int]
    columns: int
    geometry: Geometry
    title: str
    subtitle: str
    tiles: tuple[Tile, ...]
    notice: str | None = None  # a manifest problem, shown in the header
    has_manifest: bool = False


def render_thumb(path: Path, size: tuple[int, int]) -> Image.Image:
    """The first page cropped to its TrimBox, rendered at exactly `size` pixels."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[0]
        try:
            x, y, w, h = _trim_in_view(page)
            scale = size[0] / w if w >= h else size[1] / h
            pw, ph = page.get_size()
            # pypdfium2 rounds each crop amount up to whole pixels: pass whole pixels (a hair
            # less, against float error) so that the bitmap is exactly `size`
            left, top = math.floor(x * scale), math.floor(y * scale)
            right = max(math.ceil(pw * scale) - left - size[0], 0)
            bottom = max(math.ceil(ph * scale) - top - size[1], 0)
            crop = tuple((c - 1e-6) / scale if c else 0.0 for c in (left, bottom, right, top))
            bitmap = page.render(scale=scale, crop=crop, may_draw_forms=False, fill_color=(255, 255, 255, 255))
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        doc.close()
    if image.size != size:  # off by a pixel at most; never stretch the page
        image = image.crop((0, 0, size[0], size[1])) if image.width >= size[0] and image.height >= size[1] \
            else image.resize(size, Image.Resampling.LANCZOS)
    return image


SS = 4  # supersampling for the little vector shapes (marks, pills)


def _aa_paste(canvas: Image.Image, xy: tuple[int, int], size: tuple[int, int], colour: tuple[int, int, int],
              draw: Any) -> None:
    """Draw a shape into a 4× mask with `draw(ImageDraw, scale)`, shrink it, paint it in `colour`."""
    mask = Image.new("L", (size[0] * SS, size[1] * SS), 0)
    draw(ImageDraw.Draw(mask), SS)
    mask = mask.resize(size, Image.Resampling.LANCZOS)
    canvas.paste(Image.new("RGB", size, colour), xy, mask)


def _mark(canvas: Image.Image, x: int, y: int, px: int, kind: Verdict, colour: tuple[int, int, int]) -> None:
    """A check or a cross `px` pixels square (the shipped fonts have neither ✓ nor ✗)."""
    def draw(d: ImageDraw.ImageDraw, s: int) -> None:
        u = px * s
        width = max(2, round(u * 0.16))
        if kind == "pass":
            d.line([(0.12 * u, 0.55 * u), (0.40 * u, 0.82 * u), (0.90 * u, 0.20 * u)], fill=255, width=width,
                   joint="curve")
        else:
            d.line([(0.18 * u, 0.18 * u), (0.82 * u, 0.82 * u)], fill=255, width=width)
            d.line([(0.82 * u, 0.18 * u), (0.18 * u, 0.82 * u)], fill=255, width=width)

    _aa_paste(canvas, (x, y), (px, px), colour, draw)


def _pill(canvas: Image.Image, rect: Rect, colour: tuple[int, int, int]) -> None:
    w, h = rect[2] - rect[0], rect[3] - rect[1]

    def draw(d: ImageDraw.ImageDraw, s: int) -> None:
        d.rounded_rectangle((0, 0, w * s - 1, h * s - 1), radius=h * s // 2, fill=255)

    _aa_paste(canvas, (rect[0], rect[1]), (w, h), colour, draw)


def _frame(d: ImageDraw.ImageDraw, r: Rect, colour: tuple[int, int, int], fill: Any = None) -> None:
    """A 1-pixel line just outside the rectangle."""
    d.rectangle((r[0] - 1, r[1] - 1, r[2], r[3]), outline=colour, fill=fill)


def _wrap(text: str, f: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str]:
    lines: list[str] = []
    words = text.split(" ")
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and f.getlength(line + " " + words[0]) <= width:
            line += " " + words.pop(0)
        lines.append(ellipsize(line, f, width, "end"))
    if words:
        lines[-1] = ellipsize(lines[-1] + " " + " ".join(words), f, width, "end")
    return lines


def _broken_tile(canvas: Image.Image, d: ImageDraw.ImageDraw, tile: Tile, g: Geometry) -> None:
    x0, y0, x1, y1 = tile.image
    w, h = x1 - x0, y1 - y0
    d.rectangle((x0, y0, x1 - 1, y1 - 1), fill=RED_TINT)
    _frame(d, tile.image, RED)
    cx = (x0 + x1) // 2
    mark = round(min(w, h) * 0.16)
    middle = y0 + h // 2
    _mark(canvas, cx - mark // 2, middle - mark - round(g.line_h * 1.4), mark, "fail", RED)
    d.text((cx, middle), "cannot open", font=bold(round(g.name_px * 1.15)), fill=RED, anchor="ms")
    body = font(g.meta_px)
    y = middle + g.line_h
    for line in _wrap(tile.error or "", body, w - 2 * g.label_gap, 4):
        d.text((cx, y), line, font=body, fill=RED, anchor="ms")
        y += g.line_h


def _manifest_line(canvas: Image.Image, d: ImageDraw.ImageDraw, tile: Tile, baseline: int, g: Geometry) -> None:
    venue, verdict, warning = tile.manifest or ("", "", "")
    cell = tile.cell
    f = font(g.meta_px)
    bf = bold(g.meta_px)
    word = verdict.split(" ", 1)[1] if verdict else ""
    mark = round(g.meta_px * 0.8)
    pad = round(g.meta_px * 0.5)
    pill_w = (pad + mark + round(pad * 0.6) + round(bf.getlength(word)) + pad) if verdict else 0
    gap = round(g.meta_px * 0.6)
    width = cell[2] - cell[0]
    warn_w = bf.getlength(warning) + gap if warning else 0
    venue = ellipsize(venue, f, width - pill_w - (gap if pill_w else 0) - warn_w, "end")
    total = f.getlength(venue) + (gap + pill_w if pill_w else 0) + warn_w
    x = cell[0] + (width - total) / 2
    colour = FAINT if not tile.listed else MUTED
    d.text((x, baseline), venue, font=f, fill=colour, anchor="ls")
    x += f.getlength(venue)
    if verdict:
        ink, tint = (GREEN, GREEN_TINT) if tile.verdict == "pass" else (RED, RED_TINT)
        top = baseline - round(g.meta_px * 1.05)
        h = round(g.meta_px * 1.45)
        left = round(x) + gap
        _pill(canvas, (left, top, left + pill_w, top + h), tint)
        _mark(canvas, left + pad, top + (h - mark) // 2, mark, tile.verdict or "fail", ink)
        d.text((left + pad + mark + round(pad * 0.6), baseline), word, font=bf, fill=ink, anchor="ls")
        x = left + pill_w
    if warning:
        d.text((x + gap, baseline), warning, font=bf, fill=AMBER, anchor="ls")


def draw_sheet(lay: Layout) -> Image.Image:
    """The sheet as pixels: the header, then every tile's page (or red panel) and labels."""
    g = lay.geometry
    canvas = Image.new("RGB", lay.size, GROUND)
    d = ImageDraw.Draw(canvas)

    # header: folder name, then count · date · verdicts, a rule across
    top = g.margin
    d.text((g.margin, top + g.title_px), lay.title, font=bold(g.title_px), fill=INK, anchor="ls")
    sub_y = top + g.title_px + round(g.sub_px * 1.7)
    sub = font(g.sub_px)
    x = float(g.margin)
    for i, part in enumerate(lay.subtitle.split(" · ")):  # counts in green or red unless zero
        colour = MUTED
        if part.endswith(" passed") and not part.startswith("0 "):
            colour = GREEN
        elif part.endswith((" failed", " cannot be opened")) and not part.startswith("0 "):
            colour = RED
        if i:
            d.text((x, sub_y), " · ", font=sub, fill=MUTED, anchor="ls")
            x += sub.getlength(" · ")
        d.text((x, sub_y), part, font=sub, fill=colour, anchor="ls")
        x += sub.getlength(part)
    if lay.notice:
        notice = ellipsize(lay.notice, sub, lay.size[0] - 2 * g.margin - (x - g.margin) - sub.getlength(" · "), "end")
        d.text((x, sub_y), " · ", font=sub, fill=MUTED, anchor="ls")
        d.text((x + sub.getlength(" · "), sub_y), notice, font=sub, fill=AMBER, anchor="ls")
    rule_y = g.margin + g.header_h - round(g.gap_y * 0.75)
    d.line((g.margin, rule_y, lay.size[0] - g.margin - 1, rule_y), fill=RULE, width=1)

    name_font, meta_font = bold(g.name_px), font(g.meta_px)
    for tile in lay.tiles:
        if tile.error:
            _broken_tile(canvas, d, tile, g)
        else:
            x0, y0, x1, y1 = tile.image
            for k in range(min(tile.pages - 1, 2), 0, -1):  # the sheets behind a multi-page file
                o = k * g.stack
                _frame(d, (x0 + o, y0 - o, x1 + o, y1 - o), FRAME, fill=SHEET_BEHIND)
            try:
                thumb = render_thumb(tile.path, (x1 - x0, y1 - y0))
            except Exception:  # opened but would not render: say so in the page's place
                thumb = Image.new("RGB", (x1 - x0, y1 - y0), RED_TINT)
                ImageDraw.Draw(thumb).text(((x1 - x0) // 2, (y1 - y0) // 2), "cannot render",
                                           font=bold(g.name_px), fill=RED, anchor="mm")
            canvas.paste(thumb, (x0, y0))
            _frame(d, tile.image, FRAME)
        cx = (tile.cell[0] + tile.cell[2]) // 2
        baseline = tile.box[3] + g.label_gap + round(g.line_h * 0.75)
        d.text((cx, baseline), tile.labels[0], font=name_font, fill=INK, anchor="ms")
        d.text((cx, baseline + g.line_h), tile.labels[1], font=meta_font, fill=RED if tile.error else MUTED,
               anchor="ms")
        if lay.has_manifest:
            _manifest_line(canvas, d, tile, baseline + 2 * g.line_h, g)
    return canvas


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=9)
    return buf.getvalue()


def pdf_bytes(image: Image.Image, title: str, subject: str = "") -> bytes:
    """One page, the image at PDF_DPI, with reportlab's invariant mode (fixed dates and /ID)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    dpi = max(PDF_DPI, max(image.size) / 200)  # a PDF page is at most 200 inches (14,400 pt) long
    w, h = image.width * 72 / dpi, image.height * 72 / dpi
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(w, h), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setCreator("printprog contact sheet")
    c.setAuthor("printprog")
    c.setSubject(subject)
    c.drawImage(ImageReader(image), 0, 0, width=w, height=h)
    c.showPage()
    c.save()
    return buf.getvalue()
