"""Every corpus film (tests/films/) builds every product, in every edition, with no layout edits.

Plans are composed once per (film, format, language) in this process (fonts loaded once); the
PDFs of every product are then rendered, finished and preflighted, as a build does.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from printprog.build import Job, Request, compose_job, layout_names, prepare
from printprog.plan import DocumentPlan, Image, Rect

FILMS = sorted((Path(__file__).parent / "films").glob("*.yaml"))
FORMATS = layout_names()
LANGS = {"a4": ("bg", "en", "ru")}  # every product in bg and en; the A4 in ru too


def _langs(fmt: str) -> tuple[str, ...]:
    return LANGS.get(fmt, ("bg", "en"))


CASES = [(film, fmt, lang) for film in FILMS for fmt in FORMATS for lang in _langs(fmt)]


@cache
def _job(film: Path, fmt: str, lang: str) -> Job:
    return prepare(Request(fmt, film, lang, Path("unused")))


def _venues(job: Job) -> list[str | None]:
    if job.layout.per != "venue":
        return [None]
    return sorted({s.venue for s in job.film.screenings})


def _view(job: Job, venue: str | None):  # type: ignore[no-untyped-def]
    if venue is None:
        return job.film
    return job.film.model_copy(update={"screenings": tuple(s for s in job.film.screenings if s.venue == venue)})


@cache
def _plans(film: Path, fmt: str, lang: str) -> tuple[tuple[str | None, DocumentPlan], ...]:
    job = _job(film, fmt, lang)
    return tuple((v, compose_job(job, _view(job, v), v)) for v in _venues(job))


def test_the_corpus_spans_the_range() -> None:
    assert len(FILMS) >= 8


@pytest.mark.parametrize("film, fmt, lang", CASES, ids=[f"{f.stem}-{fmt}-{lang}" for f, fmt, lang in CASES])
def test_every_product_composes(film: Path, fmt: str, lang: str) -> None:
    plans = _plans(film, fmt, lang)
    for venue, plan in plans:
        assert plan.pages, f"{venue}: no pages"
        for page in plan.pages:
            _no_overlaps(page, f"{film.stem} {fmt} {lang} {venue or ''} {page.name}")


def _no_overlaps(page, where: str) -> None:  # type: ignore[no-untyped-def]
    """No two blocks' content boxes overlap (pictures and their backgrounds lie under text by design)."""
    boxes = [(pl.region, pl.used) for pl in page.placements
             if pl.items and not all(isinstance(i, (Image, Rect)) for i in pl.items) and pl.block != "rule"]
    for i, (ra, (ax, ay, aw, ah)) in enumerate(boxes):
        for rb, (bx, by, bw, bh) in boxes[i + 1:]:
            overlap_x = min(ax + aw, bx + bw) - max(ax, bx)
            overlap_y = min(ay + ah, by + bh) - max(ay, by)
            assert overlap_x <= 0.5 or overlap_y <= 0.5, f"{where}: {ra} and {rb} overlap"


def test_every_screening_is_printed_once_in_the_a4() -> None:
    """Across the front and its continuation on the back, each screening's time appears."""
    from tests.conftest import page_texts

    from printprog.build import finish_job

    for film in FILMS:
        job = _job(film, "a4", "en")
        (_, plan), = _plans(film, "a4", "en")
        text = " ".join(page_texts(finish_job(job, plan)))
        for s in job.film.screenings:
            assert s.time.strftime("%H:%M") in text, f"{film.stem}: {s.date} {s.time} missing"


@pytest.mark.parametrize("film", FILMS, ids=[f.stem for f in FILMS])
def test_every_product_passes_preflight(film: Path) -> None:
    """Rendered, finished as PDF/X and checked by the same preflight a build runs."""
    from printprog.build import finish_job, preflight

    failures = []
    for fmt in FORMATS:
        for lang in _langs(fmt):
            job = _job(film, fmt, lang)
            for venue, plan in _plans(film, fmt, lang):
                report = preflight(job, finish_job(job, plan))
                if not report.ok:
                    failures.append(f"{fmt} {lang} {venue}: {report.format_text()}")
    assert not failures, "\n".join(failures)
