"""Award laurels drawn as vector wreaths from the award data (festival, category, year).

Awards of one festival and year share a wreath, the categories stacked. Wreaths sit in one centred
row, narrowed (to MIN_NARROW of the laurel width) before the row breaks into balanced rows; each
wreath is as tall as its text needs, and its leaves never touch the text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.load.blocks import LaurelsBlock
from printprog.load.types import Localized
from printprog.plan import CMYKTuple, Path, TextRun
from printprog.text.fonts import get_font
from printprog.text.typeset import Span, run_width

GRID = "top"  # the wreaths start on a grid line of the layout's baseline grid
MAIN = "category_style"

LEAVES = 9  # leaf pairs per branch
INNER = 0.56  # share of the laurel width free for text
MIN_NARROW = 0.7  # laurels narrow to this share of `width` before a row breaks in two
MIN_TEXT = 0.75  # a word wider than the wreath's opening shrinks the wreath's text, to this share at most
CLEAR = 0.02  # leaves keep this share of the laurel width away from the text


def _leaf(bx: float, by: float, angle: float, length: float) -> list[tuple]:
    """A pointed leaf from base (bx, by) along `angle` (y-up maths), as two cubic curves."""
    dx, dy = math.cos(angle), math.sin(angle)
    nx, ny = -dy, dx
    w = length * 0.28
    tx, ty = bx + dx * length, by + dy * length
    c1 = (bx + dx * length * 0.25 + nx * w, by + dy * length * 0.25 + ny * w)
    c2 = (bx + dx * length * 0.75 + nx * w * 0.8, by + dy * length * 0.75 + ny * w * 0.8)
    c3 = (bx + dx * length * 0.75 - nx * w * 0.8, by + dy * length * 0.75 - ny * w * 0.8)
    c4 = (bx + dx * length * 0.25 - nx * w, by + dy * length * 0.25 - ny * w)
    return [("M", bx, by), ("C", *c1, *c2, tx, ty), ("C", *c3, *c4, bx, by), ("Z",)]


def wreath(width: float, height: float, color: CMYKTuple) -> list[Path]:
    """Two mirrored branches around the centre of a width × height box (y down, origin top-left)."""
    rx, ry = width * 0.42, height * 0.46
    cx, cy = width / 2, height / 2
    start, end = math.radians(262), math.radians(116)  # from the bottom, up the left side
    stem: list[tuple] = []
    leaves: list[tuple] = []
    steps = 40
    for k in range(steps + 1):
        t = start + (end - start) * k / steps
        stem.append((rx * math.cos(t), ry * math.sin(t)))
    for k in range(LEAVES):
        f = (k + 0.6) / LEAVES
        t = start + (end - start) * f
        px, py = rx * math.cos(t), ry * math.sin(t)
        # tangent in the direction of growth (decreasing angle on this branch)
        tx, ty = rx * math.sin(t), -ry * math.cos(t)
        heading = math.atan2(ty, tx)
        length = width * (0.16 - 0.06 * f)
        leaves += _leaf(px, py, heading + math.radians(34), length)  # outer
        leaves += _leaf(px, py, heading - math.radians(40), length * 0.8)  # inner
    # tip leaf continuing the stem
    tx, ty = rx * math.sin(end), -ry * math.cos(end)
    leaves += _leaf(rx * math.cos(end), ry * math.sin(end), math.atan2(ty, tx), width * 0.09)

    def place(points: list[tuple], mirror: bool) -> tuple:
        out = []
        for seg in points:
            op, vals = seg[0], seg[1:]
            conv = []
            for j in range(0, len(vals), 2):
                x, y = vals[j], vals[j + 1]
                conv += [cx + (-x if mirror else x), cy - y]
            out.append((op, *conv))
        return tuple(out)

    paths = []
    for mirror in (False, True):
        stem_segs = [("M", *stem[0])] + [("L", *p) for p in stem[1:]]
        paths.append(Path(place(stem_segs, mirror), stroke=color, line_width=width * 0.012))
        paths.append(Path(place(leaves, mirror), fill=color))
    return paths


@dataclass
class Group:
    """One wreath: a festival and year, and every category awarded there."""

    index: int  # the first award of the group
    festival: Localized
    year: int
    categories: list[tuple[Localized, tuple]] = field(default_factory=list)


def groups(ctx: Context) -> list[Group]:
    """Awards grouped by festival (as printed in this edition) and year, in the order first listed."""
    out: dict[tuple[str, int], Group] = {}
    for i, a in enumerate(ctx.film.awards):
        key = (a.festival.get(ctx.lang)[0].strip().casefold(), a.year)
        g = out.setdefault(key, Group(i, a.festival, a.year))
        g.categories.append((a.category, ("awards", i, "category")))
    return list(out.values())


def _text(block: LaurelsBlock, ctx: Context, g: Group, inner: float) -> Content:
    loc = ("awards", g.index)
    paras = [para(ctx, [ctx.span(g.festival, loc + ("festival",), block.festival_style, hyphenate=False)],
                  block.festival_style, align="center")]
    for category, cloc in g.categories:
        paras.append(para(ctx, [ctx.span(category, cloc, block.category_style)], block.category_style, align="center"))
    if block.year_style:
        paras.append(para(ctx, [Span(str(g.year), ctx.face(block.year_style), ctx.lang, ("film", loc + ("year",)))],
                          block.year_style, align="center"))
    return paragraphs(paras, inner, ctx.missing, gap=ctx.face(block.category_style).size * 0.15)


def _fitted_text(block: LaurelsBlock, ctx: Context, g: Group, inner: float) -> Content:
    """The wreath's text; a word too wide for the opening makes the text (not the wreath) smaller."""
    text = _text(block, ctx, g, inner)
    if text.width <= inner + 0.01:
        return text
    # never below the shop's smallest text (larger for white, reversed type)
    floors = [ctx.least_size(st.font, st.color.as_tuple()) / (st.size * ctx.scale)
              for st in (ctx.style(s) for s in (block.festival_style, block.category_style, block.year_style) if s)]
    f = min(1.0, max(inner / text.width, MIN_TEXT, *floors))
    scale = ctx.scale
    ctx.scale = scale * f
    try:
        return _text(block, ctx, g, inner)
    finally:
        ctx.scale = scale


