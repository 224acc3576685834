"""The input cache (issue #10): a layout that loaded without a problem is not parsed and validated
again until it, printprog or the fonts change.

Layouts are rarely edited, films often: the first build after an edit of the film still had to
read the layout and its `extends` chain and validate every block. A clean load is kept in the
picture cache's folder (`imagecache`, a `.bin` entry, so `printprog cache --clear` and the 1 GB
bound cover it) as JSON: the models by class name from a fixed list (no pickle), rebuilt with
`model_construct`, and the layout's source map, so that later messages (an overflow in compose)
still point at its lines.

The entry's name digests printprog's code (`plancache.code_digest`), the layout's path, the
working directory (marks name files relative to it), its bytes and the font names. The entry
records every file of the `extends` chain (where each `extends` resolves, and its sha256) and is
used only when they all still match. A layout with any problem is never stored, so every message
about a layout comes from a full load, exactly as before. `PRINTPROG_INPUT_CACHE=0` turns the
cache off; the output is the same either way (tests/test_input_cache.py).
"""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from printprog.diagnostics import Mark, SourceMap

if TYPE_CHECKING:
    from printprog.load.layout import Layout

FORMAT = 2
MAX_BYTES = 2 << 20  # the loader's own limit for a layout; anything else is left to it


def enabled() -> bool:
    return os.environ.get("PRINTPROG_INPUT_CACHE", "1") != "0"


def load_layout(path: Path, font_names: frozenset[str] | None = None) -> tuple[Layout, SourceMap]:
    """`load.load_layout(path, font_names)` (default: the font catalogue's names), from the cache
    when nothing it depends on changed."""
    from printprog import load
    from printprog.text.fonts import font_names as catalogue_names

    font_names = catalogue_names() if font_names is None else font_names
    if not enabled():
        return load.load_layout(path, font_names)
    try:
        key = _key(path, font_names)
    except OSError:  # not a regular file, unreadable, …: the loader says what is wrong
        return load.load_layout(path, font_names)
    got = _recall(key, path)
    if got is not None:
        return got
    chain = _chain(path)
    layout, smap = load.load_layout(path, font_names)  # any problem is raised here, never stored
    _keep(key, path, font_names, chain, layout, smap)
    return layout, smap


# --- keys -----------------------------------------------------------------------------------------

def _sha(path: Path | str) -> str:
    from printprog.plancache import file_sha

    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        raise OSError(f"{path}: not for the input cache")
    return file_sha(path)


def _key(path: Path, font_names: frozenset[str]) -> str:
    from printprog.plancache import code_digest, sha

    parts = (FORMAT, "layout", code_digest(), str(path), os.getcwd(), _sha(path), sorted(font_names))
    return sha(repr(parts).encode())[:32]


def _chain(path: Path) -> list[list[str]] | None:
    """[`extends` as written, the file it names, its sha256] for each layout the file extends, or
    None when they cannot be read."""
    from printprog.diagnostics import InputError
    from printprog.load import layout_chain

    try:
        return [[base, str(file), _sha(file)] for base, file in layout_chain(path)]
    except (OSError, InputError, RecursionError):
        return None


def _chain_unchanged(path: Path, chain: list[list[str]]) -> bool:
    """The files an entry's layout extends still resolve as they did (a symbolic link may have moved)
    and have the same bytes; their `extends` values are known from those bytes, so nothing is parsed."""
    current = path
    for base, file, digest in chain:
        current = (current.parent / base).resolve()
        if str(current) != file or _sha(current) != digest:
            return False
    return True


# --- entries --------------------------------------------------------------------------------------

def _recall(key: str, path: Path) -> tuple[Layout, SourceMap] | None:
    from printprog.plancache import read_entries

    for raw in read_entries(key):  # named by key and sha256, the bytes checked against it
        try:
            entry = json.loads(zlib.decompress(raw))
            if entry["format"] != FORMAT or entry["key"] != key:
                continue
            if not _chain_unchanged(path, entry["chain"]):
                continue  # a layout it extends changed: load it again
            return _decode(entry["layout"]), _decode_map(entry["map"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, zlib.error):
            continue  # a damaged entry is as good as none
    return None


def _keep(key: str, path: Path, font_names: frozenset[str], chain: list[list[str]] | None,
          layout: Layout, smap: SourceMap) -> None:
    """Store a clean load whose files did not change while it was read; never fails the build."""
    from printprog.plancache import write_entry

    try:
        if chain is None or _key(path, font_names) != key or _chain(path) != chain:
            return
        entry = {"format": FORMAT, "key": key, "chain": chain, "layout": _encode(layout), "map": _encode_map(smap)}
        text = json.dumps(entry, ensure_ascii=False, sort_keys=True)
        back = json.loads(text)
        # only what decodes to exactly these models and marks (same types, fields set) is kept
        decoded = _decode(back["layout"])
        if (decoded, _decode_map(back["map"])) != (layout, smap) or \
                json.dumps(_encode(decoded), sort_keys=True) != json.dumps(back["layout"], sort_keys=True):
            return
        write_entry(key, zlib.compress(text.encode(), 6))
    except (OSError, TypeError, ValueError, RecursionError):
        pass


# --- models as JSON -------------------------------------------------------------------------------

_CLASSES: dict[str, type] = {}


def _classes() -> dict[str, type]:
    """The layout's models and value types by name: nothing else is ever built from an entry."""
    if not _CLASSES:
        from pydantic import BaseModel

        from printprog.load import blocks, layout, types

        for module in (types, blocks, layout):
            for name, obj in vars(module).items():
                if isinstance(obj, type) and obj.__module__ == module.__name__ and \
                        (issubclass(obj, BaseModel) or dataclasses.is_dataclass(obj)):
                    _CLASSES[name] = obj
    return _CLASSES


def _encode(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is tuple:
        return [_encode(v) for v in value]
    if kind is list:
        return {"l": [_encode(v) for v in value]}
    if kind is dict:
        return {"d": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if _classes().get(kind.__name__) is not kind:
        raise TypeError(f"not a layout value: {kind.__name__}")
    if dataclasses.is_dataclass(value):
        return {"@": kind.__name__, "f": {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if value.__pydantic_extra__ or value.__pydantic_private__:
        raise TypeError(f"{kind.__name__} holds more than its fields")
    return {"@": kind.__name__, "f": {k: _encode(v) for k, v in value.__dict__.items()},
            "s": sorted(value.__pydantic_fields_set__)}


def _decode(data: Any) -> Any:
    if isinstance(data, list):
        return tuple(_decode(v) for v in data)
    if not isinstance(data, dict):
        return data
    if "l" in data:
        return [_decode(v) for v in data["l"]]
    if "d" in data:
        return {_decode(k): _decode(v) for k, v in data["d"]}
    cls: Any = _classes()[data["@"]]
    fields = {k: _decode(v) for k, v in data["f"].items()}
    if "s" not in data:  # CMYK, Localized
        return cls(**fields)
    if set(fields) != set(cls.model_fields):
        raise KeyError(f"{data['@']}: other fields")
    return cls.model_construct(set(data["s"]), **fields)  # checked when stored: no validation


def _encode_map(smap: SourceMap) -> dict[str, Any]:
    if type(smap) is not SourceMap:
        raise TypeError("not a plain source map")
    return {"file": smap.file, "marks": [[list(loc), m.file, m.line, m.col] for loc, m in smap.marks.items()]}


def _decode_map(data: dict[str, Any]) -> SourceMap:
    return SourceMap(data["file"], {tuple(loc): Mark(file, line, col) for loc, file, line, col in data["marks"]})
