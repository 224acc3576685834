"""The screenings: a table (big day number, month over weekday, time, venue over address and note)
or a dense list (weekday, date, time, venue — note), grouped by city and venue, in balanced
columns, flowing on to a block that continues it when the region is full.

The entries (group headings, shared notes, rows) come from the film alone, so the index of the
first entry not placed is the token a continuing block starts from.
"""

from __future__ import annotations

import datetime as dt

from printprog.compose.blocks._timetable import (
    WEEK, YEAR, Entry, Grid, entries, group_gaps, time_spans, time_width, two_digits, widest,
)
from printprog.compose.columns import Stack, balanced
from printprog.compose.context import Context, para
from printprog.compose.flow import Content, first_baseline, paragraphs, start_index
from printprog.compose.schedule import Row, cities
from printprog.i18n import clock, day_range, label, month, short_date, short_weekday, weekday
from printprog.lengths import pt
from printprog.load.blocks import ScreeningsBlock
from printprog.plan import Rect
from printprog.text.typeset import Face, Span, text_width

__all__ = ["Entry", "entries", "build", "layout", "capacity", "rest_problem"]

PER_VENUE = True  # recomposed for every flyer of a batch
FLOWS = True
GRID = "baseline"  # its first baseline sits on the layout's baseline grid
MAIN = "venue_style"
DASH = " — "


