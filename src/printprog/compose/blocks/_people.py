"""Shared by credits, cast and production: name lists and simple column balancing."""

from __future__ import annotations

from printprog.compose.context import Context
from printprog.compose.flow import Content
from printprog.load.types import Localized
from printprog.text.typeset import Span


def name_spans(ctx: Context, names: tuple[Localized, ...], loc: tuple, style: str, sep: str = ", ") -> list[Span]:
    """Each name kept on one line, separated by `sep`."""
    spans: list[Span] = []
    face = ctx.face(style)
    for i, name in enumerate(names):
        text, lang, origin = ctx.text(name, loc + (i,))
        if i:
            spans.append(Span(sep, face, lang, origin))
        spans.append(Span(text, face, lang, origin, hyphenate=False, keep=True))
    return spans


def columns(parts: list[Content], n: int, width: float, gutter: float, gap: float) -> Content:
    """Stack parts into n columns of equal width, filled in order and balanced by height."""
    out = Content()
    if not parts:
        return out
    col_w = (width - gutter * (n - 1)) / n
    total = sum(p.height for p in parts) + gap * (len(parts) - 1)
    target = total / n
    col, y = 0, 0.0
    for p in parts:
        if y > 0 and col < n - 1 and y + p.height > target + 0.5 * p.height:
            col, y = col + 1, 0.0
        out.add(p, col * (col_w + gutter), y)
        y += p.height + gap
    return out


def column_width(width: float, n: int, gutter: float) -> float:
    return (width - gutter * (n - 1)) / n
