"""Edition language: the label catalogue, dates through Babel, quote marks."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

QUOTE_MARKS = {"bg": ("„", "“"), "ru": ("«", "»"), "en": ("“", "”")}
# Babel locales per edition; Russian months in the genitive come from the "format" context.
LOCALES = {"bg": "bg_BG", "ru": "ru_RU", "en": "en_GB"}


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    import yaml

    text = resources.files("printprog").joinpath("labels.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10× faster
    return yaml.load(text, Loader=loader)  # our own file: plain strings only


def label_keys() -> frozenset[str]:
    return frozenset(_catalogue())


def label(key: str, lang: str, **values: str) -> str:
    text = _catalogue()[key][lang]
    return text.format(**values) if values else text


def quoted(text: str, lang: str) -> str:
    open_, close = QUOTE_MARKS[lang]
    return f"{open_}{text}{close}"


def weekday(date: dt.date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(date, "EEEE", locale=LOCALES[lang])


def month(date: dt.date, lang: str) -> str:
    """Month name as it stands after a day number (Russian: genitive, марта)."""
    from babel.dates import get_month_names

    return get_month_names("wide", context="format", locale=LOCALES[lang])[date.month]


def clock(time: dt.time, lang: str) -> str:
    return label("time", lang, time=time.strftime("%H:%M"))
