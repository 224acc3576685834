"""The cast list: an optional heading, then one name per line in balanced columns."""

from __future__ import annotations

from printprog.compose.blocks._people import column_width, columns
from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs, with_heading
from printprog.load.blocks import CastBlock
from printprog.text.typeset import Span

MAIN = "style"


def build(block: CastBlock, ctx: Context, width: float) -> Content:
    gutter = ctx.leading(block.style)
    col_w = column_width(width, block.columns, gutter)
    rows = []
    for i, member in enumerate(ctx.film.cast):
        text, lang, origin = ctx.text(member.name, ("cast", i, "name"))
        spans = [Span(text, ctx.face(block.style), lang, origin, hyphenate=False, keep=True)]
        if block.character_style and member.character:
            text, lang, origin = ctx.text(member.character, ("cast", i, "character"))
            spans.append(Span(" " + text, ctx.face(block.character_style), lang, origin, hyphenate=False, keep=True))
        rows.append(paragraphs([para(ctx, spans, block.style)], col_w, ctx.missing))
    # rows sit on the style's leading, so columns line up
    lead = ctx.leading(block.style)
    for r in rows:
        r.height = len({round(i.y, 3) for i in r.items}) * lead
    body = columns(rows, block.columns, width, gutter, 0.0)
    return with_heading(ctx, "cast", block.heading_style, width, body)
