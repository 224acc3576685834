"""A film seen through a selection of its screenings (--from/--until, one venue of a batch)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable

from printprog.diagnostics import Diagnostic, InputError, Loc, Mark, SourceMap

if TYPE_CHECKING:
    from printprog.load.film import Film, Screening


def period_text(since: dt.date | None, until: dt.date | None) -> str:
    """`from 2019-03-16 until 2019-03-20` for messages; empty without a period."""
    return " ".join(w for w in (since and f"from {since}", until and f"until {until}") if w)


class SelectedMap(SourceMap):
    """A film's SourceMap seen through a selection of its screenings, so messages about the
    selection's screening i still point at the line where screening kept[i] was written."""

    def __init__(self, base: SourceMap, kept: tuple[int, ...]) -> None:
        super().__init__(base.file, base.marks)
        self.base = base
        self.kept = kept

    def find(self, loc: Loc) -> Mark | None:
        if len(loc) >= 2 and loc[0] == "screenings" and isinstance(loc[1], int) and loc[1] < len(self.kept):
            loc = ("screenings", self.kept[loc[1]], *loc[2:])
        return self.base.find(loc)


def select_screenings(film: Film, film_map: SourceMap,
                      keep: Callable[[Screening], bool]) -> tuple[Film, SelectedMap]:
    """(film, film_map) with only the screenings `keep` accepts; selections of selections work."""
    base, before = (film_map.base, film_map.kept) if isinstance(film_map, SelectedMap) else \
        (film_map, tuple(range(len(film.screenings))))
    idx = [i for i, s in enumerate(film.screenings) if keep(s)]
    view = film.model_copy(update={"screenings": tuple(film.screenings[i] for i in idx)})
    return view, SelectedMap(base, tuple(before[i] for i in idx))


def in_period(film: Film, film_map: SourceMap, since: dt.date | None,
              until: dt.date | None) -> tuple[Film, SourceMap]:
    """(film, film_map) with only the screenings from `since` until `until` (both days included)."""
    if since is None and until is None:
        return film, film_map
    film, film_map = select_screenings(film, film_map, lambda s: (since is None or s.date >= since)
                                       and (until is None or s.date <= until))
    if not film.screenings:
        hint = "--from is after --until" if since and until and since > until else \
            "check the screenings' dates, --from and --until"
        raise InputError([Diagnostic(f"no screenings {period_text(since, until)}", hint=hint)])
    return film, film_map
