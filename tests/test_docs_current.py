"""Generated documents and recorded checksums match the code and the files."""

from __future__ import annotations

import hashlib
import re

from printprog.load.reference import layout_reference
from printprog.load.schema import film_schema, layout_schema
from tests.conftest import ROOT


def test_layout_reference_is_current() -> None:
    assert (ROOT / "docs" / "layouts.md").read_text(encoding="utf-8") == layout_reference(), \
        "run: printprog layouts --reference > docs/layouts.md"


def test_json_schemas_are_current() -> None:
    assert (ROOT / "docs" / "film.schema.json").read_text(encoding="utf-8") == film_schema(), \
        "run: printprog schema > docs/film.schema.json"
    assert (ROOT / "docs" / "layout.schema.json").read_text(encoding="utf-8") == layout_schema(), \
        "run: printprog schema --layout > docs/layout.schema.json"


def test_film_data_validates_against_the_json_schema() -> None:
    import json

    import jsonschema
    import yaml

    schema = json.loads(film_schema())
    data = yaml.load((ROOT / "data" / "leto.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    # the schema describes the file as typed; BaseLoader reads all scalars as text, so coerce numbers
    for key in ("year", "runtime"):
        data[key] = int(data[key])
    data["black_and_white"] = data["black_and_white"] == "true"
    for award in data["awards"]:
        award["year"] = int(award["year"])
    for image in data.get("images", {}).values():
        image["focus"] = [float(v) for v in image["focus"]]
    jsonschema.validate(data, schema)


def test_every_font_is_listed_in_sources_with_its_checksum_and_licence() -> None:
    sources = (ROOT / "fonts" / "SOURCES.md").read_text(encoding="utf-8")
    fonts = sorted((ROOT / "fonts").glob("*/*.ttf"))
    assert fonts
    for font in fonts:
        digest = hashlib.sha256(font.read_bytes()).hexdigest()
        row = re.search(rf"`{re.escape(font.parent.name + '/' + font.name)}`.*`([0-9a-f]{{64}})`", sources)
        assert row, f"{font.name} missing from fonts/SOURCES.md"
        assert row.group(1) == digest, f"{font.name}: checksum differs from fonts/SOURCES.md"
        licence = font.parent / "OFL.txt"
        assert "SIL Open Font License" in licence.read_text(encoding="utf-8")


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    last = [line for line in ci.splitlines() if line.strip()][-1]
    assert last.startswith("python3 -m venv") and last in readme
