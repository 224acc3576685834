"""The film data model: what a film file may contain (validated, frozen)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BeforeValidator, Field, PlainSerializer, ValidationInfo, WithJsonSchema,
                      field_validator, model_validator)
from pydantic_core import PydanticCustomError

from printprog.load.types import Lang, Localized, Strict, Text

Role = Literal[
    "director",
    "screenplay",
    "cinematography",
    "editing",
    "music",
    "production_design",
    "costume_design",
    "sound",
    "executive_producer",
    "co_producer",
]


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        s = value.strip()
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(s, fmt).date()
            except ValueError:
                pass
    raise PydanticCustomError("date", "{v} is not a date; write 2019-03-16 or 16.03.2019", {"v": repr(value)})


def _time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", value)
        if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
            return dt.time(int(m.group(1)), int(m.group(2)))
    raise PydanticCustomError("time", "{v} is not a time; write 24-hour time such as \"19:30\"", {"v": repr(value)})


Date = Annotated[dt.date, BeforeValidator(_date), PlainSerializer(lambda d: d.isoformat()),
                 WithJsonSchema({"type": "string", "description": "YYYY-MM-DD or DD.MM.YYYY"})]
Time = Annotated[dt.time, BeforeValidator(_time), PlainSerializer(lambda t: t.strftime("%H:%M")),
                 WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}[:.]\d{2}$", "description": "24-hour time, \"19:30\""})]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
Url = Annotated[str, Field(pattern=r"^https?://[^\s/$.?#].[^\s]*$")]


class Credit(Strict):
    """One crew role and the people credited for it, in billing order."""

    role: Role = Field(description="Which crew role; its label comes from the translation catalogue.")
    names: tuple[Text, ...] = Field(min_length=1, description="People credited for the role.")
    label: Text | None = Field(None, description="Overrides the catalogue label for this role.")


class CastMember(Strict):
    name: Text = Field(description="The actor's name.")
    character: Text | None = Field(None, description="The part played, if the layout shows it.")


class Quote(Strict):
    """A press quote. `text` is quoted exactly; typographic quote marks are added by the layout."""

    text: Text = Field(description="The full quote, without surrounding quote marks; blank lines separate paragraphs.")
    short: Text | None = Field(None, description="A shortened form for posters (taglines).")
    author: Text = Field(description="The critic.")
    source: Text = Field(description="The publication.")
    lang: Lang = Field(description="Language the quote was written in.")


class Award(Strict):
    festival: Text = Field(description="Festival or academy, e.g. Cannes.")
    category: Text = Field(description="Section or prize, e.g. Official Selection.")
    year: int = Field(ge=1890, le=2100)
    kind: Literal["selection", "nominee", "winner"] = Field("selection", description="Drawn as a laurel for all three.")


class Venue(Strict):
    id: Slug = Field(description="Short id that screenings refer to, e.g. dom-na-kinoto.")
    name: Text
    address: Text | None = None
    city: Text | None = None
    url: Url | None = Field(None, description="The venue's own ticket or programme page; flyers print it as a QR code.")


class Screening(Strict):
    date: Date
    time: Time
    venue: str = Field(description="The id of a venue listed under venues.")
    note: Text | None = Field(None, description="Subtitles, premiere, Q&A…")


def _image_file(value: str, info: ValidationInfo) -> str:
    """Resolve the path against the film file's folder; the file must exist and be an image that
    decodes and is not too big to prepare (read once: compose and render reuse the reading)."""
    from pathlib import Path

    from printprog.imageinfo import ImageError, validate

    base = (info.context or {}).get("base")
    path = Path(value)
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    if not path.is_file():
        from printprog.diagnostics import display_path

        raise PydanticCustomError("image_missing", "image file {v} not found: looked for {where}",
                                  {"v": repr(value), "where": display_path(path), "hint": _missing_hint(path, value)})
    try:
        validate(path, value)
    except ImageError as e:
        raise PydanticCustomError("image_unreadable", "{why}", {"why": str(e)}) from None
    return str(path)


def _missing_hint(path: Path, value: str) -> str:
    """How to fix a missing picture: a close name in that folder, else where to put it."""
    import difflib

    from printprog.diagnostics import display_path

    folder = path.parent
    if not folder.is_dir():
        return (f"the folder {display_path(folder)} does not exist; paths are relative to the film file's "
                "folder: put the picture there or correct `file:`")
    names = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".tif", ".tiff"))
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.5)
    if close:
        return f"did you mean {str(Path(value).with_name(close[0]))!r}?"
    return f"put the picture at {display_path(path)}, or correct `file:` (it is relative to the film file's folder)"


class FilmImage(Strict):
    """A picture of the film: key art or a still."""

    file: Annotated[str, AfterValidator(_image_file)] = Field(
        description="Path relative to the film file, e.g. images/leto-keyart.jpg.")
    focus: tuple[float, float] = Field((0.5, 0.5), description="The point that must stay in view when cropped, "
                                       "as fractions of width and height from the top-left.")
    credit: Text | None = Field(None, description="Photographer or artist, printed where the layout asks.")
    licence: str | None = None

    @field_validator("focus")
    @classmethod
    def _focus_inside(cls, v: tuple[float, float]) -> tuple[float, float]:
        if not all(0 <= f <= 1 for f in v):
            raise PydanticCustomError("focus", "focus fractions must be between 0 and 1")
        return v


def _title_slug(title: Any) -> str:
    """The default film id: the Bulgarian (or only) title, else the English, else another, as a slug."""
    from printprog.names import slug

    if isinstance(title, Localized):
        title = title.plain if title.plain is not None else dict(title.by_lang)
    texts = [title] if isinstance(title, str) else \
        [title.get(k) for k in ("bg", "en", "ru")] if isinstance(title, dict) else []
    for text in texts:
        if isinstance(text, str):
            try:
                return slug(text)
            except ValueError:  # only punctuation or emoji: try the next form
                continue
    return "film"


def _at_least_one(what: str) -> Any:
    def check(v: tuple) -> tuple:
        if not v:
            raise PydanticCustomError("empty_list", "list at least one {what}", {"what": what})
        return v
    return AfterValidator(check)


class Film(Strict):
    """One film and its screenings. Only title, year, venues and screenings are required."""

    id: Slug = Field(default_factory=lambda: "film",
                     description="Used in output file names, e.g. leto → build/leto-a4-bg.pdf. "
                                 "Default: the title (Bulgarian, else English) transliterated, e.g. Урок → urok.")
    title: Text = Field(description="The release title in each edition language.")
    original_title: Text | None = Field(None, description="The title in the original language.")
    original_language: Lang | None = None
    year: int = Field(ge=1890, le=2100)
    countries: tuple[Text, ...] = ()
    runtime: int | None = Field(None, gt=0, le=1000, description="Minutes.")
    black_and_white: bool = False
    credits: tuple[Credit, ...] = ()
    cast: tuple[CastMember, ...] = ()
    billing: int | None = Field(None, ge=0, le=40, description="How many cast members a poster's billing block "
                                "names; absent: the layout decides.")
    producers: tuple[Text, ...] = ()
    production: tuple[Text, ...] = Field((), description="Production companies.")
    synopsis: Text | None = None
    quotes: tuple[Quote, ...] = ()
    awards: tuple[Award, ...] = ()
    url: Url | None = Field(None, description="The film's own programme or ticket page; posters print it (or a QR "
                            "code) when they cannot list every date.")
    venues: Annotated[tuple[Venue, ...], _at_least_one("venue")] = Field(json_schema_extra={"minItems": 1})
    screenings: Annotated[tuple[Screening, ...], _at_least_one("screening")] = Field(json_schema_extra={"minItems": 1})
    images: dict[str, FilmImage] = Field({}, description="Pictures by name; layouts refer to them (keyart).")

    @model_validator(mode="before")
    @classmethod
    def _default_id(cls, data: Any) -> Any:
        # an absent (or empty) id comes from the title, so output names never need one written
        if isinstance(data, dict) and data.get("id") is None and "title" in data:
            data = {**data, "id": _title_slug(data["title"])}
        return data
