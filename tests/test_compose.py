"""Geometry of composed pages: regions, fitting, shrinking, overflow, laurels, glyph coverage."""

from __future__ import annotations

from pathlib import Path

import pytest

from printprog.build import Request, load_inputs
from printprog.compose import compose
from printprog.diagnostics import Collector
from printprog.lengths import mm
from printprog.plan import Path as PathItem
from printprog.plan import TextRun
from printprog.text.fonts import get_font
from printprog.text.typeset import run_width
from tests.conftest import DATA, ROOT
from tests.helpers_load import link_images


def _compose(data: Path = DATA, layout: str = "a4", lang: str = "bg"):  # type: ignore[no-untyped-def]
    (film, fm), (lay, lm), _ = load_inputs(Request(layout, data, lang))
    diags = Collector()
    plan = compose(film, lay, lang, fm, lm, diags)
    return plan, diags, lay


def _text_box(run: TextRun) -> tuple[float, float, float, float]:
    return (run.x, run.y - run.size * 0.8, run.x + run_width(run), run.y + run.size * 0.25)


@pytest.mark.parametrize("lang", ["bg", "ru", "en"])
def test_every_text_run_stays_inside_its_region_and_the_safe_zone(lang: str) -> None:
    plan, diags, layout = _compose(lang=lang)
    assert not diags.items
    for page in plan.pages:
        for pl in page.placements:
            x, y, w, h = pl.box
            for item in pl.items:
                if not isinstance(item, TextRun):
                    continue
                x0, _, x1, _ = _text_box(item)
                hang = item.size * 0.6 if pl.block == "quote" else 0.0  # hanging quote mark
                assert x - hang - 0.01 <= x0 and x1 <= x + w + 0.01, (pl.block, item.text)
                font = get_font(item.font)
                cap_top = item.y - font.cap_height * item.size / 1000
                ink_bottom = item.y + max(font.depth(c) for c in item.text) * item.size / 1000
                assert y - 0.01 <= cap_top and ink_bottom <= y + h + 0.01, (pl.block, item.text)
                assert layout.safe <= x0 + hang and x1 <= page.width - layout.safe


def test_placements_do_not_overlap_on_a_page() -> None:
    plan, _, _ = _compose()
    for page in plan.pages:
        used = [(pl.block, pl.used) for pl in page.placements if pl.block != "rule"]
        for i, (a, (ax, ay, aw, ah)) in enumerate(used):
            for b, (bx, by, bw, bh) in used[i + 1:]:
                overlap = ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah
                assert not overlap, f"{a} overlaps {b} on page {page.name}"


def test_title_is_set_huge_in_the_display_face() -> None:
    plan, _, _ = _compose()
    title = next(pl for pl in plan.pages[0].placements if pl.block == "title")
    biggest = max((i for i in title.items if isinstance(i, TextRun)), key=lambda r: r.size)
    from printprog.text.typeset import Face, localized

    bg_title = localized(Face("oswald/semibold", 10), "bg").font  # the face with Bulgarian forms
    assert biggest.text == "ЛЯТО" and biggest.font == bg_title and biggest.size >= 120


def test_laurels_are_vector_wreaths_around_their_text() -> None:
    plan, _, _ = _compose()
    laurels = next(pl for pl in plan.pages[0].placements if pl.block == "laurels")
    paths = [i for i in laurels.items if isinstance(i, PathItem)]
    texts = [i for i in laurels.items if isinstance(i, TextRun)]
    assert len(paths) == 2 * 4  # two awards × (two stems + two leaf groups)
    leaves = [p for p in paths if p.fill]
    assert all(sum(1 for s in p.segments if s[0] == "C") >= 30 for p in leaves)
    xs = [v for p in paths for s in p.segments for v in s[1::2]]
    for run in texts:
        assert min(xs) < run.x < max(xs)
    assert {t.text for t in texts} >= {"КАН", "2018"}


