"""Posters: one design at four sizes, key art to the bleed, the billing block set like a film poster."""

from __future__ import annotations

import pytest

from printprog.build import Request, load_inputs
from printprog.compose import PrintSettings, compose
from printprog.diagnostics import Collector
from printprog.lengths import mm, pt
from printprog.plan import Image, TextRun
from printprog.text.fonts import get_font
from printprog.text.typeset import run_width
from tests.conftest import DATA, page_texts, words

SIZES = {"poster-a3": (297, 420), "poster-a2": (420, 594), "poster-b1": (707, 1000), "poster-70x100": (700, 1000)}
BLEED = pt(3)


def _plan(fmt: str, lang: str = "bg"):  # type: ignore[no-untyped-def]
    (film, fm), (layout, lm), _ = load_inputs(Request(fmt, DATA, lang))
    diags = Collector()
    plan = compose(film, layout, lang, fm, lm, diags, PrintSettings(BLEED, pt(5), True, 150))
    assert not diags.items, [d.format() for d in diags.items]
    return plan, layout


def _block(plan, kind: str):  # type: ignore[no-untyped-def]
    return next(pl for pl in plan.pages[0].placements if pl.block == kind)


def _cap(run: TextRun) -> float:
    return get_font(run.font).cap_height * run.size / 1000


@pytest.mark.parametrize("fmt", SIZES)
def test_trim_size_and_one_design_scaled(fmt: str) -> None:
    plan, layout = _plan(fmt)
    page = plan.pages[0]
    assert (round(mm(page.width)), round(mm(page.height))) == SIZES[fmt]
    # the same design: the title's place and size are the same fraction of the page at every size
    title = max((i for i in _block(plan, "title").items if isinstance(i, TextRun)), key=lambda r: r.size)
    assert title.text == "ЛЯТО"
    # sizes are steps of the type scale: the title is step 10 (A3 nudges the base up for 6 pt minimums)
    assert title.size == pytest.approx(layout.type_scale.base * layout.type_scale.ratio ** 10, rel=0.001)
    assert layout.type_scale.base / page.width == pytest.approx(0.0096 if fmt == "poster-a3" else 0.009)
    a2, _ = _plan("poster-a2")
    a2_title = max((i for i in _block(a2, "title").items if isinstance(i, TextRun)), key=lambda r: r.size)
    # A3's larger type scale makes its stacked head a little taller: the title sits a little lower
    assert title.y / page.height == pytest.approx(a2_title.y / a2.pages[0].height, rel=0.25 if fmt == "poster-a3" else 0.03)


@pytest.mark.parametrize("fmt", SIZES)
def test_key_art_covers_the_bleed_and_keeps_the_focus_in_view(fmt: str) -> None:
    plan, _ = _plan(fmt)
    page = plan.pages[0]
    [art] = [i for i in _block(plan, "image").items if isinstance(i, Image)]
    cx, cy, cw, ch = art.clip
    assert (cx, cy) == pytest.approx((-BLEED, -BLEED)) and (cw, ch) == pytest.approx((page.width + 2 * BLEED, page.height + 2 * BLEED))
    # the picture covers the clip completely
    assert art.x <= cx + 0.01 and art.y <= cy + 0.01
    assert art.x + art.width >= cx + cw - 0.01 and art.y + art.height >= cy + ch - 0.01
    # the focus point (0.536, 0.599) lies inside the visible area
    fx, fy = art.x + 0.536 * art.width, art.y + 0.599 * art.height
    assert cx < fx < cx + cw and cy < fy < cy + ch
    expected_ppi = 5032 / (art.width / 72)
    assert art.ppi == pytest.approx(expected_ppi)
    assert art.ppi >= (300 if fmt in ("poster-a3", "poster-a2") else 150)


@pytest.mark.parametrize("fmt", SIZES)
def test_billing_block_is_justified_condensed_and_sized_from_the_title(fmt: str) -> None:
    plan, layout = _plan(fmt)
    billing = _block(plan, "billing")
    runs = [i for i in billing.items if isinstance(i, TextRun)]
    x, _, width, _ = billing.box
    lines: dict[float, list[TextRun]] = {}
    for r in runs:
        lines.setdefault(round(r.y, 3), []).append(r)
    assert 3 <= len(lines) <= 8
    for line in lines.values():
        start, end = line[0].x, line[-1].x + run_width(line[-1])
        assert start == pytest.approx(x, abs=0.05) and end == pytest.approx(x + width, abs=0.3), "every line fills the measure"
        for r in line:
            assert 65 - 0.01 <= r.hscale <= 100 + 0.01
    names = [r for r in runs if r.font.endswith("/medium")]
    roles = [r for r in runs if r.font.endswith("/regular")]
    assert roles and max(r.size for r in roles) < 0.6 * min(r.size for r in names), "role words small, names large"
    title = max((i for i in _block(plan, "title").items if isinstance(i, TextRun)), key=lambda r: r.size)
    ratio = _cap(names[0]) / _cap(title)
    assert 0.2 <= ratio <= 1 / 3


def test_billing_order_companies_cast_crew_producers_director_last() -> None:
    plan, _ = _plan("poster-a2")
    text = " ".join(r.text.strip() for r in _block(plan, "billing").items if isinstance(r, TextRun))
    # the top-billed cast only (the block's cast_limit: 6 of Leto's 12)
    assert "ВАСИЛИЙ МИХАЙЛОВ" not in text and "НИКИТА ЕФРЕМОВ" not in text
    order = ["HYPE FILM", "KINOVISTA", "ПРЕДСТАВЯТ", "ТЕО Ю", "АЛЕКСАНДЪР КУЗНЕЦОВ", "СЦЕНАРИЙ", "МИХАИЛ ИДОВ",
             "ОПЕРАТОР", "МУЗИКА", "ПРОДУЦЕНТИ", "МУРАД ОСМАН", "РЕЖИСЬОР", "КИРИЛ СЕРЕБРЕНИКОВ"]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)
    assert text.endswith("КИРИЛ СЕРЕБРЕНИКОВ")


def test_poster_text_extracted_intact(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from printprog.build import build

    pdf = build(Request("poster-a3", DATA, "bg", tmp_path)).pdf
    text = words(page_texts(pdf)[0])
    for part in ("ЛЯТО", "ФИЛМ НА КИРИЛ СЕРЕБРЕНИКОВ", "„Серебреников показва, че рокендролът е бил истинско призвание.“",
                 "— ПИТЪР БРАДШОУ, THE GUARDIAN", "КАН", "ТЕО Ю", "ИРИНА СТАРШЕНБАУМ", "КИРИЛ СЕРЕБРЕНИКОВ",
                 "16 МАРТ", "СЪБОТА · 17:30 Ч.", "Дом на киното", "Lumière Lidl", "Кино Одеон"):
        assert part in text, part


def test_low_resolution_key_art_is_an_error_naming_the_file_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from printprog.build import load_inputs as li

    (film, fm), (layout, lm), _ = li(Request("poster-b1", DATA, "bg"))
    diags = Collector()
    compose(film, layout, "bg", fm, lm, diags, PrintSettings(BLEED, pt(5), True, 300))
    [d] = diags.items
    assert "ppi as placed" in d.message and "at least 300 ppi" in d.message
    assert d.path == "images.keyart.file"
    line = DATA.read_text(encoding="utf-8").splitlines()[d.mark.line - 1]
    assert "file: images/leto-keyart.jpg" in line
