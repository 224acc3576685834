"""Generated films (tests/filmgen.py) are valid film files and stay inside the promised ranges."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from printprog.load import load_film
from printprog.load.editions import missing_texts
from tests.filmgen import LIMITS, films

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _in(n: int, key: str) -> bool:
    lo, hi = LIMITS[key]
    return lo <= n <= hi


@SETTINGS
@given(films())
def test_every_generated_film_loads(text: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "film.yaml"
        path.write_text(text, encoding="utf-8")
        film, smap = load_film(path)
    assert film.id
    assert _in(len(film.title.get("bg")[0]), "title") and _in(len(film.title.get("en")[0]), "title")
    assert _in(sum(len(c.names) for c in film.credits if c.role == "director"), "directors")
    assert _in(len(film.awards), "awards") and _in(len(film.quotes), "quotes") and _in(len(film.cast), "cast")
    assert _in(len(film.screenings), "screenings") and _in(len(film.venues), "venues")
    assert _in(len({v.city.get("en")[0] for v in film.venues if v.city}), "cities")
    if film.synopsis is not None:
        assert _in(len(film.synopsis.get("en")[0].split()), "synopsis_words")
    for lang in ("bg", "ru", "en"):  # warnings, never exceptions
        assert all(d.severity == "warning" for d in missing_texts(film, smap, lang))
