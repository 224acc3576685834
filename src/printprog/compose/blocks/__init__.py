"""One module per block type. Each has `build(block, ctx, width) -> Content` and `MAIN`,
the style field that `min_size` refers to when a block shrinks to fit."""

from __future__ import annotations

from types import ModuleType

from printprog.compose.blocks import (
    billing, cast, credits, fill, image, label, laurels, production, qr, quote, rule, screenings, strip, synopsis, title,
    venue,
)

MODULES: dict[str, ModuleType] = {
    "title": title,
    "credits": credits,
    "cast": cast,
    "synopsis": synopsis,
    "quote": quote,
    "laurels": laurels,
    "screenings": screenings,
    "production": production,
    "label": label,
    "rule": rule,
    "image": image,
    "billing": billing,
    "strip": strip,
    "venue": venue,
    "qr": qr,
    "fill": fill,
}
