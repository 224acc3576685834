"""A strict YAML reader that keeps every value as text and remembers where it came from.

No implicit typing (`19:30` stays "19:30", `NO` stays "NO"), no anchors or aliases,
no tags, one document, and duplicate keys are errors. Types come from the models.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent, Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from printprog.diagnostics import Diagnostic, InputError, Loc, Mark, SourceMap, display_path
from printprog.inputs import read_input

# the shipped files nest at most 7 deep; far deeper input would end in recursion in the composer and in
# _build (a RecursionError), so refuse it with a line number first
MAX_DEPTH = 64

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _TooDeep(yaml.MarkedYAMLError):
    pass


def _check_event(event: Event, depth: int) -> int:
    """Refuse aliases, anchors and nesting past MAX_DEPTH; return the depth after a collection start."""
    if isinstance(event, AliasEvent):
        raise yaml.composer.ComposerError(
            None, None, f"alias *{event.anchor} is not allowed; write the value out in full", event.start_mark)
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        raise yaml.composer.ComposerError(
            None, None, f"anchor &{anchor} is not allowed; write each value out in full", event.start_mark)
    if isinstance(event, CollectionStartEvent):
        depth += 1
        if depth > MAX_DEPTH:
            raise _TooDeep(None, None, f"lists and maps are nested more than {MAX_DEPTH} deep here",
                           event.start_mark)
    return depth


class _StrictComposer(Composer):
    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        depth = _check_event(self.peek_event(), self._depth)
        self._depth, outer = depth, self._depth
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = outer


class _Loader(Reader, Scanner, Parser, _StrictComposer, BaseResolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _StrictComposer.__init__(self)
        BaseResolver.__init__(self)


def _compose(text: str) -> Node | None:
    """The node tree; libyaml when PyYAML has it (ten times faster), the same rules either way."""
    if not getattr(yaml, "__with_libyaml__", False):
        loader = _Loader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    # libyaml composes aliases itself (and recursively), so check the flat event stream first
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CBaseLoader):
        depth = _check_event(event, depth)
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    loader = yaml.CBaseLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _mark(file: str, node: Node) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


def read_yaml(path: Path, kind: str = "yaml") -> tuple[Any, SourceMap]:
    """Parse path into plain dicts, lists and strings plus a SourceMap; raise InputError.

    `kind` (film, layout, shop) sets the size limit and the wording of read errors."""
    return parse_yaml_bytes(read_input(path, kind), display_path(path))


def parse_yaml_bytes(data: bytes, name: str) -> tuple[Any, SourceMap]:
    """`parse_yaml` of a file's bytes: UTF-8 with universal newlines, as read_text would decode
    them, so marks count lines the same way."""
    try:
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as e:
        raise InputError([Diagnostic(f"{name}: not UTF-8 text ({e.reason})", hint="save the file as UTF-8")])
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> tuple[Any, SourceMap]:
    smap = SourceMap(name)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as e:
        m = e.problem_mark or e.context_mark
        if e.context and "quoted scalar" in e.context and e.context_mark:
            m = e.context_mark  # an unclosed quote: point at where it opens, not at the end of the file
        mark = Mark(name, m.line + 1, m.column + 1) if m else Mark(name, 1, 1)
        problem = e.problem or e.context or "invalid YAML"
        if e.context and "quoted scalar" in e.context:
            problem = "a quoted value is not closed"
        if isinstance(e, _TooDeep):
            raise InputError([Diagnostic(problem, mark, hint="flatten the structure; no film, layout or shop "
                                                             "needs this depth")])
        if isinstance(e, yaml.composer.ComposerError) and ("alias" in problem or "anchor" in problem):
            raise InputError([Diagnostic(problem, mark, hint="YAML anchors and aliases are not supported")])
        raise InputError([Diagnostic(f"YAML syntax: {problem}", mark, hint=_syntax_hint(problem))])
    except yaml.YAMLError as e:  # pragma: no cover - reader errors without marks
        raise InputError([Diagnostic(f"YAML: {e}", Mark(name, 1, 1))])
    if node is None:
        raise InputError([Diagnostic("the file is empty", Mark(name, 1, 1), hint="see docs/film-format.md")])
    problems: list[Diagnostic] = []
    value = _build(node, (), smap, problems)
    if problems:
        raise InputError(problems)
    return value, smap


def _syntax_hint(problem: str) -> str:
    if "tab" in problem or "'\\t'" in problem or "\t" in problem:
        return "indent with spaces, not tabs"
    if "quoted value" in problem:
        return "close the quote on this line, or escape quotes inside the value"
    if "mapping values" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"Leto: a summer\""
    if "expected <block end>" in problem or "indentation" in problem:
        return "check the indentation of this line against the lines above"
    return "check quotes, colons and indentation near this line"


def _build(node: Node, loc: Loc, smap: SourceMap, problems: list[Diagnostic]) -> Any:
    if node.tag not in _PLAIN_TAGS:
        problems.append(
            Diagnostic(f"tag {node.tag} is not allowed", _mark(smap.file, node), hint="remove the tag; types come from the schema")
        )
        return None
    if isinstance(node, ScalarNode):
        if not node.style and node.value in ("", "~", "null"):  # plain scalar (libyaml says "")
            return None
        return node.value
    if isinstance(node, SequenceNode):
        out = []
        for i, child in enumerate(node.value):
            smap.marks[loc + (i,)] = _mark(smap.file, child)
            out.append(_build(child, loc + (i,), smap, problems))
        return out
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                problems.append(Diagnostic("keys must be plain words", _mark(smap.file, key_node)))
                continue
            key = key_node.value
            if key == "<<":
                problems.append(
                    Diagnostic("merge keys (<<) are not allowed", _mark(smap.file, key_node), hint="write the keys out in full")
                )
                continue
            if key in result:
                first = smap.marks.get(loc + (key,))
                where = f" (first at line {first.line})" if first else ""
                problems.append(
                    Diagnostic(f"duplicate key {key!r}{where}", _mark(smap.file, key_node), hint="remove one of the two")
                )
                continue
            smap.marks[loc + (key,)] = _mark(smap.file, key_node)
            result[key] = _build(value_node, loc + (key,), smap, problems)
        return result
    raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover
