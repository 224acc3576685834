"""Choosing line breaks for a whole paragraph at once (a small Knuth–Plass).

Every space and every hyphenation point is a candidate break. A line's cost grows with the
cube of how far its spaces must stretch; hyphens and two hyphens in a row cost extra, and a
very short last line is discouraged. Dynamic programming finds the cheapest set of breaks.
"""

from __future__ import annotations

from dataclasses import dataclass

# TeX's values: demerits = (line penalty + badness)² + hyphen penalty², extra for hyphens in a row
LINE_PENALTY = 10.0
HYPHEN_PENALTY = 50.0**2
DOUBLE_HYPHEN_PENALTY = 10000.0
SHORT_LAST_PENALTY = 5000.0
INFEASIBLE = 1e12
SHRINK = 0.2  # a justified line's spaces may lose up to a fifth of their width


@dataclass(frozen=True)
class Word:
    pieces: tuple[float, ...]  # widths of the syllables (one piece when it may not break)
    space: float  # width of the space before this word
    hyphen: float  # width of a hyphen in this word's face
    stretchable: float  # space width used to judge stretching


def choose_breaks(words: list[Word], width: float, first_width: float, justify: bool) -> list[tuple[int, int]]:
    """Break positions as (word index, piece index) where each line ends; the last is the end."""
    nodes: list[tuple[int, int]] = [(-1, -1)]  # node 0 is the start; node n ends with piece n
    for i, w in enumerate(words):
        for k in range(len(w.pieces)):
            nodes.append((i, k))
    if len(nodes) == 1:
        return []
    word_end = [False] + [k == len(words[i].pieces) - 1 for i, k in nodes[1:]]
    best = [INFEASIBLE] * len(nodes)
    back = [0] * len(nodes)
    best[0] = 0.0
    last = len(nodes) - 1
    for j in range(1, len(nodes)):
        bi, _ = nodes[j]
        ends_hyphen = not word_end[j]
        natural = gaps = stretch = 0.0
        # extend the line backwards one piece at a time: the line holds pieces a+1..j
        for a in range(j - 1, -1, -1):
            n = a + 1  # the piece just added at the front
            ni, nk = nodes[n]
            natural += words[ni].pieces[nk]
            if word_end[n] and n < j:  # a word ends inside the line: one space follows it
                follower = words[ni + 1]
                natural += follower.space
                gaps += 1
                stretch += follower.stretchable
            if best[a] >= INFEASIBLE:
                continue
            starts_mid = a > 0 and not word_end[a]
            line_w = natural + (words[bi].hyphen if ends_hyphen else 0.0)
            avail = first_width if a == 0 else width
            squeeze = SHRINK * stretch if justify and j != last else 0.0
            if line_w > avail + squeeze + 0.01:
                if a == j - 1:  # a single piece wider than the line: allowed, badly
                    cost = INFEASIBLE / 2
                else:
                    break  # earlier starts only make the line longer
            elif line_w > avail:  # justified spaces may shrink a little, like TeX's glue
                ratio = (line_w - avail) / max(squeeze, 1e-6)
                cost = (LINE_PENALTY + 100.0 * ratio**3) ** 2
            else:
                cost = _cost(avail - line_w, int(gaps), stretch or words[bi].stretchable, avail, justify, j == last)
            if ends_hyphen:
                cost += HYPHEN_PENALTY + (DOUBLE_HYPHEN_PENALTY if starts_mid else 0.0)
            if best[a] + cost < best[j]:
                best[j], back[j] = best[a] + cost, a
    out = []
    j = last
    while j > 0:
        out.append(nodes[j])
        j = back[j]
    return list(reversed(out))


def _cost(slack: float, gaps: int, stretch: float, width: float, justify: bool, is_last: bool) -> float:
    if is_last:
        return SHORT_LAST_PENALTY if width - slack < 0.15 * width else 0.0
    # a line without spaces cannot stretch: judge its gap as if it had one space
    ratio = slack / max(stretch, 1e-6) if justify else slack / (width * 0.25)
    badness = min(100.0 * ratio**3, 1e8)
    return (LINE_PENALTY + badness) ** 2
