"""Balanced display lines (pull quotes, taglines): as many lines as a greedy fill would take, the
longest as short as it can be, the others as near its length as they can be, and no one-word
last line (`paragraph_rules.py`)."""

from __future__ import annotations

from printprog.text.breaking import Paragraph, Word

_NONE = (1 << 30, 0, 0.0)
SLACK = 0.5  # pt: lines within this of the shortest longest line count as equally long


def balance_breaks(words: list[Word], width: float, first_width: float) -> list[tuple[int, int]]:
    """Break positions as in `breaking.choose_breaks`, for a balanced block of display lines."""
    p = Paragraph(words, width, first_width)
    if p.last == 0:
        return []
    count = greedy_count(p)
    longest = _solve(p, count, None)[1]
    chain = _solve(p, count, longest + SLACK)[0]
    return p.breaks(chain, p.last)


def greedy_count(p: Paragraph) -> int:
    """Lines of a first-fit fill: each line takes as much as fits."""
    a, count = 0, 0
    while a < p.last:
        j = a + 1
        while j < p.last and p.line(a, j + 1)[0] <= p.avail(a) + 0.01:
            j += 1
        a, count = j, count + 1
    return count


def _solve(p: Paragraph, count: int, limit: float | None) -> tuple[list[int], float]:
    """Exactly `count` lines. Without a limit: the breaks whose longest line is shortest. With one:
    lines no longer than it, the sum of squared shortfalls from it least. Overfull lines and broken
    rules (hyphenated ends, a one-word last line) count first."""
    # best[k][j]: (overfull, faults, longest or squares) for k lines ending at node j
    best = [[_NONE] * (p.last + 1) for _ in range(count + 1)]
    back = [[0] * (p.last + 1) for _ in range(count + 1)]
    best[0][0] = (0, 0, 0.0)
    for k in range(1, count + 1):
        for j in range(1, p.last + 1):
            if k == count and j != p.last:
                continue
            for a in range(j - 1, -1, -1):
                prev = best[k - 1][a]
                if prev[0] >= 1 << 30:
                    continue
                line_w = p.line(a, j)[0]
                avail = p.avail(a)
                over = 0
                if line_w > avail + 0.01:
                    if a != j - 1:
                        break
                    over = 1
                edge = line_w + (p.width - avail)  # the right edge, a hung first line included
                faults = int(p.hyphenated(j))
                if j == p.last and a > 0 and p.one_word(a, j):
                    faults += 1
                if limit is None:
                    value = max(prev[2], edge)
                else:
                    if edge > limit and not over:
                        continue
                    value = prev[2] + (limit - edge) ** 2
                cost = (prev[0] + over, prev[1] + faults, value)
                if cost < best[k][j]:
                    best[k][j], back[k][j] = cost, a
    chain = [0] * (p.last + 1)
    j, k = p.last, count
    while j > 0:
        chain[j] = back[k][j]
        j, k = chain[j], k - 1
    return chain, best[count][p.last][2]
