"""The schedule: grouping order and the condensing of daily runs, in every edition language."""

from __future__ import annotations

import datetime as dt

import pytest

from printprog.compose.schedule import chronological, condense, run_text, schedule, shared_note, worth_grouping
import functools

from printprog.build import Request, load_inputs
from printprog.load.film import Film, Screening, Venue
from tests.conftest import DATA

@functools.cache
def _base() -> Film:
    (film, _), _, _ = load_inputs(Request("a4", DATA, "bg"))
    return film


def film_with(venues: list[tuple[str, str, str | None]], screenings: list[dict]) -> Film:
    """venues as (id, name, city or None); screenings as film-file maps."""
    vs = tuple(Venue.model_validate({"id": i, "name": n, **({"city": c} if c else {})}) for i, n, c in venues)
    ss = tuple(Screening.model_validate(s) for s in screenings)
    return _base().model_copy(update={"venues": vs, "screenings": ss})


NOTE = {"bg": "с субтитри", "en": "subtitled", "ru": "с субтитрами"}


def _s(day: str, time: str, venue: str, note: dict | None = None) -> dict:
    return {"date": day, "time": time, "venue": venue, **({"note": note} if note else {})}


def test_groups_by_city_of_first_screening_then_venue_by_first_screening() -> None:
    film = film_with(
        [("a", "Кино А", "Варна"), ("b", "Кино Б", "София"), ("c", "Кино В", "Варна"), ("d", "Кино Г", None)],
        [_s("2019-03-20", "19:00", "a"), _s("2019-03-15", "19:00", "b"), _s("2019-03-16", "19:00", "c"),
         _s("2019-03-14", "18:00", "c"), _s("2019-03-17", "19:00", "d"), _s("2019-03-13", "21:00", "b")])
    groups = schedule(film)
    # София has the earliest screening (13th); in Варна, В (14th) before А (20th); no city last
    assert [g.venue for g in groups] == ["b", "c", "a", "d"]
    assert [film.screenings[r.screenings[0]].date.day for r in groups[0].rows] == [13, 15]
    assert sorted(i for g in groups for r in g.rows for i in r.screenings) == list(range(6))


@pytest.mark.parametrize("lang,text", [("bg", "15–21 май, всеки ден 19:00"), ("en", "15–21 May, daily 19:00"),
                                       ("ru", "15–21 мая, ежедневно 19:00")])
def test_a_daily_run_condenses_to_one_row(lang: str, text: str) -> None:
    days = [f"2019-05-{d}" for d in range(15, 22)]
    film = film_with([("a", "A", "X")], [_s(d, "19:00", "a", NOTE) for d in days])
    [group] = schedule(film)
    [row] = group.rows
    assert row.daily and len(row.screenings) == 7
    assert run_text(row, lang) == text


@pytest.mark.parametrize("lang,text", [("bg", "28 април – 2 май, всеки ден 19:00"),
                                       ("en", "28 April – 2 May, daily 19:00"),
                                       ("ru", "28 апреля – 2 мая, ежедневно 19:00")])
def test_a_run_across_months_names_both(lang: str, text: str) -> None:
    days = ["2019-04-28", "2019-04-29", "2019-04-30", "2019-05-01", "2019-05-02"]
    film = film_with([("a", "A", None)], [_s(d, "19:00", "a") for d in days])
    assert run_text(schedule(film)[0].rows[0], lang) == text


def test_runs_break_at_a_gap_a_new_time_a_new_note_or_a_second_screening() -> None:
    s = [_s(f"2019-05-{d}", "19:00", "a") for d in (1, 2, 3, 4)]  # run 1–4
    s += [_s("2019-05-05", "21:00", "a")]  # other time
    s += [_s(f"2019-05-{d}", "19:00", "a") for d in ("07", "08", "09")]  # run 7–9 after a gap
    s += [_s("2019-05-10", "19:00", "a", NOTE)]  # other note
    s += [_s(f"2019-05-{d}", "19:00", "a") for d in (11, 12)] + [_s("2019-05-12", "22:00", "a")]  # two on 12th
    s += [_s("2019-05-13", "19:00", "a")]
    film = film_with([("a", "A", None)], s)
    rows = schedule(film)[0].rows
    shape = [(r.first.day, r.last.day, r.time.hour) for r in rows]
    assert shape == [(1, 4, 19), (5, 5, 21), (7, 9, 19), (10, 10, 19), (11, 11, 19), (12, 12, 19), (12, 12, 22),
                     (13, 13, 19)]
    assert run_text(rows[1], "en") == "5 May 21:00"


def test_two_days_stay_two_rows_and_condense_can_be_off() -> None:
    film = film_with([("a", "A", None)], [_s(f"2019-05-0{d}", "19:00", "a") for d in (1, 2)])
    assert len(schedule(film)[0].rows) == 2
    film = film_with([("a", "A", None)], [_s(f"2019-05-0{d}", "19:00", "a") for d in (1, 2, 3)])
    assert len(schedule(film)[0].rows) == 1
    assert len(schedule(film, condensed=False)[0].rows) == 3


def test_grouping_pays_only_when_a_venue_has_several_rows() -> None:
    leto_like = film_with([("a", "A", "S"), ("b", "B", "S"), ("c", "C", "S")],
                          [_s("2019-03-16", "17:30", "a"), _s("2019-03-18", "20:30", "b"), _s("2019-03-25", "20:45", "c")])
    assert not worth_grouping(schedule(leto_like))
    assert [r.venue for r in chronological(leto_like)] == ["a", "b", "c"]
    more = film_with([("a", "A", "S"), ("b", "B", "S")],
                     [_s("2019-03-16", "17:30", "a"), _s("2019-03-18", "20:30", "a"), _s("2019-03-19", "20:30", "b")])
    assert worth_grouping(schedule(more))


def test_a_note_shared_by_every_row_is_found() -> None:
    film = film_with([("a", "A", None)], [_s("2019-05-01", "19:00", "a", NOTE), _s("2019-05-03", "19:00", "a", NOTE)])
    rows = schedule(film)[0].rows
    assert shared_note(rows) == rows[0].note is not None
    assert shared_note(rows[:1]) is None  # one row keeps its own note
