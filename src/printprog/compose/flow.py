"""Stacking typeset lines into a column: the measured content every text block returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from printprog.plan import Item, TextRun, shifted
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


def grid_step(distance: float, grid: float) -> float:
    """A distance between baselines made a whole number of grid steps (at least one); unchanged
    without a grid."""
    return max(1, round(distance / grid)) * grid if grid > 0 else distance


def first_baseline(c: Content) -> float:
    """The y of the content's first line of text (0 when it has none)."""

    ys = [i.y for i in c.items if isinstance(i, TextRun) and i.text.strip()]
    return min(ys) if ys else 0.0


def last_baseline(c: Content) -> float:

    ys = [i.y for i in c.items if isinstance(i, TextRun) and i.text.strip()]
    return max(ys) if ys else 0.0


def below(top: Content, lower: Content, distance: float, grid: float = 0.0) -> float:
    """Where to add `lower` under `top` so its first baseline is `distance` below top's last
    baseline (a whole number of grid steps on a grid)."""
    return last_baseline(top) + grid_step(distance, grid) - first_baseline(lower)


def paragraphs(paras: list[Para], width: float, missing, gap: float = 0.0, grid: float = 0.0) -> Content:
    """Paragraphs one under another, `gap` apart (baseline grid kept by leading; on a `grid`, the
    paragraphs' baselines are whole grid steps apart)."""
    out = Content()
    y = last_baseline = 0.0
    for i, para in enumerate(paras):
        lines = typeset(para, width, missing)
        c = lines_content(lines)
        if i:
            # keep the next paragraph on the leading rhythm: distance baseline to baseline = leading + gap
            first_cap = lines[0].cap if lines else 0.0
            y = last_baseline + grid_step(para.leading + gap, grid) - first_cap
        out.add(c, 0.0, y)
        last_baseline = y + (c.height - (lines[-1].descent if lines else 0.0))
    return out


def with_heading(ctx, key: str, style: str | None, width: float, body: Content) -> Content:
    """A catalogue label above `body` when the block names a heading style."""
    from printprog.compose.context import para

    if not style:
        return body
    out = paragraphs([para(ctx, [ctx.label_span(key, style)], style)], width, ctx.missing)
    if ctx.grid and body.items:  # the body's first line a whole grid step under the heading
        natural = out.height + ctx.style(style).space_after * ctx.scale + first_baseline(body) - last_baseline(out)
        out.add(body, 0.0, below(out, body, natural, ctx.grid))
        return out
    out.add(body, 0.0, out.height + ctx.style(style).space_after * ctx.scale)
    return out


def in_columns(c: Content, n: int, col_w: float, gutter: float) -> Content:
    """Lines set `col_w` wide cut into n columns of near-equal length, side by side; a cut never
    leaves one line of a paragraph alone at a column's foot or top (PT-7). Columns keep the
    lines' spacing, so lines on a baseline grid stay on it."""

    ys = sorted({round(i.y, 3) for i in c.items if isinstance(i, TextRun)})
    if n < 2 or len(ys) < 2 * n:
        return c
    steps = [b - a for a, b in zip(ys, ys[1:])]
    lead = min(steps)
    starts = {0} | {k + 1 for k, d in enumerate(steps) if d > lead + 0.5}  # first lines of paragraphs
    ends = {k - 1 for k in starts if k} | {len(ys) - 1}  # last lines

    def ok(k: int) -> bool:  # a cut before line k
        return k - 1 not in starts and k not in ends

    cuts, a = [], 0
    for col in range(1, n):  # each cut where the columns left come out nearest the same height
        share = (ys[-1] - ys[a]) / (n - col + 1)
        k = min((k for k in range(a + 1, len(ys)) if ok(k)), key=lambda k: (abs(ys[k - 1] - ys[a] - share), k),
                default=None)
        if k is None:
            return c  # no cut that keeps two lines together: one column
        cuts.append(k)
        a = k
    bounds = [0, *cuts, len(ys)]
    out = Content(rest=c.rest)
    descent = c.height - ys[-1]  # below the last line; a column's last line may reach deeper
    for col in range(n):
        lo, hi = ys[bounds[col]], ys[bounds[col + 1] - 1]
        dy = ys[bounds[col]] - ys[0]
        for i in c.items:
            y = getattr(i, "y", None)
            if isinstance(i, TextRun) and y is not None and lo - 0.01 <= y <= hi + 0.01:
                out.items.append(shifted(i, col * (col_w + gutter), -dy))
                if abs(y - hi) < 0.01:
                    out.height = max(out.height, hi - dy + max(descent, _depth(i)))
        out.width = max(out.width, col * (col_w + gutter) + col_w)
    return out


def _depth(run: TextRun) -> float:
    """How far a run's ink reaches below its baseline."""
    from printprog.text.fonts import get_font

    font = get_font(run.font)
    return max((font.depth(ch) for ch in run.text), default=0.0) * run.size / 1000
