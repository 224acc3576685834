"""Matrices and boxes in PDF space (row-vector convention, as in the PDF spec)."""

from __future__ import annotations

import math
from typing import Any

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: `cm` makes CTM = mul(M, CTM))."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def bbox_of(m: Matrix, box: Box) -> Box:
    pts = [apply(m, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def min_scale(m: Matrix) -> float:
    """Smallest singular value: how thin a unit line can get under m."""
    a, b, c, d = m[:4]
    s, det = a * a + b * b + c * c + d * d, a * d - b * c
    return math.sqrt(max(0.0, (s - math.sqrt(max(0.0, s * s - 4 * det * det))) / 2))


def overlaps(a: Box, b: Box, tol: float = 0.01) -> bool:
    """True when the interiors of a and b share some area."""
    return a[0] < b[2] - tol and b[0] < a[2] - tol and a[1] < b[3] - tol and b[1] < a[3] - tol


def intersect(a: Box | None, b: Box | None) -> Box | None:
    """Intersection of two clip boxes (None = unclipped); an empty result has x0 > x1 or y0 > y1."""
    if a is None or b is None:
        return a or b
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def visible(box: Box, clip: Box | None) -> Box | None:
    """The part of box inside clip, or None when the clip hides all of it."""
    if clip is None:
        return box
    return intersect(box, clip) if overlaps(box, clip) else None


def nums(operands: Any) -> list[float]:
    return [float(v) for v in operands]


def as_box(obj: Any) -> Box | None:
    try:
        v = [float(x) for x in obj]
    except (TypeError, ValueError):
        return None
    if len(v) != 4:
        return None
    return min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3])