class _Builder:
    """Measures and draws the entries of one block at one scale."""

    def __init__(self, block: ScreeningsBlock, ctx: Context) -> None:
        self.b, self.ctx, self.lang = block, ctx, ctx.lang
        self.es, self.groups, self.grouped = entries(block, ctx)
        self.venues = {v.id: (i, v) for i, v in enumerate(ctx.film.venues)}
        self.many_cities = len(cities(self.groups)) > 1
        self.show_venue = not self.grouped and (
            block.show_venue == "yes" or (block.show_venue == "auto" and ctx.venue is None))
        self.pad = block.row_gap * ctx.scale
        self.gap = ctx.face(block.venue_style).size * 1.2
        self.line = block.line_style or block.weekday_style
        self.grid = self._list_grid() if block.arrangement == "list" else self._table_grid()

    # -- texts ------------------------------------------------------------------------------------
    def _loc(self, r: Row) -> tuple:
        return ("screenings", r.screenings[0])

    def _side(self, r: Row) -> tuple[str, str]:
        m = month(r.last, self.lang)
        if r.first.month != r.last.month:
            m = f"{month(r.first, self.lang)} – {m}"
        return m, label("daily", self.lang) if r.daily else weekday(r.first, self.lang)

    def _day(self, r: Row) -> str:
        return f"{r.first.day:02d}–{r.last.day:02d}" if r.daily else f"{r.first.day:02d}"

    def _time(self, r: Row) -> str:
        return clock(r.time, self.lang) if self.b.arrangement == "table" else r.time.strftime("%H:%M")

    def _when(self, r: Row) -> str:  # list: the date cell, a run spans the weekday cell too
        return day_range(r.first, r.last, self.lang, numeric=True) if r.daily else short_date(r.first, self.lang)

    # -- grids ------------------------------------------------------------------------------------
    def _rows(self) -> list[Row]:
        return [e.row for e in self.es if e.row is not None]

    def _w(self, text: str, style: str) -> float:
        return text_width(text, self.ctx.face(style), self.lang)

    def _table_grid(self) -> Grid:
        """Cells as wide as any day, month, weekday and clock of the edition's language."""
        b, rows, gap, lang = self.b, self._rows(), self.gap, self.lang
        day_w = widest(two_digits() + [self._day(r) for r in rows], self.ctx.face(b.day_style), lang)
        months = [month(d, lang) for d in YEAR] + [self._side(r)[0] for r in rows]
        days = [weekday(d, lang) for d in WEEK] + [label("daily", lang)]
        side_w = max(widest(months, self.ctx.face(b.month_style), lang), widest(days, self.ctx.face(b.weekday_style), lang))
        face = self.ctx.face(b.time_style)
        times = [(self._time(r), r.time.strftime("%H:%M")) for r in rows] + [self._widest_clock(face)]
        time_w = max(time_width(t, d, face, lang) for t, d in times)
        x_side = day_w + gap * 0.5
        x_time = x_side + side_w + gap
        return Grid((0.0, x_side, x_time, x_time + time_w + gap), (day_w, side_w, time_w))

    def _widest_clock(self, face: Face) -> tuple[str, str]:
        """The widest clock the digits can make ("00:00" in the widest digit), and its digits."""
        digit = max("0123456789", key=lambda d: text_width(d, face, self.lang))
        digits = f"{digit}{digit}:{digit}{digit}"
        return (clock(dt.time(0, 0), self.lang).replace("00:00", digits), digits)

    def _list_grid(self) -> Grid:
        rows, gap, lang = self._rows(), self.gap * 0.6, self.lang
        face = self.ctx.face(self.line)
        singles = [r for r in rows if not r.daily]
        wd_w = widest([short_weekday(d, lang) for d in WEEK], face, lang) if singles else 0.0
        date_w = widest([self._when(r) for r in singles], face, lang)
        when_w = max([wd_w + gap * 0.5 + date_w if singles else 0.0]
                     + [self._w(self._when(r), self.line) for r in rows if r.daily])
        time_w = widest([self._time(r) for r in rows] + [self._widest_clock(face)[1]], face, lang)
        x_time = when_w + gap
        return Grid((0.0, wd_w + gap * 0.5, x_time, x_time + time_w + gap), (wd_w, date_w, time_w))

    def min_width(self) -> float:
        """The narrowest column the rows can be set in: the fixed cells and a little text."""
        text = any(self._text_paras(e) for e in self.es if e.kind == "row")
        return self.grid.fixed + (pt(22) if text else 0.0)

    # -- entries ----------------------------------------------------------------------------------
    def _cell(self, text: str, style: str, width: float, origin: tuple) -> Content:
        span = Span(text, self.ctx.face(style), self.lang, origin, hyphenate=False)
        return paragraphs([para(self.ctx, [span], style)], width + 1, self.ctx.missing)

    def _text_paras(self, e: Entry) -> list:
        """The free text of a row: venue (and address) when shown, the note."""
        ctx, b, r = self.ctx, self.b, e.row
        assert r is not None
        vi, venue = self.venues[r.venue]
        loc = self._loc(r)
        spans: list[Span] = []
        paras = []
        if b.arrangement == "list" and r.daily:
            spans.append(Span(label("daily", self.lang), ctx.face(self.line), self.lang, ("label", ("daily",)), False))
        if self.show_venue:
            if spans:
                spans.append(Span(" · ", ctx.face(self.line), self.lang, ("label", ("daily",)), False))
            spans.append(ctx.span(venue.name, ("venues", vi, "name"), b.venue_style, hyphenate=False))
        if b.arrangement == "list":
            if e.note is not None and b.note_style:
                sep = DASH if spans else ""
                text, lang, origin = ctx.text(e.note, loc + ("note",))
                spans.append(Span(sep + text, ctx.face(b.note_style), lang, origin, True))
            style = b.note_style if not self.show_venue and e.note and b.note_style else b.venue_style
            return [para(ctx, spans, style)] if spans else []
        place = self._place_line(vi, venue) if self.show_venue and b.address_style else None
        if place and b.address_style:  # the address after the name, on the row's one baseline
            spans.append(Span(" ", ctx.face(b.venue_style), self.lang, ("layout", ctx.block_loc), False))
            spans += place
        if spans:
            paras.append(para(ctx, spans, b.venue_style))
        if e.note is not None and b.note_style:
            paras.append(para(ctx, [ctx.span(e.note, loc + ("note",), b.note_style)], b.note_style))
        return paras

    def _place_line(self, vi: int, venue) -> list[Span]:
        """Address, and the city when the schedule spans several."""
        style, ctx = self.b.address_style, self.ctx
        assert style is not None
        spans = []
        if venue.address:
            spans.append(ctx.span(venue.address, ("venues", vi, "address"), style))
        if self.many_cities and venue.city:
            if spans:
                spans.append(Span(", ", ctx.face(style), self.lang, ("layout", ctx.block_loc), False))
            spans.append(ctx.span(venue.city, ("venues", vi, "city"), style))
        return spans

    def head(self, g: int, width: float) -> Content:
        ctx, b = self.ctx, self.b
        style = b.group_style or b.venue_style
        grp = self.groups[g]
        vi, venue = self.venues[grp.venue]
        spans = []
        if self.many_cities and venue.city:
            spans.append(ctx.span(venue.city, ("venues", vi, "city"), style, hyphenate=False))
            spans.append(Span(DASH, ctx.face(style), self.lang, ("layout", ctx.block_loc), False))
        spans.append(ctx.span(venue.name, ("venues", vi, "name"), style, hyphenate=False))
        paras = [para(ctx, spans, style)]
        if b.address_style and venue.address:
            paras.append(para(ctx, [ctx.span(venue.address, ("venues", vi, "address"), b.address_style)],
                              b.address_style))
        return paragraphs(paras, width, ctx.missing)

    def entry(self, k: int, width: float) -> Content:
        e = self.es[k]
        if e.kind == "head":
            return self.head(e.group, width)
        if e.kind == "note":
            assert e.note is not None and self.b.note_style
            loc = ("screenings", self._first_row(k).screenings[0], "note")
            return paragraphs([para(self.ctx, [self.ctx.span(e.note, loc, self.b.note_style)], self.b.note_style)],
                              width, self.ctx.missing)
        return self._list_row(e, width) if self.b.arrangement == "list" else self._table_row(e, width)

    def _first_row(self, k: int) -> Row:
        return next(e.row for e in self.es[k:] if e.row is not None)

    def _table_row(self, e: Entry, width: float) -> Content:
        b, r, (x_day, x_side, x_time, x_text), (day_w, side_w, time_w) = self.b, e.row, self.grid.xs, self.grid.widths
        assert r is not None
        loc = self._loc(r)
        m, wd = self._side(r)
        row = Content()
        day = self._cell(self._day(r), b.day_style, day_w, ("film", loc + ("date",)))
        base = first_baseline(day)  # the row's one baseline: day, weekday, time, venue
        wdc = self._cell(wd, b.weekday_style, side_w, ("label", ("weekday",)))
        row.add(day, x_day, 0.0)
        row.add(self._cell(m, b.month_style, side_w, ("label", ("month",))), x_side, 0.0)
        row.add(wdc, x_side, base - first_baseline(wdc))
        spans = time_spans(self._time(r), r.time.strftime("%H:%M"), self.ctx.face(b.time_style), self.lang,
                           ("film", loc + ("time",)))
        timec = paragraphs([para(self.ctx, spans, b.time_style)], time_w + 1, self.ctx.missing)
        row.add(timec, x_time, base - first_baseline(timec))
        paras = self._text_paras(e)
        if paras:
            text = paragraphs(paras, max(width - x_text, 1.0), self.ctx.missing)
            row.add(text, x_text, base - first_baseline(text))
        return row

    def _list_row(self, e: Entry, width: float) -> Content:
        r, (x_wd, x_date, x_time, x_text), (wd_w, date_w, time_w) = e.row, self.grid.xs, self.grid.widths
        assert r is not None
        loc = self._loc(r)
        row = Content()
        if r.daily:
            row.add(self._cell(self._when(r), self.line, x_time, ("film", loc + ("date",))), x_wd, 0.0)
        else:
            row.add(self._cell(short_weekday(r.first, self.lang), self.line, wd_w, ("label", ("weekday",))), x_wd, 0.0)
            row.add(self._cell(self._when(r), self.line, date_w, ("film", loc + ("date",))), x_date, 0.0)
        row.add(self._cell(self._time(r), self.line, time_w, ("film", loc + ("time",))), x_time, 0.0)
        paras = self._text_paras(e)
        if paras:  # on the cells' baseline
            text = paragraphs(paras, max(width - x_text, 1.0), self.ctx.missing)
            row.add(text, x_text, first_baseline(row) - first_baseline(text))
        return row

    # -- stacking ---------------------------------------------------------------------------------
    def stack(self, width: float) -> tuple[Stack, list[Content], dict[int, Content]]:
        es, pad = self.es, self.pad
        contents = [self.entry(k, width) for k in range(len(es))]
        heads = {e.group: contents[k] for k, e in enumerate(es) if e.kind == "head"}
        head_gap = self._head_gap()
        glue = tuple(e.kind != "row" for e in es)
        gaps = group_gaps(es, pad, self.gap, head_gap)
        # a column that starts inside a group repeats the group's heading
        top = tuple(heads[e.group].height + head_gap if e.kind != "head" and e.group in heads else 0.0 for e in es)
        return Stack(tuple(c.height for c in contents), glue, tuple(gaps), top), contents, heads

    def _head_gap(self) -> float:
        style = self.b.group_style or self.b.venue_style
        return max(self.ctx.style(style).space_after * self.ctx.scale, self.pad * 0.35)


