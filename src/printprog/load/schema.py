"""JSON Schemas of the film and layout formats, for editors that validate while typing."""

from __future__ import annotations

import json

from printprog.load.film import Film
from printprog.load.layout import Layout


def film_schema() -> str:
    schema = Film.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "printprog film data"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def layout_schema() -> str:
    schema = Layout.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "printprog layout"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
