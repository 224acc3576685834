"""Turn pydantic validation errors into diagnostics with file:line and a hint."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from printprog.diagnostics import Diagnostic, Loc, SourceMap, format_path


def to_diagnostics(err: ValidationError, root: type[BaseModel], smap: SourceMap) -> list[Diagnostic]:
    out = []
    errors = err.errors(include_url=False)
    # a misspelt key shows up twice: unknown `synopsys` and missing `synopsis`; keep the first
    misspelt = {
        (tuple(e["loc"][:-1]), m)
        for e in errors if e["type"] == "extra_forbidden"
        for m in difflib.get_close_matches(str(e["loc"][-1]), [str(x["loc"][-1]) for x in errors if x["type"] == "missing"], n=1, cutoff=0.6)
    }
    for e in errors:
        if e["type"] == "missing" and (tuple(e["loc"][:-1]), str(e["loc"][-1])) in misspelt:
            continue
        raw = tuple(e["loc"])
        loc = _data_loc(root, raw)
        kind = e["type"]
        hint = ""
        msg = e["msg"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            known = _fields_at(root, raw[:-1])
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            msg = f"unknown key {key!r}"
            hint = f"did you mean {close[0]!r}?" if close else f"allowed keys: {', '.join(known)}"
        elif kind == "missing":
            msg = "required but missing"
            hint = f"add `{loc[-1]}:` here"
        elif kind == "union_tag_invalid":
            ctx = e.get("ctx", {})
            msg = f"unknown block type {ctx.get('tag')!r}"
            hint = f"valid types: {ctx.get('expected_tags', '')}".replace("'", "")
        elif kind == "union_tag_not_found":
            msg = "a block needs a `type`"
            hint = "e.g. `type: synopsis`; run `printprog layouts --reference` for all types"
        elif kind == "literal_error":
            msg = f"{e['input']!r} is not allowed"
            hint = f"use {e['ctx']['expected']}"
        elif kind == "finite_number":
            msg = f"{e['input']!r} is not a number"
            hint = "write an ordinary number here; nan and inf are not allowed"
        elif kind.startswith(("int_", "float_", "bool_")):
            msg = f"{e['input']!r}: {msg[0].lower()}{msg[1:]}"
        elif kind == "string_pattern_mismatch":
            msg = f"{e['input']!r} has the wrong form"
            hint = _pattern_hint(str(loc[-1]) if loc else "")
        elif kind == "image_missing":
            hint = str(e.get("ctx", {}).get("hint", ""))
        elif kind == "bad_lang":
            first_bad = str(e.get("ctx", {}).get("bad", "")).split(", ")[0]
            if loc + (first_bad,) in smap.marks:
                loc = loc + (first_bad,)
        mark = smap.find(loc)
        out.append(Diagnostic(msg[0].lower() + msg[1:] if msg else msg, mark, format_path(loc), hint))
    return out


def _pattern_hint(field: str) -> str:
    if field == "url":
        return "write a full address starting with https:// (or http://)"
    return "use lowercase letters, digits and hyphens, e.g. dom-na-kinoto"


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types an annotation may hold (Optional, Annotated and unions opened)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(tp) for t in _unwrap(a)]
    return [tp]


def _step(tp: Any, part: str | int) -> tuple[Any, bool]:
    """Descend one loc part; return (type, consumed) where consumed=False means the part is a union tag."""
    members = [t for t in _unwrap(tp) if isinstance(t, type) and issubclass(t, BaseModel)]
    if len(members) > 1 and all("type" in t.model_fields for t in members):
        # a discriminated union: pydantic puts the tag into the loc
        for t in members:
            if part in typing.get_args(t.model_fields["type"].annotation):
                return t, False
        return None, True
    for t in _unwrap(tp):
        origin = typing.get_origin(t)
        if isinstance(t, type) and issubclass(t, BaseModel):
            if isinstance(part, str) and part in t.model_fields:
                return t.model_fields[part].annotation, True
        elif origin in (tuple, list) and isinstance(part, int):
            return typing.get_args(t)[0], True
        elif origin is dict and isinstance(part, str):
            return typing.get_args(t)[1], True
    return None, True


def _data_loc(root: type[BaseModel], loc: Loc) -> Loc:
    """Drop union tags and validator names pydantic inserts into locs."""
    tp: Any = root
    out: list[str | int] = []
    for part in loc:
        if tp is None:
            out.append(part)
            continue
        nxt, consumed = _step(tp, part)
        if consumed:
            out.append(part)
        tp = nxt
    return tuple(out)


def _fields_at(root: type[BaseModel], loc: Loc) -> list[str]:
    tp: Any = root
    for part in loc:
        tp, _ = _step(tp, part)
        if tp is None:
            return []
    # at the end the type may still be a union of models: take the one that is a model
    for t in _unwrap(tp):
        if isinstance(t, type) and issubclass(t, BaseModel):
            return [n for n in t.model_fields]
    return []
