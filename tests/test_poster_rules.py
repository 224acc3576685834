"""The poster rules of issue #9, measured on every corpus film at every poster size (bg and en).

Type sizes follow the viewing distance of each format class (counter card A3 at 1.5 m, lobby A2 at
2.5 m, street B1 and 70 × 100 at 5 m), not the page width; the title spans 60–75 % of the width; the
laurels put the festival's name first and largest; the billing block keeps one-sheet order and never
sets two role words in a row.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from printprog.build import Request, compose_job, prepare
from printprog.plan import DocumentPlan, Placement, Rect, TextRun
from printprog.text.typeset import run_width

FILMS = sorted((Path(__file__).parent / "films").glob("*.yaml")) + [Path(__file__).parents[1] / "data" / "leto.yaml"]
POSTERS = ("poster-a3", "poster-a2", "poster-b1", "poster-70x100")
# the least size of a date on each format, and of any text but the billing block's (read close up)
DATE_FLOOR = {"poster-a3": 14.0, "poster-a2": 20.0, "poster-b1": 36.0, "poster-70x100": 36.0}
TEXT_FLOOR = {"poster-a3": 9.0, "poster-a2": 9.0, "poster-b1": 12.0, "poster-70x100": 12.0}
CASES = [(f, fmt, lang) for f in FILMS for fmt in POSTERS for lang in ("bg", "en")]


@cache
def _plan(film: Path, fmt: str, lang: str) -> DocumentPlan:
    return compose_job(prepare(Request(fmt, film, lang, Path("unused"))))


def _placements(plan: DocumentPlan, kind: str) -> list[Placement]:
    return [pl for pl in plan.pages[0].placements if pl.block == kind and pl.items]


def _runs(pl: Placement) -> list[TextRun]:
    return [i for i in pl.items if isinstance(i, TextRun) and i.text.strip()]


@pytest.mark.parametrize("film, fmt, lang", CASES, ids=[f"{f.stem}-{fmt}-{lang}" for f, fmt, lang in CASES])
def test_poster_hierarchy_and_reading_sizes(film: Path, fmt: str, lang: str) -> None:
    plan = _plan(film, fmt, lang)
    page = plan.pages[0]
    [title] = _placements(plan, "title")
    runs = _runs(title)
    big = max(r.size for r in runs)
    lines = [r for r in runs if r.size == big]
    span = (max(r.x + run_width(r) for r in lines) - min(r.x for r in lines)) / page.width
    assert 0.60 <= span <= 0.75, f"the title spans {span:.0%} of the width"
    everything = [r for pl in page.placements for r in _runs(pl)]
    assert big == max(r.size for r in everything), "the title is the largest type"
    for pl in page.placements:
        if pl.block != "billing":
            for r in _runs(pl):
                assert r.size >= TEXT_FLOOR[fmt] - 0.01, f"{pl.block}: {r.text!r} at {r.size:.1f} pt"
    [strip] = _placements(plan, "strip")
    assert max(r.size for r in _runs(strip)) >= DATE_FLOOR[fmt], "dates are read from afar"


@pytest.mark.parametrize("film, fmt, lang", CASES, ids=[f"{f.stem}-{fmt}-{lang}" for f, fmt, lang in CASES])
def test_laurels_name_the_festival_largest_and_billing_never_doubles_role_words(film: Path, fmt: str, lang: str) -> None:
    plan = _plan(film, fmt, lang)
    for pl in _placements(plan, "laurels"):
        runs = _runs(pl)
        fest = [r for r in runs if r.font.startswith("sofia-sans/bold")]
        cat = [r for r in runs if r.font.startswith("source-serif")]
        year = [r for r in runs if r.text.strip().isdigit()]
        assert fest and min(r.size for r in fest) > max(r.size for r in cat) > max(r.size for r in year) - 0.01
    for pl in _placements(plan, "billing"):
        runs = _runs(pl)
        names = sorted({r.y for r in runs if not r.font.endswith("/medium")})
        for y in names:  # each line: a role stack (medium face, one or two lines) counts once
            row = sorted((r for r in runs if min(names, key=lambda n: abs(n - r.y)) == y), key=lambda r: r.x)
            seq: list[tuple[str, float]] = []
            for r in row:
                kind = "role" if r.font.endswith("/medium") else "name"
                mid = r.x + run_width(r) / 2
                if seq and kind == seq[-1][0] == "role" and abs(seq[-1][1] - mid) < 0.3 * r.size:
                    continue  # the second line of the same stack
                seq.append((kind, mid))
            kinds = [k for k, _ in seq]
            assert ("role", "role") not in zip(kinds, kinds[1:]), f"two role words in a row: {[r.text for r in row]}"


@pytest.mark.parametrize("fmt", POSTERS)
def test_large_dark_field_is_rich_black_only_where_the_shop_allows(fmt: str) -> None:
    plain = Path(__file__).parent / "films" / "minimal.yaml"  # no key art: the type-led page
    from printprog.compose import compose

    for shop, tac, rich in (("default", 300, True), ("default", 230, False)):
        from dataclasses import replace

        from printprog.diagnostics import Collector

        job = prepare(Request(fmt, plain, "bg", Path("unused"), shop=shop))
        plan = compose(job.film, job.layout, "bg", job.film_map, job.layout_map, Collector(),
                       replace(job.settings, tac=tac))
        [field] = [i for pl in _placements(plan, "fill") for i in pl.items if isinstance(i, Rect)]
        assert (field.fill == (0.6, 0.4, 0.4, 1.0)) is rich
        assert field.fill[3] == 1.0


def test_small_white_type_on_rich_black_gets_a_keepaway_in_k_only() -> None:
    from printprog.build import finish_job

    job = prepare(Request("poster-a3", Path(__file__).parent / "films" / "minimal.yaml", "bg", Path("unused")))
    plan = compose_job(job)
    runs = [r for pl in plan.pages[0].placements for r in _runs(pl)]
    small = [r for r in runs if r.size < 12]
    assert small and all(r.keepaway > 0 for r in small) and not any(r.keepaway for r in runs if r.size >= 12)
    import pikepdf

    pdf = pikepdf.open(__import__("io").BytesIO(finish_job(job, plan)))
    ops = pikepdf.parse_content_stream(pdf.pages[0])
    modes = [(str(op), [float(x) for x in operands]) for operands, op in ops if str(op) in ("Tr", "K")]
    assert ("Tr", [1.0]) in modes and ("K", [0.0, 0.0, 0.0, 1.0]) in modes, "stroked in 100 % K before the fill"
    # a poster on plain K has no keepaway
    keyart = compose_job(prepare(Request("poster-a3", Path(__file__).parents[1] / "data" / "leto.yaml", "bg", Path("u"))))
    assert not any(r.keepaway for pl in keyart.pages[0].placements for r in _runs(pl))


@pytest.mark.parametrize("film, fmt, lang", CASES, ids=[f"{f.stem}-{fmt}-{lang}" for f, fmt, lang in CASES])
def test_the_tagline_is_balanced(film: Path, fmt: str, lang: str) -> None:
    plan = _plan(film, fmt, lang)
    for pl in _placements(plan, "quote"):
        runs = _runs(pl)
        big = max(r.size for r in runs)
        lines: dict[float, float] = {}
        for r in runs:
            if r.size == big:  # the quote itself, not its attribution
                lines[round(r.y, 1)] = lines.get(round(r.y, 1), 0.0) + run_width(r)
        widths = list(lines.values())
        if len(widths) > 1:
            assert min(widths) >= 0.6 * max(widths), f"lines of {[round(w) for w in widths]} pt"
