"""The small print at the foot: production companies and producers."""

from __future__ import annotations

from printprog.compose.blocks._people import name_spans, people
from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.load.blocks import ProductionBlock
from printprog.text.typeset import Span

MAIN = "style"


def build(block: ProductionBlock, ctx: Context, width: float) -> Content:
    film = ctx.film
    spans: list[Span] = []
    groups = [("production", film.production, ("production",)), ("producers", film.producers, ("producers",))]
    for key, names, loc in groups:
        if not names:
            continue
        if spans:
            spans.append(Span("   ", ctx.face(block.style), ctx.lang, ("label", (key,))))
        spans.append(ctx.label_span(key, block.label_style))
        spans.append(Span(" ", ctx.face(block.style), ctx.lang, ("label", (key,))))
        spans.extend(name_spans(ctx, people(names, loc), block.style))
    if not spans:
        return Content()
    return paragraphs([para(ctx, spans, block.style)], width, ctx.missing)
