"""The screening table: big day number, month over weekday, time, venue over address and note."""

from __future__ import annotations

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs, with_heading
from printprog.i18n import clock, month, weekday
from printprog.load.blocks import ScreeningsBlock
from printprog.plan import Rect, TextRun
from printprog.text.typeset import Span, text_width

PER_VENUE = True  # recomposed for every flyer of a batch
MAIN = "venue_style"


def _cell(ctx: Context, text: str, style: str, width: float, origin: tuple, lang: str | None = None) -> Content:
    span = Span(text, ctx.face(style), lang or ctx.lang, origin, hyphenate=False)
    return paragraphs([para(ctx, [span], style)], width, ctx.missing)


def _baseline(c: Content) -> float:
    ys = [i.y for i in c.items if isinstance(i, TextRun)]
    return min(ys) if ys else 0.0


def build(block: ScreeningsBlock, ctx: Context, width: float) -> Content:
    film = ctx.film
    venues = {v.id: (i, v) for i, v in enumerate(film.venues)}
    order = sorted(range(len(film.screenings)), key=lambda i: (film.screenings[i].date, film.screenings[i].time))
    lang = ctx.lang
    day_face, time_face = ctx.face(block.day_style), ctx.face(block.time_style)
    gap = ctx.face(block.venue_style).size * 1.2
    day_w = max((text_width(f"{film.screenings[i].date.day:02d}", day_face) for i in order), default=0.0)
    side_w = max((max(text_width(month(film.screenings[i].date, lang), ctx.face(block.month_style)),
                      text_width(weekday(film.screenings[i].date, lang), ctx.face(block.weekday_style)))
                  for i in order), default=0.0)
    time_w = max((text_width(clock(film.screenings[i].time, lang), time_face) for i in order), default=0.0)
    x_side = day_w + gap * 0.5
    x_time = x_side + side_w + gap
    x_venue = x_time + time_w + gap
    venue_w = width - x_venue
    show_venue = block.show_venue == "yes" or (block.show_venue == "auto" and ctx.venue is None)
    out = Content()
    y = 0.0
    pad = block.row_gap * ctx.scale
    for n, i in enumerate(order):
        s = film.screenings[i]
        loc = ("screenings", i)
        row = Content()
        day = _cell(ctx, f"{s.date.day:02d}", block.day_style, day_w + 1, ("film", loc + ("date",)))
        mon = _cell(ctx, month(s.date, lang), block.month_style, side_w + 1, ("label", ("month",)))
        wd = _cell(ctx, weekday(s.date, lang), block.weekday_style, side_w + 1, ("label", ("weekday",)))
        tm = _cell(ctx, clock(s.time, lang), block.time_style, time_w + 1, ("film", loc + ("time",)))
        row.add(day, 0.0, 0.0)
        row.add(mon, x_side, 0.0)
        row.add(wd, x_side, _baseline(day) - _baseline(wd))  # weekday sits on the day's baseline
        row.add(tm, x_time, 0.0)
        vi, venue = venues[s.venue]
        vparas = []
        if show_venue:
            vparas.append(para(ctx, [ctx.span(venue.name, ("venues", vi, "name"), block.venue_style, hyphenate=False)],
                               block.venue_style))
        if show_venue and block.address_style and venue.address:
            vparas.append(para(ctx, [ctx.span(venue.address, ("venues", vi, "address"), block.address_style)],
                               block.address_style))
        if block.note_style and s.note:
            vparas.append(para(ctx, [ctx.span(s.note, loc + ("note",), block.note_style)], block.note_style))
        if vparas:
            row.add(paragraphs(vparas, venue_w, ctx.missing), x_venue, 0.0)
        if n and block.rule:
            out.items.append(Rect(0.0, y - pad / 2 - block.rule / 2, width, block.rule, fill=(0, 0, 0, 1)))
        out.add(row, 0.0, y)
        y = out.height + pad
    return with_heading(ctx, "screenings", block.heading_style, width, out)
