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


KEEP = (0.6, 0.25)  # a gap's share kept when a row snaps up to the grid: normally, and on a full page
TEXT_KEEP = 0.85  # … and under a row of text: sections of text stay clearly apart


@dataclass(frozen=True)
class Rules:
    """What the stack asks of the regions it places (answered by the composer)."""

    measure: Measure
    is_separator: Callable[[str], bool]  # only rules
    shrinks: Callable[[str], bool]  # its blocks may shrink to a smaller height
    flows: Callable[[str], bool]  # it holds a flowing block (it takes what the others leave)
    # (region, its parts, its height) -> the y in the region that must sit on the baseline grid
    anchor: Callable[[str, list[tuple[int, Content]], float], float | None] = lambda n, parts, h: None
    grid: tuple[float, float] | None = None  # the baseline grid's (origin, increment)


class _Stack:
    def __init__(self, layout: Layout, regions: dict[str, Region], frame_name: str, rules: Rules) -> None:
        self.regions, self.rules = regions, rules
        self.frame = regions[frame_name]
        fx, fw = region_x(layout, self.frame)
        assert self.frame.y is not None and isinstance(self.frame.height, float)
        self.fy, self.fh, self.gap = self.frame.y, self.frame.height, self.frame.gap
        self.rows = [Row(names, _kind([regions[n] for n in names]),
                         {n: region_x(layout, regions[n], (fx, fw)) for n in names}) for names in stack_rows(self.frame)]
        self.fill = next((r for r in self.rows if r.kind == "fill"), None)
        self.keep = KEEP[0]  # the share of a gap a row snapping up to the grid leaves

    def cap(self, row: Row) -> float:
        return min(_cap(self.regions[n], self.fh) for n in row.names)

    def run(self, row: Row, cap: float) -> None:
        """Measure a row's regions with `cap` as the height an auto region may take."""
        row.parts, row.height, row.shows, row.problems = {}, 0.0, False, []
        boxes = dict(row.boxes)
        growing = [n for n in row.names if self.regions[n].grow]
        for n in [n for n in row.names if n not in growing] + growing:
            if n in growing and not any(any(c.items for _, c in row.parts[m]) for m in row.names if m not in growing):
                # the others show nothing: a growing region takes the whole row
                x0 = min(x for x, _ in row.boxes.values())
                boxes[n] = (x0, max(x + w for x, w in row.boxes.values()) - x0)
            x, w = boxes[n]
            r = self.regions[n]
            h = r.height if isinstance(r.height, float) else cap
            parts, problems = self.rules.measure(n, (x, self.fy, w, h))
            row.parts[n] = parts
            row.problems += problems
            shows = any(c.items for _, c in parts)
            row.shows |= shows
            if shows:  # content that overflows its cap is reported by fitting; the row keeps the cap
                row.height = max(row.height, r.height if isinstance(r.height, float) else
                                 min(h, max(c.height for _, c in parts)))
        row.used = boxes
        row.separator = row.shows and all(self.rules.is_separator(n) for n in row.names)
        row.shrinkable = row.kind == "auto" and all(self.rules.shrinks(n) for n in row.names)

    def visible(self, with_fill: bool = False) -> list[Row]:
        shown = [r for r in self.rows if r.shows or (with_fill and r is self.fill)]
        out: list[Row] = []
        for r in shown:  # separators only between content
            if r.separator and (not out or out[-1].separator):
                continue
            out.append(r)
        while out and out[-1].separator:
            out.pop()
        return out

    def left(self) -> float:
        """The height the frame has left for the fill row."""
        vis = self.visible(with_fill=True)
        return self.fh - sum(r.height for r in vis if r is not self.fill) - self.gap * max(0, len(vis) - 1)

    def give(self, amount: float) -> None:
        """Auto rows that may shrink give up `amount` in proportion to their heights; a row that
        cannot shrink that far keeps its height (the stack then reports the overflow)."""
        donors = [r for r in self.visible() if r.shrinkable and r.height > 0 and r is not self.fill and not r.problems]
        total = sum(r.height for r in donors)
        for r in donors:
            before = r.height
            self.run(r, max(0.0, before - amount * before / total))
            if r.problems:
                self.run(r, before)

    def measure(self) -> None:
        fill = self.fill
        keep = max(self.regions[n].min_height for n in fill.names) if fill is not None else 0.0
        flowing = [r for r in self.rows if r.kind == "auto" and any(self.rules.flows(n) for n in r.names)]
        for row in self.rows:
            if row.kind != "fill" and row not in flowing:
                self.run(row, self.cap(row))
        for row in flowing:
            # a flowing row takes what the others leave (the fill row keeps its min_height)
            row.shows = True  # count its gap while measuring what is left
            self.run(row, max(0.0, min(self.cap(row), self.left() - keep)))
        if fill is not None:
            self.run(fill, max(self.left(), keep))
            if not fill.shows:
                fill.height = 0.0
            elif self.left() < keep - 0.01:
                # auto rows that may shrink give up height so the fill row keeps its min_height
                self.give(keep - self.left())
                self.run(fill, max(0.0, self.left()))
            elif fill.height > self.left() + 0.01:
                self.run(fill, max(0.0, self.left()))
        vis = [r for r in self.visible() if r.shows]
        over = sum(r.height for r in vis) + self.gap * max(0, len(vis) - 1) - self.fh
        if over > 0.01 and not any(r.problems for r in vis):  # no fill row to give way: shrinkable rows do
            self.give(over)

    def snap(self, row: Row, y: float, room: float) -> dict[str, float]:
        """How far each member of a row placed at `y` moves to put its anchor on the grid: to the
        nearer grid line, up only as far as `room` (the space above it, less `keep` of a gap) allows."""
        if self.rules.grid is None:
            return {}
        origin, inc = self.rules.grid
        out = {}
        for n in row.names:
            a = self.rules.anchor(n, row.parts[n], row.height)
            if a is not None:
                off = (y + a - origin) % inc
                up = off <= room and (off <= inc - off or y + row.height + inc - off > self.fy + self.fh + 0.01)
                out[n] = 0.0 if min(off, inc - off) < 1e-6 else -off if up else inc - off
        return out

    def place(self, reserve: float = 0.0) -> tuple[list[Placed], float]:
        """The rows' boxes, and how far they overflow the frame; `reserve` is spare height kept
        back from `justify` for the grid's snapping."""
        vis = [r for r in self.visible() if r.shows]
        spare = self.fh - sum(r.height for r in vis) - self.gap * max(0, len(vis) - 1)
        top, left = self.fy, max(0.0, spare - reserve)
        # a rule belongs to what follows it: spread spare height into the other gaps only
        spreading = [k for k in range(1, len(vis)) if not vis[k - 1].separator]
        if spare > 0:
            if self.frame.justify == "bottom":
                top += left
            elif self.frame.justify == "center":
                top += left / 2
        spread = self.frame.justify == "spread" and bool(spreading)
        placed: list[Placed] = []
        y, waiting, bottom, text_above = top, len(spreading), None, False
        for k, row in enumerate(vis):
            if spread and k in spreading:
                extra = max(0.0, left) / waiting
                y, left, waiting = y + extra, left - extra, waiting - 1
            # text under text keeps most of its gap; under a rule or a picture it may close up more
            keep = TEXT_KEEP if text_above else self.keep
            room = y - self.fy if bottom is None else y - bottom - self.gap * keep
            shifts = self.snap(row, y, room)
            text_above = bool(shifts)  # a member with text on the grid
            for n in row.names:
                x, w = row.used[n]
                placed.append(Placed(n, (x, y + shifts.get(n, 0.0), w, row.height), row.parts[n]))
            bottom = y + row.height + max(shifts.values(), default=0.0)
            y = bottom + self.gap
        # collapsed rows still report their parts (empty) so every block has a placement
        for row in self.rows:
            if row not in vis:
                for n in row.names:
                    x, w = row.boxes[n]
                    placed.append(Placed(n, (x, y, w, 0.0), [(b, Content()) for b, _ in row.parts.get(n, [])]))
        end = bottom if bottom is not None else self.fy
        return placed, max(0.0, end - (self.fy + self.fh))

    def overflow(self) -> float:
        """How far the shown rows and their gaps exceed the frame (negative: spare height)."""
        vis = [r for r in self.visible() if r.shows]
        return sum(r.height for r in vis) + self.gap * max(0, len(vis) - 1) - self.fh

    def settle(self) -> tuple[list[Placed], float]:
        """Place the rows; when snapping to the grid pushes them past the frame, keep spare height
        back from `justify` (rows snap to whole lines: in quarter steps), and when there is too
        little, take what is missing from the fill row (else from the rows that may shrink)."""
        placed, over = self.place()
        if self.rules.grid is None or over <= max(0.0, self.overflow()) + 0.01:
            return placed, over
        base, step = max(0.0, self.overflow()), self.rules.grid[1] / 4
        self.keep = KEEP[1]  # a full page: rows may close up on the row above before anything shrinks
        placed, over = self.place()
        if over <= base + 0.01:
            return placed, over
        for k in range(9):
            reserve = over - base + k * step
            spare = -self.overflow()
            if reserve > spare + 0.01:
                if self.fill is not None and self.fill.shows:
                    self.run(self.fill, max(0.0, self.fill.height - (reserve - max(0.0, spare))))
                else:  # no fill row: the rows that may shrink give way
                    self.give(reserve - max(0.0, spare))
                reserve = max(0.0, -self.overflow())
            placed, again = self.place(reserve)
            if again - base <= 0.01:
                return placed, again
        return self.place()


def layout_stack(layout: Layout, regions: dict[str, Region], frame_name: str,
                 rules: Rules) -> tuple[list[Placed], list[Diagnostic], float]:
    """Place the frame's rows: the placed regions, their problems, and how far they overflow the frame (≥ 0)."""
    stack = _Stack(layout, regions, frame_name, rules)
    stack.measure()
    placed, over = stack.settle()
    return placed, [d for row in stack.rows for d in row.problems], over
