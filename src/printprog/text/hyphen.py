"""Hyphenation points from pyphen's dictionaries (bg, ru, en)."""

from __future__ import annotations

from functools import cache

_DICTS = {"bg": "bg_BG", "ru": "ru_RU", "en": "en_GB"}


@cache
def _dic(lang: str):  # type: ignore[no-untyped-def]
    import pyphen

    path = pyphen.LANGUAGES[_DICTS[lang]]
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = _load_patterns(path)
    return pyphen.Pyphen(lang=_DICTS[lang], left=2, right=3)


def _load_patterns(path):  # type: ignore[no-untyped-def]
    """pyphen parses its dictionary on every start (~70 ms each); keep the parsed patterns in the
    user's cache folder (marshal: plain data only, fastest to read). Any problem falls back to parsing."""
    import marshal
    import os
    import sys
    import tempfile
    from pathlib import Path

    import pyphen

    base = os.environ.get("PRINTPROG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "printprog")
    stat = Path(path).stat()
    tag = f"py{sys.version_info[0]}{sys.version_info[1]}-pyphen-{pyphen.__version__}"
    cache = Path(base) / f"{tag}-{Path(path).stem}-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        patterns, maxlen = marshal.loads(cache.read_bytes())
        hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
        hd.patterns, hd.maxlen, hd.cache = patterns, maxlen, {}
        return hd
    except (OSError, ValueError, EOFError, TypeError):
        pass
    hd = pyphen.HyphDict(path)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps((hd.patterns, hd.maxlen)))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home is fine: we just parse next time too
    return hd


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
