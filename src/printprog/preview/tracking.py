"""A compose cache that outlives one film: each block's content is kept with the film fields it read.

compose() looks a venue-independent block up in its `cache` by (layout, lang, page, block, size)
before measuring it, and stores it after. `BlockCache` answers that lookup only when every film
field the block read last time is unchanged; which fields a block reads is recorded while it is
measured, through a film whose attribute reads are observed (`observed`). Reading more than a
block needs only costs a cache miss, so the record errs on the safe side.
"""

from __future__ import annotations

import threading
from typing import Any

from printprog.load.film import Film

FIELDS = frozenset(Film.model_fields)


class _Reads(threading.local):
    """The film fields read while a block is measured, per thread (None: not recording)."""

    fields: set[str] | None = None


READS = _Reads()


class ObservedFilm(Film):
    """A Film whose field reads are recorded in READS while a block is measured."""

    def __getattribute__(self, name: str) -> Any:
        if name in FIELDS:
            fields = READS.fields
            if fields is not None:
                fields.add(name)
        return super().__getattribute__(name)


def observed(film: Film) -> Film:
    """The same film (equal fields, no validation run again) with its reads observed."""
    return ObservedFilm.model_construct(_fields_set=set(film.model_fields_set), **dict(film))


class BlockCache(dict):
    """compose()'s `cache` argument; `use(film)` before each compose with the film it composes."""

    def __init__(self) -> None:
        super().__init__()
        self.film: Film | None = None
        self.entries: dict[Any, tuple[dict[str, Any], Any]] = {}  # key -> (fields read, content)
        self.last_key: Any = None  # the block measured last: (layout, lang, page, block, w, h)
        self.hits = self.misses = 0

    def use(self, film: Film) -> None:
        self.film = film
        READS.fields = None

    def _current(self, name: str) -> Any:
        return Film.__getattribute__(self.film, name) if self.film is not None else None

    def __contains__(self, key: object) -> bool:
        self.last_key = key
        entry = self.entries.get(key)
        if entry is not None and all(self._current(f) == v for f, v in entry[0].items()):
            self.hits += 1
            return True
        self.misses += 1
        READS.fields = set()  # record what the block reads while it is measured
        return False

    def __getitem__(self, key: Any) -> Any:
        return self.entries[key][1]

    def __setitem__(self, key: Any, content: Any) -> None:
        fields, READS.fields = READS.fields, None
        if fields is None:  # not measured under our eyes: do not keep it
            return
        self.entries[key] = ({f: self._current(f) for f in fields}, content)

    def clear(self) -> None:
        self.entries.clear()
        READS.fields = None
