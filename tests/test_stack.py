"""The layout language for content of any size: stacks, collapsing regions, fill, grow, alternates,
`when`, optional pages — composed from small layouts written here, measured from the page plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from printprog.compose import compose
from printprog.diagnostics import Collector, InputError
from printprog.lengths import pt
from printprog.load import load_film, load_layout
from printprog.plan import TextRun
from printprog.text.fonts import font_names
from tests.helpers_load import LETO

HEAD = """
name: t
description: test
size: A4
margins: 15mm
styles:
  big:   {font: sofia-sans/bold, size: 30pt, leading: 34pt}
  small: {font: sofia-sans/regular, size: 10pt, leading: 12pt}
pages:
"""


@pytest.fixture(scope="module")
def leto():  # type: ignore[no-untyped-def]
    return load_film(LETO)


def _layout(tmp_path: Path, pages: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + pages, encoding="utf-8")
    return load_layout(path, font_names())


def _compose(tmp_path: Path, pages: str, film_update: dict | None = None):  # type: ignore[type-arg,no-untyped-def]
    layout, lmap = _layout(tmp_path, pages)
    film, fmap = load_film(LETO)
    if film_update:
        film = film.model_copy(update=film_update)
    diags = Collector()
    plan = compose(film, layout, "bg", fmap, lmap, diags)
    return plan, diags


def _placed(plan, region: str):  # type: ignore[no-untyped-def]
    return next(pl for pg in plan.pages for pl in pg.placements if pl.region == region)


STACK = """
  - name: p
    regions:
      body: {col: 1, span: 12, y: 20mm, height: 200mm, gap: 10mm, stack: [a, b, line, c]}
      a:    {height: auto}
      b:    {height: auto}
      line: {height: 1mm}
      c:    {height: auto}
    blocks:
      - {type: label, region: a, style: big, text: Alpha}
      - {type: label, region: b, style: small, text: Press, when: [quotes]}
      - {type: rule, region: line, weight: 1pt}
      - {type: label, region: c, style: small, text: Gamma}
"""


def test_members_stack_top_to_bottom_each_as_tall_as_its_content(tmp_path: Path) -> None:
    plan, diags = _compose(tmp_path, STACK)
    assert not diags.items
    a, b, line, c = (_placed(plan, r) for r in ("a", "b", "line", "c"))
    assert a.box[1] == pytest.approx(pt(20))
    assert a.box[3] == pytest.approx(a.used[3]) and a.used[3] > 0  # auto: the content's height
    assert b.box[1] == pytest.approx(a.box[1] + a.box[3] + pt(10))
    assert line.box[1] == pytest.approx(b.box[1] + b.box[3] + pt(10))
    assert line.box[3] == pytest.approx(pt(1))  # a length stays a length
    assert c.box[1] == pytest.approx(line.box[1] + pt(1) + pt(10))
    assert a.box[2] == pytest.approx(pt(180))  # a member without col/span takes the stack's width


def test_a_member_with_nothing_to_show_closes_up(tmp_path: Path) -> None:
    full, _ = _compose(tmp_path, STACK)
    plan, diags = _compose(tmp_path, STACK, {"quotes": ()})
    assert not diags.items
    a, b, line = (_placed(plan, r) for r in ("a", "b", "line"))
    assert not b.items and b.box[3] == 0
    # the rule moves up by b's height and one gap
    moved = _placed(full, "line").box[1] - line.box[1]
    assert moved == pytest.approx(_placed(full, "b").box[3] + pt(10))
    assert line.box[1] == pytest.approx(a.box[1] + a.box[3] + pt(10))


def test_rules_only_between_content(tmp_path: Path) -> None:
    pages = STACK.replace("text: Gamma}", "text: Gamma, when: [quotes]}")
    plan, _ = _compose(tmp_path, pages, {"quotes": ()})
    # the rule would end the stack: it is dropped with what it separated
    assert not _placed(plan, "line").items


def test_fill_takes_what_is_left_and_spread_puts_the_spare_into_the_gaps(tmp_path: Path) -> None:
    pages = """
  - name: p
    regions:
      body: {col: 1, span: 12, y: 20mm, height: 200mm, gap: 5mm, justify: spread, stack: [a, b, c]}
      a:    {height: auto}
      b:    {height: fill, min_height: 20mm}
      c:    {height: auto}
    blocks:
      - {type: label, region: a, style: big, text: Alpha}
      - {type: label, region: b, style: small, text: Beta}
      - {type: label, region: c, style: small, text: Gamma}
