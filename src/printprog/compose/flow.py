"""Stacking typeset lines into a column: the measured content every text block returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from printprog.plan import Item, shifted
from printprog.text.typeset import Line, Para, typeset


@dataclass
class Content:
    """Items relative to the region's top-left, and the space they need."""

    items: list[Item] = field(default_factory=list)
    height: float = 0.0
    width: float = 0.0  # widest line or shape
    # A flowing block (FLOWS = True) that could not place everything in ctx.avail sets `rest` to a
    # token of what is left; the block that `continues` it (on a later region or page) gets it as
    # ctx.start. None: everything was placed.
    rest: object | None = None

    def add(self, other: "Content", dx: float = 0.0, dy: float = 0.0) -> None:
        self.items.extend(shifted(i, dx, dy) for i in other.items)
        self.height = max(self.height, dy + other.height)
        self.width = max(self.width, dx + other.width)


def start_index(token: object | None) -> int:
    """ctx.start for a block whose `rest` is the index of its next entry (the screenings): 0 first."""
    assert token is None or isinstance(token, int)
    return token or 0


def lines_content(lines: list[Line], top_gap_from_cap: bool = True) -> Content:
    """Lines stacked by their leading; the first line's cap height sits at the top."""
    out = Content()
    if not lines:
        return out
    y = lines[0].cap if top_gap_from_cap else lines[0].leading
    for i, line in enumerate(lines):
        if i:
            y += line.leading
        for run in line.runs:
            out.items.append(shifted(run, 0.0, y))
        out.width = max(out.width, line.width + (line.runs[0].x if line.runs else 0.0))
    out.height = y + lines[-1].descent
    return out


def paragraphs(paras: list[Para], width: float, missing, gap: float = 0.0) -> Content:
    """Paragraphs one under another, `gap` apart (baseline grid kept by leading)."""
    out = Content()
    y = last_baseline = 0.0
    for i, para in enumerate(paras):
        lines = typeset(para, width, missing)
        c = lines_content(lines)
        if i:
            # keep the next paragraph on the leading rhythm: distance baseline to baseline = leading + gap
            first_cap = lines[0].cap if lines else 0.0
            y = last_baseline + para.leading + gap - first_cap
        out.add(c, 0.0, y)
        last_baseline = y + (c.height - (lines[-1].descent if lines else 0.0))
    return out


def with_heading(ctx, key: str, style: str | None, width: float, body: Content) -> Content:
    """A catalogue label above `body` when the block names a heading style."""
    from printprog.compose.context import para

    if not style:
        return body
    out = paragraphs([para(ctx, [ctx.label_span(key, style)], style)], width, ctx.missing)
    out.add(body, 0.0, out.height + ctx.style(style).space_after * ctx.scale)
    return out
