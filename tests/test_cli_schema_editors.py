"""The JSON Schema is for editors (VS Code's YAML extension and others), which read YAML 1.2: there
`date: 2019-03-16` is a string, `year: 2018` a number, `yes` a string. Every shipped and corpus film,
loaded as a YAML 1.2 editor loads it (ruamel.yaml, pure safe mode), validates against the schema
`printprog schema` prints and `printprog new` writes; and a wrong type still fails, so the test can."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from printprog.cli import main
from printprog.load.schema import film_schema
from tests.conftest import ROOT

FILMS = sorted([*(ROOT / "data").glob("*.yaml"), *(ROOT / "tests" / "films").glob("*.yaml")])


def yaml12(text: str) -> Any:
    """YAML 1.2's core schema, as yaml-language-server reads it: ruamel.yaml in pure safe mode, less
    the timestamp type ruamel keeps from YAML 1.1 (the core schema has none: a date is a string)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda c, node: c.construct_scalar(node))
    return yaml.load(io.StringIO(text))


@pytest.fixture(scope="module")
def validator() -> Any:
    import jsonschema

    schema = json.loads(film_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_corpus_is_there() -> None:
    assert len(FILMS) >= 8 and (ROOT / "data" / "leto.yaml") in FILMS


@pytest.mark.parametrize("film", FILMS, ids=lambda p: p.name)
def test_every_film_validates_as_an_editor_reads_it(film: Path, validator: Any) -> None:
    data = yaml12(film.read_text(encoding="utf-8"))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{film.name}: {'.'.join(map(str, e.path))}: {e.message}" for e in errors[:5])


def test_a_yaml_12_date_stays_a_string_and_validates(validator: Any) -> None:
    data = yaml12("title: X\nyear: 2019\nvenues: [{id: a, name: A}]\n"
                  "screenings: [{date: 2019-03-16, time: '19:30', venue: a}, {date: 16.03.2019, time: '20:00', venue: a}]\n")
    assert data["screenings"][0]["date"] == "2019-03-16"
    assert not list(validator.iter_errors(data))


@pytest.mark.parametrize("bad", ["year: soon", "screenings: []", "venues: [{id: a}]", "colour: red",
                                 "screenings: [{date: 2019-03-16, time: '7pm', venue: a}]"])
def test_the_schema_rejects_what_printprog_rejects(bad: str, validator: Any) -> None:
    good = {"title": "X", "year": 2019, "venues": [{"id": "a", "name": "A"}],
            "screenings": [{"date": "2019-03-16", "time": "19:30", "venue": "a"}]}
    data = {**good, **yaml12(bad)}
    assert list(validator.iter_errors(data)), bad


def test_new_points_editors_at_the_schema_beside_the_film(tmp_path: Path, validator: Any,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "f")]) == 0
    film = (tmp_path / "f" / "film.yaml").read_text(encoding="utf-8")
    first = film.splitlines()[0]
    assert first == "# yaml-language-server: $schema=film.schema.json"
    assert json.loads((tmp_path / "f" / "film.schema.json").read_text(encoding="utf-8")) == validator.schema
    assert not list(validator.iter_errors(yaml12(film)))


def test_the_film_format_doc_names_the_loader_and_a_minimal_film(validator: Any) -> None:
    import re

    doc = (ROOT / "docs" / "film-format.md").read_text(encoding="utf-8")
    assert "YAML 1.2" in doc and "yaml-language-server" in doc
    assert "required" in doc and "optional" in doc
    block = re.search(r"## A minimal film\n.*?```yaml\n(.*?)```", doc, re.S)
    assert block, "docs/film-format.md has a minimal film"
    assert not list(validator.iter_errors(yaml12(block.group(1))))
