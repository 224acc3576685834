"""The screenings block's entries and the fixed grid its rows share.

The grid's cells are as wide as the widest text any film could put there in the edition's language
(every weekday, every month, two digits, a full clock), so the time column stands at the same place
on every flyer of a batch whatever the weekdays of one venue's screenings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from printprog.compose.context import Context
from printprog.compose.schedule import Group, Row, chronological, schedule, shared_note, worth_grouping
from printprog.load.blocks import ScreeningsBlock
from printprog.load.types import Localized
from printprog.text.typeset import Face, Span, text_width

SUFFIX_SCALE = 0.7  # "ч." after the time's digits, smaller than them
# a week and a year of dates: every weekday and month name the table may print
WEEK = [dt.date(2024, 1, 1) + dt.timedelta(days=k) for k in range(7)]
YEAR = [dt.date(2024, m, 1) for m in range(1, 13)]


@dataclass(frozen=True)
class Entry:
    kind: str  # "head" (venue heading), "note" (a note shared by the rows below), "row"
    group: int  # index into the groups; -1 when ungrouped
    row: Row | None = None
    note: Localized | None = None


def entries(block: ScreeningsBlock, ctx: Context) -> tuple[list[Entry], list[Group], bool]:
    """The block's entries in reading order, the groups, and whether groups get headings."""
    film = ctx.film
    groups = schedule(film, block.condense)
    grouped = block.group == "auto" and worth_grouping(groups)
    note_on = bool(block.note_style)
    out: list[Entry] = []
    everywhere = shared_note([r for grp in groups for r in grp.rows]) if note_on and grouped else None
    if everywhere is not None:  # one note for the whole schedule is printed once, above it
        out.append(Entry("note", -1, note=everywhere))
        note_on = False
    parts = [(g, list(grp.rows)) for g, grp in enumerate(groups)] if grouped else \
        [(-1, chronological(film, block.condense))]
    for g, rows in parts:
        if grouped:
            out.append(Entry("head", g))
        common = shared_note(rows) if note_on else None
        if common is not None:
            out.append(Entry("note", g, note=common))
        out += [Entry("row", g, row=r, note=None if common is not None else r.note) for r in rows]
    return out, groups, grouped


@dataclass(frozen=True)
class Grid:
    """x positions shared by every row of every column and part, so nothing shifts."""

    xs: tuple[float, ...]
    widths: tuple[float, ...]

    @property
    def fixed(self) -> float:  # where the free text column starts
        return self.xs[-1]


def widest(texts: list[str], face: Face, lang: str) -> float:
    return max((text_width(t, face, lang) for t in texts), default=0.0)


def two_digits() -> list[str]:
    """Every day number the table prints (01–31)."""
    return [f"{d:02d}" for d in range(1, 32)]


def time_spans(text: str, digits: str, face: Face, lang: str, origin: tuple) -> list[Span]:
    """A clock ("17:30 ч.") as spans: the digits in the face, the words around them smaller."""
    before, found, after = text.partition(digits)
    if not found:
        return [Span(text, face, lang, origin, hyphenate=False, keep=True)]
    small = replace(face, size=face.size * SUFFIX_SCALE)
    spans = [Span(before, small, lang, origin, hyphenate=False, keep=True)] if before else []
    spans.append(Span(digits, face, lang, origin, hyphenate=False, keep=True))
    if after:
        spans.append(Span(after.replace(" ", "\u00a0"), small, lang, origin, hyphenate=False, keep=True))
    return spans


def time_width(text: str, digits: str, face: Face, lang: str) -> float:
    """The width of a clock set by `time_spans`."""
    return sum(text_width(s.text, s.face, lang) for s in time_spans(text, digits, face, lang, ()))


def group_gaps(es: list[Entry], pad: float, head: float, after_head: float) -> list[float]:
    """The space above each entry: rows of one day `pad / 2` apart, days (and a shared note) `pad`, a heading
    `head` (at least twice the rows' spacing) under the group before it."""
    gaps = []
    for k, e in enumerate(es):
        prev = es[k - 1] if k else None
        if prev is None:
            gaps.append(0.0)
        elif e.kind == "head":
            gaps.append(max(head, pad * 2))
        elif prev.kind == "head":
            gaps.append(after_head)
        elif e.row is not None and prev.row is not None and e.row.first == prev.row.first:
            gaps.append(pad * 0.5)  # another screening the same day: one group
        else:
            gaps.append(pad)
    return gaps
