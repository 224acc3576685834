"""Award laurels drawn as vector wreaths from the award data (festival, category, year)."""

from __future__ import annotations

import math

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.load.blocks import LaurelsBlock
from printprog.plan import CMYKTuple, Path
from printprog.text.typeset import Span

MAIN = "category_style"

LEAVES = 9  # leaf pairs per branch
INNER = 0.56  # share of the laurel width free for text


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


def one(block: LaurelsBlock, ctx: Context, index: int) -> Content:
    award = ctx.film.awards[index]
    loc = ("awards", index)
    width = block.width * ctx.scale
    inner = width * INNER
    paras = [
        para(ctx, [ctx.span(award.festival, loc + ("festival",), block.festival_style, hyphenate=False)],
             block.festival_style, align="center"),
        para(ctx, [ctx.span(award.category, loc + ("category",), block.category_style)], block.category_style,
             align="center"),
    ]
    if block.year_style:
        paras.append(para(ctx, [Span(str(award.year), ctx.face(block.year_style), ctx.lang, ("film", loc + ("year",)))],
                          block.year_style, align="center"))
    text = paragraphs(paras, inner, ctx.missing, gap=ctx.face(block.category_style).size * 0.15)
    height = max(width * 0.72, text.height * 1.6)
    out = Content()
    for p in wreath(width, height, block.color.as_tuple()):
        out.items.append(p)
    out.add(text, (width - inner) / 2, (height - text.height) / 2)
    out.height, out.width = height, width
    return out


def build(block: LaurelsBlock, ctx: Context, width: float) -> Content:
    laurels = [one(block, ctx, i) for i in range(len(ctx.film.awards))]
    if not laurels:
        return Content()
    gap = block.gap * ctx.scale
    total = sum(c.width for c in laurels) + gap * (len(laurels) - 1)
    x = {"left": 0.0, "center": (width - total) / 2, "right": width - total}[block.align]
    height = max(c.height for c in laurels)
    out = Content()
    for c in laurels:
        out.add(c, x, (height - c.height) / 2)
        x += c.width + gap
    out.width = max(out.width, total)
    return out
