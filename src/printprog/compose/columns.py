"""Entries of measured height into columns: glued entries stay together, columns balanced.

Pure arithmetic on heights, so flowing blocks can try column counts cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass

EPS = 0.01


@dataclass(frozen=True)
class Stack:
    """Entries to stack: `glue[k]` keeps entry k with the next (a heading with its first row);
    `gap[k]` is the space above entry k unless it starts a column; `top[k]` is extra height when
    entry k starts a column (a repeated group heading)."""

    heights: tuple[float, ...]
    glue: tuple[bool, ...]
    gap: tuple[float, ...]
    top: tuple[float, ...]

    def units(self, start: int) -> list[tuple[int, int]]:
        """[first, end) of each unbreakable run of entries from `start`."""
        out, k, n = [], start, len(self.heights)
        while k < n:
            j = k
            while j < n - 1 and self.glue[j]:
                j += 1
            out.append((k, j + 1))
            k = j + 1
        return out

    def span(self, a: int, b: int) -> float:
        """Height of entries [a, b) stacked as a column starting at a."""
        return self.top[a] + sum(self.heights[a:b]) + sum(self.gap[a + 1:b])


def fill(stack: Stack, start: int, ncols: int, col_h: float | None) -> tuple[list[tuple[int, int]], int]:
    """Greedy: each column takes whole units while they fit `col_h`. Returns the columns as
    [first, end) and the index of the first entry not placed. The first unit is always placed."""
    cols: list[tuple[int, int]] = []
    units = stack.units(start)
    u = 0
    while u < len(units) and len(cols) < ncols:
        a = units[u][0]
        b = units[u][1]
        if cols and col_h is not None and stack.span(a, b) > col_h + EPS:
            break  # this unit fits no column; stop rather than overflow a later one
        u += 1
        while u < len(units) and (col_h is None or stack.span(a, units[u][1]) <= col_h + EPS):
            b = units[u][1]
            u += 1
        cols.append((a, b))
    end = cols[-1][1] if cols else start
    return cols, end


def balanced(stack: Stack, start: int, ncols: int, col_h: float | None) -> tuple[list[tuple[int, int]], int]:
    """Like `fill`, but when everything fits, the shortest column height that still holds it all,
    so columns come out even."""
    n = len(stack.heights)
    cols, end = fill(stack, start, ncols, col_h)
    if end < n or ncols == 1:
        return cols, end
    lo = max(stack.span(a, b) for a, b in stack.units(start))
    hi = max(stack.span(a, b) for a, b in cols)
    if fill(stack, start, ncols, lo)[1] == n:
        return fill(stack, start, ncols, lo)
    for _ in range(30):  # points; converges long before
        mid = (lo + hi) / 2
        if fill(stack, start, ncols, mid)[1] == n:
            hi = mid
        else:
            lo = mid
        if hi - lo < 0.05:
            break
    return fill(stack, start, ncols, hi)
