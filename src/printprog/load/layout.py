"""The layout model: page geometry, named text styles, regions and the blocks placed in them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from printprog.lengths import pt
from printprog.load.blocks import Block, FilmPart
from printprog.load.types import Colour, CMYK, Lang, Length, Strict

PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "A6": (105, 148),
    "A5": (148, 210),
    "A4": (210, 297),
    "A3": (297, 420),
    "A2": (420, 594),
    "A1": (594, 841),
    "B1": (707, 1000),
    "DL": (99, 210),
    "70x100": (700, 1000),
    "SRA3": (320, 450),
}


def _size(value: Any) -> tuple[float, float]:
    if isinstance(value, str):
        key = value.strip()
        if key in PAPER_SIZES_MM:
            w, h = PAPER_SIZES_MM[key]
            return (pt(w), pt(h))
        raise PydanticCustomError(
            "size", "unknown paper size {v}; use one of {names} or [width, height]", {"v": repr(value), "names": ", ".join(PAPER_SIZES_MM)}
        )
    if isinstance(value, (list, tuple)) and len(value) == 2:
        from printprog.load.types import _length

        return (_length(value[0], None), _length(value[1], None))
    raise PydanticCustomError("size", "write the page size as a name (A4) or [width, height], e.g. [210mm, 297mm]")


PageSize = Annotated[
    tuple[float, float],
    BeforeValidator(_size),
    WithJsonSchema({"description": "A paper name or [width, height]", "anyOf": [
        {"enum": list(PAPER_SIZES_MM)}, {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}]}),
]


def _leading(value: Any, info: ValidationInfo) -> float | str:
    # "1.2" (a multiple of the size) or a length ("14pt"); resolved by Style.leading_pt.
    if isinstance(value, str):
        try:
            ratio = float(value)
        except ValueError:
            from printprog.load.types import _length

            return _length(value, info)
        if not 0.5 <= ratio <= 3:
            raise PydanticCustomError("leading", "leading ratio {v} is outside 0.5–3", {"v": value})
        return f"x{ratio}"
    raise PydanticCustomError("leading", "write leading as a length (14pt) or a multiple of the size (1.2)")


class Style(Strict):
    """A named text style."""

    font: str = Field(description="A font name from `printprog fonts`, e.g. sofia-sans/regular.")
    size: Length = Field(gt=0, description="Font size, e.g. 10pt.")
    leading: Annotated[float | str, BeforeValidator(_leading), WithJsonSchema({"type": "string"})] = Field(
        "x1.2", description="Line distance: a length (14pt) or a multiple of the size (1.2)."
    )
    tracking: float = Field(0, ge=-200, le=1000, description="Letter spacing in thousandths of an em.")
    color: Colour = Field(CMYK(0, 0, 0, 1), description="CMYK percentages; text should stay 100 % K.")
    align: Literal["left", "right", "center", "justify"] = Field("left", description="Paragraph alignment.")
    case: Literal["none", "upper", "lower"] = Field("none", description="Change the letter case when setting.")
    hyphenate: bool = Field(False, description="Break words at hyphenation points (pyphen, by text language).")
    lang: Lang | None = Field(None, description="Hyphenation language when the text has none of its own.")
    space_after: Length = Field(0.0, ge=0, description="Extra space after each paragraph.")

    def leading_pt(self, size: float | None = None) -> float:
        s = self.size if size is None else size
        if isinstance(self.leading, str):
            return s * float(self.leading[1:])
        return self.leading * (s / self.size)


class Margins(Strict):
    """Space between the trim and the grid; a single length sets all four."""

    top: Length = Field(ge=0)
    right: Length = Field(ge=0)
    bottom: Length = Field(ge=0)
    left: Length = Field(ge=0)


def _margins(value: Any) -> Any:
    if isinstance(value, str):
        return {"top": value, "right": value, "bottom": value, "left": value}
    return value


class Grid(Strict):
    """Columns inside the margins that regions may use with `col` and `span`."""

    # default= by keyword: type checkers see it, so `Grid()` type-checks
    columns: int = Field(default=12, ge=1, le=48, description="Number of columns.")
    gutter: Length = Field(default=pt(4), ge=0, description="Space between columns.")


def _height(value: Any, info: ValidationInfo) -> float | str:
    if isinstance(value, str) and value.strip() in ("auto", "fill"):
        return value.strip()
    from printprog.load.types import _length

    return _length(value, info)


RegionHeight = Annotated[float | str, BeforeValidator(_height), WithJsonSchema({"anyOf": [
    {"enum": ["auto", "fill"]}, {"type": "string", "description": "a length"}]})]
# A stack lists region names top to bottom; a nested list is a row of regions side by side.
StackItem = str | tuple[str, ...]


class Region(Strict):
    """A rectangle on the trimmed page, from its top-left corner.

    Give x and width, or col and span on the layout grid (1-based, inside the margins). A region
    named in another region's `stack` has no `y`: the stack places it, and its `height` may be
    `auto` (as tall as its content, at most `max_height`) or `fill` (what the stack has left).
    A stack member whose blocks have nothing to show collapses, and the members below move up.
    """

    x: Length | None = Field(None, description="Distance from the trim's left edge.")
    width: Length | None = Field(None, gt=0, description="Width; in a stack, default the stack's width.")
    col: int | None = Field(None, ge=1, description="First grid column (1-based).")
    span: int | None = Field(None, ge=1, description="Number of grid columns.")
    y: Length | None = Field(None, description="Distance from the trim's top edge (not for stack members).")
    height: RegionHeight | None = Field(None, description="A length; in a stack also `auto` (the default there) "
                                        "or `fill`.")
    min_height: Length = Field(0.0, ge=0, description="Stack member: the least height a `fill` region is given "
                               "(other members shrink to leave it).")
    max_height: Length | None = Field(None, gt=0, description="Stack member with `height: auto`: the most it takes.")
    stack: tuple[StackItem, ...] | None = Field(None, description="Regions placed top to bottom inside this one "
                                                "(a nested list is a row side by side), e.g. "
                                                "[title, laurels, [synopsis, credits], screenings].")
    gap: Length = Field(0.0, ge=0, description="Stack: space between members that show something.")
    over: str | None = Field(None, description="Lie over another region (of a stack too) once it is placed: "
                             "this region takes that one's final box, less `inset` at top and bottom; "
                             "for type set over a picture whose height the stack decides.")
    inset: Length = Field(0.0, ge=0, description="With `over`: space kept free at the top and bottom.")
    grow: bool = Field(False, description="Row member: take the whole row when the other members show nothing "
                       "(screenings widen when there is no QR code).")
    justify: Literal["top", "center", "bottom", "spread"] = Field(
        "top", description="Stack: where the height its members leave goes (`spread`: into the gaps).")


class Page(Strict):
    """One page: named regions and the blocks drawn into them, in order."""

    name: str = Field(description="Shown in messages and proofs.")
    regions: dict[str, Region] = Field(description="Named rectangles.")
    blocks: tuple[Block, ...] = Field(min_length=1, description="What to draw, each in a region.")
    optional: bool = Field(False, description="Leave the page out when it has nothing to show but rules, "
                           "labels, pictures, the title and the venue (a back side only some films need).")
    when: tuple[FilmPart, ...] = Field((), description="Use the page only when the film has all of these, e.g. "
                                       "[keyart]: with `unless`, one design for films with a picture, another without.")
    unless: tuple[FilmPart, ...] = Field((), description="Leave the page out when the film has any of these.")
    worth: tuple[str, ...] = Field((), description="With `optional`: the regions that make the page worth "
                                   "printing; when none of them shows anything the page is left out (a back with "
                                   "only a pull quote, which the front then carries).")


class TypeScale(Strict):
    """A modular scale: style sizes written `s0`, `s1`… are base × ratio^n, so one design scales
    with the page."""

    base: Length = Field(gt=0, description="Size of step s0, e.g. 1.1%w.")
    ratio: float = Field(1.25, gt=1, le=3, description="Ratio between steps (1.25 major third, 1.333 fourth).")


class Baseline(Strict):
    """The baseline grid: body text lines sit at origin + n × increment, so lines across columns
    and blocks align."""

    origin: Length = Field(description="Distance of the first grid line from the trim's top edge.")
    increment: Length = Field(gt=0, description="Distance between grid lines: the body style's leading.")


class Layout(Strict):
    """One printed product: its page size, bleed, styles, regions and blocks."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="The format name, used in file names.")
    description: str = Field(description="One line for `printprog layouts` and the PDF subject.")
    size: PageSize = Field(description="Trim size.")
    bleed: Length = Field(pt(3), ge=0, description="Extra image area beyond the trim on each side.")
    safe: Length = Field(pt(5), ge=0, description="Nothing important closer than this to the trim.")
    margins: Annotated[Margins, BeforeValidator(_margins)] = Field(description="Page margins (the grid's box).")
    grid: Grid = Field(Grid.model_construct(), description="Column grid for regions.")  # no schema build at import
    paper: Colour = Field(CMYK(0, 0, 0, 0), description="Background colour of every page.")
    accent: Colour | None = Field(None, description="One accent colour (CMYK) that marks when and where across "
                                  "the products; styles and blocks name it as `accent`. Preflight checks it like "
                                  "every colour (ink limit; text under the shop's `k_only_below` stays K only).")
    type_scale: TypeScale | None = Field(None, description="Lets sizes be written as steps: s0, s1, s-1…")
    baseline: Baseline | None = Field(None, description="A baseline grid for text blocks in stacks: each block's "
                                      "first baseline moves down to the next grid line, and paragraphs inside a "
                                      "block keep whole grid steps apart; styles whose leading is a multiple of half "
                                      "the increment keep it when a block shrinks, so their lines stay on the grid. "
                                      "Laurels start on a grid line.")
    min_text: Length = Field(0.0, ge=0, description="The smallest text of this product, from its viewing distance "
                             "(a counter card read at 1.5 m: 9 pt); shrinking stops there. The billing block is "
                             "exempt: it is read close up.")
    per: Literal["venue"] | None = Field(None, description="`venue`: one file per venue (build with --per venue).")
    styles: dict[str, Style] = Field(description="Named text styles that blocks refer to.")
    pages: tuple[Page, ...] = Field(min_length=1, description="The pages, front first.")
    fonts: tuple[str, ...] = Field((), description="Own fonts: .ttf files or folders of them, relative to the "
                                   "layout file; styles name them folder/style (printprog fonts lists them).")


