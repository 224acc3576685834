"""printprog.load.yamlsrc: the strict YAML reader (all text, no aliases/tags/duplicates, with positions)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tests.helpers_load import LETO, diagnostics_of, leto_text, line_of

from printprog.diagnostics import InputError, Mark
from printprog.load.yamlsrc import parse_yaml, read_yaml

NAME = "t.yaml"


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_yaml(text, NAME)


def errors(text: str):  # type: ignore[no-untyped-def]
    return diagnostics_of(parse_yaml, text, NAME)


# --- no implicit typing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "key", "expected"),
    [
        ("time: 19:30", "time", "19:30"),  # YAML 1.1 would make this sexagesimal 1170
        ("flag: NO", "flag", "NO"),  # the Norway problem
        ("yes: yes", "yes", "yes"),
        ("on: off", "on", "off"),
        ("b: true", "b", "true"),
        ("year: 2018", "year", "2018"),
        ("x: 1e3", "x", "1e3"),
        ("f: 3.10", "f", "3.10"),
        ("o: 0o17", "o", "0o17"),
        ("h: 0x1F", "h", "0x1F"),
        ("z: 007", "z", "007"),
        ("d: 2019-03-16", "d", "2019-03-16"),
        ("ts: 2001-12-14t21:59:43.10-05:00", "ts", "2001-12-14t21:59:43.10-05:00"),
        ("inf: .inf", "inf", ".inf"),
        ("n: .NaN", "n", ".NaN"),
        ("q: 'null'", "q", "null"),
        ('dq: "~"', "dq", "~"),
        ("s: ''", "s", ""),
    ],
)
def test_scalars_stay_text(line: str, key: str, expected: str) -> None:
    value, _ = parse(line + "\n")
    assert value == {key: expected}
    assert type(value[key]) is str


@pytest.mark.parametrize("line", ["e:", "e: ", "e: ~", "e: null"])
def test_empty_value_is_none(line: str) -> None:
    value, _ = parse(line + "\nafter: 1\n")
    assert value == {"e": None, "after": "1"}


def test_keys_are_text_too() -> None:
    value, _ = parse("2018: a\ntrue: b\n19:30: c\n")
    assert value == {"2018": "a", "true": "b", "19:30": "c"}


def test_nested_structures_are_plain_dicts_and_lists() -> None:
    value, _ = parse("a:\n  - 1\n  - {b: 2, c: [3, 4]}\n")
    assert value == {"a": ["1", {"b": "2", "c": ["3", "4"]}]}
    assert type(value) is dict and type(value["a"]) is list


def test_leto_parses_and_keeps_times_as_text() -> None:
    value, _ = read_yaml(LETO)
    assert value["year"] == "2018"
    assert value["black_and_white"] == "true"
    assert [s["time"] for s in value["screenings"]] == ["17:30", "20:30", "20:45"]
    assert [s["date"] for s in value["screenings"]] == ["2019-03-16", "2019-03-18", "2019-03-25"]


def test_empty_file_is_an_error() -> None:
    (d,) = errors("# only a comment\n")
    assert "empty" in d.message
    assert d.mark == Mark(NAME, 1, 1)


# --- anchors, aliases, tags, merge keys ----------------------------------------------------------


def test_anchor_rejected_with_its_line() -> None:
    text = "a: 1\nb: &base 2\nc: 3\n"
    (d,) = errors(text)
    assert "anchor" in d.message and "&base" in d.message
    assert d.mark.file == NAME
    assert d.mark.line == line_of(text, "&base")


def test_alias_rejected_with_its_line() -> None:
    # an alias without an anchor still fails in the composer, at the alias
    text = "a: 1\nb: 2\nc: *base\n"
    (d,) = errors(text)
    assert "alias" in d.message and "*base" in d.message
    assert d.mark.line == line_of(text, "*base")


def test_anchor_and_alias_pair_reports_the_anchor_first() -> None:
    text = "first: 0\nbase: &b {x: 1}\nother: *b\n"
    diags = errors(text)
    assert diags[0].mark.line == line_of(text, "&b")
    assert "anchor" in diags[0].message


def test_anchor_on_a_sequence_item_rejected() -> None:
    text = "list:\n  - a\n  - &i b\n"
    (d,) = errors(text)
    assert d.mark.line == 3


def test_alias_hint_is_not_about_quotes() -> None:
    (d,) = errors("a: 1\nb: *x\n")
    assert "quotes" not in d.hint


@pytest.mark.parametrize(
    ("line", "tag"),
    [
        ("a: !!int 5", "tag:yaml.org,2002:int"),
        ("a: !!bool yes", "tag:yaml.org,2002:bool"),
        ("a: !!float 1", "tag:yaml.org,2002:float"),
        ("a: !!python/object:os.system echo", "tag:yaml.org,2002:python/object:os.system"),
        ("a: !!python/object/apply:os.system [echo]", "tag:yaml.org,2002:python/object/apply:os.system"),
        ("a: !custom x", "!custom"),
        ("a: !!set {x, y}", "tag:yaml.org,2002:set"),
    ],
)
def test_explicit_tags_rejected(line: str, tag: str) -> None:
    text = "first: 1\n" + line + "\n"
    (d,) = errors(text)
    assert "tag" in d.message and tag in d.message
    assert d.mark.line == 2
    assert d.hint


def test_merge_key_rejected() -> None:
    text = "base:\n  a: 1\nderived:\n  <<: {a: 1}\n  b: 2\n"
    (d,) = errors(text)
    assert "merge" in d.message
    assert d.mark.line == line_of(text, "<<")


def test_non_scalar_key_rejected() -> None:
    text = "ok: 1\n? [a, b]\n: 2\n"
    (d,) = errors(text)
    assert "key" in d.message
    assert d.mark.line == 2


# --- duplicate keys ------------------------------------------------------------------------------


def test_duplicate_key_names_both_lines() -> None:
    text = "id: leto\nyear: 2018\nid: leto2\n"
    (d,) = errors(text)
    assert "duplicate" in d.message and "'id'" in d.message
    assert d.mark.line == 3  # the second occurrence …
    assert "line 1" in d.message  # … and where the first one is


def test_duplicate_key_in_nested_and_flow_mappings() -> None:
    text = "screenings:\n  - {date: 2019-03-16, time: '17:30', time: '18:00'}\nvenue:\n  id: a\n  name: x\n  id: b\n"
    diags = errors(text)
    assert len(diags) == 2
    assert diags[0].mark.line == 2 and "'time'" in diags[0].message and "line 2" in diags[0].message
    assert diags[1].mark.line == 6 and "'id'" in diags[1].message and "line 4" in diags[1].message


def test_quoted_and_plain_keys_are_the_same_key() -> None:
    diags = errors("a: 1\n'a': 2\n")
    assert "duplicate" in diags[0].message


def test_same_key_in_different_mappings_is_fine() -> None:
    value, _ = parse("a: {id: x}\nb: {id: y}\nc: [{id: z}, {id: w}]\n")
    assert value == {"a": {"id": "x"}, "b": {"id": "y"}, "c": [{"id": "z"}, {"id": "w"}]}


# --- all (non-fatal) problems are collected into one InputError ----------------------------------


def test_duplicates_tags_and_merge_keys_are_all_collected() -> None:
    text = (
        "a: 1\n"  # 1
        "b: !!int 2\n"  # 2  tag
        "a: 3\n"  # 3  duplicate of line 1
        "c:\n"  # 4
        "  d: x\n"  # 5
        "  d: y\n"  # 6  duplicate of line 5
        "  <<: {e: 1}\n"  # 7  merge key
        "f: !!python/object:os.system x\n"  # 8  tag
    )
    diags = errors(text)
    lines = sorted(d.mark.line for d in diags)
    assert lines == [2, 3, 6, 7, 8]
    assert all(d.mark.file == NAME for d in diags)
    messages = [d.message for d in diags]
    assert sum(m.startswith("duplicate key") for m in messages) == 2
    assert sum(m.startswith("tag ") for m in messages) == 2
    assert sum(m.startswith("merge keys") for m in messages) == 1


def test_alias_stops_composition_immediately() -> None:
    # The contract: anchors/aliases are fatal (raised while composing); the error still has a line.
    text = "a: 1\na: 2\nb: *x\n"
    diags = errors(text)
    assert any("alias" in d.message and d.mark.line == 3 for d in diags)


# --- syntax errors carry the right line ----------------------------------------------------------


def test_bad_indentation_line() -> None:
    text = "title:\n  bg: Лято\n  ru: Лето\n en: Leto\nyear: 2018\n"
    (d,) = errors(text)
    assert d.message.startswith("YAML syntax")
    assert d.mark.line == line_of(text, " en: Leto")
    assert "indentation" in d.hint


def test_tab_indentation_line() -> None:
    text = "title:\n  bg: Лято\n\tru: Лето\n"
    (d,) = errors(text)
    assert d.message.startswith("YAML syntax")
    assert d.mark.line == line_of(text, "\tru")


def test_tab_indentation_hint_mentions_tabs() -> None:
    (d,) = errors("title:\n  bg: Лято\n\tru: Лето\n")
    assert "tab" in d.hint


def test_value_with_colon_needs_quotes_line() -> None:
    text = "id: leto\ntitle: Leto: a summer\n"
    (d,) = errors(text)
    assert d.mark.line == 2
    assert "quote" in d.hint


def test_unterminated_flow_mapping_line() -> None:
    text = "a: 1\nb: {x: 1, y: 2\nc: 3\n"
    (d,) = errors(text)
    assert d.message.startswith("YAML syntax")
    assert 2 <= d.mark.line <= 3


def test_second_document_rejected() -> None:
    text = "a: 1\n---\nb: 2\n"
    (d,) = errors(text)
    assert d.mark.line == 2


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_is_a_syntax_error(quote: str) -> None:
    text = f"id: leto\ntitle: {quote}Leto\nyear: 2018\n"
    (d,) = errors(text)
    assert d.message.startswith("YAML syntax")
    assert d.mark.file == NAME


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_points_at_the_opening_line(quote: str) -> None:
    text = f"id: leto\ntitle: {quote}Leto\nyear: 2018\n"
    (d,) = errors(text)
    assert d.mark.line == line_of(text, quote + "Leto")


def test_read_yaml_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_yaml(tmp_path / "nope.yaml")
    (d,) = exc.value.diagnostics
    assert "not found" in d.message and "nope.yaml" in d.message


def test_read_yaml_not_utf8(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes("id: l\xe9to\n".encode("latin-1"))
    with pytest.raises(InputError) as exc:
        read_yaml(p)
    (d,) = exc.value.diagnostics
    assert "UTF-8" in d.message


# --- the source map ------------------------------------------------------------------------------


def test_source_map_records_key_positions() -> None:
    text = leto_text()
    _, smap = parse_yaml(text, "leto.yaml")
    assert smap.file == "leto.yaml"
    assert smap.marks[("year",)].line == line_of(text, "year: ")
    assert smap.marks[("year",)].col == 1
    # keys are marked on their own line, at the key's column
    second = line_of(text, '"20:30"')
    m = smap.marks[("screenings", 1, "time")]
    assert m.line == second
    assert text.splitlines()[second - 1][m.col - 1 :].startswith("time:")
    assert smap.marks[("screenings", 2, "venue")].line == line_of(text, "venue: kino-odeon")
    # flow mappings: keys on the item's line, at the key's column
    country = smap.marks[("countries", 1, "en")]
    assert country.line == line_of(text, "en: France")
    assert text.splitlines()[country.line - 1][country.col - 1 :].startswith("en: France")
    # block mappings inside sequences, and nested text maps
    assert smap.marks[("cast", 3)].line == line_of(text, "Filipp Avdeev")
    assert smap.marks[("synopsis", "bg")].line == line_of(text, "  bg:", after="synopsis:")
    assert smap.marks[("quotes", 0, "text")].line == line_of(text, "    text:", after="quotes:")


def test_source_map_find_falls_back_to_the_nearest_ancestor() -> None:
    text = "a:\n  b:\n    c: 1\n"
    _, smap = parse(text)
    assert smap.find(("a", "b", "c")).line == 3
    assert smap.find(("a", "b", "missing", 4)).line == 2
    assert smap.find(("nothing",)) == Mark(NAME, 1, 1)
