"""Where fonts, layouts and the sample data live: inside the wheel, or at the top of a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def asset_dir(name: str) -> Path:
    """`fonts`, `layouts` or `data`: the packaged copy, else the checkout's top-level folder."""
    for candidate in (_PACKAGE / "_assets" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"printprog's {name}/ folder is missing from the installation")
