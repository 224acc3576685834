"""Value types shared by the film and layout models: languages, localized text, lengths, colours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from printprog.lengths import parse_length

Lang = Literal["bg", "ru", "en"]
LANGS: tuple[str, ...] = ("bg", "ru", "en")


class Strict(BaseModel):
    """Frozen, unknown keys are errors, and numbers are finite (`tac: nan` would pass every bound)."""

    # defer_build: a schema is built on first validation, so a layout from the input cache
    # (inputcache.py) never pays for the schemas of every block type
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False,
                              defer_build=True)


@dataclass(frozen=True)
class Localized:
    """Text that is the same in every language (`plain`) or given per language."""

    plain: str | None = None
    by_lang: tuple[tuple[str, str], ...] = ()

    def get(self, lang: str, fallback: tuple[str, ...] = ("en", "bg", "ru")) -> tuple[str, str | None, str | int]:
        """(text, language of the text or None if plain, key used) for an edition language."""
        if self.plain is not None:
            return self.plain, None, ""
        table = dict(self.by_lang)
        for key in (lang, *fallback):
            if key in table:
                return table[key], key, key
        raise AssertionError("empty Localized")  # validation forbids it

    def langs(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.by_lang)

    def all_texts(self) -> list[tuple[str, str | int]]:
        if self.plain is not None:
            return [(self.plain, "")]
        return [(v, k) for k, v in self.by_lang]


_CONTROL = {c for c in range(32) if chr(c) not in "\n\t"} | {0x7F} | set(range(0x80, 0xA0)) | \
    set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def _clean(text: str) -> str:
    """Text must be printable: control characters and direction overrides are errors, not glyphs."""
    for ch in text:
        if ord(ch) in _CONTROL:
            raise PydanticCustomError(
                "control_char", "contains the control character U+{cp} ({name}); remove it",
                {"cp": f"{ord(ch):04X}", "name": "a bidirectional override" if ord(ch) > 0x2000 else "not printable"})
    return text


def _localized(value: Any) -> Localized:
    if isinstance(value, Localized):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("empty_text", "text is empty")
        return Localized(plain=_clean(value.strip()))
    if isinstance(value, dict):
        if not value:
            raise PydanticCustomError("empty_text", "give the text, or a map of languages (bg, ru, en)")
        bad = [k for k in value if k not in LANGS]
        if bad:
            raise PydanticCustomError(
                "bad_lang", "unknown language {bad}; use bg, ru or en", {"bad": ", ".join(map(str, bad))}
            )
        items = []
        for k in LANGS:
            if k in value:
                v = value[k]
                if not isinstance(v, str) or not v.strip():
                    raise PydanticCustomError("empty_text", "the {lang} text is missing or not text", {"lang": k})
                items.append((k, _clean(v.strip())))
        return Localized(by_lang=tuple(items))
    raise PydanticCustomError("text_type", "expected text or a map of languages (bg, ru, en)")


Text = Annotated[
    Localized,
    BeforeValidator(_localized),
    PlainSerializer(lambda v: v.plain if v.plain is not None else dict(v.by_lang)),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {k: {"type": "string", "minLength": 1} for k in LANGS},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ],
            "description": "Text, or a map of language to text (bg, ru, en).",
        }
    ),
]


def _length(value: Any, info: ValidationInfo | None) -> float:
    # the layout loader passes the page size and type scale in the validation context
    context = (getattr(info, "context", None)) or {}
    try:
        return parse_length(value, context.get("page"), context.get("scale"))
    except ValueError as e:
        raise PydanticCustomError("length", str(e)) from None


Length = Annotated[
    float,
    BeforeValidator(_length),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?\s*(pt|mm|cm|in|px|%w|%h)$|^0$|^s-?\d+(\.\d+)?$",
                    "description": "A length: '3mm', '12pt', '8%w' (of the page width), 's3' (type scale step)."}),
]


@dataclass(frozen=True)
class CMYK:
    c: float
    m: float
    y: float
    k: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.c, self.m, self.y, self.k)


def _cmyk(value: Any, info: ValidationInfo | None) -> CMYK:
    if isinstance(value, CMYK):
        return value
    if isinstance(value, str) and value.strip().lower() == "accent":
        # the layout's one accent colour, set once at its top and named where it is used
        accent = (info.context or {}).get("accent") if info is not None else None
        if accent is None:
            raise PydanticCustomError("colour", "`accent` names the layout's accent colour, but the layout sets "
                                      "none; add e.g. `accent: [0, 60, 100, 0]` at its top")
        return _cmyk(accent, None)
    if isinstance(value, str):
        named = {"black": (0, 0, 0, 100), "white": (0, 0, 0, 0), "paper": (0, 0, 0, 0)}
        if value.strip().lower() in named:
            value = list(named[value.strip().lower()])
        else:
            raise PydanticCustomError("colour", "colour {v} is not CMYK; write [c, m, y, k] in percent, e.g. [0, 0, 0, 100]", {"v": repr(value)})
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        raise PydanticCustomError("colour", "write a colour as four CMYK percentages, e.g. [0, 0, 0, 100]")
    parts = []
    for v in value:
        try:
            f = float(v)
        except (TypeError, ValueError):
            raise PydanticCustomError("colour", "colour part {v} is not a number", {"v": repr(v)}) from None
        if not 0 <= f <= 100:
            raise PydanticCustomError("colour", "colour part {v} is outside 0..100 %", {"v": v})
        parts.append(f / 100)
    return CMYK(*parts)


Colour = Annotated[
    CMYK,
    BeforeValidator(_cmyk),
    PlainSerializer(lambda v: [round(x * 100, 3) for x in v.as_tuple()]),
    WithJsonSchema({"description": "CMYK percentages [c, m, y, k], or black/white/paper, or `accent` (the "
                    "layout's accent colour)", "anyOf": [
        {"type": "array", "items": {"type": "number", "minimum": 0, "maximum": 100}, "minItems": 4, "maxItems": 4},
        {"enum": ["black", "white", "paper", "accent"]},
    ]}),
]
