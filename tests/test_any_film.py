"""Films of any shape: generated films go through compose for every product without a traceback
(a failure is always a fit problem with a hint), and the flyers hold the screenings they promise."""

from __future__ import annotations

import datetime as dt
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from printprog.batch import build_per_venue
from printprog.build import Job, Request, compose_job, layout_names, prepare
from printprog.diagnostics import InputError
from tests.conftest import page_texts
from tests.filmgen import films

FORMATS = layout_names()


@cache
def _layouts() -> dict[str, Job]:
    """Layouts, shop and fonts loaded once; each generated film is swapped in."""
    seed = Path(__file__).parent / "films" / "minimal.yaml"
    return {fmt: prepare(Request(fmt, seed, "bg", Path("unused"))) for fmt in FORMATS}


@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(films())
def test_generated_films_compose_or_say_what_to_change(text: str) -> None:
    import dataclasses

    from printprog.load import load_film

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "film.yaml"
        path.write_text(text, encoding="utf-8")
        film, fmap = load_film(path)
        for fmt, base in _layouts().items():
            job = dataclasses.replace(base, film=film, film_map=fmap)
            venues = [film.screenings[0].venue] if base.layout.per == "venue" else [None]
            for venue in venues:
                view = film if venue is None else film.model_copy(
                    update={"screenings": tuple(s for s in film.screenings if s.venue == venue)})
                try:
                    plan = compose_job(job, view, venue)
                except InputError as e:
                    for diag in e.diagnostics:
                        assert diag.hint, f"{fmt}: {diag.format()}"
                        assert diag.mark is not None, f"{fmt}: {diag.format()}"
                    continue
                assert plan.pages


def _film(tmp_path: Path, n: int, *, notes: bool = False) -> Path:
    """One venue with n screenings that cannot be condensed (the time changes every day)."""
    start = dt.date(2026, 10, 1)
    rows = []
    for i in range(n):
        note = ', note: {bg: с български субтитри, en: with English subtitles}' if notes and i % 3 == 0 else ""
        rows.append(f'  - {{date: {start + dt.timedelta(days=i)}, time: "{18 + i % 2}:{15 * (i % 3):02d}", '
                    f'venue: odeon{note}}}')
    text = ("title: {bg: Тест, en: Test}\nyear: 2026\nvenues:\n"
            "  - {id: odeon, name: {bg: Кино Одеон, en: Kino Odeon}, city: {bg: София, en: Sofia}}\n"
            "screenings:\n" + "\n".join(rows) + "\n")
    path = tmp_path / "film.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt, n", [("flyer-a5", 20), ("flyer-a6", 12), ("flyer-dl", 12)])
def test_the_front_of_a_flyer_holds_its_promised_screenings(tmp_path: Path, fmt: str, n: int) -> None:
    film = _film(tmp_path, n, notes=True)
    [done] = build_per_venue(Request(fmt, film, "bg", tmp_path / "out"), jobs=1).written
    assert done.pages == 1, f"{fmt} needs a back side for {n} screenings"
    text = page_texts(done.item.target)[0]
    for i in range(n):
        day = dt.date(2026, 10, 1) + dt.timedelta(days=i)
        assert f"{day.day}.{day.month:02d}" in text


@pytest.mark.parametrize("fmt", ["flyer-a5", "flyer-a6", "flyer-dl"])
def test_what_the_front_cannot_hold_goes_on_the_back(tmp_path: Path, fmt: str) -> None:
    n = 45
    film = _film(tmp_path, n)
    [done] = build_per_venue(Request(fmt, film, "bg", tmp_path / "out"), jobs=1).written
    assert done.pages == 2
    pages = page_texts(done.item.target)
    for i in range(n):  # every screening exactly once over the two sides
        day = dt.date(2026, 10, 1) + dt.timedelta(days=i)
        key = f" {day.day}.{day.month:02d} "
        assert sum(" ".join(p.split()).replace("\n", " ").count(key) for p in (" " + p + " " for p in pages)) == 1, key


def test_the_fifteen_venue_film_writes_a_flyer_per_venue(tmp_path: Path) -> None:
    film = Path(__file__).parent / "films" / "maximal.yaml"
    for fmt in ("flyer-a5", "flyer-dl"):
        result = build_per_venue(Request(fmt, film, "bg", tmp_path / fmt), jobs=1)
        assert len(result.written) == 15 and not result.failed


def test_a_schedule_too_long_for_the_product_says_where_to_split_it_and_the_split_builds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import re

    from printprog.cli import main

    film = _film(tmp_path, 150)
    args = ["build", "--format", "flyer-a6", "--per", "venue", "--data", str(film), "--jobs", "1"]
    assert main(args + ["--out", str(tmp_path / "all")]) == 1
    err = capsys.readouterr().err
    assert "venue odeon has 150 screenings; flyer-a6 holds" in err
    line = int(err.split("film.yaml:")[1].split(":")[0])
    assert "date: " in film.read_text(encoding="utf-8").splitlines()[line - 1]  # the first one left over
    until, since = re.search(r"--until (\S+), then --from (\S+)", err).groups()  # type: ignore[union-attr]
    assert main(args + ["--out", str(tmp_path / "one"), "--until", until]) == 0  # the hint is true
    held = int(err.split("flyer-a6 holds ")[1].split(" ")[0])
    pages = " ".join(page_texts(next(p for p in (tmp_path / "one").glob("*.pdf") if not p.name.startswith("job-sheet-"))))
    assert sum(1 for i in range(150) if f"{(dt.date(2026, 10, 1) + dt.timedelta(days=i)).day}."
               f"{(dt.date(2026, 10, 1) + dt.timedelta(days=i)).month:02d} " in pages + " ") == held
    assert not (tmp_path / "all").exists() or not list((tmp_path / "all").glob("*.pdf"))
    assert dt.date.fromisoformat(since) == dt.date.fromisoformat(until) + dt.timedelta(days=1)


def test_a_title_that_cannot_fit_is_reported_at_the_films_title(tmp_path: Path) -> None:
    text = ("title: {bg: " + "Лято" * 75 + ", en: Summer}\nyear: 2026\nvenues:\n  - {id: odeon, name: Кино Одеон}\n"
            "screenings:\n  - {date: 2026-10-01, time: \"19:00\", venue: odeon}\n")
    (tmp_path / "film.yaml").write_text(text, encoding="utf-8")
    job = prepare(Request("a4", tmp_path / "film.yaml", "bg", tmp_path / "out"))
    with pytest.raises(InputError) as e:
        compose_job(job)
    [d] = e.value.diagnostics
    assert d.path == "title.bg" and d.message.startswith("the title (300 letters) does not fit a4")
    assert d.mark is not None and d.mark.line == 1 and "shorten the title" in d.hint
