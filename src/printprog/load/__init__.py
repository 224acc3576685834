"""Stage 1: read YAML files into validated, frozen models (or report every problem)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from printprog.diagnostics import InputError, SourceMap
from printprog.load.checks import check_film, check_layout
from printprog.load.errors import to_diagnostics
from printprog.load.film import Film
from printprog.load.layout import Layout
from printprog.load.yamlsrc import read_yaml

__all__ = ["Film", "Layout", "load_film", "load_layout", "InputError"]


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
