"""Stage 1: read YAML files into validated, frozen models (or report every problem)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from printprog.diagnostics import InputError, SourceMap
from printprog.load.checks import check_film, check_layout
from printprog.load.errors import to_diagnostics
from printprog.load.film import Film
from printprog.load.layout import Layout
from printprog.load.shop import Shop
from printprog.load.yamlsrc import read_yaml

__all__ = ["Film", "Layout", "Shop", "load_film", "load_layout", "load_shop", "shop_path", "InputError"]


def load_film(path: Path) -> tuple[Film, SourceMap]:
    data, smap = read_yaml(path)
    problems = check_film(data, smap)
    try:
        film = Film.model_validate(data)
    except ValidationError as e:
        problems = to_diagnostics(e, Film, smap) + problems
    if problems:
        raise InputError(sorted(problems, key=lambda d: (d.mark.line, d.mark.col) if d.mark else (0, 0)))
    return film, smap


def load_layout(path: Path, font_names: frozenset[str]) -> tuple[Layout, SourceMap]:
    data, smap = read_yaml(path)
    try:
        layout = Layout.model_validate(data)
    except ValidationError as e:
        raise InputError(to_diagnostics(e, Layout, smap)) from None
    problems = check_layout(layout, smap, font_names)
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
    from printprog.diagnostics import Diagnostic

    path = shop_path(name)
    if not path.is_file() and not name.endswith((".yaml", ".yml")):
        raise InputError([Diagnostic(f"unknown shop {name!r}", hint=f"choose one of: {', '.join(shop_names())}")])
    data, smap = read_yaml(path)
    try:
        return Shop.model_validate(data)
    except ValidationError as e:
        raise InputError(to_diagnostics(e, Shop, smap)) from None
