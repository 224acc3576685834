"""The venue of a per-venue flyer: its name, then address and city."""

from __future__ import annotations

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.load.blocks import VenueBlock

PER_VENUE = True  # recomposed for every flyer of a batch
GRID = "baseline"  # its first baseline sits on the layout's baseline grid
MAIN = "style"


def build(block: VenueBlock, ctx: Context, width: float) -> Content:
    found = [(i, v) for i, v in enumerate(ctx.film.venues) if v.id == ctx.venue]
    if not found:
        return Content()  # not a per-venue build: the screening table names the venues
    i, venue = found[0]
    paras = [para(ctx, [ctx.span(venue.name, ("venues", i, "name"), block.style, hyphenate=False)], block.style)]
    if block.address_style:
        lines = [ctx.text(f, ("venues", i, k)) for k, f in (("address", venue.address), ("city", venue.city)) if f]
        if lines:
            text = ", ".join(t for t, _, _ in lines)
            from printprog.text.typeset import Span

            paras.append(para(ctx, [Span(text, ctx.face(block.address_style), lines[0][1], lines[0][2])],
                              block.address_style))
    return paragraphs(paras, width, ctx.missing)
