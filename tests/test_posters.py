"""Posters: one design at four sizes, key art to the bleed, the billing block set like a film poster."""

from __future__ import annotations

import pytest

from printprog.build import Request, load_inputs
from printprog.compose import PrintSettings, compose
from printprog.diagnostics import Collector
from printprog.lengths import mm, pt
from printprog.plan import Image, Rect, TextRun
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


def _lines(runs: list[TextRun]) -> dict[float, list[TextRun]]:
    """Runs by baseline of their line: role words stacked around a name's middle join its line."""
    names = sorted({round(r.y, 2) for r in runs if not r.font.endswith(ROLE_FONT)})
    out: dict[float, list[TextRun]] = {}
    for r in runs:
        base = min(names, key=lambda y: abs(y - r.y) if r.y <= y + 0.01 else 1e9)
        out.setdefault(base, []).append(r)
    return {y: sorted(line, key=lambda r: r.x) for y, line in sorted(out.items())}


ROLE_FONT = "/medium"  # the layout's billing-role face (names: light, the title: bold)


def _ink(pl) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    runs = [i for i in pl.items if isinstance(i, TextRun) and i.text.strip()]
    return min(r.x for r in runs), max(r.x + run_width(r) for r in runs)


@pytest.mark.parametrize("fmt", SIZES)
def test_title_spans_60_to_75_percent_of_the_width_and_laurels_follow_it(fmt: str) -> None:
    plan, layout = _plan(fmt)
    page = plan.pages[0]
    assert (round(mm(page.width)), round(mm(page.height))) == SIZES[fmt]
    title = _block(plan, "title")
    big = max((i for i in title.items if isinstance(i, TextRun)), key=lambda r: r.size)
    assert big.text == "ЛЯТО"
    x0, x1 = _ink(title)
    assert 0.60 <= (x1 - x0) / page.width <= 0.75
    # the title is the largest type; the laurels come right after it (nothing between), then the billing
    others = [i for pl in page.placements if pl.block != "title" for i in pl.items if isinstance(i, TextRun)]
    assert big.size > 2 * max(r.size for r in others)
    order = [pl.block for pl in sorted((pl for pl in page.placements if pl.items and pl.block not in ("fill", "image")),
                                       key=lambda pl: min(i.y for i in pl.items if isinstance(i, TextRun)))]
    assert order[-4:] == ["title", "laurels", "billing", "strip"], order


@pytest.mark.parametrize("fmt", SIZES)
def test_key_art_above_a_black_band_and_keeps_the_focus_in_view(fmt: str) -> None:
    plan, _ = _plan(fmt)
    page = plan.pages[0]
    [band] = [i for i in _block(plan, "fill").items if isinstance(i, Rect)]
    assert (band.x, band.y, band.width, band.height) == pytest.approx((-BLEED, -BLEED, page.width + 2 * BLEED,
                                                                       page.height + 2 * BLEED))
    assert band.fill == (0, 0, 0, 1), "the band under small reversed type is 100 % K, never a rich black"
    [art] = [i for i in _block(plan, "image").items if isinstance(i, Image)]
    cx, cy, cw, ch = art.clip
    assert (cx, cy, cw) == pytest.approx((-BLEED, -BLEED, page.width + 2 * BLEED))
    billing = _block(plan, "billing")
    assert cy + ch < billing.box[1], "the picture ends above the billing block"
    clear, black = art.fade[0]
    assert clear < black < (billing.box[1] - art.y) / art.height, "the picture fades into the band, black above its end"
    fx, fy = art.x + 0.536 * art.width, art.y + 0.599 * art.height
    assert cx < fx < cx + cw and cy < fy < cy + ch
    assert art.ppi == pytest.approx(5032 / (art.width / 72))


