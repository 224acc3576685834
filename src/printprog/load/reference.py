"""The layout reference (docs/layouts.md), generated from the layout schemas."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from printprog.lengths import mm
from printprog.load.blocks import BLOCK_TYPES
from printprog.load.layout import PAPER_SIZES_MM, Grid, Layout, Margins, Page, Region, Style
from printprog.load.types import CMYK, Localized

_NAMES = {"Length": "length", "Colour": "CMYK colour", "Text": "text"}


_VALIDATED = {
    "_length": "length",
    "_cmyk": "CMYK colour",
    "_localized": "text or {bg, ru, en}",
    "_size": "paper name or [w, h]",
    "_margins": "length or {top, right, bottom, left}",
    "_leading": "length or ratio",
}


def _type(annotation: Any, metadata: list[Any] | None = None) -> str:
    for m in metadata or []:
        name = getattr(getattr(m, "func", None), "__name__", "")
        if name in _VALIDATED:
            return _VALIDATED[name]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return _type(base, meta)
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(annotation))
    if origin in (typing.Union, __import__("types").UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return " or ".join(_type(a) for a in args)
    if origin is tuple:
        return f"list of {_type(typing.get_args(annotation)[0])}"
    if origin is dict:
        return f"map of name → {_type(typing.get_args(annotation)[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    return getattr(annotation, "__name__", str(annotation))


def _default(field: Any, name: str) -> str:
    if field.is_required():
        return "required"
    d = field.default
    if d is PydanticUndefined or d is None:
        return ""
    if isinstance(d, CMYK):
        return "[" + ", ".join(f"{v * 100:g}" for v in d.as_tuple()) + "]"
    if isinstance(d, float) and name not in ("tracking",):
        return _length_text(d)
    if isinstance(d, BaseModel):
        return ", ".join(f"{k}: {_length_text(v) if isinstance(v, float) else v}" for k, v in d.model_dump().items())
    if isinstance(d, str) and d.startswith("x"):
        return f"{d[1:]} × size"
    return f"`{d}`"


def _length_text(points: float) -> str:
    if not points:
        return "0"
    return f"{points:g} pt" if mm(points) < 1 else f"{mm(points):.4g} mm"


def _table(model: type[BaseModel], skip: tuple[str, ...] = ()) -> str:
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        if name in skip:
            continue
        desc = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{name}` | {_type(field.annotation, field.metadata)} | {_default(field, name)} | {desc} |")
    return "\n".join(rows)


def _doc(model: type[BaseModel]) -> str:
    return " ".join((model.__doc__ or "").split())


def layout_reference() -> str:
    parts = [
        "# Layout reference",
        "",
        "Generated from the schemas in `src/printprog/load/` by `printprog layouts --reference`; "
        "do not edit by hand. Lengths take a unit: `mm`, `cm`, `pt`, `in` (`3mm`, `12pt`). "
        "Coordinates are measured from the top-left corner of the trimmed page.",
        "",
        "## Layout file",
        "",
        _doc(Layout),
        "",
        _table(Layout),
        "",
        "Paper names: " + ", ".join(f"`{k}` ({w:g}×{h:g} mm)" for k, (w, h) in PAPER_SIZES_MM.items()) + ".",
        "",
    ]
    for title, model in (("Margins", Margins), ("Grid", Grid), ("Style", Style), ("Region", Region), ("Page", Page)):
        parts += [f"## {title}", "", _doc(model), "", _table(model), ""]
    parts += ["## Blocks", "",
              "Every block has `type`, `region` and these common keys:", "",
              _table(next(iter(BLOCK_TYPES.values())).__mro__[1], skip=()), ""]
    common = set(next(iter(BLOCK_TYPES.values())).__mro__[1].model_fields)
    for name, cls in BLOCK_TYPES.items():
        own = [n for n in cls.model_fields if n not in common and n != "type"]
        parts += [f"### `{name}`", "", _doc(cls), ""]
        if own:
            parts += [_table(cls, skip=tuple(common) + ("type",)), ""]
    return "\n".join(parts).rstrip() + "\n"