"""
    plan, diags = _compose(tmp_path, pages)
    assert not diags.items
    a, b, c = (_placed(plan, r) for r in "abc")
    assert a.box[1] == pytest.approx(pt(20))
    assert c.box[1] + c.box[3] == pytest.approx(pt(220))  # the last member ends at the frame's foot
    assert b.box[1] - (a.box[1] + a.box[3]) == pytest.approx(c.box[1] - (b.box[1] + b.box[3]))


def test_a_growing_member_takes_the_row_when_its_neighbour_is_empty(tmp_path: Path) -> None:
    pages = """
  - name: p
    regions:
      body: {col: 1, span: 12, y: 20mm, height: 100mm, stack: [[left, right]]}
      left:  {col: 1, span: 8, height: auto, grow: true}
      right: {col: 10, span: 3, height: auto}
    blocks:
      - {type: label, region: left, style: small, text: Left}
      - {type: label, region: right, style: small, text: Right, when: [quotes]}
"""
    with_quotes, _ = _compose(tmp_path, pages)
    without, _ = _compose(tmp_path, pages, {"quotes": ()})
    assert _placed(with_quotes, "left").box[2] < pt(130)
    assert _placed(without, "left").box[2] == pytest.approx(pt(180))


def test_alternates_are_tried_before_shrinking(tmp_path: Path) -> None:
    pages = """
  - name: p
    regions:
      r: {col: 1, span: 12, y: 20mm, height: 8mm}
    blocks:
      - {type: label, region: r, style: big, text: Alpha, fit: shrink, min_size: 6pt, alternates: [{style: small}]}
"""
    plan, diags = _compose(tmp_path, pages)
    assert not diags.items
    sizes = {i.size for i in _placed(plan, "r").items if isinstance(i, TextRun)}
    assert sizes == {10.0}  # the alternate's style at full size, not the first style shrunk


def test_an_alternate_is_checked_like_the_block(tmp_path: Path) -> None:
    pages = """
  - name: p
    regions:
      r: {col: 1, span: 12, y: 20mm, height: 8mm}
    blocks:
      - {type: label, region: r, style: big, text: Alpha, alternates: [{stlye: small}]}
"""
    with pytest.raises(InputError) as e:
        _layout(tmp_path, pages)
    d = e.value.diagnostics[0]
    assert "alternate 0" in d.message and "stlye" in d.message
    assert d.mark is not None and d.mark.line == (HEAD + pages).splitlines().index(
        "      - {type: label, region: r, style: big, text: Alpha, alternates: [{stlye: small}]}") + 1


def test_an_optional_page_with_nothing_but_decoration_is_left_out(tmp_path: Path) -> None:
    pages = """
  - name: front
    regions:
      r: {col: 1, span: 12, y: 20mm, height: 20mm}
    blocks:
      - {type: label, region: r, style: big, text: Front}
  - name: back
    optional: true
    regions:
      k: {col: 1, span: 12, y: 20mm, height: 10mm}
      q: {col: 1, span: 12, y: 40mm, height: 100mm}
      l: {col: 1, span: 12, y: 150mm, height: 1mm}
    blocks:
      - {type: label, region: k, key: press, style: small}
      - {type: quote, region: q, style: small}
      - {type: rule, region: l}
"""
    plan, _ = _compose(tmp_path, pages)
    assert [p.name for p in plan.pages] == ["front", "back"]
    plan, diags = _compose(tmp_path, pages, {"quotes": ()})
    assert not diags.items
    assert [p.name for p in plan.pages] == ["front"]


@pytest.mark.parametrize("regions, message", [
    ("body: {col: 1, span: 12, y: 20mm, height: 100mm, stack: [a, nope]}\n      a: {height: auto}",
     "no region 'nope'"),
    ("body: {col: 1, span: 12, y: 20mm, height: 100mm, stack: [a]}\n      a: {y: 30mm, height: auto}",
     "has no `y`"),
    ("a: {col: 1, span: 12, y: 20mm, height: auto}", "only for regions in a stack"),
    ("body: {col: 1, span: 12, y: 20mm, height: 100mm, stack: [a, b]}\n      a: {height: fill}\n"
     "      b: {height: fill}", "one `fill` row"),
    ("body: {col: 1, span: 12, y: 20mm, height: 100mm, stack: [a, a]}\n      a: {height: auto}", "placed twice"),
])
def test_stack_mistakes_are_reported_at_their_line(tmp_path: Path, regions: str, message: str) -> None:
    pages = f"""
  - name: p
    regions:
      {regions}
    blocks:
      - {{type: rule, region: a}}
"""
    with pytest.raises(InputError) as e:
        _layout(tmp_path, pages)
    found = [d for d in e.value.diagnostics if message in d.message]
    assert found, [d.format() for d in e.value.diagnostics]
    assert found[0].mark is not None and found[0].mark.line > 10


def test_a_stack_that_cannot_hold_its_members_says_so(tmp_path: Path) -> None:
    pages = """
  - name: p
    regions:
      body: {col: 1, span: 12, y: 20mm, height: 20mm, gap: 5mm, stack: [a, b]}
      a:    {height: 15mm}
      b:    {height: 15mm}
    blocks:
      - {type: label, region: a, style: small, text: A}
      - {type: label, region: b, style: small, text: B}
"""
    _, diags = _compose(tmp_path, pages)
    assert any("stack 'body'" in d.message and "15.0 mm too tall" in d.message for d in diags.items)
