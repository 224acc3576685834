"""Hyphenation points from pyphen's dictionaries (bg, ru, en)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

_DICTS = {"bg": "bg_BG", "ru": "ru_RU", "en": "en_GB"}


@cache
def _dic(lang: str):
    import pyphen

    path = pyphen.LANGUAGES[_DICTS[lang]]
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = _load_patterns(path)
    return pyphen.Pyphen(lang=_DICTS[lang], left=2, right=3)


def _cache_dir() -> Path:
    base = os.environ.get("PRINTPROG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "printprog")
    return Path(base)


def _load_patterns(path: Path):
    """pyphen parses its dictionary on every start (13–50 ms each, measured); keep the parsed
    patterns in the user's cache folder. The file is JSON (loading it runs no code), named after
    the dictionary's digest, and checked before use: a damaged or foreign file is parsed again."""
    import pyphen

    source = Path(path).read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:32]
    cache = _cache_dir() / f"hyph-{Path(path).stem}-{digest}.json"
    try:
        loaded = _valid(json.loads(cache.read_bytes()), digest)
    except (OSError, ValueError, RecursionError):
        loaded = None
    if loaded is not None:
        hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hd.patterns, hd.maxlen, hd.cache = loaded[0], loaded[1], {}
        return hd
    hd = pyphen.HyphDict(Path(path))
    plain = all(type(v) is int for _, values in hd.patterns.values() for v in values)
    if not plain:  # nonstandard hyphenation (DataInt) does not survive JSON: parse every time
        return hd
    record = {"digest": digest, "maxlen": hd.maxlen,
              "patterns": {k: [start, list(values)] for k, (start, values) in hd.patterns.items()}}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home is fine: we just parse next time too
    return hd


def _valid(record: object, digest: str) -> tuple[dict[str, tuple[int, tuple[int, ...]]], int] | None:
    """The patterns and maxlen if `record` is exactly what _load_patterns writes, else None."""
    if not isinstance(record, dict) or record.get("digest") != digest:
        return None
    maxlen, raw = record.get("maxlen"), record.get("patterns")
    if type(maxlen) is not int or not isinstance(raw, dict) or not raw:
        return None
    patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
    for key, value in raw.items():
        if not (isinstance(value, list) and len(value) == 2 and type(value[0]) is int
                and isinstance(value[1], list) and all(type(v) is int for v in value[1])):
            return None
        patterns[key] = (value[0], tuple(value[1]))
    if maxlen != max(len(k) for k in patterns):
        return None
    return patterns, maxlen


def break_points(word: str, lang: str | None) -> list[int]:
    """Positions where `word` may break (a hyphen goes after the prefix), longest prefix first.

    Leading and trailing punctuation are left out of the dictionary lookup.
    """
    if lang not in _DICTS:
        return []
    start = 0
    while start < len(word) and not word[start].isalpha():
        start += 1
    end = len(word)
    while end > start and not word[end - 1].isalpha():
        end -= 1
    core = word[start:end]
    if len(core) < 5 or not core.isalpha():
        return []
    positions = _dic(lang).positions(core)
    return sorted((start + p for p in positions), reverse=True)