def region_x(layout: Layout, region: Region, within: tuple[float, float] | None = None) -> tuple[float, float]:
    """(x, width) in points: from col/span on the grid, x/width, or (in a stack) the stack's own."""
    if region.col is not None:
        g = layout.grid
        inner = layout.size[0] - layout.margins.left - layout.margins.right
        col_w = (inner - g.gutter * (g.columns - 1)) / g.columns
        span = region.span or 1
        return layout.margins.left + (region.col - 1) * (col_w + g.gutter), span * col_w + (span - 1) * g.gutter
    if region.x is not None and region.width is not None:
        return region.x, region.width
    if within is not None:
        x, w = within
        return (region.x if region.x is not None else x), (region.width if region.width is not None else w)
    raise ValueError("region has no horizontal position")


def region_box(layout: Layout, region: Region) -> tuple[float, float, float, float]:
    """(x, y, width, height) in points from the trim's top-left corner, for a region placed on the page."""
    x, w = region_x(layout, region)
    assert region.y is not None and isinstance(region.height, float)
    return (x, region.y, w, region.height)


def stack_rows(region: Region) -> list[tuple[str, ...]]:
    """A stack's members as rows of region names."""
    return [(item,) if isinstance(item, str) else tuple(item) for item in region.stack or ()]


def stack_members(page: Page) -> dict[str, str]:
    """Region name → the stack it is placed in."""
    return {name: frame for frame, r in page.regions.items() for row in stack_rows(r) for name in row}