def _column_gap(block: ScreeningsBlock, ctx: Context) -> float:
    return block.column_gap if block.column_gap is not None else ctx.face(block.venue_style).size * 2


def _choices(block: ScreeningsBlock, bld: _Builder, ctx: Context, width: float) -> list[int]:
    if block.columns != "auto":
        return [int(block.columns)]
    gap, out = _column_gap(block, ctx), [1]
    for n in range(2, block.max_columns + 1):
        col = (width - gap * (n - 1)) / n
        if col >= (block.min_column_width or bld.min_width()) - 0.01:
            out.append(n)
    return out


def _title(block: ScreeningsBlock, ctx: Context, width: float, start: int) -> Content | None:
    if not block.heading_style:
        return None
    key = "screenings_continued" if start else "screenings"
    out = paragraphs([para(ctx, [ctx.label_span(key, block.heading_style)], block.heading_style)], width, ctx.missing)
    out.height += ctx.style(block.heading_style).space_after * ctx.scale
    return out


def layout(block: ScreeningsBlock, ctx: Context, width: float) -> tuple[Content, int, int]:
    """The part starting at ctx.start: its content, how many columns, the next entry (len: done)."""
    if block.continues and ctx.start is None:
        return Content(), 0, 0
    start = start_index(ctx.start)
    bld = _Builder(block, ctx)
    if start >= len(bld.es):
        return Content(), 0, start
    title = _title(block, ctx, width, start)
    avail = None if ctx.avail is None else max(ctx.avail - (title.height if title else 0.0), 0.0)
    gap = _column_gap(block, ctx)
    best = None
    for n in _choices(block, bld, ctx, width):  # the fewest columns that hold everything
        col_w = (width - gap * (n - 1)) / n
        stack, contents, heads = bld.stack(col_w)
        cols, end = balanced(stack, start, n, avail)
        if best is None or end > best[3]:
            best = (n, col_w, (stack, contents, heads), end, cols)
        if end == len(bld.es):
            break
    assert best is not None
    n, col_w, (stack, contents, heads), end, cols = best
    body = Content()
    for c, (a, b) in enumerate(cols):
        body.add(_column(bld, stack, contents, heads, a, b, col_w), c * (col_w + gap), 0.0)
    if n > 1 and body.width - width < 0.5:  # rounding of the column widths, not text sticking out
        body.width = min(body.width, width)
    out = Content()
    if title:
        out.add(title)
    out.add(body, 0.0, title.height if title else 0.0)
    out.rest = end if end < len(bld.es) else None
    return out, n, end


