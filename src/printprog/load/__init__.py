"""Stage 1: read YAML files into validated, frozen models (or report every problem)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeGuard

from pydantic import ValidationError

from printprog.diagnostics import Diagnostic, InputError, SourceMap
from printprog.lengths import mm
from printprog.load.checks import check_film, check_layout
from printprog.load.errors import to_diagnostics
from printprog.load.film import Film
from printprog.load.layout import Layout
from printprog.load.shop import MAX_BLEED, Shop
from printprog.load.yamlsrc import parse_yaml_bytes, read_yaml

__all__ = ["Film", "Layout", "Shop", "load_film", "load_layout", "load_shop", "shop_path", "InputError"]


def load_film(path: Path) -> tuple[Film, SourceMap]:
    data, smap = read_yaml(path, "film")
    problems = check_film(data, smap)
    try:
        film = Film.model_validate(data, context={"base": path.parent})
    except ValidationError as e:
        problems = to_diagnostics(e, Film, smap) + problems
    if problems:
        raise InputError(sorted(problems, key=lambda d: (d.mark.line, d.mark.col) if d.mark else (0, 0)))
    return film, smap


def load_layout(path: Path, font_names: frozenset[str]) -> tuple[Layout, SourceMap]:
    data, smap = read_layout_yaml(path)
    try:
        layout = Layout.model_validate(data, context=_layout_context(data))
    except ValidationError as e:
        raise InputError(to_diagnostics(e, Layout, smap)) from None
    problems = check_layout(layout, smap, font_names)
    if layout.bleed > MAX_BLEED:
        problems.insert(0, Diagnostic(f"bleed {mm(layout.bleed):g} mm is more than {mm(MAX_BLEED):g} mm",
                                      smap.find(("bleed",)), "bleed", "print shops ask for 2–5 mm, e.g. bleed: 3mm"))
    if problems:
        raise InputError(problems)
    return layout, smap


def shop_path(name: str) -> Path:
    """A shop by name (`default`) from shops/, or a path to a YAML file."""
    from printprog.assets import asset_dir

    if name.endswith((".yaml", ".yml")) or "/" in name:
        return Path(name)
    return asset_dir("shops") / f"{name}.yaml"


def shop_names() -> list[str]:
    from printprog.assets import asset_dir

    return sorted(p.stem for p in asset_dir("shops").glob("*.yaml"))


def load_shop(name: str) -> Shop:
    path = shop_path(name)
    if not path.is_file() and not name.endswith((".yaml", ".yml")):
        raise InputError([Diagnostic(f"unknown shop {name!r}", hint=f"choose one of: {', '.join(shop_names())}")])
    data, smap = read_yaml(path, "shop")
    try:
        return Shop.model_validate(data)
    except ValidationError as e:
        raise InputError(to_diagnostics(e, Shop, smap)) from None


def read_layout_yaml(path: Path, _chain: tuple[Path, ...] = ()) -> tuple[dict, SourceMap]:
    """A layout's YAML with `extends: base.yaml` merged in: maps merge key by key, the child wins;
    pages merge by `name`; other lists (blocks) are replaced whole. Marks keep pointing into the
    file each value is from."""
    from printprog.diagnostics import display_path

    data, smap = read_yaml(path, "layout")
    if not isinstance(data, dict) or "extends" not in data:
        return data, smap
    base_name = data.pop("extends")
    base_path = (path.parent / str(base_name)).resolve()
    if base_path in _chain or base_path == path.resolve():
        raise InputError([Diagnostic("`extends` goes round in a circle", smap.find(("extends",)), "extends")])
    if not base_path.is_file():
        raise InputError([Diagnostic(f"{display_path(base_path)} not found", smap.find(("extends",)), "extends",
                                     "name a layout file in the same folder, e.g. extends: _poster.yaml")])
    base, base_map = read_layout_yaml(base_path, _chain + (path.resolve(),))
    merged = _merge(base, data)
    assert isinstance(merged, dict)  # a map merged into a map
    marks = dict(base_map.marks)
    marks.update({loc: m for loc, m in smap.marks.items()})
    return merged, SourceMap(smap.file, marks)


def layout_files(path: Path) -> list[Path]:
    """The layout file and every file it `extends`, for the source date (the chain is known good)."""
    return [path, *(base for _, base in layout_chain(path))]


def layout_chain(path: Path) -> list[tuple[str, Path]]:
    """(`extends` as written, the file it names) for each layout the file extends, nearest first."""
    chain: list[tuple[str, Path]] = []
    current = path
    while len(chain) < 16:
        base = _extends(current)
        if not isinstance(base, str):
            break
        current = (current.parent / base).resolve()
        chain.append((base, current))
    return chain


_EXTENDS: dict[tuple[str, str], object] = {}  # (file, sha256 of its bytes) -> its `extends`


def _extends(path: Path) -> object:
    """A layout file's `extends` value. A build asks for its layout's files several times (the
    source date, the plan cache's inputs): each version of a file is parsed once per process."""
    import hashlib

    from printprog.diagnostics import display_path
    from printprog.inputs import read_input

    raw = read_input(path, "layout")
    key = (str(path), hashlib.sha256(raw).hexdigest())
    if key not in _EXTENDS:
        data, _ = parse_yaml_bytes(raw, display_path(path))
        _EXTENDS[key] = data.get("extends") if isinstance(data, dict) else None
    return _EXTENDS[key]


def input_files(film_path: Path, film: Film, layout: Path, shop: str, profile: Path) -> list[Path]:
    """Every file a build reads (film, its pictures, the layout chain, shop, output profile):
    the newest of them dates the PDF."""
    pictures = [Path(image.file) for image in film.images.values()]  # already resolved by the model
    shop_file = shop_path(shop)
    return [film_path, *pictures, *layout_files(layout), *([shop_file] if shop_file.is_file() else []), profile]


def _merge(base: object, child: object) -> object:
    if isinstance(base, dict) and isinstance(child, dict):
        out = dict(base)
        for key, value in child.items():
            out[key] = _merge(base.get(key), value) if key in base else value
        return out
    if _named(base) and _named(child):
        # pages merge by name, so a size variant can move a region without repeating the page
        by_name = {item["name"]: item for item in child}
        merged = [_merge(item, by_name.pop(item["name"])) if item["name"] in by_name else item
                  for item in base]
        return merged + [item for item in child if item["name"] in by_name]
    return child


def _named(value: object) -> TypeGuard[list[dict[str, Any]]]:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "name" in v for v in value)


def _layout_context(data: object) -> dict:
    """Page size and type scale, read first: other lengths may be relative to them."""
    from printprog.load.layout import _size
    from printprog.load.types import _length

    context: dict = {}
    if not isinstance(data, dict):
        return context
    context["accent"] = data.get("accent")
    try:
        context["page"] = _size(data.get("size"))
    except Exception:  # reported by the model with its line
        return context
    scale = data.get("type_scale")
    if isinstance(scale, dict):
        try:
            from types import SimpleNamespace

            base = _length(scale.get("base"), SimpleNamespace(context=context))
            context["scale"] = (base, float(scale.get("ratio", 1.25)))
        except Exception:  # reported by the model with its line
            pass
    return context
