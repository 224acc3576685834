"""Hyphenation points from pyphen's dictionaries (bg, ru, en)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path

_DICTS = {"bg": "bg_BG", "ru": "ru_RU", "en": "en_GB"}
FORMAT = 2  # of the cached patterns (hyph2-*.json)


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
    the dictionary's digest, and checked before use: a damaged or foreign file is parsed again.

    The patterns are kept as parallel lists (keys, start offsets, and an index into the few
    hundred distinct digit tuples), so that loading builds the table in C: a few ms, not 20."""
    import pyphen

    source = Path(path).read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:32]
    cache = _cache_dir() / f"hyph{FORMAT}-{Path(path).stem}-{digest}.json"
    try:
        loaded = _valid(json.loads(cache.read_bytes()), digest)
    except (OSError, ValueError, TypeError, RecursionError):
        loaded = None
    if loaded is not None:
        hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hd.patterns, hd.maxlen, hd.cache = loaded[0], loaded[1], {}
        return hd
    hd = pyphen.HyphDict(Path(path))
    plain = all(type(v) is int for _, values in hd.patterns.values() for v in values)
    if not plain:  # nonstandard hyphenation (DataInt) does not survive JSON: parse every time
        return hd
    table = sorted({values for _, values in hd.patterns.values()})
    index = {values: n for n, values in enumerate(table)}
    record = {"digest": digest, "maxlen": hd.maxlen, "keys": list(hd.patterns),
              "starts": [start for start, _ in hd.patterns.values()], "table": [list(v) for v in table],
              "index": [index[values] for _, values in hd.patterns.values()]}
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
    maxlen, keys, starts, table, index = (record.get(k) for k in ("maxlen", "keys", "starts", "table", "index"))
    if not (type(maxlen) is int and type(keys) is list and type(starts) is list and type(table) is list
            and type(index) is list and keys and len(keys) == len(starts) == len(index)):
        return None
    # type checks over whole lists in C (map, set), the table of digit tuples one by one (it is small)
    if set(map(type, keys)) != {str} or set(map(type, starts)) != {int} or set(map(type, index)) != {int}:
        return None
    if not all(type(v) is list and v and set(map(type, v)) == {int} for v in table):
        return None
    values = [tuple(v) for v in table]
    if min(index) < 0 or max(index) >= len(values):
        return None
    patterns = dict(zip(keys, zip(starts, map(values.__getitem__, index))))
    if len(patterns) != len(keys) or maxlen != max(map(len, keys)):
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
