"""load_film: the seed film loads with every fact, and bad film files report every problem with file:line."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from printprog.load import Film, load_film
from printprog.load.types import Localized
from tests.helpers_load import REPO, link_images, LETO, by_path, diagnostics_of, edit, leto_text, line_of, sub_line, write


def en(value: Localized) -> str:
    return value.get("en")[0]


@pytest.fixture(scope="module")
def leto() -> Film:
    film, _ = load_film(LETO)
    return film


# --- the seed film -------------------------------------------------------------------------------


def test_basic_facts(leto: Film) -> None:
    assert leto.id == "leto"
    assert en(leto.title) == "Leto"
    assert leto.title.get("bg")[0] == "Лято"
    assert leto.title.get("ru")[0] == "Лето"
    assert en(leto.original_title) == "Лето"
    assert leto.original_language == "ru"
    assert leto.year == 2018
    assert leto.runtime == 126
    assert leto.black_and_white is True
    assert [en(c) for c in leto.countries] == ["Russia", "France"]


def test_crew(leto: Film) -> None:
    crew = {c.role: [en(n) for n in c.names] for c in leto.credits}
    assert crew["director"] == ["Kirill Serebrennikov"]
    assert crew["screenplay"] == ["Michael Idov"]
    assert crew["cinematography"] == ["Vladislav Opeliants"]
    assert crew["music"] == ["Roman Bilyk"]
    assert leto.credits[0].role == "director"


def test_cast_in_billing_order(leto: Film) -> None:
    assert [en(m.name) for m in leto.cast] == [
        "Teo Yoo",
        "Irina Starshenbaum",
        "Roman Bilyk",
        "Filipp Avdeev",
        "Alexandr Gorchilin",
        "Alexander Kuznetsov",
        "Nikita Efremov",
        "Julia Aug",
        "Elena Koreneva",
        "Lia Akhedzhakova",
        "Anton Adasinskyi",
        "Vasiliy Mikhailov",
    ]
    assert [en(m.character) for m in leto.cast[:3]] == ["Viktor", "Natasha", "Mike"]
    assert all(m.character is None for m in leto.cast[3:])


def test_producers_and_companies(leto: Film) -> None:
    assert len(leto.producers) == 4
    assert [en(p) for p in leto.producers] == ["Pavel Burya", "Georgy Chumburidze", "Mikhail Finogenov", "Murad Osmann"]
    assert [en(c) for c in leto.production] == ["Hype Film", "KinoVista"]


def test_guardian_quote(leto: Film) -> None:
    (q,) = leto.quotes
    assert en(q.author) == "Peter Bradshaw"
    assert en(q.source) == "The Guardian"
    assert q.lang == "en"
    text = en(q.text)
    assert text.startswith("The setting is Leningrad")
    assert text.endswith("traitors and western stooges.")
    assert "\n\n" in text  # two paragraphs, kept as written (literal block)
    assert q.short is not None and en(q.short).startswith("Serebrennikov shows")


def test_awards(leto: Film) -> None:
    got = [(en(a.festival), en(a.category), a.year, a.kind) for a in leto.awards]
    assert got == [
        ("Cannes", "Official Selection", 2018, "selection"),
        ("European Film Awards", "Best European Production Design", 2018, "winner"),
    ]


def test_screenings_and_venues(leto: Film) -> None:
    got = [(s.date, s.time, s.venue) for s in leto.screenings]
    assert got == [
        (dt.date(2019, 3, 16), dt.time(17, 30), "dom-na-kinoto"),
        (dt.date(2019, 3, 18), dt.time(20, 30), "lumiere-lidl"),
        (dt.date(2019, 3, 25), dt.time(20, 45), "kino-odeon"),
    ]
    assert [v.id for v in leto.venues] == ["dom-na-kinoto", "lumiere-lidl", "kino-odeon"]
    assert leto.venues[1].name.plain == "Lumière Lidl"


def test_synopsis_in_three_languages(leto: Film) -> None:
    assert leto.synopsis.langs() == ("bg", "ru", "en")
    assert en(leto.synopsis).startswith("Leningrad, one Summer")
    assert "\n" not in en(leto.synopsis)  # folded scalar


def test_models_are_frozen(leto: Film) -> None:
    with pytest.raises(ValidationError):
        leto.year = 2000  # type: ignore[misc]
    with pytest.raises(ValidationError):
        leto.cast[0].name = Localized(plain="x")  # type: ignore[misc]
    with pytest.raises(ValidationError):
        leto.screenings[0].venue = "elsewhere"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        leto.title.plain = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        leto.cast.append(leto.cast[0])  # type: ignore[attr-defined]
    assert leto.year == 2018


def test_source_map_returned(tmp_path: Path) -> None:
    film, smap = load_film(LETO)
    text = leto_text()
    assert smap.marks[("screenings", 2, "venue")].line == line_of(text, "venue: kino-odeon")


def test_other_date_and_time_forms_accepted(tmp_path: Path) -> None:
    text = edit(leto_text(), "2019-03-16", "16.03.2019")
    text = edit(text, '"17:30"', '"9.05"')
    film, _ = load_film(write(tmp_path, "alt.yaml", text))
    assert (film.screenings[0].date, film.screenings[0].time) == (dt.date(2019, 3, 16), dt.time(9, 5))


# --- bad films: each problem at its line and path ------------------------------------------------


def errors_for(tmp_path: Path, text: str, name: str = "bad.yaml"):  # type: ignore[no-untyped-def]
    return diagnostics_of(load_film, write(tmp_path, name, text))


def test_unknown_top_level_key_suggests_the_close_one(tmp_path: Path) -> None:
    text = edit(leto_text(), "\nsynopsis:\n", "\nsynopsys:\n")
    diags = errors_for(tmp_path, text)
    d = by_path(diags, "synopsys")
    assert "unknown key 'synopsys'" in d.message
    assert "synopsis" in d.hint and "did you mean" in d.hint
    assert d.mark.line == line_of(text, "synopsys:")
    assert d.mark.file.endswith("bad.yaml")


def test_unknown_nested_key(tmp_path: Path) -> None:
    text = edit(leto_text(), "  - name: {bg: Филип Авдеев", "  - nmae: {bg: Филип Авдеев")
    diags = errors_for(tmp_path, text)
    d = by_path(diags, "cast[3].nmae")
    assert "'name'" in d.hint
    assert d.mark.line == line_of(text, "nmae:")


def test_unknown_optional_key_gives_exactly_one_diagnostic(tmp_path: Path) -> None:
    text = edit(leto_text(), "    character: {bg: Наташа", "    charakter: {bg: Наташа")
    (d,) = errors_for(tmp_path, text)
    assert d.path == "cast[1].charakter"
    assert "'character'" in d.hint
    assert d.mark.line == line_of(text, "charakter:")


def test_unknown_key_without_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    text = edit(leto_text(), "    kind: winner\n", "    kind: winner\n    zzzzzz: 1\n")
    (d,) = errors_for(tmp_path, text)
    assert d.path == "awards[1].zzzzzz"
    for key in ("festival", "category", "year", "kind"):
        assert key in d.hint
    assert d.mark.line == line_of(text, "zzzzzz")


@pytest.mark.parametrize("key", ["title", "year", "venues", "screenings"])
def test_missing_required_top_level_field(tmp_path: Path, key: str) -> None:
    text = MINIMAL.replace(next(ln for ln in MINIMAL.splitlines(keepends=True) if ln.startswith(key + ":")), "")
    if key == "venues":
        text = text.replace("  - id: odeon\n    name: Кино Одеон\n", "")
    if key == "screenings":
        text = text.replace('  - {date: 2026-05-01, time: "19:30", venue: odeon}\n', "")
    (d,) = errors_for(tmp_path, text)
    assert d.path == key
    assert "required" in d.message and "missing" in d.message
    assert f"{key}:" in d.hint
    assert d.mark is not None and d.mark.file.endswith("bad.yaml")


@pytest.mark.parametrize("key", ["venues", "screenings"])
def test_empty_venues_or_screenings(tmp_path: Path, key: str) -> None:
    lines = MINIMAL.splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.startswith(key + ":"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    text = "".join(lines[:start] + [f"{key}: []\n"] + lines[end:])
    diags = errors_for(tmp_path, text)
    d = by_path(diags, key)
    assert "at least one" in d.message
    assert d.mark.line == line_of(text, f"{key}: []")


def test_missing_required_nested_field_points_at_its_record(tmp_path: Path) -> None:
    text = edit(leto_text(), "    source: The Guardian\n", "")
    (d,) = errors_for(tmp_path, text)
    assert d.path == "quotes[0].source"
    assert d.mark.line == line_of(text, "  - lang: en", after="quotes:")


def test_wrong_type_year(tmp_path: Path) -> None:
    text = sub_line(leto_text(), r"^year: .*$", 'year: "twenty"')
    (d,) = errors_for(tmp_path, text)
    assert d.path == "year"
    assert "'twenty'" in d.message and "integer" in d.message
    assert d.mark.line == line_of(text, 'year: "twenty"')


@pytest.mark.parametrize("value", ["1e3", "MMXVIII", "1889", "2101"])
def test_year_must_be_a_plain_integer_in_range(tmp_path: Path, value: str) -> None:
    text = sub_line(leto_text(), r"^year: .*$", f"year: {value}")
    (d,) = errors_for(tmp_path, text)
    assert d.path == "year"
    assert d.mark.line == line_of(text, f"year: {value}")


def test_wrong_type_bool(tmp_path: Path) -> None:
    text = sub_line(leto_text(), r"^black_and_white: .*$", "black_and_white: sometimes")
    (d,) = errors_for(tmp_path, text)
    assert d.path == "black_and_white"
    assert d.mark.line == line_of(text, "black_and_white:")


def test_bad_time(tmp_path: Path) -> None:
    text = edit(leto_text(), '"17:30"', '"25:99"')
    (d,) = errors_for(tmp_path, text)
    assert d.path == "screenings[0].time"
    assert "not a time" in d.message
    assert d.mark.line == line_of(text, '"25:99"')


def test_bad_time_message_names_the_value(tmp_path: Path) -> None:
    text = edit(leto_text(), '"17:30"', '"25:99"')
    (d,) = errors_for(tmp_path, text)
    assert "25:99" in d.message and "{v" not in d.message


@pytest.mark.parametrize("bad", ["2019-02-30", "2019-13-01", "16/03/2019", "tomorrow"])
def test_bad_date(tmp_path: Path, bad: str) -> None:
    text = edit(leto_text(), "2019-03-18", bad)
    (d,) = errors_for(tmp_path, text)
    assert d.path == "screenings[1].date"
    assert "not a date" in d.message
    assert d.mark.line == line_of(text, bad)


def test_bad_date_message_names_the_value(tmp_path: Path) -> None:
    text = edit(leto_text(), "2019-03-18", "2019-02-30")
    (d,) = errors_for(tmp_path, text)
    assert "2019-02-30" in d.message


def test_unknown_language_in_a_flow_text_map(tmp_path: Path) -> None:
    text = edit(leto_text(), "en: Russia}", "en: Russia, de: Russland}")
    (d,) = errors_for(tmp_path, text)
    assert d.path.startswith("countries[0]")
    assert "unknown language de" in d.message
    assert d.mark.line == line_of(text, "de: Russland")


def test_unknown_language_in_a_block_text_map_names_the_field(tmp_path: Path) -> None:
    text = edit(leto_text(), "  en: Leto\n", "  en: Leto\n  de: Sommer\n")
    (d,) = errors_for(tmp_path, text)
    assert d.path.startswith("title")
    assert "unknown language de" in d.message
    assert line_of(text, "title:") <= d.mark.line <= line_of(text, "de: Sommer")


def test_unknown_language_in_a_block_text_map_points_at_the_key(tmp_path: Path) -> None:
    text = edit(leto_text(), "  en: Leto\n", "  en: Leto\n  de: Sommer\n")
    (d,) = errors_for(tmp_path, text)
    assert d.mark.line == line_of(text, "de: Sommer")
    assert d.path == "title.de"


def test_quote_language_must_be_an_edition_language(tmp_path: Path) -> None:
    text = edit(leto_text(), "  - lang: en\n", "  - lang: de\n")
    (d,) = errors_for(tmp_path, text)
    assert d.path == "quotes[0].lang"
    assert "'de'" in d.message
    assert d.mark.line == line_of(text, "lang: de")


def test_empty_text_is_an_error(tmp_path: Path) -> None:
    text = edit(leto_text(), "    source: The Guardian\n", '    source: ""\n')
    (d,) = errors_for(tmp_path, text)
    assert d.path == "quotes[0].source"
    assert d.mark.line == line_of(text, 'source: ""')


def test_screening_with_unknown_venue_suggests_the_close_id(tmp_path: Path) -> None:
    text = edit(leto_text(), "venue: kino-odeon\n", "venue: kino-odeom\n")
    (d,) = errors_for(tmp_path, text)
    assert d.path == "screenings[2].venue"
    assert "kino-odeom" in d.message
    assert "did you mean 'kino-odeon'" in d.hint
    assert d.mark.line == line_of(text, "venue: kino-odeom")


def test_duplicate_venue_ids(tmp_path: Path) -> None:
    text = edit(leto_text(), "\n\nscreenings:\n", "\n  - id: dom-na-kinoto\n    name: Second Dom\n\nscreenings:\n")
    (d,) = errors_for(tmp_path, text)
    assert d.path == "venues[3].id"
    assert "dom-na-kinoto" in d.message and "twice" in d.message and "venues[0]" in d.message
    assert d.mark.line == line_of(text, "- id: dom-na-kinoto", nth=2)


def test_bad_venue_id_form(tmp_path: Path) -> None:
    text = edit(leto_text(), "  - id: kino-odeon\n", "  - id: Kino Odeon\n")
    diags = errors_for(tmp_path, text)
    d = by_path(diags, "venues[2].id")
    assert "wrong form" in d.message
    assert d.mark.line == line_of(text, "id: Kino Odeon")


@pytest.mark.parametrize("url", ["www.example.com/leto", "example.com", "https://", "ftp://x.org/a"])
def test_bad_url(tmp_path: Path, url: str) -> None:
    text = edit(leto_text(), "    name: Lumière Lidl\n", f"    name: Lumière Lidl\n    url: {url}\n")
    (d,) = errors_for(tmp_path, text)
    assert d.path == "venues[1].url"
    assert "https://" in d.hint
    assert d.mark.line == line_of(text, f"url: {url}")


def test_https_url_accepted(tmp_path: Path) -> None:
    text = edit(leto_text(), "    name: Lumière Lidl\n", "    name: Lumière Lidl\n    url: https://example.com/leto\n")
    film, _ = load_film(write(tmp_path, "ok.yaml", text))
    assert film.venues[1].url == "https://example.com/leto"


# --- what is optional ----------------------------------------------------------------------------

MINIMAL = """title: {bg: Урок, en: The Lesson}
year: 2014
venues:
  - id: odeon
    name: Кино Одеон
