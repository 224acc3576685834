"""Line breaking, justification, hyphenation and kerning measured on plans, not pixels."""

from __future__ import annotations

import pytest

from printprog.text.fonts import get_font
from printprog.text.typeset import Face, Para, Span, localized, measure, run_width, typeset

SERIF = Face("source-serif-4/regular", 11.5)
TEXT = ("Leningrad, one Summer in the early Eighties. The underground rock scene is boiling. Amongst the "
        "followers of Led Zeppelin and Bowie, young Viktor Tsoi is eager to make a name for himself.")
BG = ("Ленинград, едно лято в началото на осемдесетте. Ъндърграунд рок сцената кипи. Сред почитателите "
      "на Led Zeppelin и Боуи младият Виктор Цой гори от желание да си създаде име.")


def _line_text(line) -> str:  # type: ignore[no-untyped-def]
    return "".join(r.text for r in line.runs)


@pytest.mark.parametrize("width", [350.0, 420.0])
def test_justified_lines_fill_the_measure_exactly(width: float) -> None:
    lines = typeset(Para((Span(TEXT, SERIF, "en"),), "justify", 14, True), width)
    assert len(lines) > 2
    for line in lines[:-1]:
        ink = sum(run_width(r) for r in line.runs[-1:]) + line.runs[-1].x
        assert ink == pytest.approx(width, abs=0.05)
    assert lines[-1].width <= width + 0.01


@pytest.mark.parametrize("width", [120.0, 180.0, 260.0, 300.0, 430.0])
@pytest.mark.parametrize("text,lang", [(TEXT, "en"), (BG, "bg")])
def test_a_justified_paragraph_fills_every_line_or_none(width: float, text: str, lang: str) -> None:
    """Where no breaks keep the spaces within 80–133 % (or the measure is narrow), the whole
    paragraph is set ragged right: never a mix of filled and ragged lines."""
    lines = typeset(Para((Span(text, SERIF, lang),), "justify", 14, True), width)
    filled = [abs(sum(run_width(r) for r in l.runs[-1:]) + l.runs[-1].x - width) < 0.05 for l in lines[:-1]]
    assert all(filled) or not any(filled)
    assert all(l.width <= width + 0.01 for l in lines)


@pytest.mark.parametrize("align", ["left", "right", "center"])
def test_ragged_lines_stay_inside_the_measure(align: str) -> None:
    lines = typeset(Para((Span(TEXT, SERIF, "en"),), align, 14, True), 150)
    for line in lines:
        start = line.runs[0].x
        end = line.runs[-1].x + run_width(line.runs[-1])
        assert start >= -0.01 and end <= 150.01
        if align == "right":
            assert end == pytest.approx(150, abs=0.05)
        if align == "center":
            assert start == pytest.approx(150 - end, abs=0.05)


def test_text_survives_breaking_word_for_word() -> None:
    lines = typeset(Para((Span(BG, SERIF, "bg"),), "justify", 14, True), 130)
    joined = " ".join(_line_text(l).strip() for l in lines)
    unhyphenated = joined.replace("- ", "")
    assert unhyphenated.split() == BG.split()


def test_hyphenation_uses_the_language_dictionary() -> None:
    widths = range(150, 320, 10)
    broken = [_line_text(l) for w in widths for l in typeset(Para((Span(BG, SERIF, "bg"),), "justify", 14, True), w)
              if _line_text(l).endswith("-")]
    assert broken, "a Bulgarian paragraph should hyphenate at some of these measures"
    for w in widths:
        no_hyphens = typeset(Para((Span(BG, SERIF, "bg"),), "justify", 14, False), w)
        assert not any(_line_text(l).endswith("-") for l in no_hyphens)


def test_names_are_never_broken() -> None:
    face = Face("sofia-sans-extra-condensed/semibold", 15)
    spans = (Span("Ирина Старшенбаум", face, "bg", keep=True, hyphenate=False),
             Span(", ", face, "bg"), Span("Александър Кузнецов", face, "bg", keep=True, hyphenate=False))
    lines = typeset(Para(spans, "left", 16, True), 130)
    texts = [_line_text(l).strip(" ,") for l in lines]
    assert texts == ["Ирина Старшенбаум", "Александър Кузнецов"]


def test_forced_line_break() -> None:
    lines = typeset(Para((Span("one\ntwo three", SERIF, "en"),), "justify", 14, False), 300)
    assert [_line_text(l).strip() for l in lines] == ["one", "two three"]


def test_kerning_tightens_display_type() -> None:
    face = Face("oswald/semibold", 100)
    font = get_font(face.font)
    plain = sum(font.advance(c) for c in "AVATAR") * face.size / 1000
    kerned, adjust = measure("AVATAR", face)
    assert kerned < plain - 5 and min(adjust) < 0


def test_tracking_widens_by_one_step_per_gap() -> None:
    face = Face("sofia-sans/semibold", 10)
    tracked = Face("sofia-sans/semibold", 10, tracking=100)
    a, _ = measure("КИНО", face)
    b, _ = measure("КИНО", tracked)
    assert b - a == pytest.approx(3 * 100 * 10 / 1000)


def test_missing_glyphs_are_reported_with_their_origin() -> None:
    seen = []
    typeset(Para((Span("Лято ☃ 漢", SERIF, "bg", origin="here"),), "left", 14), 300,
            lambda ch, font, origin: seen.append((ch, font, origin)))
    font = localized(SERIF, "bg").font  # the face that draws Bulgarian forms
    assert ("☃", font, "here") in seen and ("漢", font, "here") in seen
