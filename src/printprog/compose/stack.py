"""Stacks: regions placed top to bottom inside a frame region, each as tall as what it shows.

A row is `fixed` (a length), `auto` (its content's height, at most max_height) or `fill` (what
the frame has left). Rows with nothing to show collapse; a row of rules only (a separator) is
dropped at either end and next to another separator. When the rows do not fit, the `auto` rows
that may shrink give up height, in proportion, so the `fill` row keeps its min_height.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from printprog.compose.flow import Content
from printprog.diagnostics import Diagnostic
from printprog.load.layout import Layout, Region, region_x, stack_rows

# (region name, box) -> [(block index, content)] and the problems found; a row measured again
# (smaller) replaces its earlier problems
Measure = Callable[[str, tuple[float, float, float, float]], tuple[list[tuple[int, Content]], list[Diagnostic]]]


@dataclass
class Row:
    names: tuple[str, ...]
    kind: str  # fixed | auto | fill
    boxes: dict[str, tuple[float, float]]  # name -> (x, width)
    parts: dict[str, list[tuple[int, Content]]] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    height: float = 0.0
    shows: bool = False  # anything but empty content
    separator: bool = False  # only rules
    shrinkable: bool = False
    used: dict[str, tuple[float, float]] = field(default_factory=dict)  # (x, width) as measured


@dataclass(frozen=True)
class Placed:
    region: str
    box: tuple[float, float, float, float]
    parts: list[tuple[int, Content]]


def _kind(regions: list[Region]) -> str:
    heights = [r.height for r in regions]
    return "fill" if "fill" in heights else "auto" if "auto" in heights or None in heights else "fixed"


def _cap(region: Region, frame_h: float) -> float:
    if isinstance(region.height, float):
        return region.height
    return min(region.max_height or frame_h, frame_h)


def layout_stack(layout: Layout, regions: dict[str, Region], frame_name: str, measure: Measure,
                 is_separator: Callable[[str], bool], shrinks: Callable[[str], bool],
                 flows: Callable[[str], bool]) -> tuple[list[Placed], list[Diagnostic], float]:
    """Place the frame's rows: the placed regions, their problems, and how far they overflow the frame (≥ 0)."""
    frame = regions[frame_name]
    fx, fw = region_x(layout, frame)
    assert frame.y is not None and isinstance(frame.height, float)
    fy, fh = frame.y, frame.height
    gap = frame.gap
    rows = []
    for names in stack_rows(frame):
        rs = [regions[n] for n in names]
        rows.append(Row(names, _kind(rs), {n: region_x(layout, regions[n], (fx, fw)) for n in names}))

    def run(row: Row, cap: float) -> None:
        row.parts, row.height, row.shows, row.problems = {}, 0.0, False, []
        boxes = dict(row.boxes)
        growing = [n for n in row.names if regions[n].grow]
        for n in [n for n in row.names if n not in growing] + growing:
            if n in growing and not any(any(c.items for _, c in row.parts[m]) for m in row.names if m not in growing):
                # the others show nothing: a growing region takes the whole row
                x0 = min(x for x, _ in row.boxes.values())
                boxes[n] = (x0, max(x + w for x, w in row.boxes.values()) - x0)
            x, w = boxes[n]
            r = regions[n]
            h = r.height if isinstance(r.height, float) else cap
            parts, problems = measure(n, (x, fy, w, h))
            row.parts[n] = parts
            row.problems += problems
            shows = any(c.items for _, c in parts)
            row.shows |= shows
            if shows:  # content that overflows its cap is reported by fitting; the row keeps the cap
                row.height = max(row.height, r.height if isinstance(r.height, float) else
                                 min(h, max(c.height for _, c in parts)))
        row.used = boxes
        row.separator = row.shows and all(is_separator(n) for n in row.names)
        row.shrinkable = row.kind == "auto" and all(shrinks(n) for n in row.names)

    fill = next((r for r in rows if r.kind == "fill"), None)

    def visible(with_fill: bool = False) -> list[Row]:
        shown = [r for r in rows if r.shows or (with_fill and r is fill)]
        out: list[Row] = []
        for r in shown:  # separators only between content
            if r.separator and (not out or out[-1].separator):
                continue
            out.append(r)
        while out and out[-1].separator:
            out.pop()
        return out

    def left() -> float:
        vis = visible(with_fill=True)
        used = sum(r.height for r in vis if r is not fill)
        return fh - used - gap * max(0, len(vis) - 1)

    def give(amount: float) -> None:
        """Auto rows that may shrink give up `amount` in proportion to their heights; a row that
        cannot shrink that far keeps its height (the stack then reports the overflow)."""
        donors = [r for r in visible() if r.shrinkable and r.height > 0 and r is not fill and not r.problems]
        total = sum(r.height for r in donors)
        for r in donors:
            before = r.height
            run(r, max(0.0, before - amount * before / total))
            if r.problems:
                run(r, before)

    flowing = [r for r in rows if r.kind == "auto" and any(flows(n) for n in r.names)]
    for row in rows:
        if row.kind != "fill" and row not in flowing:
            run(row, min(_cap(regions[n], fh) for n in row.names))
    for row in flowing:
        # a flowing row takes what the others leave (the fill row keeps its min_height)
        row.shows = True  # count its gap while measuring what is left
        keep = max(regions[n].min_height for n in fill.names) if fill is not None else 0.0
        room = left() - keep
        run(row, max(0.0, min(min(_cap(regions[n], fh) for n in row.names), room)))

    if fill is not None:
        need = max(regions[n].min_height for n in fill.names)
        run(fill, max(left(), need))
        if not fill.shows:
            fill.height = 0.0
        elif left() < need - 0.01:
            # auto rows that may shrink give up height, in proportion to their own, so fill keeps min_height
            deficit = need - left()
            give(deficit)
            run(fill, max(0.0, left()))
        elif fill.height > left() + 0.01:
            run(fill, max(0.0, left()))
    vis = [r for r in visible() if r.shows]
    over = sum(r.height for r in vis) + gap * max(0, len(vis) - 1) - fh
    if over > 0.01 and not any(r.problems for r in vis):  # no fill row to give way: shrinkable rows do
        give(over)
        vis = [r for r in visible() if r.shows]
    total = sum(r.height for r in vis) + gap * max(0, len(vis) - 1)
    spare = fh - total
    top, extra = fy, 0.0
    # a rule belongs to what follows it: spread spare height into the other gaps only
    spreading = [k for k in range(1, len(vis)) if not vis[k - 1].separator]
    if spare > 0:
        if frame.justify == "bottom":
            top += spare
        elif frame.justify == "center":
            top += spare / 2
        elif frame.justify == "spread" and spreading:
            extra = spare / len(spreading)
    placed: list[Placed] = []
    problems = [d for row in rows for d in row.problems]
    y = top
    for k, row in enumerate(vis):
        y += extra if k in spreading else 0.0
        for n in row.names:
            x, w = row.used[n]
            placed.append(Placed(n, (x, y, w, row.height), row.parts[n]))
        y += row.height + gap
    # collapsed rows still report their parts (empty) so every block has a placement
    for row in rows:
        if row not in vis:
            for n in row.names:
                x, w = row.boxes[n]
                placed.append(Placed(n, (x, y, w, 0.0), [(b, Content()) for b, _ in row.parts.get(n, [])]))
    return placed, problems, max(0.0, -spare)
