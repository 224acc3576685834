"""Edition fallbacks: a text missing in the edition's language is a warning that names the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from printprog.diagnostics import Collector, Diagnostic, InputError, Mark
from printprog.load import load_film
from printprog.load.editions import missing_texts
from tests.helpers_load import LETO, line_of, write

FILM = """title: {bg: Урок, en: The Lesson}
original_title: Урок
original_language: bg
year: 2014
countries:
  - {bg: България, en: Bulgaria, ru: Болгария}
synopsis:
  en: A teacher in a small town.
cast:
  - name: {bg: Маргита Гошева, en: Margita Gosheva}
    character: Надежда
quotes:
  - lang: en
    text: {en: A quietly devastating film.}
    short: {en: Devastating.}
    author: Jay Weissberg
    source: Variety
venues:
  - id: odeon
    name: Кино Одеон
    city: {bg: София}
screenings:
  - {date: 2026-05-01, time: "19:30", venue: odeon, note: {bg: премиера}}
"""


@pytest.fixture
def film_file(tmp_path: Path) -> Path:
    return write(tmp_path, "urok.yaml", FILM)


def by_path(diags: list[Diagnostic]) -> dict[str, Diagnostic]:
    out = {d.path: d for d in diags}
    assert len(out) == len(diags), "one warning per field"
    return out


def test_bg_edition_warns_for_each_text_without_bg(film_file: Path) -> None:
    film, smap = load_film(film_file)
    diags = by_path(missing_texts(film, smap, "bg"))
    assert set(diags) == {"synopsis", "quotes[0].short"}
    d = diags["synopsis"]
    assert d.severity == "warning"
    assert d.message == "no bg text; the en text is printed"
    assert d.hint == "add `bg:` to this field, or build --lang en"
    assert d.mark is not None and d.mark.line == line_of(FILM, "synopsis:")


def test_en_edition_warns_for_bulgarian_only_texts(film_file: Path) -> None:
    film, smap = load_film(film_file)
    diags = by_path(missing_texts(film, smap, "en"))
    assert set(diags) == {"venues[0].city", "screenings[0].note"}
    assert diags["venues[0].city"].message == "no en text; the bg text is printed"
    assert diags["venues[0].city"].hint == "add `en:` to this field, or build --lang bg"
    assert diags["screenings[0].note"].mark.line == line_of(FILM, "премиера")


def test_ru_edition_names_every_field_and_falls_back_to_en_first(film_file: Path) -> None:
    film, smap = load_film(film_file)
    diags = by_path(missing_texts(film, smap, "ru"))
    assert set(diags) == {"title", "synopsis", "cast[0].name", "quotes[0].short", "venues[0].city",
                          "screenings[0].note"}
    assert "the en text" in diags["title"].message
    assert "the bg text" in diags["venues[0].city"].message  # the only one there is


def test_plain_strings_quote_texts_and_original_title_never_warn(film_file: Path) -> None:
    film, smap = load_film(film_file)
    paths = {d.path for lang in ("bg", "ru", "en") for d in missing_texts(film, smap, lang)}
    assert not any(p.startswith(("quotes[0].text", "original_title", "cast[0].character",
                                 "quotes[0].author", "venues[0].name")) for p in paths)


def test_seed_film_is_complete_in_all_three_editions() -> None:
    film, smap = load_film(LETO)
    for lang in ("bg", "ru", "en"):
        assert missing_texts(film, smap, lang) == []


def test_image_credit_is_checked_too(tmp_path: Path) -> None:
    text = LETO.read_text(encoding="utf-8")
    text = text.replace('    credit: {bg: "Плакат: printprog (генерирано изображение)", ', "    credit: {")
    film, smap = load_film(write(tmp_path, "leto.yaml", text))
    (d,) = missing_texts(film, smap, "bg")
    assert d.path == "images.keyart.credit"
    assert d.mark.line == line_of(text, "credit:")


def test_warning_format_and_collector() -> None:
    d = Diagnostic("no bg text; the en text is printed", Mark("f.yaml", 3, 1), "synopsis", "add `bg:`",
                   severity="warning")
    assert d.format() == "f.yaml:3:1: synopsis: warning: no bg text; the en text is printed\n    hint: add `bg:`"
    assert Diagnostic("bad", Mark("f.yaml", 1, 1), "year").format() == "f.yaml:1:1: year: bad"
    c = Collector()
    c.warn("careful", path="title", hint="h")
    assert c.items == [Diagnostic("careful", None, "title", "h", "warning")]
    c.raise_if_any()  # warnings alone do not stop a build
    c.error("wrong")
    with pytest.raises(InputError) as exc:
        c.raise_if_any()
    assert [d.severity for d in exc.value.diagnostics] == ["warning", "error"]
