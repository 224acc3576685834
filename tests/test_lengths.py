"""printprog.lengths: the one place that turns "3mm" into points."""

from __future__ import annotations

import math

import pytest

from printprog.lengths import PT_PER_UNIT, mm, parse_length, pt


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("12pt", 12.0),
        ("25.4mm", 72.0),
        ("2.54cm", 72.0),
        ("1in", 72.0),
        ("96px", 72.0),
        ("1cm", 720 / 25.4),
        ("3mm", 3 * 72 / 25.4),
        ("0.5pt", 0.5),
        (".5pt", 0.5),
        ("8.5pt", 8.5),
        ("-3mm", -3 * 72 / 25.4),
        ("-.25in", -18.0),
        ("-0.5cm", -0.5 * 720 / 25.4),
        ("  10pt  ", 10.0),
        ("3 mm", 3 * 72 / 25.4),
        ("0mm", 0.0),
    ],
)
def test_units_and_numbers(text: str, points: float) -> None:
    assert parse_length(text) == pytest.approx(points, rel=1e-12, abs=1e-12)


def test_every_unit_is_known_and_consistent() -> None:
    assert set(PT_PER_UNIT) == {"pt", "mm", "cm", "in", "px"}
    assert parse_length("10mm") == pytest.approx(parse_length("1cm"))
    assert parse_length("1in") == pytest.approx(parse_length("2.54cm"))
    assert parse_length("4px") == pytest.approx(parse_length("3pt"))


@pytest.mark.parametrize("zero", ["0", "0.0", "-0", " 0 ", 0, 0.0])
def test_bare_zero_needs_no_unit(zero: object) -> None:
    assert parse_length(zero) == 0.0


@pytest.mark.parametrize("text", ["3", "12.5", "-3", " 7 "])
def test_missing_unit_is_an_error(text: str) -> None:
    with pytest.raises(ValueError, match="has no unit"):
        parse_length(text)


@pytest.mark.parametrize("number", [3, 12.5, -1])
def test_nonzero_numbers_need_a_unit(number: float) -> None:
    with pytest.raises(ValueError, match="has no unit"):
        parse_length(number)


@pytest.mark.parametrize("text", ["3km", "3em", "12ptx", "1mmm", "2ft"])
def test_unknown_unit_is_an_error_listing_the_units(text: str) -> None:
    with pytest.raises(ValueError) as exc:
        parse_length(text)
    msg = str(exc.value)
    assert "unknown unit" in msg
    for unit in ("mm", "cm", "pt", "in", "px"):
        assert unit in msg


@pytest.mark.parametrize(
    "text", ["", "   ", "mm", "abc", "3 4mm", "3,5mm", "1e3mm", "+3mm", "3.mm", "--3mm", "3MM", "nan", "inf", "3mm3"]
)
def test_garbage_is_an_error(text: str) -> None:
    with pytest.raises(ValueError, match="not a length|unknown unit|has no unit"):
        parse_length(text)


@pytest.mark.parametrize("value", [None, True, False, [3, "mm"], {"mm": 3}, b"3mm", (3,)])
def test_non_string_types_are_errors(value: object) -> None:
    with pytest.raises(ValueError):
        parse_length(value)


def test_bool_is_not_taken_for_a_number() -> None:
    # bool is an int subclass: False must not sneak through as 0
    with pytest.raises(ValueError, match="bool"):
        parse_length(False)


def test_error_messages_quote_the_value() -> None:
    with pytest.raises(ValueError, match="'3km'"):
        parse_length("3km")
    with pytest.raises(ValueError, match="'x'"):
        parse_length("x")


@pytest.mark.parametrize("millimetres", [0.0, 1.0, 3.0, 25.4, 210.0, 297.0, -5.5, 1e-6, 1234.567])
def test_mm_pt_roundtrip(millimetres: float) -> None:
    assert mm(pt(millimetres)) == pytest.approx(millimetres, rel=1e-12, abs=1e-15)
    assert pt(mm(millimetres)) == pytest.approx(millimetres, rel=1e-12, abs=1e-15)


def test_mm_and_pt_agree_with_parse_length() -> None:
    assert pt(25.4) == pytest.approx(72.0)
    assert mm(72.0) == pytest.approx(25.4)
    assert parse_length("210mm") == pytest.approx(pt(210))
    assert mm(parse_length("297mm")) == pytest.approx(297)
    assert math.isclose(mm(parse_length("1in")), 25.4)