screenings:
  - {date: 2026-05-01, time: "19:30", venue: odeon}
"""


def test_minimal_film_loads(tmp_path: Path) -> None:
    film, _ = load_film(write(tmp_path, "min.yaml", MINIMAL))
    assert film.id == "urok"
    assert (film.original_title, film.original_language, film.runtime, film.synopsis) == (None, None, None, None)
    assert film.countries == film.credits == film.cast == film.quotes == film.awards == ()
    assert film.producers == film.production == ()
    assert (film.billing, film.url) == (None, None)
    assert film.images == {}
    assert [v.id for v in film.venues] == ["odeon"] and len(film.screenings) == 1


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("{bg: Майка ѝ, en: Her Mother}", "mayka-i"),
        ("{en: Blaga's Lessons, ru: Уроки Благи}", "blagas-lessons"),
        ("{ru: Лето}", "leto"),
        ("Women Do Cry", "women-do-cry"),
        ('{bg: "!!!", en: Aga}', "aga"),
        ('"★★★"', "film"),
    ],
)
def test_id_derived_from_the_title(tmp_path: Path, title: str, expected: str) -> None:
    text = edit(MINIMAL, "title: {bg: Урок, en: The Lesson}", f"title: {title}")
    film, _ = load_film(write(tmp_path, "t.yaml", text))
    assert film.id == expected


def test_explicit_id_wins_and_empty_id_is_derived(tmp_path: Path) -> None:
    film, _ = load_film(write(tmp_path, "a.yaml", "id: the-lesson\n" + MINIMAL))
    assert film.id == "the-lesson"
    film, _ = load_film(write(tmp_path, "b.yaml", "id:\n" + MINIMAL))
    assert film.id == "urok"
    (d,) = errors_for(tmp_path, "id: Урок\n" + MINIMAL)
    assert d.path == "id" and "wrong form" in d.message


@pytest.mark.parametrize("value", ["0", "4", "40"])
def test_billing_accepted(tmp_path: Path, value: str) -> None:
    film, _ = load_film(write(tmp_path, "b.yaml", MINIMAL + f"billing: {value}\n"))
    assert film.billing == int(value)


@pytest.mark.parametrize("value", ["-1", "41", "four", "2.5"])
def test_billing_rejected(tmp_path: Path, value: str) -> None:
    text = MINIMAL + f"billing: {value}\n"
    (d,) = errors_for(tmp_path, text)
    assert d.path == "billing"
    assert d.mark.line == line_of(text, "billing:")


def test_film_url(tmp_path: Path) -> None:
    film, _ = load_film(write(tmp_path, "u.yaml", MINIMAL + "url: https://kinoodeon.bg/urok\n"))
    assert film.url == "https://kinoodeon.bg/urok"
    text = MINIMAL + "url: kinoodeon.bg/urok\n"
    (d,) = errors_for(tmp_path, text)
    assert d.path == "url" and "https://" in d.hint
    assert d.mark.line == line_of(text, "url: kinoodeon")


def test_seed_film_loses_nothing_without_its_optional_fields(tmp_path: Path) -> None:
    text = leto_text()
    for pattern in (r"^id: .*\n", r"^original_language: .*\n", r"^original_title: .*\n", r"^runtime: .*\n"):
        text = sub_line(text, pattern, "")
    film, _ = load_film(write(tmp_path, "leto.yaml", text))
    assert film.id == "lyato"  # from the Bulgarian title
    assert film.runtime is None and film.original_title is None
    assert len(film.cast) == 12


CORPUS = sorted((REPO / "tests" / "films").glob("*.yaml"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus_film_loads(path: Path) -> None:
    film, _ = load_film(path)
    assert film.venues and film.screenings
    assert {s.venue for s in film.screenings} <= {v.id for v in film.venues}


def test_corpus_spans_the_ranges() -> None:
    films = [load_film(p)[0] for p in CORPUS]
    assert len(films) >= 9
    directors = {sum(len(c.names) for c in f.credits if c.role == "director") for f in films}
    assert {0, 1, 2, 3} <= directors
    assert {0, 6} <= {len(f.awards) for f in films} and {0, 4} <= {len(f.quotes) for f in films}
    assert {0, 4, 30} <= {len(f.cast) for f in films}
    assert {1, 60} <= {len(f.screenings) for f in films} and {1, 15} <= {len(f.venues) for f in films}
    titles = [f.title.get("bg")[0] for f in films]
    assert max(map(len, titles)) == 40 and min(map(len, titles)) <= 3
    assert any("ѝ" in t for t in titles) and any(": " in t for t in titles)
    assert any(len(v.name.get("bg")[0]) >= 70 for f in films for v in f.venues)
    assert sum(1 for f in films if "keyart" in f.images) in (2, 3)


def test_yaml_problems_come_through_load_film(tmp_path: Path) -> None:
    text = edit(leto_text(), "\nruntime:", "\nid: other\nruntime:")
    (d,) = errors_for(tmp_path, text)
    assert "duplicate key 'id'" in d.message
    assert d.mark.line == line_of(text, "id: other")


# --- every problem of a file at once -------------------------------------------------------------


def test_three_errors_three_diagnostics(tmp_path: Path) -> None:
    text = sub_line(leto_text(), r"^year: .*$", 'year: "twenty"')
    text = edit(text, '"17:30"', '"25:99"')
    text = edit(text, "    name: Lumière Lidl\n", "    name: Lumière Lidl\n    url: ftp://example.com/leto\n")
    diags = errors_for(tmp_path, text)
    assert len(diags) == 3
    assert by_path(diags, "year").mark.line == line_of(text, 'year: "twenty"')
    assert by_path(diags, "screenings[0].time").mark.line == line_of(text, '"25:99"')
    assert by_path(diags, "venues[1].url").mark.line == line_of(text, "url: ftp://")


def test_many_different_errors_all_reported(tmp_path: Path) -> None:
    text = leto_text()
    text = edit(text, "    character: {bg: Наташа", "    charakter: {bg: Наташа")
    text = sub_line(text, r"^runtime: .*$", "runtime: long")
    text = edit(text, "2019-03-25", "2019-02-30")
    text = edit(text, "en: Russia}", "en: Russia, de: Russland}")
    text = edit(text, "    kind: winner\n", "    kind: champion\n")
    diags = errors_for(tmp_path, text)
    expected = {
        "cast[1].charakter": "charakter:",
        "runtime": "runtime: long",
        "screenings[2].date": "2019-02-30",
        "countries[0]": "de: Russland",
        "awards[1].kind": "kind: champion",
    }
    assert len(diags) == len(expected), [(d.path, d.message) for d in diags]
    for path, needle in expected.items():
        (d,) = [d for d in diags if d.path == path or d.path.startswith(path + ".")]
        assert d.mark.line == line_of(text, needle), path


def test_schema_errors_and_reference_errors_reported_together(tmp_path: Path) -> None:
    text = sub_line(leto_text(), r"^year: .*$", 'year: "twenty"')
    text = edit(text, "venue: kino-odeon\n", "venue: kino-odeom\n")
    diags = errors_for(tmp_path, text)
    assert {d.path for d in diags} == {"year", "screenings[2].venue"}


def test_reference_errors_do_not_hide_schema_errors_and_come_in_line_order(tmp_path: Path) -> None:
    text = edit(leto_text(), "venue: kino-odeon\n", "venue: kino-odeom\n")
    text = edit(text, '"17:30"', '"25:99"')
    diags = errors_for(tmp_path, text)
    assert [d.path for d in diags] == ["screenings[0].time", "screenings[2].venue"]


@pytest.mark.parametrize(
    ("old", "new"),
    [("venue: kino-odeon\n", 'venue: "kino-odeon "\n'), ("  - id: kino-odeon\n", '  - id: " kino-odeon"\n')],
)
def test_reference_check_agrees_with_the_model_about_whitespace(tmp_path: Path, old: str, new: str) -> None:
    film, _ = load_film(write(tmp_path, "ws.yaml", edit(leto_text(), old, new)))
    assert film.screenings[2].venue == film.venues[2].id == "kino-odeon"


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("bom", lambda t: ("\ufeff" + t).encode("utf-8")),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_line_numbers_survive_bom_and_crlf(tmp_path: Path, name: str, encode) -> None:  # type: ignore[no-untyped-def]
    text = edit(leto_text(), '"17:30"', '"25:99"')
    p = tmp_path / f"{name}.yaml"
    p.write_bytes(encode(text))
    link_images(tmp_path)
    (d,) = diagnostics_of(load_film, p)
    assert d.path == "screenings[0].time"
    assert d.mark.line == line_of(text, '"25:99"')


def test_empty_optional_field_is_absent(tmp_path: Path) -> None:
    text = edit(leto_text(), "    name: Lumière Lidl\n", "    name: Lumière Lidl\n    url:\n")
    text = edit(text, "  - name: {bg: Филип Авдеев, ru: Филипп Авдеев, en: Filipp Avdeev}\n",
                "  - name: {bg: Филип Авдеев, ru: Филипп Авдеев, en: Filipp Avdeev}\n    character:\n")
    film, _ = load_film(write(tmp_path, "empty.yaml", text))
    assert film.venues[1].url is None
    assert film.cast[3].character is None