def _film_with(tmp_path: Path, old: str, new: str) -> Path:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "film.yaml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    link_images(tmp_path)
    return target


def test_shrink_fits_longer_text_within_min_size(tmp_path: Path) -> None:
    plan, _, _ = _compose()
    normal = next(pl for pl in plan.pages[0].placements if pl.block == "synopsis")
    size = max(i.size for i in normal.items if isinstance(i, TextRun) and i.font.startswith("source-serif"))
    longer = _film_with(tmp_path, "  bg: >-\n    Ленинград, едно лято", "  bg: >-\n    " + "Ленинград, едно лято в началото на осемдесетте. " * 3 + "Ленинград, едно лято")
    plan2, diags, _ = _compose(longer)
    assert not diags.items
    shrunk = next(pl for pl in plan2.pages[0].placements if pl.block == "synopsis")
    sizes = {i.size for i in shrunk.items if isinstance(i, TextRun) and i.font.startswith("source-serif")}
    assert 9 <= min(sizes) < size
    assert shrunk.used[3] <= shrunk.box[3] + 0.01


def test_text_that_cannot_fit_is_an_error_in_the_films_terms(tmp_path: Path) -> None:
    """A synopsis too long for the sheet is reported at the film's line, with how many words fit;
    following the hint makes the build pass."""
    from printprog.load import load_film

    anchor = "  bg: >-\n    Ленинград, едно лято"
    long = _film_with(tmp_path, anchor, "  bg: >-\n    " + "Ленинград, едно лято в началото на осемдесетте. " * 40
                      + "Ленинград, едно лято")
    full = load_film(long)[0].synopsis.get("bg")[0].split()
    _, diags, _ = _compose(long)
    [d] = diags.items
    assert d.path == "synopsis.bg"
    assert f"the synopsis ({len(full)} words) does not fit a4" in d.message
    assert "mm too tall at the minimum size 9 pt" in d.message
    assert d.mark is not None and d.mark.file.endswith("film.yaml")
    assert long.read_text(encoding="utf-8").splitlines()[d.mark.line - 1].strip() == "bg: >-"
    overflow = float(d.message.split(": ")[1].split(" mm")[0])
    assert 50 < overflow < 1000
    line = int(d.hint.split("a4.yaml:")[1].split(":")[0])
    assert "type: synopsis" in (ROOT / "layouts" / "a4.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    fits = int(d.hint.split("shorten it to about ")[1].split(" words")[0])
    assert 40 < fits < len(full)

    def with_words(n: int) -> Path:
        text = long.read_text(encoding="utf-8")
        start = text.index("  bg: >-\n") + len("  bg: >-\n")
        end = text.index("\n  ru:", start)
        (tmp_path / "film.yaml").write_text(text[:start] + "    " + " ".join(full[:n]) + text[end:], encoding="utf-8")
        return tmp_path / "film.yaml"

    assert not _compose(with_words(fits))[1].items, "the hint's word count must fit"
    assert _compose(with_words(fits + 4))[1].items


def test_missing_glyph_names_character_code_point_field_and_line(tmp_path: Path) -> None:
    bad = _film_with(tmp_path, "Ъндърграунд рок сцената кипи.", "Ъндърграунд рок ☃ сцената кипи.")
    _, diags, _ = _compose(bad)
    [d] = diags.items
    assert "'☃' (U+2603)" in d.message and "source-serif-4-bg/regular" in d.message
    assert d.path == "synopsis.bg"
    lines = bad.read_text(encoding="utf-8").splitlines()
    assert d.mark is not None and lines[d.mark.line - 1].strip() == "bg: >-"
    assert mm(1) > 0


def test_bulgarian_i_grave_is_covered_by_every_font() -> None:
    from printprog.text.fonts import catalogue, get_font

    for name in catalogue():
        font = get_font(name)
        assert all(font.has(c) for c in "ѝЍЀѐ„“«»—–№"), name
