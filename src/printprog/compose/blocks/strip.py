"""A screening strip for posters: one column per screening (date, weekday and time, venue)."""

from __future__ import annotations

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.i18n import clock, month, weekday
from printprog.load.blocks import StripBlock
from printprog.plan import Rect
from printprog.text.typeset import Span

PER_VENUE = True  # recomposed for every flyer of a batch
MAIN = "venue_style"


def build(block: StripBlock, ctx: Context, width: float) -> Content:
    film = ctx.film
    order = sorted(range(len(film.screenings)), key=lambda i: (film.screenings[i].date, film.screenings[i].time))
    if not order:
        return Content()
    venues = {v.id: (i, v) for i, v in enumerate(film.venues)}
    n = len(order)
    gutter = ctx.face(block.venue_style).size
    col = (width - gutter * (n - 1)) / n
    out = Content()
    for k, i in enumerate(order):
        s = film.screenings[i]
        vi, venue = venues[s.venue]
        loc = ("screenings", i)
        date = f"{s.date.day} {month(s.date, ctx.lang)}"
        detail = f"{weekday(s.date, ctx.lang)} · {clock(s.time, ctx.lang)}"
        cell = paragraphs([
            para(ctx, [Span(date, ctx.face(block.date_style), ctx.lang, ("film", loc + ("date",)), False)],
                 block.date_style, align="center"),
            para(ctx, [Span(detail, ctx.face(block.detail_style), ctx.lang, ("film", loc + ("time",)), False)],
                 block.detail_style, align="center"),
            para(ctx, [ctx.span(venue.name, ("venues", vi, "name"), block.venue_style, hyphenate=False)],
                 block.venue_style, align="center"),
        ], col, ctx.missing)
        x = k * (col + gutter)
        out.add(cell, x, 0.0)
        if k and block.rule:
            out.items.append(Rect(x - gutter / 2 - block.rule / 2, 0.0, block.rule, 0.0, fill=block.rule_color.as_tuple()))
    # rules run the full height of the strip
    out.items = [Rect(i.x, 0.0, i.width, out.height, i.fill) if isinstance(i, Rect) else i for i in out.items]
    return out
