"""The A4 programme's design rules, measured on composed pages of Leto and the corpus films
(DESIGN.md §4 PT-8: the baseline grid)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from printprog.build import Request, load_inputs
from printprog.compose import compose
from printprog.diagnostics import Collector
from printprog.plan import DocumentPlan, TextRun
from tests.conftest import DATA

FILMS = [DATA, *sorted((Path(__file__).parent / "films").glob("*.yaml"))]
CASES = [(f, lang) for f in FILMS for lang in ("bg", "en", "ru")]
BODY = ("synopsis", "quote", "credits", "cast")  # body text: the synopsis, the review, credits, cast


@cache
def _a4(film: Path, lang: str) -> tuple[DocumentPlan, float, float, frozenset[tuple[str, float]]]:
    (f, fm), (lay, lm), _ = load_inputs(Request("a4", film, lang))
    diags = Collector()
    plan = compose(f, lay, lang, fm, lm, diags)
    assert not diags.items, [d.message for d in diags.items]
    assert lay.baseline is not None
    full = frozenset((_family(s.font), round(s.size, 2)) for s in lay.styles.values())
    return plan, lay.baseline.origin, lay.baseline.increment, full


def _family(font: str) -> str:
    """The layout's font name of a run set in a language's letterform copy (source-serif-4-bg/regular)."""
    family, _, style = font.partition("/")
    return f"{family.removesuffix('-bg').removesuffix('-ru')}/{style}"


def _off_grid(y: float, origin: float, inc: float) -> float:
    off = (y - origin) % inc
    return min(off, inc - off)


@pytest.mark.parametrize("film,lang", CASES, ids=[f"{f.stem}-{lang}" for f, lang in CASES])
def test_pt8_body_lines_sit_on_the_baseline_grid(film: Path, lang: str) -> None:
    """Every line of the synopsis, review, credits and cast at its style's size sits on the grid;
    only a text too long for the grid at any size (it shrank below its style) leaves it."""
    plan, origin, inc, full = _a4(film, lang)
    blocks = [pl for pg in plan.pages for pl in pg.placements if pl.block in BODY and pl.region != "pull"]
    runs = [(pl.block, i) for pl in blocks for i in pl.items if isinstance(i, TextRun) and i.text.strip()]
    assert runs or film.stem == "minimal"
    bad = [(b, r.text[:20], round(_off_grid(r.y, origin, inc), 2)) for b, r in runs
           if _off_grid(r.y, origin, inc) >= 0.01 and (_family(r.font), round(r.size, 2)) in full]
    assert not bad
    if film == DATA:  # Leto is set at full size: nothing leaves the grid
        assert all(_off_grid(r.y, origin, inc) < 0.01 for _, r in runs)


@pytest.mark.parametrize("film,lang", CASES[:3], ids=["leto-bg", "leto-en", "leto-ru"])
def test_pt8_columns_side_by_side_share_the_grid(film: Path, lang: str) -> None:
    """The synopsis and the credits beside it: their first lines on grid lines, a whole number of steps apart."""
    plan, origin, inc, _ = _a4(film, lang)
    front = plan.pages[0]
    firsts = {pl.block: min(i.y for i in pl.items if isinstance(i, TextRun)) for pl in front.placements
              if pl.block in ("synopsis", "credits") and pl.items}
    assert set(firsts) == {"synopsis", "credits"}
    assert all(_off_grid(y, origin, inc) < 0.01 for y in firsts.values())


def _runs(plan: DocumentPlan, page: int, block: str, region: str | None = None) -> list[TextRun]:
    return [i for pl in plan.pages[page].placements if pl.block == block and (region is None or pl.region == region)
            for i in pl.items if isinstance(i, TextRun) and i.text.strip()]


@pytest.mark.parametrize("lang", ["bg", "en", "ru"])
def test_laurels_start_on_a_grid_line(lang: str) -> None:
    plan, origin, inc, _ = _a4(DATA, lang)
    [laurels] = [pl for pl in plan.pages[0].placements if pl.block == "laurels"]
    assert laurels.items and _off_grid(laurels.used[1], origin, inc) < 0.01


@pytest.mark.parametrize("lang", ["bg", "en", "ru"])
def test_table_rows_share_one_baseline_and_the_clock_word_is_smaller(lang: str) -> None:
    """Day, weekday, time and venue of a row on one baseline; "ч." after the time at ~70 % of the digits."""
    plan, *_ = _a4(DATA, lang)
    runs = _runs(plan, 0, "screenings")
    days = [r for r in runs if r.text.strip().isdigit() and len(r.text.strip()) == 2]
    assert len(days) == 3
    for day in days:
        line = {r.text.strip(): r for r in runs if abs(r.y - day.y) < 0.01}
        clock = next(r for r in runs if ":" in r.text and abs(r.x - min(x.x for x in runs if ":" in x.text)) < 0.01
                     and abs(r.y - day.y) < 0.01)
        venue = [r for r in runs if r.x > clock.x + 20 and abs(r.y - day.y) < 0.01]
        assert clock and venue, line  # time and venue on the day's baseline
        words = [r for r in runs if abs(r.y - day.y) < 0.01 and r.font == clock.font and r.size < clock.size]
        if lang == "bg":
            [word] = words
            assert word.text.strip() == "ч." and 0.6 <= word.size / clock.size <= 0.8
        else:
            assert not words


def test_the_time_column_does_not_move_with_the_weekday() -> None:
    """A fixed grid: the time stands at the same x whether the weekday is "събота" or "понеделник"."""
    from printprog.build import compose_job, prepare
    from printprog.batch import venues_to_build

    job = prepare(Request("flyer-a5", DATA, "bg", Path("unused")))
    xs = set()
    for venue in ("dom-na-kinoto", "kino-odeon"):  # Saturday, Monday
        film, _ = venues_to_build(job, venue)
        view = film.model_copy(update={"screenings": tuple(s for s in film.screenings if s.venue == venue)})
        runs = [i for pl in compose_job(job, view, venue).pages[0].placements if pl.block == "screenings"
                for i in pl.items if isinstance(i, TextRun) and ":" in i.text]
        xs.add(round(runs[0].x, 2))
    assert len(xs) == 1


@pytest.mark.parametrize("film", [f for f in FILMS if f.stem in ("maximal", "dalgoto-lyato", "strandzha")],
                         ids=lambda f: f.stem)
def test_groups_are_spaced_at_least_twice_their_rows(film: Path) -> None:
    """Between venues' groups (and between days) at least twice the space between rows of one group (one day)."""
    from printprog.compose.blocks import screenings
    from printprog.compose.context import Context

    for fmt in ("a4", "flyer-a5"):
        (f, fm), (lay, lm), _ = load_inputs(Request(fmt, film, "bg"))
        ctx = Context(f, lay, "bg", fm, lm)
        block = next(b for b in lay.pages[0].blocks if b.type == "screenings")
        for arr in (block, *block.alternates):
            bld = screenings._Builder(arr, ctx)
            stack, _, _ = bld.stack(300.0)
            es = bld.es
            inside = [stack.gap[k] for k in range(1, len(es)) if es[k].kind == "row" and es[k - 1].kind == "row"
                      and es[k].row.first == es[k - 1].row.first]  # type: ignore[union-attr]
            days = [stack.gap[k] for k in range(1, len(es)) if es[k].kind == "row" and es[k - 1].kind == "row"
                    and es[k].row.first != es[k - 1].row.first]  # type: ignore[union-attr]
            heads = [stack.gap[k] for k in range(1, len(es)) if es[k].kind == "head"]
            for between, within in ((days, inside), (heads, inside + days)):
                if between and within:
                    assert min(between) >= 2 * max(within) - 0.01


