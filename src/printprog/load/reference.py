"""The layout reference (docs/layouts.md), generated from the layout schemas."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from printprog.lengths import mm
from printprog.load.blocks import BLOCK_TYPES, BlockBase
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
    parts += [FLOW_GUIDE, ""]
    for title, model in (("Margins", Margins), ("Grid", Grid), ("Style", Style), ("Region", Region), ("Page", Page)):
        parts += [f"## {title}", "", _doc(model), "", _table(model), ""]
    parts += ["## Blocks", "",
              "Every block has `type`, `region` and these common keys:", "",
              _table(BlockBase, skip=("type",)), ""]
    common = set(BlockBase.model_fields)
    for name, cls in BLOCK_TYPES.items():
        own = [n for n in cls.model_fields if n not in common and n != "type"]
        parts += [f"### `{name}`", "", _doc(cls), ""]
        if own:
            parts += [_table(cls, skip=tuple(common) + ("type",)), ""]
    return "\n".join(parts).rstrip() + "\n"


FLOW_GUIDE = """## Content of any size

One layout serves every film: one director or three, no quote or four, three screenings or sixty.
These keys make a design flow with the film instead of fixing every box:

- **Stacks.** A region with `stack:` places the regions it names top to bottom, `gap` apart; a
  nested list is a row of regions side by side. Members have no `y`. A member's `height` is a
  length, `auto` (as tall as its content, at most `max_height`, shrinking its blocks to fit
  there) or `fill` (the height the others leave, at least `min_height`: the `auto` members that
  may shrink give way). `justify` says where spare height goes (`spread`: into the gaps).

  ```yaml
  body:       {col: 1, span: 12, y: 15mm, height: 267mm, gap: 5mm, justify: spread,
               stack: [title, laurels, rule-top, [synopsis, credits], screenings]}
  title:      {height: auto, max_height: 90mm}
  synopsis:   {col: 1, span: 7, height: auto}
  credits:    {col: 9, span: 4, height: auto}
  screenings: {height: fill, min_height: 42mm}
  ```
- **Regions that close up.** A stack member whose blocks show nothing (the film has no awards,
  no quote, no producers) takes no height and no gap; a member of rules only is dropped at either
  end of the stack and next to another one. In a row, a member with `grow: true` takes the whole
  row when the others show nothing: `screenings: {col: 1, span: 9, height: fill, grow: true}`.
- **`when:`** on a block draws it only when the film has that part, for headings and labels
  that belong to optional content: `{type: label, key: press, style: kicker, when: [quotes]}`.
- **`alternates:`** on a block lists other arrangements (options to change), tried in order at
  full size before the block shrinks: `alternates: [{arrangement: list}, {arrangement: list, columns: 2}]`.
- **`continues: true`** on a block takes what an earlier block of the same type could not place
  (screenings continued on the back): `{type: screenings, region: more, continues: true, ...}`.
- **`optional: true`** on a page leaves it out when it has nothing to show but rules, labels,
  pictures, the title and the venue (a back side only some films need).
- **`placeholder:`** on an image block fills the region with a colour when the film has no
  such picture, so a design built on a dark field keeps it: `placeholder: [40, 30, 30, 100]`.
"""
