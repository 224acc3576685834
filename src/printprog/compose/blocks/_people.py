"""Shared by credits, cast and production: name lists and simple column balancing."""

from __future__ import annotations

from printprog.compose.context import Context
from printprog.compose.flow import Content, below
from printprog.i18n import join_names, list_separators
from printprog.load.types import Localized
from printprog.text.typeset import Face, Span


People = list[tuple[Localized, tuple]]  # names with the film location of each (for diagnostics)


def people(names: tuple[Localized, ...], loc: tuple) -> People:
    """The names of one list with their locations: loc + (index,)."""
    return [(n, loc + (i,)) for i, n in enumerate(names)]


def name_spans(ctx: Context, names: People, style: str, face: Face | None = None) -> list[Span]:
    """Each name kept on one line, joined the way the edition's language lists people: "A, B и C"."""
    spans: list[Span] = []
    face = face or ctx.face(style)
    for sep, (name, loc) in zip(list_separators(len(names), ctx.lang), names):
        text, lang, origin = ctx.text(name, loc)
        if sep:
            # the separator is the edition's word ("и", "and"), whatever the names' language
            spans.append(Span(sep, face, ctx.lang, ("label", ("and",)) if sep.strip(", ") else origin))
        spans.append(Span(text, face, lang, origin, hyphenate=False, keep=True))
    return spans


def joined(ctx: Context, names: People) -> str:
    """The names as one string: "Мила Петрова и Иван Колев"."""
    return join_names([ctx.text(n, loc)[0] for n, loc in names], ctx.lang)


def columns(parts: list[Content], n: int, width: float, gutter: float, gap: float, grid: float = 0.0,
            lead: float = 0.0) -> Content:
    """Stack parts into n columns of equal width, filled in order and balanced by height (on a
    baseline `grid`, each part's first line `lead` + `gap` under the last one's, in whole grid steps)."""
    out = Content()
    if not parts:
        return out
    col_w = (width - gutter * (n - 1)) / n
    total = sum(p.height for p in parts) + gap * (len(parts) - 1)
    target = total / n
    col, y = 0, 0.0
    prev: tuple[Content, float] | None = None
    for p in parts:
        if y > 0 and col < n - 1 and y + p.height > target + 0.5 * p.height:
            col, y, prev = col + 1, 0.0, None
        if prev is not None and grid:
            last, at = prev
            y = at + below(last, p, lead + gap, grid)
        out.add(p, col * (col_w + gutter), y)
        prev = (p, y)
        y += p.height + gap
    return out


def column_width(width: float, n: int, gutter: float) -> float:
    return (width - gutter * (n - 1)) / n