@pytest.mark.parametrize("lang", ["bg", "en", "ru"])
def test_cast_characters_stand_in_one_column_beside_the_actors(lang: str) -> None:
    plan, *_ = _a4(DATA, lang)
    page = next(k for k, pg in enumerate(plan.pages) if any(pl.block == "cast" and pl.items for pl in pg.placements))
    runs = _runs(plan, page, "cast")
    chars = [r for r in runs if "light" in r.font]
    assert len(chars) == 3  # Leto names three characters
    assert len({round(r.x, 2) for r in chars}) == 1  # aligned
    names = [r for r in runs if r.size == chars[0].size and "light" not in r.font]
    assert len({round(r.x, 2) for r in names}) == 2  # twelve actors: two columns
    assert all(any(n.x + 1 < c.x for n in names if abs(n.y - c.y) < 0.01) for c in chars)  # beside its actor


def _words(runs: list[TextRun]) -> str:
    return " ".join(" ".join(r.text for r in sorted(runs, key=lambda r: (r.x > 300, r.y, r.x))).split())


@pytest.mark.parametrize("lang", ["bg", "en", "ru"])
def test_the_pull_quote_is_not_repeated_in_the_review_below_it(lang: str) -> None:
    from printprog.load.film import Film  # noqa: F401  (the film's own short form, in the review's language)

    plan, *_ = _a4(DATA, lang)
    (film, _), _, _ = load_inputs(Request("a4", DATA, lang))
    q = film.quotes[0]
    review = _words(_runs(plan, 1, "quote", "quote"))
    assert "[…]" in review
    for short in {q.short.get(lang)[0], q.short.get(q.lang)[0]}:  # type: ignore[union-attr]
        assert " ".join(short.split()) not in review


