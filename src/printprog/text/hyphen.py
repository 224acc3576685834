"""Hyphenation points from pyphen's dictionaries (bg, ru, en)."""

from __future__ import annotations

from functools import cache

_DICTS = {"bg": "bg_BG", "ru": "ru_RU", "en": "en_GB"}


@cache
def _dic(lang: str):  # type: ignore[no-untyped-def]
    import pyphen

    return pyphen.Pyphen(lang=_DICTS[lang], left=2, right=3)


def break_points(word: str, lang: str | None) -> list[int]:
    """Positions where `word` may break (a hyphen goes after the prefix), longest prefix first.

    Leading and trailing punctuation are left out of the dictionary lookup.
    """
    if lang not in _DICTS:
        return []
    start = 0
    while start < len(word) and not word[start].isalpha():
        start += 1
    end = len(word)
    while end > start and not word[end - 1].isalpha():
        end -= 1
    core = word[start:end]
    if len(core) < 5 or not core.isalpha():
        return []
    positions = _dic(lang).positions(core)
    return sorted((start + p for p in positions), reverse=True)
