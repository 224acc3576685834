"""Edition language: the label catalogue, dates through Babel, quote marks."""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
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


def quote_marks(lang: str | None) -> tuple[str, str]:
    """The opening and closing marks for text in `lang` (English marks for a language we do not know)."""
    return QUOTE_MARKS.get(lang or "en", QUOTE_MARKS["en"])


def quoted(text: str, lang: str) -> str:
    open_, close = quote_marks(lang)
    return f"{open_}{text}{close}"


def list_separators(count: int, lang: str) -> list[str]:
    """What goes before each of `count` items of a list: "", ", ", …, " and " (no serial comma)."""
    if count <= 0:
        return []
    seps = [""] + [", "] * (count - 1)
    if count > 1:
        seps[-1] = f" {label('and', lang)} "
    return seps


def join_names(names: list[str], lang: str) -> str:
    """"A, B and C" the way the edition's language writes it: «А, Б и В»."""
    return "".join(sep + name for sep, name in zip(list_separators(len(names), lang), names))


@lru_cache(maxsize=4096)  # Babel matches patterns slowly; a schedule asks for the same dates again
def weekday(date: dt.date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(date, "EEEE", locale=LOCALES[lang])


@lru_cache(maxsize=4096)  # Babel matches patterns slowly; a schedule asks for the same dates again
def month(date: dt.date, lang: str) -> str:
    """Month name as it stands after a day number (Russian: genitive, марта)."""
    from babel.dates import get_month_names

    return get_month_names("wide", context="format", locale=LOCALES[lang])[date.month]


@lru_cache(maxsize=4096)  # Babel matches patterns slowly; a schedule asks for the same dates again
def clock(time: dt.time, lang: str) -> str:
    return label("time", lang, time=time.strftime("%H:%M"))


@lru_cache(maxsize=4096)  # Babel matches patterns slowly; a schedule asks for the same dates again
def short_weekday(date: dt.date, lang: str) -> str:
    """Abbreviated weekday with a capital, for dense schedule lines: Пт, Fri, Пт."""
    from babel.dates import format_date

    text = format_date(date, "EEE", locale=LOCALES[lang]).rstrip(".")
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=4096)  # Babel matches patterns slowly; a schedule asks for the same dates again
def short_date(date: dt.date, lang: str) -> str:
    """Day and month in figures as the locale writes them: 15.03 (bg, ru), 15/03 (en)."""
    from babel.dates import format_skeleton

    return format_skeleton("ddMM", date, locale=LOCALES[lang]).rstrip(".")


@lru_cache(maxsize=4096)  # Babel matches patterns slowly; a schedule asks for the same dates again
def day_range(first: dt.date, last: dt.date, lang: str, numeric: bool = False) -> str:
    """A run of days: 15–21 май, 28 април – 4 май (numeric: 15–21.05, 28.04–04.05)."""
    if first == last:
        return short_date(first, lang) if numeric else f"{first.day} {month(first, lang)}"
    if numeric:
        if (first.month, first.year) == (last.month, last.year):
            day = short_date(first, lang)
            return f"{day[:len(day) - 3]}–{short_date(last, lang)}"  # the day as the locale writes it
        return f"{short_date(first, lang)}–{short_date(last, lang)}"
    if (first.month, first.year) == (last.month, last.year):
        return f"{first.day}–{last.day} {month(last, lang)}"
    return f"{first.day} {month(first, lang)} – {last.day} {month(last, lang)}"
