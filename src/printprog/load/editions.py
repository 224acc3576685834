"""Editions: which texts of a film an edition prints in another language than its own.

A text given as a map without the edition's language falls back (en, then bg, ru: see
`Localized.get`). That is allowed but never silent: each such text becomes a warning naming its
field, and the CLI's --strict turns the warnings into errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from printprog.diagnostics import Diagnostic, Loc, SourceMap, format_path
from printprog.load.film import Film, Quote
from printprog.load.types import Localized

__all__ = ["missing_texts", "localized_fields"]

# Texts that are legitimately in one language: a quote is printed as it was written, and the
# original title is by definition in the original language.
_ONE_LANGUAGE: frozenset[tuple[type[BaseModel], str]] = frozenset({(Quote, "text"), (Film, "original_title")})


def localized_fields(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Localized]]:
    """Every Localized text inside a model (nested models, tuples, dicts), with its data path."""
    if isinstance(value, Localized):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if (type(value), name) not in _ONE_LANGUAGE:
                yield from localized_fields(getattr(value, name), loc + (name,))
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from localized_fields(item, loc + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from localized_fields(item, loc + (str(key),))


def missing_texts(film: Film, smap: SourceMap, lang: str) -> list[Diagnostic]:
    """One warning for each text the `lang` edition prints in another language."""
    out = []
    for loc, text in localized_fields(film):
        if text.plain is not None or lang in text.langs():
            continue
        _, used, _ = text.get(lang)
        out.append(Diagnostic(
            f"no {lang} text; the {used} text is printed", smap.find(loc), format_path(loc),
            f"add `{lang}:` to this field, or build --lang {used}", severity="warning"))
    return out
