"""The cast list: an optional heading, then one actor per line, the characters aligned after the
names, in balanced columns (`auto`: one column up to AUTO_ONE names, two for a longer cast)."""

from __future__ import annotations

from printprog.compose.blocks._people import column_width, columns
from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs, with_heading
from printprog.load.blocks import CastBlock
from printprog.plan import TextRun
from printprog.text.typeset import Span, text_width

GRID = "baseline"  # its first baseline sits on the layout's baseline grid
MAIN = "style"
AUTO_ONE = 10  # a longer cast goes into two columns when the width allows


def _rows(block: CastBlock, ctx: Context, col_w: float) -> tuple[list[Content], bool]:
    """One row per actor, and whether every row kept its character on the name's line."""
    film = ctx.film
    face = ctx.face(block.style)
    names = [ctx.text(m.name, ("cast", i, "name")) for i, m in enumerate(film.cast)]
    name_w = max(text_width(t, face, lang) for t, lang, _ in names)
    space = text_width(" ", face) * 2
    char_x = name_w + space  # the characters start on one vertical
    chars = []
    if block.character_style:
        chars = [ctx.text(m.character, ("cast", i, "character")) if m.character else None
                 for i, m in enumerate(film.cast)]
    cface = ctx.face(block.character_style) if block.character_style else face
    widest_char = max((text_width(c[0], cface, c[1]) for c in chars if c), default=0.0)
    aligned = char_x + widest_char <= col_w
    rows = []
    lead = ctx.leading(block.style)
    for i, (text, lang, origin) in enumerate(names):
        name_span = Span(text, face, lang, origin, hyphenate=False, keep=True)
        char = chars[i] if chars else None
        row = Content()
        if char and aligned:
            row.add(paragraphs([para(ctx, [name_span], block.style, align="left")], col_w, ctx.missing))
            cspan = Span(char[0], cface, char[1], char[2], hyphenate=False, keep=True)
            row.add(paragraphs([para(ctx, [cspan], block.style, align="left")], col_w - char_x, ctx.missing), char_x)
        else:
            # too narrow for a table: the character follows the name and may wrap under it
            spans = [name_span]
            if char:
                spans.append(Span(" " + char[0], cface, char[1], char[2], hyphenate=False, keep=True))
            row = paragraphs([para(ctx, spans, block.style)], col_w, ctx.missing)
        # rows sit on the style's leading, so columns line up
        row.height = len({round(it.y, 3) for it in row.items if isinstance(it, TextRun)}) * lead
        rows.append(row)
    return rows, aligned


def _columns(block: CastBlock, ctx: Context, width: float, gutter: float) -> int:
    if block.columns != "auto":
        return block.columns
    n = len(ctx.film.cast)
    one_too_tall = ctx.avail is not None and n * ctx.leading(block.style) > ctx.avail
    if n <= AUTO_ONE and not one_too_tall:
        return 1
    face = ctx.face(block.style)
    widest = max(text_width(ctx.text(m.name, ("cast", i, "name"))[0], face) for i, m in enumerate(ctx.film.cast))
    return 2 if widest <= column_width(width, 2, gutter) else 1


def build(block: CastBlock, ctx: Context, width: float) -> Content:
    if not ctx.film.cast:
        return Content()  # no cast: no heading either
    gutter = ctx.leading(block.style)
    n = _columns(block, ctx, width, gutter)
    rows, aligned = _rows(block, ctx, column_width(width, n, gutter))
    if block.columns == "auto" and n == 2 and not aligned:
        # characters that only fit under the names in two columns read better in one
        n = 1
        rows, _ = _rows(block, ctx, width)
    body = columns(rows, n, width, gutter, 0.0, ctx.grid, ctx.leading(block.style))
    return with_heading(ctx, "cast", block.heading_style, width, body)
