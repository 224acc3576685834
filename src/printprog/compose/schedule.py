"""The screenings as a schedule: grouped by city and venue, runs of daily screenings condensed.

Plain data, no drawing: the screenings and strip blocks turn it into lines. Everything is derived
deterministically from the film, so a position in the schedule (an int) is a stable token for
what a flowing block has not placed yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from printprog.i18n import day_range, label
from printprog.load.film import Film
from printprog.load.types import Localized

MIN_RUN = 3  # two days read as well as two rows; condensing pays from three


@dataclass(frozen=True)
class Row:
    """One line of the schedule: a screening, or a run of daily screenings at one time."""

    screenings: tuple[int, ...]  # indices into film.screenings, in date order
    venue: str
    first: dt.date
    last: dt.date
    time: dt.time
    note: Localized | None

    @property
    def daily(self) -> bool:
        return len(self.screenings) > 1


@dataclass(frozen=True)
class Group:
    """The rows of one venue (with its city), in date order."""

    venue: str
    city: Localized | None
    rows: tuple[Row, ...]


def _sorted(film: Film) -> list[int]:
    return sorted(range(len(film.screenings)), key=lambda i: (film.screenings[i].date, film.screenings[i].time, i))


def condense(film: Film, indices: list[int], min_run: int = MIN_RUN) -> list[Row]:
    """Rows for the screenings `indices` of one venue (in date order): consecutive days with one
    screening each, at the same time and with the same note, become one row when there are at
    least `min_run` of them."""
    s = film.screenings
    per_day: dict[dt.date, list[int]] = {}
    for i in indices:
        per_day.setdefault(s[i].date, []).append(i)
    rows: list[Row] = []
    run: list[int] = []

    def flush() -> None:
        if len(run) >= min_run:
            a, b = s[run[0]], s[run[-1]]
            rows.append(Row(tuple(run), a.venue, a.date, b.date, a.time, a.note))
        else:
            rows.extend(Row((i,), s[i].venue, s[i].date, s[i].date, s[i].time, s[i].note) for i in run)
        run.clear()

    for i in indices:
        single = len(per_day[s[i].date]) == 1
        if run:
            prev = s[run[-1]]
            if not (single and s[i].date - prev.date == dt.timedelta(days=1) and s[i].time == prev.time
                    and s[i].note == prev.note):
                flush()
        if single:
            run.append(i)
        else:
            rows.append(Row((i,), s[i].venue, s[i].date, s[i].date, s[i].time, s[i].note))
    flush()
    return sorted(rows, key=lambda r: (r.first, r.time, r.screenings[0]))


def schedule(film: Film, condensed: bool = True) -> list[Group]:
    """The screenings by city (the city of the earliest screening first), then by venue (the venue
    with the earliest screening first); within a venue by date and time."""
    venues = {v.id: v for v in film.venues}
    by_venue: dict[str, list[int]] = {}
    for i in _sorted(film):
        by_venue.setdefault(film.screenings[i].venue, []).append(i)
    city_order: list[Localized | None] = []
    for vid in by_venue:  # dict order is the order of each venue's first screening
        city = venues[vid].city if vid in venues else None
        if city not in city_order:
            city_order.append(city)
    groups = []
    for city in city_order:
        for vid, idx in by_venue.items():
            if (venues[vid].city if vid in venues else None) != city:
                continue
            rows = condense(film, idx) if condensed else condense(film, idx, min_run=len(idx) + 1)
            groups.append(Group(vid, city, tuple(rows)))
    return groups


def chronological(film: Film, condensed: bool = True) -> list[Row]:
    """All rows in date order, venues mixed (the ungrouped schedule)."""
    rows = [r for g in schedule(film, condensed) for r in g.rows]
    return sorted(rows, key=lambda r: (r.first, r.time, r.screenings[0]))


def cities(groups: list[Group]) -> list[Localized | None]:
    out: list[Localized | None] = []
    for g in groups:
        if g.city not in out:
            out.append(g.city)
    return out


def worth_grouping(groups: list[Group]) -> bool:
    """Headings pay only when there is more than one venue and some venue has several rows (a
    heading per row would just move the venue name up a line)."""
    return len(groups) > 1 and any(len(g.rows) > 1 for g in groups)


def shared_note(rows: tuple[Row, ...] | list[Row]) -> Localized | None:
    """The note every row has in common (printed once instead of on every row); None if they differ."""
    notes = {r.note for r in rows}
    return rows[0].note if len(rows) > 1 and len(notes) == 1 else None


def run_text(row: Row, lang: str) -> str:
    """A row as one phrase: "15–21 май, всеки ден 19:00", "16 март 17:30"."""
    when = day_range(row.first, row.last, lang)
    time = row.time.strftime("%H:%M")
    return f"{when}, {label('daily', lang)} {time}" if row.daily else f"{when} {time}"


def span_of(film: Film) -> tuple[dt.date, dt.date] | None:
    if not film.screenings:
        return None
    dates = [s.date for s in film.screenings]
    return min(dates), max(dates)
