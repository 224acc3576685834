"""Small white type knocked out of a rich black needs a keepaway.

A rich black prints on four plates; if they shift by a hair, thin white letters knocked out of all four
fringe with colour. Prepress answers with a keepaway: under small reversed type the cyan, magenta and
yellow stop a little short of the letters, so only the black plate draws their edges (render strokes
the glyphs in 100 % K, then fills them white). Large type and fields of plain K need none.
"""

from __future__ import annotations

from dataclasses import replace

from printprog.plan import Placement, Rect, TextRun

SMALL = 12.0  # pt: below this reversed type gets a keepaway (the shops' `k_only_below`)
WIDTH = 0.25  # pt: how far the colour plates stay back (half a typical misregistration tolerance)


def _rich(fill: tuple[float, ...] | None) -> bool:
    return fill is not None and fill[3] >= 0.9 and any(v > 0 for v in fill[:3])


def keep_away(placements: list[Placement]) -> list[Placement]:
    """The page's placements with small white runs over a rich-black rectangle marked for a keepaway."""
    fields = [i for pl in placements for i in pl.items if isinstance(i, Rect) and _rich(i.fill)]
    if not fields:
        return placements

    def over_field(r: TextRun) -> bool:
        return any(f.x <= r.x <= f.x + f.width and f.y <= r.y <= f.y + f.height for f in fields)

    out = []
    for pl in placements:
        items = tuple(replace(i, keepaway=WIDTH)
                      if isinstance(i, TextRun) and i.size < SMALL and not any(i.color) and over_field(i) else i
                      for i in pl.items)
        out.append(pl if items == pl.items else replace(pl, items=items))
    return out