def _column(bld: _Builder, stack: Stack, contents: list[Content], heads: dict[int, Content], a: int, b: int,
            width: float) -> Content:
    out, y, es = Content(), 0.0, bld.es
    if stack.top[a]:
        out.add(heads[es[a].group], 0.0, 0.0)
        y = stack.top[a]
    for k in range(a, b):
        if k > a:
            y += stack.gap[k]
        if (k > a and bld.b.rule and bld.b.arrangement == "table" and es[k].kind == "row"
                and es[k - 1].kind == "row"):
            out.items.append(Rect(0.0, y - stack.gap[k] / 2 - bld.b.rule / 2, width, bld.b.rule, fill=(0, 0, 0, 1)))
        out.add(contents[k], 0.0, y)
        y += contents[k].height
    return out


def build(block: ScreeningsBlock, ctx: Context, width: float) -> Content:
    return layout(block, ctx, width)[0]


def _placed(es: list[Entry], a: int, b: int) -> int:
    return sum(len(e.row.screenings) for e in es[a:b] if e.row is not None)


def capacity(block: ScreeningsBlock, ctx: Context, width: float) -> int:
    """How many screenings one part of this block holds from ctx.start (at the current scale)."""
    bld = _Builder(block, ctx)
    start = start_index(ctx.start)
    return _placed(bld.es, start, layout(block, ctx, width)[2])


def rest_problem(block: ScreeningsBlock, ctx: Context, rest: object) -> tuple[str, tuple, str]:
    """What did not fit, in the film's terms: how many screenings there are and how many fit."""
    from printprog.compose.fit import min_scale
    from printprog.compose.blocks import MODULES

    width = ctx.region[2]
    bld = _Builder(block, ctx)
    before = _placed(bld.es, 0, start_index(ctx.start))  # placed by the parts this one continues
    total = _placed(bld.es, 0, len(bld.es))
    holds = 0
    saved = ctx.scale
    try:  # the best this region can do: any arrangement, as small as the layout lets it shrink
        for arr in [block, *block.alternates]:
            for scale in {1.0, min_scale(arr, ctx, MODULES["screenings"])}:
                ctx.scale = scale
                holds = max(holds, capacity(arr, ctx, width))
    finally:
        ctx.scale = saved
    first = next((e.row for e in bld.es[start_index(rest):] if e.row is not None), None)
    loc = ("screenings", first.screenings[0]) if first else ("screenings",)
    who = f"venue {ctx.venue} has" if ctx.venue else "the film has"
    holds_text = f"{before + holds} ({before} before this page, {holds} on it)" if before else f"{holds}"
    message = f"{who} {total} screenings; {ctx.layout.name} holds {holds_text}"
    hint = "print the run in parts"
    if first is not None:
        # everything before the first screening left over fits: a true place to split the run
        cut = ctx.film.screenings[first.screenings[0]].date
        hint = f"print the run in parts: --until {cut - dt.timedelta(days=1)}, then --from {cut}"
    if any(s.note for s in ctx.film.screenings):
        hint += ", or shorten the notes"
    return message, loc, hint
