"""`printprog new`: start a film folder — a commented film file with every field, its JSON Schema
beside it for editors, and a README with the commands that build it; or a copy of a sample film."""

from __future__ import annotations

import json
from pathlib import Path

from printprog.diagnostics import Diagnostic, InputError

EXAMPLES = ("leto",)
SCHEMA_NAME = "film.schema.json"

FILM = """\
# yaml-language-server: $schema={schema}
# A film for printprog. Format: docs/film-format.md; the JSON Schema ({schema}) lets editors
# check this file as you type. Fields marked "required" must be present; everything else may be
# left out (the layouts close up around what a film lacks). Uncomment and fill what you have.
# Text is a plain string (the same in every edition) or a map of languages: {{bg: …, ru: …, en: …}}.
# Check it with `printprog validate {film}`; every problem is listed with its line.

# id: my-film                # file names: build/<id>-a4-bg.pdf (default: the title, transliterated)
title: {title}    # required: the release title (or {{bg: …, en: …, ru: …}})
# original_title: …           # the title in the original language
# original_language: bg       # bg, ru or en
year: {year}                  # required: the release year
# countries: [{{bg: България, ru: Болгария, en: Bulgaria}}]
# runtime: 100                # minutes
# black_and_white: false
# url: https://example.org/film   # the film's programme or ticket page; posters print it as a QR code

credits:                      # roles: director, screenplay, cinematography, editing, music,
  - role: director            # production_design, costume_design, sound, executive_producer, co_producer
    names: [Director Name]
#   label: {{bg: Режисьор, en: Directed by}}   # overrides the catalogue's label for the role

# cast:
#   - name: Actor Name
#     character: Part Played  # if the layout shows it
# billing: 4                  # how many cast members a poster's billing block names

# producers: [Producer Name]
# production: [Production Company]   # production companies

synopsis: >-                  # per edition as bg: / ru: / en: when the editions differ
  One paragraph about the film: replace this text with its synopsis.

# quotes:                     # quoted exactly as published; the layout adds the quote marks
#   - lang: en                # the language the quote was written in
#     author: Critic Name
#     source: Publication
#     text: The full quote, without quote marks. Blank lines separate paragraphs.
#     short: A shorter form for posters.

# awards:
#   - festival: {{bg: Кан, en: Cannes}}
#     category: {{bg: Официална селекция, en: Official Selection}}
#     year: {year}
#     kind: selection         # selection, nominee or winner

venues:                       # required: at least one
  - id: my-cinema             # short id that screenings refer to
    name: My Cinema
#   address: 1 Main Street
#   city: Sofia
#   url: https://example.org/programme   # flyers print it as a QR code

screenings:                   # required: at least one
  - date: {date}          # YYYY-MM-DD or DD.MM.YYYY
    time: "19:30"             # 24-hour time, in quotes
    venue: my-cinema          # the id of a venue above
#   note: {{bg: с български субтитри, en: with Bulgarian subtitles}}

# Key art: put the picture beside this file (e.g. images/keyart.jpg, at least 300 ppi at the
# size printed) and uncomment. The A4, posters and flyers use `keyart`.
# images:
#   keyart:
#     file: images/keyart.jpg
#     focus: [0.5, 0.4]       # the point that must stay in view when cropped (0–1, from top-left)
#     credit: "Photo: Name"
#     licence: CC-BY-4.0
"""

README = """\
A film for printprog. From this folder:

  printprog validate {film}
  printprog build --data {film} --format a4 --proof

The first lists every problem in {film}; the second writes build/{id}-a4-bg.pdf and a PNG of
every page. `printprog layouts` lists the other formats (posters, flyers with --per venue).
{extra}"""


def new_film(folder: Path, *, title: str | None = None, example: str | None = None) -> list[Path]:
    """Write a new film folder (all files or none); returns the files written. A folder that
    exists and is not empty, or an unknown example, is an input error."""
    from printprog.load.schema import film_schema
    from printprog.write import Publication

    if example is not None and title is not None:
        raise InputError([Diagnostic("--title names a new film; an --example keeps its own title",
                                     hint="leave out --title, or --example")])
    if example is not None and example.lower() not in EXAMPLES:
        raise InputError([Diagnostic(f"no example film {example!r}", hint=f"choose one of: {', '.join(EXAMPLES)}")])
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        what = "is not empty" if folder.is_dir() else "is a file"
        raise InputError([Diagnostic(f"{folder} {what}; printprog new writes only into a new or empty folder",
                                     hint=f"choose another folder, e.g. printprog new {folder.name}-2")])
    files = _example(example.lower()) if example else _template(title)
    files[SCHEMA_NAME] = film_schema().encode()
    with Publication() as pub:
        for name, data in files.items():
            pub.add(folder / name, data)
        pub.commit()
    return [folder / name for name in files]


def _template(title: str | None) -> dict[str, bytes]:
    import datetime as dt

    from printprog.names import slug

    title = (title or "").strip() or "Film Title"
    try:
        film_id = slug(title)
    except ValueError:
        film_id = "film"
    year = dt.date.today().year
    date = dt.date(year, 12, 1).isoformat()
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a YAML string: quotes, colons, #…
    film = FILM.format(schema=SCHEMA_NAME, film="film.yaml", title=quoted, year=year, date=date)
    return {"film.yaml": film.encode(), "README.txt": README.format(film="film.yaml", id=film_id, extra="").encode()}


def _example(name: str) -> dict[str, bytes]:
    from printprog.assets import asset_dir

    data = asset_dir("data")
    film = data / f"{name}.yaml"
    files = {film.name: film.read_bytes()}
    images = data / "images"
    for picture in sorted(images.iterdir()) if images.is_dir() else []:
        if picture.is_file():
            files[f"images/{picture.name}"] = picture.read_bytes()
    extra = f"\nThis is printprog's sample film; {SCHEMA_NAME} is its JSON Schema for editors.\n"
    files["README.txt"] = README.format(film=film.name, id=name, extra=extra).encode()
    return files