def _points(paths: list[Path]) -> list[tuple[float, float]]:
    """Points along every leaf and stem (Béziers sampled), for the clearance test."""
    pts: list[tuple[float, float]] = []
    for p in paths:
        cur = (0.0, 0.0)
        for seg in p.segments:
            if seg[0] in ("M", "L"):
                cur = (seg[1], seg[2])
                pts.append(cur)
            elif seg[0] == "C":
                x0, y0 = cur
                x1, y1, x2, y2, x3, y3 = seg[1:]
                for k in range(1, 17):
                    t = k / 16
                    u = 1 - t
                    pts.append((u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                                u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3))
                cur = (x3, y3)
    return pts


def text_boxes(items: list) -> list[tuple[float, float, float, float]]:
    """Ink boxes (x0, top, x1, bottom) of the text runs among `items`."""
    out = []
    for r in items:
        if isinstance(r, TextRun) and r.text.strip():
            font = get_font(r.font)
            top = r.y - max(font.cap_height, font.ascent * 0.9) * r.size / 1000
            bottom = r.y + max([font.depth(c) for c in r.text] + [0.0]) * r.size / 1000
            out.append((r.x, top, r.x + run_width(r), bottom))
    return out


def _clear(paths: list[Path], boxes: list[tuple[float, float, float, float]], margin: float) -> bool:
    pts = _points(paths)
    for x0, top, x1, bottom in boxes:
        for x, y in pts:
            if x0 - margin <= x <= x1 + margin and top - margin <= y <= bottom + margin:
                return False
    return True


def one(block: LaurelsBlock, ctx: Context, g: Group, width: float) -> Content:
    """One wreath `width` wide around its text, made taller until no leaf touches the text
    (measured once per size: fitting tries many)."""
    key = ("laurel", id(block), id(ctx.film), g.index, round(width, 3), round(ctx.scale, 6))
    if key not in ctx.memo:
        ctx.memo[key] = _one(block, ctx, g, width)
    return ctx.memo[key]


def _one(block: LaurelsBlock, ctx: Context, g: Group, width: float) -> Content:
    inner = width * INNER
    text = _fitted_text(block, ctx, g, inner)
    height = max(width * 0.72, text.height * 1.6)
    for _ in range(16):  # a taller ellipse opens wider at the text's lines
        paths = wreath(width, height, block.color.as_tuple())
        dy = (height - text.height) / 2
        boxes = [(x0 + (width - inner) / 2, t + dy, x1 + (width - inner) / 2, b + dy)
                 for x0, t, x1, b in text_boxes(text.items)]
        if _clear(paths, boxes, width * CLEAR):
            break
        height *= 1.08
    out = Content()
    out.items.extend(paths)
    out.add(text, (width - inner) / 2, (height - text.height) / 2)
    out.height, out.width = height, width
    return out


def _split(n: int, rows: int) -> list[int]:
    """Balanced row sizes, the longer rows first: 5 in 2 → [3, 2]."""
    base, extra = divmod(n, rows)
    return [base + (1 if r < extra else 0) for r in range(rows)]


def _arrange(block: LaurelsBlock, ctx: Context, gs: list[Group], sizes: list[int], lw: float, width: float) -> Content:
    gap = block.gap * ctx.scale * lw / (block.width * ctx.scale)  # the gap narrows with the laurels
    out = Content()
    y, start = 0.0, 0
    for k in sizes:
        wreaths = [one(block, ctx, g, lw) for g in gs[start:start + k]]
        start += k
        total = lw * k + gap * (k - 1)
        x = {"left": 0.0, "center": (width - total) / 2, "right": width - total}[block.align]
        height = max(c.height for c in wreaths)
        for c in wreaths:
            out.add(c, x, y + (height - c.height) / 2)
            x += lw + gap
        y += height + gap * 0.5
    out.width = max(out.width, min(width, max(lw * k + gap * (k - 1) for k in sizes)))
    return out


def build(block: LaurelsBlock, ctx: Context, width: float) -> Content:
    gs = groups(ctx)
    if not gs:
        return Content()
    widest = block.width * ctx.scale
    gap = block.gap * ctx.scale
    best: Content | None = None
    for rows in range(1, len(gs) + 1):
        sizes = _split(len(gs), rows)
        k = sizes[0]
        fit_w = min(widest, width / (k + (k - 1) * gap / widest))
        last = rows == len(gs)
        if fit_w < widest * MIN_NARROW and not last:
            continue  # narrower than that reads badly: break the row instead
        lw = fit_w
        while True:
            c = _arrange(block, ctx, gs, sizes, max(lw, 1.0), width)
            if ctx.avail is None or c.height <= ctx.avail + 0.01:
                return c
            if best is None or c.height < best.height:
                best = c
            if lw <= widest * MIN_NARROW + 0.01:
                break
            lw = max(widest * MIN_NARROW, lw * 0.92)  # narrower wreaths are lower: try to fit the height
    assert best is not None
    return best  # nothing fits the height: the lowest arrangement; the fitter shrinks it or reports it
