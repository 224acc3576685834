"""A screening strip for posters: one column per day and venue (date, weekday and times, venue), or —
past `max_dates` columns — the run in one line ("12–28 октомври · София, Варна") over the film's URL."""

from __future__ import annotations

from dataclasses import replace

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.compose.schedule import schedule, span_of
from printprog.i18n import clock, day_range, month, short_weekday, weekday
from printprog.load.blocks import StripBlock
from printprog.plan import Rect
from printprog.text.typeset import Span

PER_VENUE = True  # recomposed for every flyer of a batch
MAIN = "venue_style"
SHORT_WEEKDAYS = 5  # from this many columns on, weekdays are abbreviated to keep columns narrow
SEP = " · "


def _columns(ctx: Context) -> list[list[int]]:
    """Screenings of one day at one venue share a column ("19:00 · 21:30"), in date order."""
    film = ctx.film
    order = sorted(range(len(film.screenings)), key=lambda i: (film.screenings[i].date, film.screenings[i].time, i))
    cols: dict[tuple, list[int]] = {}
    for i in order:
        s = film.screenings[i]
        cols.setdefault((s.date, s.venue), []).append(i)
    return list(cols.values())


def build(block: StripBlock, ctx: Context, width: float) -> Content:
    cols = _columns(ctx)
    if not cols:
        return Content()
    if len(cols) > block.max_dates:
        return _summary(block, ctx, width)
    film, lang = ctx.film, ctx.lang
    venues = {v.id: (i, v) for i, v in enumerate(film.venues)}
    n = len(cols)
    gutter = ctx.face(block.venue_style).size
    col = (width - gutter * (n - 1)) / n
    day_name = short_weekday if n >= SHORT_WEEKDAYS else weekday
    out = Content()
    for k, idx in enumerate(cols):
        s = film.screenings[idx[0]]
        vi, venue = venues[s.venue]
        loc = ("screenings", idx[0])
        date = f"{s.date.day} {month(s.date, lang)}"
        detail = SEP.join([day_name(s.date, lang)] + [clock(film.screenings[i].time, lang) for i in idx])
        cell = paragraphs([
            para(ctx, [Span(date, ctx.face(block.date_style), lang, ("film", loc + ("date",)), False)],
                 block.date_style, align="center"),
            para(ctx, [Span(detail, ctx.face(block.detail_style), lang, ("film", loc + ("time",)), False)],
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


def places(ctx: Context) -> list[tuple]:
    """(text, origin) of the cities in order of first screening, or the venues when all are in one
    city (a venue without a city stands for itself)."""
    film = ctx.film
    groups = schedule(film)
    vidx = {v.id: i for i, v in enumerate(film.venues)}
    cities = {g.city for g in groups if g.city is not None}
    out: list[tuple] = []
    for g in groups:
        venue = film.venues[vidx[g.venue]]
        if len(cities) > 1 and venue.city is not None:
            item = (venue.city, ("venues", vidx[g.venue], "city"))
        else:
            item = (venue.name, ("venues", vidx[g.venue], "name"))
        if all(item[0] != o[0] for o in out):
            out.append(item)
    return out


def _summary(block: StripBlock, ctx: Context, width: float) -> Content:
    span = span_of(ctx.film)
    assert span is not None
    lang, origin = ctx.lang, ("film", ("screenings",))
    spans = [Span(day_range(span[0], span[1], lang), ctx.face(block.date_style), lang, origin, False)]
    for k, (text, loc) in enumerate(places(ctx)):
        sep = SEP if k == 0 else ", "
        spans.append(Span(sep, ctx.face(block.venue_style), lang, origin, False))
        spans.append(ctx.span(text, loc, block.venue_style, hyphenate=False))
    paras = [para(ctx, spans, block.date_style, align="center")]
    url = getattr(ctx.film, "url", None)
    if url:
        style = block.url_style or block.detail_style
        shown = url.split("://", 1)[-1].rstrip("/")  # the scheme is noise on paper
        face = replace(ctx.face(style), case="none")  # a URL's path is case-sensitive: never upper-case it
        paras.append(para(ctx, [Span(shown, face, lang, ("film", ("url",)), False)], style, align="center"))
    return paragraphs(paras, width, ctx.missing)
