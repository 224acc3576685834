"""The one place that turns lengths such as "3mm" into PDF points."""

from __future__ import annotations

import math
import re

MM = 72 / 25.4  # points per millimetre: the one definition; `3 * MM` is 3 mm in points
PT_PER_UNIT = {"pt": 1.0, "mm": MM, "cm": 720 / 25.4, "in": 72.0, "px": 0.75}
RELATIVE = ("%w", "%h")
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*([a-z%]*)\s*$")
_STEP = re.compile(r"^\s*s(-?\d+(?:\.\d+)?)\s*$")
STEPS = (-10, 20)  # a type scale's usable steps; s5000 would overflow to inf
MAX_POINTS = 5000 * 72 / 25.4  # 5 m: larger than any printed page, so a bigger length is a typo


def parse_length(value: object, page: tuple[float, float] | None = None,
                 scale: tuple[float, float] | None = None) -> float:
    """Return points for "3mm", "12pt", "1.5cm", "1in" or 0; raise ValueError otherwise.

    With a page size, "8%w" and "5%h" are percentages of the trim width and height; with a
    typographic scale (base in points, ratio), "s3" is its third step: base × ratio³.
    """
    result = _parse(value, page, scale)
    if not math.isfinite(result) or abs(result) > MAX_POINTS:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:36] + "…'"
        raise ValueError(f"{shown} is too large a length; no page is longer than 5 m")
    return result


def _parse(value: object, page: tuple[float, float] | None, scale: tuple[float, float] | None) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value == 0:
            return 0.0
        raise ValueError(f"length {value!r} has no unit; write e.g. '{value}mm' or '{value}pt'")
    if not isinstance(value, str):
        raise ValueError(f"expected a length such as '3mm', got {type(value).__name__}")
    step = _STEP.match(value)
    if step:
        if scale is None:
            raise ValueError(f"{value!r} is a step of the type scale, but the layout has no `type_scale`")
        n = float(step.group(1))
        if not STEPS[0] <= n <= STEPS[1]:
            raise ValueError(f"type scale step {value!r} is outside s{STEPS[0]}…s{STEPS[1]}; "
                             f"use a step such as s3, or a length such as '48pt'")
        try:
            return scale[0] * scale[1] ** n
        except (OverflowError, ZeroDivisionError):
            raise ValueError(f"{value!r} is too large a length for this type scale; lower the ratio") from None
    m = _LENGTH.match(value)
    if not m:
        raise ValueError(f"{value!r} is not a length; write a number and a unit, e.g. '3mm' or '12pt'")
    number, unit = float(m.group(1)), m.group(2)
    if not unit:
        if number == 0:
            return 0.0
        raise ValueError(f"length {value!r} has no unit; write e.g. '{value}mm' or '{value}pt'")
    if unit in RELATIVE:
        if page is None:
            raise ValueError(f"{value!r} is relative to the page, which is not known here; use mm or pt")
        return number / 100 * (page[0] if unit == "%w" else page[1])
    if unit not in PT_PER_UNIT:
        raise ValueError(f"unknown unit {unit!r} in {value!r}; use one of {', '.join(PT_PER_UNIT)}, %w or %h")
    return number * PT_PER_UNIT[unit]


def mm(points: float) -> float:
    """Points to millimetres (for messages and tests)."""
    return points * 25.4 / 72


def pt(millimetres: float) -> float:
    return millimetres * 72 / 25.4
