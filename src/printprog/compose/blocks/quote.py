"""A press quote in the edition's quote marks, with the opening mark hung, and its attribution."""

from __future__ import annotations

from printprog.compose.blocks.synopsis import split_paragraphs
from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.diagnostics import format_path
from printprog.i18n import QUOTE_MARKS
from printprog.load.blocks import QuoteBlock
from printprog.text.typeset import Span, text_width

MAIN = "style"


def build(block: QuoteBlock, ctx: Context, width: float) -> Content:
    quotes = ctx.film.quotes
    if block.index >= len(quotes):
        loc = ctx.block_loc + ("index",)
        ctx.diags.error(f"the film has {len(quotes)} quote(s); there is no quote number {block.index}",
                        mark=ctx.layout_map.find(loc), path=format_path(loc),
                        hint="add a quote under `quotes:` in the film file, or lower `index` (0 is the first)")
        return Content()
    q = quotes[block.index]
    field = q.short if block.form == "short" and q.short else q.text
    key = "short" if field is q.short else "text"
    text, lang, origin = ctx.text(field, ("quotes", block.index, key), q.lang)
    opening, closing = QUOTE_MARKS[ctx.lang]
    face = ctx.face(block.style)
    paragraphs_text = split_paragraphs(text)
    paras = []
    for i, p in enumerate(paragraphs_text):
        if i == 0:
            p = opening + p
        if i == len(paragraphs_text) - 1:
            p = p + closing
        hang = -text_width(opening, face) if i == 0 and block.hang_quotes else 0.0
        paras.append(para(ctx, [Span(p, face, lang, origin)], block.style, indent=hang))
    body = paragraphs(paras, width, ctx.missing, ctx.style(block.style).space_after * ctx.scale)
    if not block.attribution_style:
        return body
    author, alang, aorigin = ctx.text(q.author, ("quotes", block.index, "author"))
    source, slang, sorigin = ctx.text(q.source, ("quotes", block.index, "source"))
    aface = ctx.face(block.attribution_style)
    attribution = paragraphs([para(ctx, [
        Span("— ", aface, ctx.lang, aorigin),
        Span(author, aface, alang, aorigin, hyphenate=False, keep=True),
        Span(", ", aface, ctx.lang, aorigin),
        Span(source, aface, slang, sorigin, hyphenate=False, keep=True),
    ], block.attribution_style)], width, ctx.missing)
    out = Content()
    out.add(body)
    out.add(attribution, 0.0, body.height + ctx.leading(block.attribution_style) * 0.8)
    return out
