"""Hypothesis strategies for valid film files, inside the ranges the products must handle.

`film_data()` draws the data of one film (plain dicts and lists, as a YAML file holds it);
`films()` draws the same as YAML text, written by `to_yaml`. Ranges: 1–3 directors, 0–6 awards,
0–4 quotes, 0–30 cast, 1–60 screenings in 1–15 venues in 1–6 cities, titles of 1–40 characters,
synopses of 0–250 words. Words come from Bulgarian, Russian and English lists, so line breaking,
hyphenation and fitting meet real text, not unicode soup.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import strategies as st

__all__ = ["film_data", "films", "to_yaml", "LIMITS"]

LIMITS = {"directors": (1, 3), "awards": (0, 6), "quotes": (0, 4), "cast": (0, 30), "screenings": (1, 60),
          "venues": (1, 15), "cities": (1, 6), "title": (1, 40), "synopsis_words": (0, 250)}

WORDS = {
    "bg": ("лято", "море", "град", "нощ", "път", "майка", "баща", "сестра", "брат", "урок", "слава", "зима", "река",
           "къща", "село", "влак", "писмо", "песен", "тишина", "завръщане", "последен", "дълга", "студена", "тиха",
           "бяла", "черно", "златна", "стара", "нова", "далечна", "среща", "раздяла", "истина", "мълчание", "вятър",
           "сняг", "огън", "светлина", "сянка", "ѝ", "и", "на", "в", "от", "към", "през", "след", "без", "край",
           "гора", "поле", "небе", "учителка", "капитан", "прожекция", "щастие", "хляб", "ябълка", "Дунав"),
    "ru": ("лето", "море", "город", "ночь", "дорога", "мать", "отец", "сестра", "брат", "урок", "слава", "зима",
           "река", "дом", "деревня", "поезд", "письмо", "песня", "тишина", "возвращение", "последний", "долгая",
           "холодная", "тихая", "белая", "чёрный", "золотая", "старая", "новая", "встреча", "разлука", "правда",
           "молчание", "ветер", "снег", "огонь", "свет", "тень", "и", "на", "в", "из", "через", "после", "без"),
    "en": ("summer", "sea", "city", "night", "road", "mother", "father", "sister", "brother", "lesson", "glory",
           "winter", "river", "house", "village", "train", "letter", "song", "silence", "return", "last", "long",
           "cold", "quiet", "white", "black", "golden", "old", "new", "distant", "meeting", "parting", "truth",
           "wind", "snow", "fire", "light", "shadow", "and", "of", "the", "in", "from", "to", "through", "after",
           "without", "forest", "field", "sky", "teacher", "captain", "screening", "happiness", "bread", "apple"),
}
FIRST = {"bg": ("Мария", "Иван", "Ели", "Стефан", "Ралица", "Петър", "Весела", "Георги", "Надежда", "Калоян",
                "Йоана", "Димитър", "Цвета", "Явор", "Юлия", "Щерьо"),
         "en": ("Maria", "Ivan", "Eli", "Stefan", "Ralitsa", "Petar", "Vesela", "Georgi", "Nadezhda", "Kaloyan",
                "Yoana", "Dimitar", "Tsveta", "Yavor", "Yulia", "Shteryo")}
LAST = {"bg": ("Иванова", "Петров", "Командарев", "Грозева", "Вълчанов", "Казакова", "Лазаров", "Жечев",
               "Христова", "Шишков", "Цанева", "Дюлгеров", "Ангелова", "Бърнев"),
        "en": ("Ivanova", "Petrov", "Komandarev", "Grozeva", "Valchanov", "Kazakova", "Lazarov", "Zhechev",
               "Hristova", "Shishkov", "Tsaneva", "Dyulgerov", "Angelova", "Barnev")}
CITIES = (("София", "Sofia"), ("Пловдив", "Plovdiv"), ("Варна", "Varna"), ("Бургас", "Burgas"),
          ("Русе", "Ruse"), ("Велико Търново", "Veliko Tarnovo"))
VENUES = (("Дом на киното", "Dom na Kinoto"), ("Кино Одеон", "Kino Odeon"), ("Lumière Lidl", "Lumière Lidl"),
          ("Euro Cinema", "Euro Cinema"), ("Cinema City / Mall of Sofia", "Cinema City / Mall of Sofia"),
          ("Кино „Лъки“", "Lucky Cinema"), ("Фестивален и конгресен център", "Festival and Congress Centre"),
          ("Културен център „Морско казино“", "Sea Casino Cultural Centre"), ("Доходно здание", "Dohodno Zdanie"),
          ("Регионална библиотека „П. Р. Славейков“", "P. R. Slaveykov Regional Library"),
          ("Национален дворец на културата – зала 1 / Lumière Lidl, вход откъм бул. „България“",
           "National Palace of Culture, Hall 1 / Lumière Lidl, entrance from Bulgaria Boulevard"))
FESTIVALS = (("Кан", "Cannes"), ("Берлинале", "Berlinale"), ("Локарно", "Locarno"), ("Карлови Вари", "Karlovy Vary"),
             ("Венеция", "Venice"), ("София Филм Фест", "Sofia IFF"), ("„Златна роза“", "Golden Rose"),
             ("Сараево", "Sarajevo"))
CATEGORIES = (("Официална селекция", "Official Selection"), ("Голямата награда", "Grand Prix"),
              ("Най-добра режисура", "Best Director"), ("Най-добра женска роля", "Best Actress"),
              ("Награда ФИПРЕССИ", "FIPRESCI Prize"), ("Кристален глобус", "Crystal Globe"))
NOTES = (("с английски субтитри", "with English subtitles"), ("премиера", "premiere"),
         ("разговор с режисьора", "Q&A with the director"), ("вход свободен", "free admission"),
         ("на руски език с български субтитри", "in Russian with Bulgarian subtitles"))
ROLES = ("screenplay", "cinematography", "editing", "music", "production_design", "costume_design", "sound")


def _text(bg: str, en: str, ru: str | None = None) -> st.SearchStrategy[Any]:
    """A text as a film file writes it: one plain string, or a map of some of the languages."""
    maps = [{"bg": bg, "en": en}, {"bg": bg}, {"en": en}]
    if ru is not None:
        maps += [{"bg": bg, "ru": ru, "en": en}, {"ru": ru, "en": en}]
    return st.sampled_from([bg, en, *maps])


@st.composite
def _words(draw: st.DrawFn, lang: str, lo: int, hi: int) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS[lang]), min_size=lo, max_size=hi)))


@st.composite
def _title(draw: st.DrawFn) -> Any:
    def one(lang: str) -> str:
        words = draw(st.lists(st.sampled_from(WORDS[lang]), min_size=1, max_size=8))
        text = words[0].capitalize()
        for w in words[1:]:
            if len(text) + 1 + len(w) > LIMITS["title"][1]:
                break
            text += " " + w
        if draw(st.booleans()) and len(text) <= 30:  # a subtitle
            text += ": " + draw(st.sampled_from(WORDS[lang]))
        return text[: LIMITS["title"][1]].strip()

    short = draw(st.sampled_from(["", "", "", "Я", "А", "Ага", "Aga", "Ѝ"]))
    bg, en, ru = (short or one("bg")), (short or one("en")), (short or one("ru"))
    return draw(_text(bg, en, ru))


@st.composite
def _person(draw: st.DrawFn) -> Any:
    i, j = draw(st.integers(0, len(FIRST["bg"]) - 1)), draw(st.integers(0, len(LAST["bg"]) - 1))
    return draw(_text(f"{FIRST['bg'][i]} {LAST['bg'][j]}", f"{FIRST['en'][i]} {LAST['en'][j]}"))


@st.composite
def _synopsis(draw: st.DrawFn) -> Any:
    n = draw(st.integers(*LIMITS["synopsis_words"]))
    if n == 0:
        return None
    rnd = draw(st.randoms(use_true_random=False))  # hundreds of words: one draw, not one per word

    def prose(lang: str) -> str:
        words = [rnd.choice(WORDS[lang]) for _ in range(n)]
        sentences, cut = [], rnd.randint(4, 18)
        for k in range(0, n, cut):
            chunk = words[k:k + cut]
            sentences.append(" ".join([chunk[0].capitalize(), *chunk[1:]]) + ".")
        text = " ".join(sentences)
        return text.replace(". ", ".\n\n", 1) if n > 60 else text  # long ones get two paragraphs

    return draw(_text(prose("bg"), prose("en"), prose("ru")))


@st.composite
def _award(draw: st.DrawFn) -> dict[str, Any]:
    f, c = draw(st.sampled_from(FESTIVALS)), draw(st.sampled_from(CATEGORIES))
    award = {"festival": draw(_text(*f)), "category": draw(_text(*c)), "year": draw(st.integers(1990, 2026))}
    if draw(st.booleans()):
        award["kind"] = draw(st.sampled_from(["selection", "nominee", "winner"]))
    return award


@st.composite
def _quote(draw: st.DrawFn) -> dict[str, Any]:
    lang = draw(st.sampled_from(["bg", "ru", "en"]))
    quote: dict[str, Any] = {"lang": lang, "text": draw(_words(lang, 3, 60)).capitalize() + ".",
                             "author": draw(_person()), "source": draw(st.sampled_from(["Variety", "Screen Daily",
                                                                                          "„Култура“", "Сеанс"]))}
    if draw(st.booleans()):
        quote["short"] = draw(_text(draw(_words("bg", 2, 8)).capitalize(), draw(_words("en", 2, 8)).capitalize()))
    return quote


@st.composite
def _venues(draw: st.DrawFn) -> list[dict[str, Any]]:
    n_cities = draw(st.integers(*LIMITS["cities"]))
    n = draw(st.integers(max(n_cities, LIMITS["venues"][0]), LIMITS["venues"][1]))
    # each city written one way throughout the file, as a programmer would
    cities = [draw(_text(*c)) for c in draw(st.permutations(CITIES))[:n_cities]]
    out = []
    for i in range(n):
        name = draw(st.sampled_from(VENUES))
        venue: dict[str, Any] = {"id": f"venue-{i + 1}", "name": draw(_text(*name)),
                                 "city": cities[i % n_cities]}  # every chosen city gets a venue
        if draw(st.booleans()):
            venue["url"] = f"https://example.org/venue-{i + 1}"
        out.append(venue)
    return out


@st.composite
def _screening(draw: st.DrawFn, venue_ids: list[str]) -> dict[str, Any]:
    day = draw(st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)))
    screening: dict[str, Any] = {"date": day.isoformat(), "time": f"{draw(st.integers(9, 23)):02d}:"
                                 f"{draw(st.sampled_from([0, 15, 30, 45])):02d}", "venue": draw(st.sampled_from(venue_ids))}
    if draw(st.integers(0, 3)) == 0:
        screening["note"] = draw(_text(*draw(st.sampled_from(NOTES))))
    return screening


@st.composite
def film_data(draw: st.DrawFn) -> dict[str, Any]:
    """The data of one valid film, as loaded from YAML (before validation)."""
    film: dict[str, Any] = {"title": draw(_title()), "year": draw(st.integers(1950, 2027))}
    if draw(st.booleans()):
        film["runtime"] = draw(st.integers(5, 240))
    directors = draw(st.lists(_person(), min_size=LIMITS["directors"][0], max_size=LIMITS["directors"][1]))
    credits = [{"role": "director", "names": directors}]
    for role in draw(st.lists(st.sampled_from(ROLES), unique=True, max_size=4)):
        credits.append({"role": role, "names": draw(st.lists(_person(), min_size=1, max_size=2))})
    film["credits"] = credits
    cast = []
    for _ in range(draw(st.integers(*LIMITS["cast"]))):
        member: dict[str, Any] = {"name": draw(_person())}
        if draw(st.integers(0, 3)) == 0:
            member["character"] = draw(_text(draw(st.sampled_from(FIRST["bg"])), draw(st.sampled_from(FIRST["en"]))))
        cast.append(member)
    if cast:
        film["cast"] = cast
    if draw(st.booleans()):
        film["billing"] = draw(st.integers(0, 40))
    synopsis = draw(_synopsis())
    if synopsis is not None:
        film["synopsis"] = synopsis
    for key, strategy, (lo, hi) in (("quotes", _quote(), LIMITS["quotes"]), ("awards", _award(), LIMITS["awards"])):
        items = draw(st.lists(strategy, min_size=lo, max_size=hi))
        if items:
            film[key] = items
    if draw(st.booleans()):
        film["url"] = "https://example.org/kino/film"
    film["venues"] = draw(_venues())
    ids = [v["id"] for v in film["venues"]]
    film["screenings"] = draw(st.lists(_screening(ids), min_size=LIMITS["screenings"][0],
                                       max_size=LIMITS["screenings"][1]))
    return film


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the strict reader refuses anchors and aliases
        return True


def to_yaml(data: dict[str, Any]) -> str:
    """A film's data as the text of a film file (block style, UTF-8 letters kept)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def films() -> st.SearchStrategy[str]:
    """YAML text of valid film files."""
    return film_data().map(to_yaml)
