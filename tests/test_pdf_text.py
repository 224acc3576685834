"""Everything the seed notes say is on the sheet, extracted from the PDF with Cyrillic intact."""

from __future__ import annotations

import pytest

from printprog.load import load_film
from tests.conftest import DATA, flat, page_texts, words

FILM, _ = load_film(DATA)


def _all_text(built, lang: str) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(page_texts(built("a4", lang)))


@pytest.mark.parametrize("lang", ["bg", "ru", "en"])
def test_every_credit_cast_member_producer_and_company(built, lang: str) -> None:
    text = words(_all_text(built, lang))
    names = [n for c in FILM.credits for n in c.names] + [m.name for m in FILM.cast]
    names += list(FILM.producers) + list(FILM.production)
    assert len(FILM.cast) == 12 and len(FILM.producers) == 4 and len(FILM.production) == 2
    for name in names:
        assert name.get(lang)[0] in text, name.get(lang)[0]


def test_bulgarian_names_and_labels_are_cyrillic(built) -> None:
    text = words(_all_text(built, "bg"))
    for expected in ("Кирил Серебреников", "Михаил Идов", "Владислав Опелянц", "Роман Билик",
                     "Ирина Старшенбаум", "Антон Адасински", "РЕЖИСЬОР", "СЦЕНАРИЙ", "ОПЕРАТОР", "МУЗИКА",
                     "Hype Film", "KinoVista", "ЛЯТО"):
        assert expected in text, expected


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_the_guardian_quote_exactly_with_attribution(built, lang: str) -> None:
    quote = FILM.quotes[0]
    original = quote.text.get("en")[0]
    text = _all_text(built, lang)
    # the marks follow the quote's language (English), not the edition's; the sentence the pull
    # quote above already shows is left out as […] (the A4 review's elide_short)
    pulled = quote.short.get("en")[0]
    assert pulled in original
    assert flat("“" + original.replace(pulled, "[…]") + "”") in flat(text)
    assert "„The setting" not in text
    assert "The setting is Leningrad (as it then was)" in words(text)
    attribution = {"bg": "— ПИТЪР БРАДШОУ, THE GUARDIAN", "en": "— PETER BRADSHAW, THE GUARDIAN"}[lang]
    assert attribution in words(text)


def test_awards_as_laurels(built) -> None:
    text = words(_all_text(built, "en"))
    assert "CANNES" in text and "Official Selection" in text
    assert "EUROPEAN FILM AWARDS" in text and "Best European Production Design" in text
    assert text.count("2018") >= 3  # two laurels and the title line
    bg = words(_all_text(built, "bg"))
    assert "КАН" in bg and "Официална селекция" in bg


def test_all_three_screenings_in_bulgarian(built) -> None:
    front = words(page_texts(built("a4", "bg"))[0])
    rows = [("16", "МАРТ", "събота", "17:30 ч.", "Дом на киното"),
            ("18", "МАРТ", "понеделник", "20:30 ч.", "Lumière Lidl"),
            ("25", "МАРТ", "понеделник", "20:45 ч.", "Кино Одеон")]
    positions = []
    for row in rows:
        for part in row:
            assert part in front, part
        positions.append(front.index(row[4]))
    assert positions == sorted(positions), "screenings are in date order"


def test_russian_dates_use_the_genitive(built) -> None:
    front = words(page_texts(built("a4", "ru"))[0])
    assert "МАРТА" in front and "суббота" in front and "17:30" in front and "ч." not in front


def test_title_forms_year_country_runtime(built) -> None:
    bg = words(page_texts(built("a4", "bg"))[0])
    assert "ЛЯТО" in bg and "Лето · Leto" in bg
    assert "2018 · РУСИЯ, ФРАНЦИЯ · 126 МИН. · ЧЕРНО-БЯЛ" in bg
    en = words(page_texts(built("a4", "en"))[0])
    assert "LETO" in en and "Лето · Лято" in en and "RUSSIA, FRANCE" in en
