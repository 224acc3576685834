"""Safe, readable file names: Bulgarian transliteration, slugs, output names and collisions.

Venue and film names become parts of output file names (`leto-flyer-a5-bg-dom-na-kinoto.pdf`).
`slug` turns any text into `[a-z0-9]+(-[a-z0-9]+)*`: it can never be a path, a hidden file, `.`/`..`
or a Windows device name, whatever the input holds.

Transliteration follows the official Bulgarian system (Закон за транслитерацията, 2009, the
"Streamlined System"): ж zh, ц ts, ч ch, ш sh, щ sht, ъ a, ь y, ю yu, я ya, й y, х h, and `ия` at
the end of a word is `ia` (София → Sofia, Юлия → Yulia). Letters outside the Bulgarian alphabet
that turn up in names get the mappings below; the Russian ones follow the common Russian
passport-style spellings (ы y, э e, ё yo — `yo`, not `e`, so Алёна → Alyona, not Alena).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = ["transliterate_bg", "slug", "venue_slug", "period_suffix", "output_name", "proof_name", "manifest_name",
           "check_collisions", "WINDOWS_RESERVED"]

_BG = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a",
    "ь": "y", "ю": "yu", "я": "ya",
    "ѝ": "i",  # Bulgarian и with grave (the pronoun "ѝ")
}
_OTHER_CYRILLIC = {
    # Russian
    "ы": "y", "э": "e", "ё": "yo",
    # Ukrainian, Belarusian
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
    # Serbian, Macedonian
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}
_CYRILLIC = {**_BG, **_OTHER_CYRILLIC}
_CYRILLIC.update({k.upper(): v for k, v in _CYRILLIC.items()})

# Latin letters that NFKD does not decompose into ASCII
_LATIN = {
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i",
    "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L",
}

WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)
_RESERVED_SUFFIX = "-venue"
_MIN_LEN = max(len(n) for n in WINDOWS_RESERVED) + len(_RESERVED_SUFFIX)

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")  # terminal escape sequences (CSI: colours, cursor)
_APOSTROPHES = str.maketrans("", "", "'’ʼ")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_TOKEN = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # the models' Slug pattern (load/film.py)
_EXT = re.compile(r"^[a-z0-9]{1,8}$")


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def _cased(out: str, ch: str, prev: str, next_: str) -> str:
    """`out` in the case of Cyrillic `ch`: Ж → Zh in Жоро, ZH in ЖОРО."""
    if not ch.isupper():
        return out
    if len(out) == 1:
        return out.upper()
    neighbour = next_ if _is_letter(next_) else prev
    if _is_letter(neighbour) and neighbour.isupper():
        return out.upper()
    return out[0].upper() + out[1:]


def _transliterate_cyrillic(text: str) -> str:
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        mapped = _CYRILLIC.get(ch)
        if mapped is None:
            out.append(ch)
            continue
        prev = text[i - 1] if i > 0 else ""
        next_ = text[i + 1] if i + 1 < n else ""
        after = text[i + 2] if i + 2 < n else ""
        if ch in "яЯ" and prev in "иИ" and not _is_letter(next_):
            mapped = "a"  # word-final ия → ia (the и before it is plain i anyway)
        elif ch in "иИ" and next_ in "яЯ" and not _is_letter(after):
            mapped = "i"
        out.append(_cased(mapped, ch, prev, next_))
    return "".join(out)


def transliterate_bg(text: str) -> str:
    """Latin spelling of `text`: Bulgarian by the 2009 official system, diacritics folded.

    Characters that are neither Cyrillic nor foldable Latin (punctuation, digits, other scripts)
    are left as they are; `slug` deals with them.
    """
    text = unicodedata.normalize("NFC", text)  # и + U+0306 → й before mapping
    text = _transliterate_cyrillic(text)
    text = "".join(_LATIN.get(ch, ch) for ch in text)
    # Lumière → Lumiere, ﬁ → fi, fullwidth Ａ → A: compatibility decomposition, marks dropped
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) != "Mn")
    return _transliterate_cyrillic(text)  # Cyrillic that only decomposition revealed (ӣ → и)


def _shorten(s: str, max_len: int) -> str:
    if len(s) <= max_len:
        return s
    head = s[: max_len + 1]
    cut = head.rfind("-")
    if cut >= max_len // 2:  # a word boundary that keeps at least half the room
        return s[:cut]
    return s[:max_len].rstrip("-")


def slug(text: str, max_len: int = 60) -> str:
    """`text` as a file-name part: lowercase ASCII letters and digits joined by single dashes.

    Never longer than `max_len` (cut at a word boundary when one is near), never a Windows device
    name (`con` → `con-venue`). Raises ValueError when nothing usable remains (only emoji,
    punctuation, control characters, a script that has no transliteration here).
    """
    if not isinstance(text, str):
        raise TypeError(f"slug() needs text, not {type(text).__name__}")
    if max_len < _MIN_LEN:
        raise ValueError(f"max_len must be at least {_MIN_LEN}, not {max_len}")
    s = _ANSI.sub(" ", text)
    # invisible format characters (zero-width space/joiners, BOM, soft hyphen, bidi controls such
    # as U+202E) vanish; control characters (NUL, newline, ESC) separate words
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Cf")
    s = transliterate_bg(s.translate(_APOSTROPHES)).lower()
    s = _NOT_SLUG.sub("-", s).strip("-")
    s = _shorten(s, max_len)
    if not s:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise ValueError(f"cannot make a file name from {shown!r}: no letters or digits left after transliteration")
    if s in WINDOWS_RESERVED:
        s += _RESERVED_SUFFIX
    return s


def venue_slug(name: str, venue_id: str) -> str:
    """The venue's name as a file-name part, or its id when the name has no letters or digits
    (`«»`, `—`): a batch should not stop over a name that prints fine."""
    try:
        return slug(name)
    except ValueError:
        return slug(venue_id)


def period_suffix(since: dt.date | None, until: dt.date | None) -> str | None:
    """The file-name part for --from/--until, so split runs never overwrite each other.

    `2019-03-16--2019-03-20` for both (ISO dates, a double dash between them), `from-2019-03-16`
    or `until-2019-03-20` for one, None for neither."""
    if since and until:
        return f"{since.isoformat()}--{until.isoformat()}"
    if since:
        return f"from-{since.isoformat()}"
    if until:
        return f"until-{until.isoformat()}"
    return None


def _checked(parts: list[tuple[str, str | None]]) -> str:
    present = [(what, value) for what, value in parts if value is not None]
    for what, value in present:
        if not isinstance(value, str) or not _TOKEN.match(value) or len(value) > 60:
            raise ValueError(f"{what} {value!r} is not a slug (lowercase a-z, 0-9 and '-', at most 60 characters)")
    return "-".join(value for _, value in present if value is not None)


def output_name(film_id: str, fmt: str, lang: str, venue_slug: str | None = None, ext: str = "pdf",
                period: str | None = None) -> str:
    """`leto-flyer-a5-bg-dom-na-kinoto.pdf`: film, format (layout), language, venue, period, extension.

    Every part must already be a slug (`^[a-z0-9][a-z0-9-]*$`, at most 60 characters; pass names
    through `slug` first, periods through `period_suffix`), so the result is a plain file name and
    never a path.
    """
    if not isinstance(ext, str) or not _EXT.match(ext):
        raise ValueError(f"ext {ext!r} must be 1-8 lowercase letters or digits, without the dot")
    return _checked([("film_id", film_id), ("fmt", fmt), ("lang", lang), ("venue_slug", venue_slug),
                     ("period", period)]) + "." + ext


def proof_name(pdf_name: str, page: int) -> str:
    """`leto-a4-bg-p2.png`: the PNG proof of a page, beside its PDF."""
    stem = pdf_name[:-4] if pdf_name.endswith(".pdf") else pdf_name
    return f"{stem}-p{page}.png"


def manifest_name(fmt: str, lang: str, period: str | None = None) -> str:
    """`manifest-flyer-a5-bg.json`: one manifest per format, language and period, so batches of
    different formats or editions in one folder keep their own."""
    return "manifest-" + _checked([("fmt", fmt), ("lang", lang), ("period", period)]) + ".json"


def _name_key(name: str) -> str:
    # two names that a case-insensitive file system (macOS, Windows) treats as one file
    return unicodedata.normalize("NFC", name).casefold()


def check_collisions(items: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """File names that more than one venue would write, with those venues' ids.

    `items` are (venue id, file name) pairs. Names are compared as a case-insensitive file system
    would. The result is in order of first appearance, each venue listed once, so the build can
    report every clash before it writes anything. Empty when every name is unique.
    """
    first_name: dict[str, str] = {}
    venues: dict[str, list[str]] = {}
    for venue_id, name in items:
        key = _name_key(name)
        first_name.setdefault(key, name)
        ids = venues.setdefault(key, [])
        if venue_id not in ids:
            ids.append(venue_id)
    return [(first_name[key], ids) for key, ids in venues.items() if len(ids) > 1]
