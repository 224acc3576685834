"""The flyers' design rules, measured on composed pages: the QR code spans the date rows, the
table takes the QR's place where a venue has no site, the key art keeps its figures above the fade."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from printprog.build import Request, compose_job, prepare
from printprog.batch import venues_to_build
from printprog.compose.blocks.qr import MIN_SIZE, QUIET
from printprog.plan import DocumentPlan
from printprog.plan import Image as ImageItem
from printprog.plan import Path as PathItem
from printprog.plan import TextRun
from tests.conftest import DATA

FILMS = Path(__file__).parent / "films"
FLYERS = ("flyer-a5", "flyer-a6")  # the DL sets its code at the foot, beside the small print
# (film, venue with a site): one screening, several, and a long run
WITH_SITE = [(DATA, "kino-odeon"), (FILMS / "aga.yaml", "kino-odeon"), (FILMS / "dalgoto-lyato.yaml", "kino-odeon"),
             (FILMS / "urok.yaml", "kino-odeon")]


@cache
def _flyer(film: Path, fmt: str, venue: str, lang: str = "bg") -> DocumentPlan:
    job = prepare(Request(fmt, film, lang, Path("unused")))
    view, _ = venues_to_build(job, venue)
    view = view.model_copy(update={"screenings": tuple(s for s in view.screenings if s.venue == venue)})
    return compose_job(job, view, venue)


def _code_box(plan: DocumentPlan) -> tuple[float, float, float, float, float]:
    """The dark modules' extent (x0, y0, x1, y1) and the module's size."""
    [path] = [i for pl in plan.pages[0].placements if pl.block == "qr" for i in pl.items if isinstance(i, PathItem)]
    xs = [s[1] for s in path.segments if s[0] in ("M", "L")]
    ys = [s[2] for s in path.segments if s[0] in ("M", "L")]
    return min(xs), min(ys), max(xs), max(ys), path.segments[2][2] - path.segments[0][2]


@pytest.mark.parametrize("fmt", FLYERS)
@pytest.mark.parametrize("film,venue", WITH_SITE, ids=[f.stem for f, _ in WITH_SITE])
def test_the_qr_code_spans_the_date_rows(film: Path, venue: str, fmt: str) -> None:
    """Its top on the table's top; its foot on a baseline of the table when the table is tall
    enough for a readable code (else the code keeps its size, level with the table's top)."""
    plan = _flyer(film, fmt, venue)
    [table] = [pl for pl in plan.pages[0].placements if pl.block == "screenings" and pl.region == "screenings"]
    x0, y0, x1, y1, module = _code_box(plan)
    [qr] = [pl for pl in plan.pages[0].placements if pl.block == "qr"]
    assert abs(y0 - table.used[1]) < 0.01
    baselines = [i.y for i in table.items if isinstance(i, TextRun)]
    n = round((y1 - y0) / module) + 2 * QUIET  # modules a side, quiet zone included
    readable = [b for b in baselines if MIN_SIZE <= (b - y0) * n / (n - 2 * QUIET) <= qr.box[2]]
    if readable:  # a baseline low enough for a readable code, not larger than the region
        assert min(abs(y1 - b) for b in baselines) < 0.01
    else:  # the code keeps a readable size
        assert module * n >= MIN_SIZE - 0.01
    assert abs(x1 - (qr.box[0] + qr.box[2])) < 0.01  # the code's edge on the margin (the quiet zone beyond)
    assert x0 > table.used[0] + table.used[2]  # beside the table, never over it


@pytest.mark.parametrize("fmt", FLYERS)
def test_without_a_site_the_table_takes_the_codes_place(fmt: str) -> None:
    with_code = _flyer(DATA, fmt, "kino-odeon")
    without = _flyer(DATA, fmt, "dom-na-kinoto")
    assert not [pl for pl in without.pages[0].placements if pl.block == "qr" and pl.items]
    width = {k: next(pl.box[2] for pl in p.pages[0].placements if pl.region == "screenings")
             for k, p in (("with", with_code), ("without", without))}
    assert width["without"] > width["with"] + 20


@pytest.mark.parametrize("fmt", ("flyer-a5", "flyer-a6", "flyer-dl"))
def test_the_key_arts_focus_stands_in_the_clear_part_above_the_fade(fmt: str) -> None:
    """The focus point (the figures) in the middle of the part of the picture the fade leaves clear."""
    from printprog.load import load_film

    film = load_film(DATA)[0]
    plan = _flyer(DATA, fmt, "kino-odeon")
    [image] = [i for pl in plan.pages[0].placements if pl.block == "image" for i in pl.items
               if isinstance(i, ImageItem)]
    [art] = [pl for pl in plan.pages[0].placements if pl.block == "image"]
    fx, fy = film.images["keyart"].focus
    focus_y = image.y + fy * image.height
    clear = art.box[1] + art.box[3] * (1 - 0.45)  # the layouts fade the foot 45 % of the region
    top = max(art.box[1], image.clip[1])
    box_top, box_foot = image.clip[1], image.clip[1] + image.clip[3]
    middle = box_top + (box_foot - box_top) * (1 - 0.45) / 2  # of the clear part, bleed included
    # there, or as near as the picture's edges allow (it slid until its foot met the region's)
    assert abs(focus_y - middle) < 0.5 or (focus_y > middle and abs(image.y + image.height - box_foot) < 0.01)
    if fmt == "flyer-a5":  # room to slide: higher than the region's middle, where it stood before
        assert focus_y < (box_top + box_foot) / 2 - 1