@pytest.mark.parametrize("lang", ["bg", "en", "ru"])
def test_the_review_is_set_in_two_balanced_columns(lang: str) -> None:
    plan, origin, inc, _ = _a4(DATA, lang)
    runs = _runs(plan, 1, "quote", "quote")
    body = [r for r in runs if r.font.startswith("source-serif")]
    xs = sorted({round(r.x) for r in body})
    left = [r for r in body if r.x < 300]
    right = [r for r in body if r.x >= 300]
    assert left and right and xs
    span = [max(r.y for r in col) - min(r.y for r in col) for col in (left, right)]
    assert abs(span[0] - span[1]) <= 2 * inc + 0.01  # within a line and a paragraph gap
    assert abs(min(r.y for r in left) - min(r.y for r in right)) < 0.01  # both columns start on one line
    # PT-7: no line of a paragraph alone at the foot of the first column or the top of the second
    ys1, ys2 = sorted({round(r.y, 2) for r in left}), sorted({round(r.y, 2) for r in right})
    assert abs(ys1[-1] - ys1[-2] - inc) < 0.01 and abs(ys2[1] - ys2[0] - inc) < 0.01


def test_a_back_is_printed_for_press_and_cast_not_for_a_ticket_code_alone() -> None:
    """Urok has no press quotes (its cast joins the front) but a venue with a site: one side."""
    plan, *_ = _a4(FILMS[[f.stem for f in FILMS].index("urok")], "bg")
    assert [pg.name for pg in plan.pages] == ["front"]
    assert any(pl.block == "cast" and pl.items for pl in plan.pages[0].placements)


def test_a_film_with_a_quote_but_no_cast_prints_one_side_with_the_quote_on_the_front() -> None:
    from printprog.build import Request, compose_job, prepare
    from printprog.plan import TextRun

    film = Path(__file__).parent / "films" / "strandzha.yaml"  # one press quote, no cast
    plan = compose_job(prepare(Request("a4", film, "bg", Path("unused"))))
    assert [p.name for p in plan.pages] == ["front"], "a back with only a quote is not worth a second side"
    text = " ".join(r.text for pl in plan.pages[0].placements if pl.block == "quote"
                    for r in pl.items if isinstance(r, TextRun))
    assert "търпелив" in text
