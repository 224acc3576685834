"""Choosing line breaks for a whole paragraph at once (a small Knuth–Plass).

Every space and every hyphenation point is a candidate break. A justified line's spaces may
stretch to STRETCH_MAX and shrink to SHRINK_MIN of their natural width and no further; within
that, a line costs TeX's demerits: (line penalty + badness)², badness = 100·ratio³, plus the
hyphen penalties. Dynamic programming finds the cheapest set of breaks.

The paragraph rules (`paragraph_rules.py` names them) are counted before any demerits: a set of
breaks that breaks fewer of them always wins, so a rule gives way only where every alternative
breaks it too. When no set of breaks keeps every justified line within the limits and the rules,
`choose_breaks` returns None and the typesetter sets the whole paragraph ragged right.
"""

from __future__ import annotations

from dataclasses import dataclass

from printprog.text import paragraph_rules as rules

# TeX's values: demerits = (line penalty + badness)² + hyphen penalty², extra for hyphens in a row
LINE_PENALTY = 10.0
HYPHEN_PENALTY = 50.0**2
DOUBLE_HYPHEN_PENALTY = 10000.0
STRETCH = rules.SPACE_MAX - 1.0  # a justified space may grow by a third of its width (133 %)…
SHRINK = 1.0 - rules.SPACE_MIN  # …and lose a fifth (80 %)
RAGGED_STRETCH = 0.25  # ragged right: a line a quarter of the measure short has badness 100
INFEASIBLE = 1e12

Cost = tuple[int, int, float]  # (overfull lines, rules broken, demerits), compared in this order


@dataclass(frozen=True)
class Word:
    pieces: tuple[float, ...]  # widths of the syllables (one piece when it may not break)
    space: float  # width of the space before this word
    hyphen: float  # width of a hyphen in this word's face
    stretchable: float  # space width used to judge stretching
    letters: int = 99  # letters in the word (a runt is a last line of one short word)


class Paragraph:
    """Break candidates ("nodes") of a paragraph and O(1) measures of the line between two nodes.

    Node 0 is the start; node n ends with piece n (word i, piece k) in reading order.
    """

    def __init__(self, words: list[Word], width: float, first_width: float) -> None:
        self.words, self.width, self.first_width = words, width, first_width
        self.nodes: list[tuple[int, int]] = [(-1, -1)]
        for i, w in enumerate(words):
            self.nodes += [(i, k) for k in range(len(w.pieces))]
        self.last = len(self.nodes) - 1
        self.word_end = [True] + [k == len(words[i].pieces) - 1 for i, k in self.nodes[1:]]
        # prefix sums: piece widths, and the spaces (count, width, stretchable) after word ends
        self._w = [0.0]
        self._g = [0.0]
        self._gn = [0]
        self._gs = [0.0]
        for n in range(1, len(self.nodes)):
            i, k = self.nodes[n]
            self._w.append(self._w[-1] + words[i].pieces[k])
            after = self.word_end[n] and i + 1 < len(words)
            self._g.append(self._g[-1] + (words[i + 1].space if after else 0.0))
            self._gn.append(self._gn[-1] + (1 if after else 0))
            self._gs.append(self._gs[-1] + (words[i + 1].stretchable if after else 0.0))

    def avail(self, a: int) -> float:
        return self.first_width if a == 0 else self.width

    def line(self, a: int, j: int) -> tuple[float, int, float]:
        """Natural width (with a hyphen when it ends inside a word), spaces and their stretchable
        width of the line holding pieces a+1..j."""
        w = self._w[j] - self._w[a] + self._g[j - 1] - self._g[a]
        if not self.word_end[j]:
            w += self.words[self.nodes[j][0]].hyphen
        return w, self._gn[j - 1] - self._gn[a], self._gs[j - 1] - self._gs[a]

    def hyphenated(self, n: int) -> bool:
        return n > 0 and not self.word_end[n]

    def one_word(self, a: int, j: int) -> bool:
        return self._gn[j - 1] == self._gn[a] and (a == 0 or self.word_end[a])

    def last_line_faults(self, a: int, line_w: float) -> int:
        """Rules a last line starting after node a breaks: a hyphen on the line before it, and a
        last line shorter than a quarter of the measure or of one short word (a runt)."""
        if a == 0:
            return 0  # a one-line paragraph has no last-line rules
        word = self.words[self.nodes[self.last][0]]
        short = line_w < rules.LAST_LINE_MIN * self.width
        runt = self.one_word(a, self.last) and word.letters < rules.RUNT_LETTERS
        return int(self.hyphenated(a)) + int(short or runt)

    def breaks(self, back: list[int], j: int) -> list[tuple[int, int]]:
        out = []
        while j > 0:
            out.append(self.nodes[j])
            j = back[j]
        return list(reversed(out))