@pytest.mark.parametrize("fmt", SIZES)
def test_billing_block_one_sheet_style(fmt: str) -> None:
    plan, _ = _plan(fmt)
    page = plan.pages[0]
    billing = _block(plan, "billing")
    runs = [i for i in billing.items if isinstance(i, TextRun)]
    x, _, width, _ = billing.box
    names = [r for r in runs if r.font.endswith("/light")]
    roles = [r for r in runs if r.font.endswith(ROLE_FONT)]
    assert names and roles and all("extra-condensed" in r.font for r in runs)
    # about 3 % of the poster's height, about as wide as the title
    top = min(r.y - _cap(r) for r in runs)
    bottom = max(r.y for r in runs)
    assert 0.015 <= (bottom - top) / page.height <= 0.05
    t0, t1 = _ink(_block(plan, "title"))
    assert 0.85 <= width / (t1 - t0) <= 1.25
    lines = _lines(runs)
    widths = []
    for line in lines.values():
        start, end = min(r.x for r in line), max(r.x + run_width(r) for r in line)
        assert start >= x - 0.05 and end <= x + width + 0.05, "no line overflows the block"
        widths.append(end - start)
        for r in line:
            assert 70 - 0.01 <= r.hscale <= 100 + 0.01
        # a role word never touches the name before it
        kinds = [(r.font.endswith(ROLE_FONT), r) for r in line]
        for (was_role, a), (is_role, b) in zip(kinds, kinds[1:]):
            if is_role and not was_role and abs(b.x - a.x) > 0.01:
                assert b.x - (a.x + run_width(a)) > 0.15 * a.size
    assert max(widths[:-1] or widths) - min(widths[:-1] or widths) <= 0.03 * width, "lines of one width"
    # role words: two small lines about as tall as the names' capitals (BB-9), at least half their cap
    name_cap = _cap(names[0])
    for r in roles:
        assert 0.4 * name_cap <= _cap(r) <= 0.6 * name_cap
    stacked = {}
    for r in roles:
        stacked.setdefault(round(r.x + run_width(r) / 2, 1), []).append(r)
    assert any(len(v) == 2 for v in stacked.values()) or plan.lang != "en"


def test_billing_roles_stack_in_english_and_none_follows_another() -> None:
    plan, _ = _plan("poster-a2", "en")
    runs = [i for i in _block(plan, "billing").items if isinstance(i, TextRun)]
    roles = [r for r in runs if r.font.endswith(ROLE_FONT)]
    texts = {r.text.strip() for r in roles}
    assert {"DIRECTED", "BY", "MUSIC"} <= texts
    assert "STARRING" not in texts, "'present' is not followed by a second role word"
    directed = next(r for r in roles if r.text.strip() == "DIRECTED")
    by = [r for r in roles if r.text.strip() == "BY" and abs((r.x + run_width(r) / 2) - (directed.x + run_width(directed) / 2)) < 0.5]
    assert by and by[0].y > directed.y, "DIRECTED over BY"


def test_billing_order_companies_cast_title_crew_producers_screenplay_director_last() -> None:
    plan, _ = _plan("poster-a2")
    lines = _lines([r for r in _block(plan, "billing").items if isinstance(r, TextRun)])
    text = " ".join(r.text.strip() for line in lines.values() for r in sorted(line, key=lambda r: (r.x, r.y)))
    # the top-billed cast only (the block's cast_limit: 6 of Leto's 12)
    assert "ВАСИЛИЙ МИХАЙЛОВ" not in text and "НИКИТА ЕФРЕМОВ" not in text
    order = ["HYPE FILM", "KINOVISTA", "ПРЕДСТАВЯТ", "ТЕО Ю", "АЛЕКСАНДЪР КУЗНЕЦОВ", "ЛЯТО", "МУЗИКА", "ОПЕРАТОР",
             "ПРОДУЦЕНТИ", "МУРАД ОСМАН", "СЦЕНАРИЙ", "МИХАИЛ ИДОВ", "РЕЖИСЬОР", "КИРИЛ СЕРЕБРЕНИКОВ"]
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


@pytest.mark.parametrize("phrase, lines", [
    ("DIRECTED BY", ("DIRECTED", "BY")),
    ("DIRECTOR OF PHOTOGRAPHY", ("DIRECTOR OF", "PHOTOGRAPHY")),
    ("РЕЖИСЬОР", ("РЕЖИСЬОР",)),
    ("ХУДОЖНИК-ПОСТАНОВЧИК", ("ХУДОЖНИК-", "ПОСТАНОВЧИК")),
    ("ИЗПЪЛНИТЕЛНИ ПРОДУЦЕНТИ", ("ИЗПЪЛНИТЕЛНИ", "ПРОДУЦЕНТИ")),
])
def test_role_words_stack_in_two_balanced_lines(phrase: str, lines: tuple[str, ...]) -> None:
    from printprog.compose.blocks.billing import stacked

    assert stacked(phrase) == lines
