"""load_layout: the A4 layout loads; bad layouts report each problem at its line with a useful hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from printprog.lengths import pt
from printprog.load import Layout, load_layout
from printprog.load.blocks import BLOCK_TYPES, LabelBlock, SynopsisBlock, style_fields
from printprog.text.fonts import font_names
from tests.helpers_load import A4, a4_text, by_path, diagnostics_of, edit, layout_with, line_of, write

# Things the tests insert at the top of the first page (regions/blocks) and of `styles:`.
BOX = "zbox: {x: 20mm, width: 60mm, y: 20mm, height: 10mm}"
STYLE = "zstyle: {font: sofia-sans/regular, size: 9pt}"


@pytest.fixture(scope="module")
def fonts() -> frozenset[str]:
    return font_names()


@pytest.fixture(scope="module")
def a4(fonts: frozenset[str]) -> Layout:
    layout, _ = load_layout(A4, fonts)
    return layout


def errors_for(tmp_path: Path, text: str, fonts: frozenset[str], name: str = "bad-layout.yaml"):  # type: ignore[no-untyped-def]
    return diagnostics_of(load_layout, write(tmp_path, name, text), fonts)


# --- the shipped layout --------------------------------------------------------------------------


def test_a4_loads(a4: Layout, fonts: frozenset[str]) -> None:
    assert a4.name == "a4"
    assert a4.size == pytest.approx((pt(210), pt(297)))
    assert a4.bleed > 0 and a4.safe > 0
    assert [p.name for p in a4.pages] == ["front", "back", "more"]
    assert [p.optional for p in a4.pages] == [False, True, True]
    for page in a4.pages:
        assert page.blocks
        for block in page.blocks:
            assert block.region in page.regions
            for f in style_fields(block):
                ref = getattr(block, f)
                assert ref is None or ref in a4.styles
    assert all(s.font in fonts for s in a4.styles.values())
    types = {b.type for p in a4.pages for b in p.blocks}
    assert {"title", "synopsis", "credits", "screenings", "quote", "cast", "production"} <= types


def test_a4_is_frozen(a4: Layout) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        a4.name = "a5"  # type: ignore[misc]


def test_insertions_alone_are_valid(tmp_path: Path, fonts: frozenset[str]) -> None:
    # the scaffolding the error tests build on must itself be valid
    text = layout_with(styles=STYLE, regions=BOX, blocks="- {type: label, region: zbox, style: zstyle, text: Hi}")
    layout, _ = load_layout(write(tmp_path, "ok.yaml", text), fonts)
    block = layout.pages[0].blocks[0]
    assert isinstance(block, LabelBlock) and block.region == "zbox" and block.style == "zstyle"


# --- blocks --------------------------------------------------------------------------------------


def test_unknown_block_type_lists_the_valid_types(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles=STYLE, regions=BOX, blocks="- {type: synopsys, region: zbox, style: zstyle}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].blocks[0]"
    assert "unknown block type 'synopsys'" in d.message
    for name in BLOCK_TYPES:
        assert name in d.hint
    assert d.mark.line == line_of(text, "type: synopsys")


def test_block_without_type(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles=STYLE, regions=BOX, blocks="- {region: zbox, style: zstyle}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].blocks[0]"
    assert "type" in d.message
    assert d.mark.line == line_of(text, "- {region: zbox, style: zstyle}")


def test_unknown_key_in_a_block_suggests_that_blocks_own_field(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles=STYLE, regions=BOX, blocks="- {type: synopsis, region: zbox, style: zstyle, min_szie: 9pt}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].blocks[0].min_szie"
    assert "unknown key 'min_szie'" in d.message
    assert "'min_size'" in d.hint
    assert d.mark.line == line_of(text, "min_szie")
    assert text.splitlines()[d.mark.line - 1][d.mark.col - 1 :].startswith("min_szie")


@pytest.mark.parametrize(
    ("block", "typo", "field"),
    [
        ("{type: quote, region: zbox, style: zstyle, attribution_stlye: zstyle}", "attribution_stlye", "attribution_style"),
        ("{type: screenings, region: zbox, day_style: zstyle, month_style: zstyle, weekday_style: zstyle, "
         "time_style: zstyle, venue_style: zstyle, row_gpa: 2mm}", "row_gpa", "row_gap"),
        ("{type: cast, region: zbox, style: zstyle, charactr_style: zstyle}", "charactr_style", "character_style"),
        ("{type: production, region: zbox, style: zstyle, lable_style: zstyle}", "lable_style", "label_style"),
        ("{type: laurels, region: zbox, festival_style: zstyle, category_style: zstyle, width: 40mm, gpa: 1mm}",
         "gpa", "gap"),
    ],
)
def test_unknown_key_hint_uses_the_block_type(tmp_path: Path, fonts: frozenset[str], block: str, typo: str, field: str) -> None:
    text = layout_with(styles=STYLE, regions=BOX, blocks=f"- {block}")
    d = by_path(errors_for(tmp_path, text, fonts), f"pages[0].blocks[0].{typo}")
    assert f"'{field}'" in d.hint
    assert d.mark.line == line_of(text, typo)


def test_unknown_key_in_a_rule_block(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(regions=BOX, blocks="- type: rule\n  region: zbox\n  wieght: 1pt")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].blocks[0].wieght"
    assert "'weight'" in d.hint
    assert d.mark.line == line_of(text, "wieght")


def test_unknown_key_in_a_block_does_not_suggest_another_blocks_field(tmp_path: Path, fonts: frozenset[str]) -> None:
    # `attribution_style` belongs to quote blocks, not to synopsis blocks
    text = layout_with(styles=STYLE, regions=BOX, blocks="- {type: synopsis, region: zbox, style: zstyle, attribution_style: zstyle}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].blocks[0].attribution_style"
    assert "attribution_style" not in d.hint
    # the hint offers only synopsis fields
    offered = [w.strip(" '?") for w in d.hint.replace("allowed keys:", "").replace("did you mean", "").split(",")]
    assert all(w in SynopsisBlock.model_fields for w in offered if w), d.hint


def test_unknown_style_reference(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles=STYLE, regions=BOX, blocks="- {type: synopsis, region: zbox, style: zstlye, heading_style: zstyle}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].blocks[0].style"
    assert "no style 'zstlye'" in d.message
    assert "'zstyle'" in d.hint
    assert d.mark.line == line_of(text, "zstlye")


def test_unknown_region_reference(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles=STYLE, regions=BOX, blocks="- {type: rule, region: zbxo}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].blocks[0].region"
    assert "no region 'zbxo'" in d.message and "front" in d.message
    assert "'zbox'" in d.hint
    assert d.mark.line == line_of(text, "region: zbxo")


def test_label_with_unknown_catalogue_key(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles=STYLE, regions=BOX, blocks="- {type: label, region: zbox, style: zstyle, key: synopsys}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].blocks[0].key"
    assert "no label 'synopsys'" in d.message
    assert "'synopsis'" in d.hint
    assert d.mark.line == line_of(text, "key: synopsys")


@pytest.mark.parametrize("extra", ["", ", key: press, text: Hi"])
def test_label_needs_exactly_one_of_key_or_text(tmp_path: Path, fonts: frozenset[str], extra: str) -> None:
    text = layout_with(styles=STYLE, regions=BOX, blocks=f"- {{type: label, region: zbox, style: zstyle{extra}}}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].blocks[0]"
    assert "key" in d.message and "text" in d.message
    assert d.mark.line == line_of(text, "type: label, region: zbox")


# --- styles and fonts ----------------------------------------------------------------------------


def test_unknown_font_suggests_the_close_name(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles="zstyle: {font: sofia-sans/reguler, size: 9pt}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "styles.zstyle.font"
    assert "unknown font 'sofia-sans/reguler'" in d.message
    assert "'sofia-sans/regular'" in d.hint
    assert d.mark.line == line_of(text, "sofia-sans/reguler")


def test_unknown_font_family_lists_choices_or_suggests(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles="zstyle: {font: comic-sans/regular, size: 9pt}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "styles.zstyle.font"
    assert d.hint  # either a suggestion or the list of fonts


def test_font_check_uses_the_given_font_names(tmp_path: Path) -> None:
    # load_layout checks against the names it is given, not a global list
    diags = diagnostics_of(load_layout, A4, frozenset({"only/this"}))
    assert diags and all(d.path.startswith("styles.") and d.path.endswith(".font") for d in diags)
    assert len(diags) == len({d.path for d in diags})


def test_length_without_unit(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles="zstyle: {font: sofia-sans/regular, size: 9}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "styles.zstyle.size"
    assert "no unit" in d.message
    assert d.mark.line == line_of(text, "zstyle:")


@pytest.mark.parametrize("size", ["0", "-9pt"])
def test_font_size_must_be_positive(tmp_path: Path, fonts: frozenset[str], size: str) -> None:
    text = layout_with(styles=f"zstyle: {{font: sofia-sans/regular, size: {size}}}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "styles.zstyle.size"


def test_leading_ratio_out_of_range(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles="zstyle: {font: sofia-sans/regular, size: 9pt, leading: 7}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "styles.zstyle.leading"


def test_bad_colour(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles="zstyle: {font: sofia-sans/regular, size: 9pt, color: [0, 0, 0, 120]}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "styles.zstyle.color"
    assert "120" in d.message


def test_named_colour_message_names_the_value(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(styles="zstyle: {font: sofia-sans/regular, size: 9pt, color: red}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert "red" in d.message


def test_unknown_paper_size(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = edit(a4_text(), "\nsize: A4\n", "\nsize: A7\n")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "size"
    assert "unknown paper size" in d.message and "A4" in d.message
    assert d.mark.line == line_of(text, "size: A7")


def test_unknown_paper_size_message_names_the_value(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = edit(a4_text(), "\nsize: A4\n", "\nsize: A7\n")
    (d,) = errors_for(tmp_path, text, fonts)
    assert "A7" in d.message


# --- regions -------------------------------------------------------------------------------------


def test_region_crossing_the_safe_zone(tmp_path: Path, fonts: frozenset[str], a4: Layout) -> None:
    text = layout_with(regions="zlow: {col: 1, span: 12, y: 290mm, height: 10mm}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].regions.zlow"
    assert "safe zone" in d.message
    assert "297" in d.message  # the page height is named
    assert d.mark.line == line_of(text, "zlow:")


@pytest.mark.parametrize(
    "region",
    [
        "zleft: {x: 0mm, width: 50mm, y: 50mm, height: 10mm}",
        "zright: {x: 180mm, width: 29mm, y: 50mm, height: 10mm}",
        "ztop: {x: 20mm, width: 50mm, y: 1mm, height: 10mm}",
    ],
)
def test_regions_crossing_any_edge(tmp_path: Path, fonts: frozenset[str], region: str) -> None:
    text = layout_with(regions=region)
    (d,) = errors_for(tmp_path, text, fonts)
    name = region.split(":")[0]
    assert d.path == f"pages[0].regions.{name}"
    assert "safe zone" in d.message
    assert d.mark.line == line_of(text, name + ":")


def test_region_inside_the_safe_zone_is_fine(tmp_path: Path, fonts: frozenset[str], a4: Layout) -> None:
    s_mm = a4.safe * 25.4 / 72
    text = layout_with(regions=f"zedge: {{x: {s_mm:g}mm, width: {210 - 2 * s_mm:g}mm, y: {s_mm:g}mm, height: 10mm}}")
    load_layout(write(tmp_path, "ok.yaml", text), fonts)


def test_region_giving_both_x_and_col(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(regions="zboth: {x: 20mm, width: 40mm, col: 1, span: 2, y: 20mm, height: 10mm}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].regions.zboth"
    assert "either x and width, or col and span" in d.message
    assert d.mark.line == line_of(text, "zboth:")


@pytest.mark.parametrize(
    "region", ["zx: {x: 20mm, y: 20mm, height: 10mm}", "zn: {y: 20mm, height: 10mm}", "zw: {width: 20mm, y: 20mm, height: 10mm}"]
)
def test_region_with_incomplete_placement(tmp_path: Path, fonts: frozenset[str], region: str) -> None:
    text = layout_with(regions=region)
    (d,) = errors_for(tmp_path, text, fonts)
    name = region.split(":")[0]
    assert d.path == f"pages[0].regions.{name}"
    assert "either x and width" in d.message


def test_region_beyond_the_grid(tmp_path: Path, fonts: frozenset[str], a4: Layout) -> None:
    cols = a4.grid.columns
    text = layout_with(regions=f"zcols: {{col: {cols}, span: 2, y: 20mm, height: 10mm}}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path == "pages[0].regions.zcols"
    assert str(cols) in d.message
    assert d.mark.line == line_of(text, "zcols:")


def test_region_without_area(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(regions="zflat: {x: 20mm, width: 40mm, y: 20mm, height: 0}")
    (d,) = errors_for(tmp_path, text, fonts)
    assert d.path.startswith("pages[0].regions.zflat")
    assert d.mark.line == line_of(text, "zflat:")


def test_unknown_key_in_a_region(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(regions="zbox: {x: 20mm, widht: 60mm, y: 20mm, height: 10mm}")
    diags = errors_for(tmp_path, text, fonts)
    d = by_path(diags, "pages[0].regions.zbox.widht")
    assert "'width'" in d.hint
    assert d.mark.line == line_of(text, "widht")


# --- all at once ---------------------------------------------------------------------------------


def test_all_layout_problems_reported_together(tmp_path: Path, fonts: frozenset[str]) -> None:
    text = layout_with(
        styles="zstyle: {font: sofia-sans/reguler, size: 9pt}",
        regions="zlow: {col: 1, span: 12, y: 290mm, height: 10mm}\n" + BOX,
        blocks="- {type: rule, region: zbxo}\n- {type: label, region: zbox, style: zstlye, key: synopsys}",
    )
    diags = errors_for(tmp_path, text, fonts)
    expected = {
        "styles.zstyle.font": "sofia-sans/reguler",
        "pages[0].regions.zlow": "zlow:",
        "pages[0].blocks[0].region": "region: zbxo",
        "pages[0].blocks[1].style": "style: zstlye",
        "pages[0].blocks[1].key": "key: synopsys",
    }
    assert sorted(d.path for d in diags) == sorted(expected)
    for path, needle in expected.items():
        assert by_path(diags, path).mark.line == line_of(text, needle), path