def choose_breaks(words: list[Word], width: float, first_width: float,
                  justify: bool) -> list[tuple[int, int]] | None:
    """Break positions as (word index, piece index) where each line ends; the last is the end.

    Justified: None when no set of breaks keeps every line's spaces within the limits and every
    paragraph rule (the caller then sets the paragraph ragged). Ragged: always a set of breaks.
    """
    p = Paragraph(words, width, first_width)
    if p.last == 0:
        return []
    # state: (node, hyphenated lines in a row ending there, capped at the rule's maximum + 1)
    hmax = rules.MAX_HYPHENS_IN_A_ROW + 1
    none: Cost = (1 << 30, 0, 0.0)
    best = [[none] * (hmax + 1) for _ in p.nodes]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (hmax + 1) for _ in p.nodes]
    best[0][0] = (0, 0, 0.0)
    for j in range(1, p.last + 1):
        ends_hyphen = p.hyphenated(j)
        is_last = j == p.last
        for a in range(j - 1, -1, -1):
            line_w, gaps, stretch = p.line(a, j)
            avail = p.avail(a)
            badness, overfull = _badness(line_w, avail, gaps, stretch, justify, is_last, p.width)
            if badness is None:
                if line_w > avail:
                    if a == j - 1:  # a single piece wider than the line: allowed, as overfull
                        badness, overfull = 0.0, 1
                    else:
                        break  # earlier starts only make the line longer
                else:
                    continue  # too loose: an earlier start may fill it
            demerits = (LINE_PENALTY + badness) ** 2 + (HYPHEN_PENALTY if ends_hyphen else 0.0)
            last_faults = p.last_line_faults(a, line_w) if is_last else 0
            for ha in range(hmax + 1):
                prev = best[a][ha]
                if prev[0] >= 1 << 30:
                    continue
                h = min(ha + 1, hmax) if ends_hyphen else 0
                faults = (1 if h > rules.MAX_HYPHENS_IN_A_ROW else 0) + (last_faults if is_last else 0)
                extra = DOUBLE_HYPHEN_PENALTY if ends_hyphen and ha else 0.0
                cost = (prev[0] + overfull, prev[1] + faults, prev[2] + demerits + extra)
                if cost < best[j][h]:
                    best[j][h], back[j][h] = cost, (a, ha)
    h = min(range(hmax + 1), key=lambda s: best[p.last][s])
    final = best[p.last][h]
    if final[0] >= 1 << 30 or (justify and final[1] > 0):
        return None
    chain = [0] * (p.last + 1)
    j = p.last
    while j > 0:
        a, ha = back[j][h]
        chain[j] = a
        j, h = a, ha
    return p.breaks(chain, p.last)


def _badness(line_w: float, avail: float, gaps: int, stretch: float, justify: bool, is_last: bool,
             width: float) -> tuple[float | None, int]:
    """TeX's badness of a line (100·ratio³), or None when the line cannot be set at all."""
    if is_last or not justify:
        if line_w > avail + 0.01:
            return None, 0
        if is_last:
            return 0.0, 0
        ratio = (avail - line_w) / (width * RAGGED_STRETCH)
        return min(100.0 * ratio**3, 1e8), 0
    if line_w > avail + 0.01:  # the spaces shrink
        ratio = (line_w - avail) / max(SHRINK * stretch, 1e-9)
    else:
        ratio = (avail - line_w) / max(STRETCH * stretch, 1e-9) if avail - line_w > 0.01 else 0.0
    if ratio > 1.0 + 1e-9:
        return None, 0
    return 100.0 * ratio**3, 0
