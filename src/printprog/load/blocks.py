"""One schema per block type: which styles and options each block accepts in a layout.

Style fields name entries of the layout's `styles`. Every block goes to a region of its page.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from printprog.load.types import Colour, CMYK, Length, Strict, Text

Fit = Literal["none", "shrink"]
ListedRole = Literal[
    "director", "screenplay", "cinematography", "editing", "music", "production_design",
    "costume_design", "sound", "executive_producer", "co_producer", "producers", "production",
]


class BlockBase(Strict):
    region: str = Field(description="Name of a region on the same page.")
    fit: Fit = Field("none", description="`shrink` scales the block's type down until it fits.")
    min_size: Length | None = Field(None, gt=0, description="Smallest size of the main style when shrinking.")
    valign: Literal["top", "middle", "bottom"] = Field("top", description="Vertical position in the region.")


class TitleBlock(BlockBase):
    """The release title, the original title and other forms, and a line with year, countries, runtime."""

    type: Literal["title"]
    style: str = Field(description="The release title.")
    original_style: str | None = Field(None, description="Other title forms (original and other editions).")
    meta_style: str | None = Field(None, description="Year · countries · runtime.")
    director_style: str | None = Field(None, description="A 'film by' line above the title.")
    gap: Length = Field(0.0, description="Space between the title and the lines below it.")


class CreditsBlock(BlockBase):
    """Crew roles and names."""

    type: Literal["credits"]
    role_style: str
    name_style: str
    roles: tuple[ListedRole, ...] | None = Field(None, description="Which roles, in order; default: every credit.")
    arrangement: Literal["stacked", "inline"] = Field("stacked", description="Role above names, or on one line.")
    columns: int = Field(1, ge=1, le=4)
    gap: Length = Field(0.0, description="Space between roles.")


class CastBlock(BlockBase):
    """The cast list, in billing order."""

    type: Literal["cast"]
    style: str
    heading_style: str | None = None
    character_style: str | None = Field(None, description="Show characters in this style.")
    columns: int = Field(1, ge=1, le=4)


class SynopsisBlock(BlockBase):
    type: Literal["synopsis"]
    style: str
    heading_style: str | None = None


class QuoteBlock(BlockBase):
    """A press quote with its attribution, in the edition's quote marks."""

    type: Literal["quote"]
    style: str
    attribution_style: str | None = Field(None, description="Omit for a pull quote without attribution.")
    form: Literal["full", "short"] = "full"
    index: int = Field(0, ge=0, description="Which quote of the film.")
    hang_quotes: bool = Field(True, description="Hang the opening mark into the margin.")


class LaurelsBlock(BlockBase):
    """A vector laurel wreath for each award, side by side."""

    type: Literal["laurels"]
    festival_style: str
    category_style: str
    year_style: str | None = None
    color: Colour = CMYK(0, 0, 0, 1)
    width: Length = Field(gt=0, description="Width of one laurel.")
    gap: Length = Field(0.0, ge=0, description="Space between laurels.")
    align: Literal["left", "center", "right"] = "center"


class ScreeningsBlock(BlockBase):
    """The screening table: date, weekday, time, venue and address."""

    type: Literal["screenings"]
    day_style: str = Field(description="The day number.")
    month_style: str
    weekday_style: str
    time_style: str
    venue_style: str
    address_style: str | None = None
    note_style: str | None = None
    heading_style: str | None = None
    rule: Length = Field(0.0, ge=0, description="Weight of rules between rows; 0 for none.")
    row_gap: Length = Field(0.0, ge=0, description="Space between rows.")
    show_venue: Literal["auto", "yes", "no"] = Field(
        "auto", description="The venue column; `auto` leaves it out on a flyer for one venue.")


class ProductionBlock(BlockBase):
    """Production companies and producers, the small print at the foot."""

    type: Literal["production"]
    style: str
    label_style: str


class LabelBlock(BlockBase):
    """A fixed line of text: a label from the translation catalogue or literal text."""

    type: Literal["label"]
    style: str
    key: str | None = Field(None, description="A label from the translation catalogue.")
    text: Text | None = None


class ImageBlock(BlockBase):
    """A picture of the film filling its region (key art): cropped around its focus point."""

    type: Literal["image"]
    image: str = Field("keyart", description="Name of a picture under the film's `images`.")
    mode: Literal["cover", "contain"] = Field("cover", description="Fill the region (crop) or fit inside it.")
    bleed: bool = Field(True, description="Extend to the bleed on every side where the region touches the trim.")
    fade: float = Field(0.0, ge=0, le=0.6, description="Darken the bottom of the picture to black over this share of "
                        "the region's height, so type set there reads (baked into the pixels: no transparency).")


class BillingBlock(BlockBase):
    """The billing block: credits in one justified block of tall condensed type, role words small,
    names large, each line filling the measure (horizontal scale within limits, then tracking)."""

    type: Literal["billing"]
    name_style: str = Field(description="Names (tall condensed capitals).")
    role_style: str = Field(description="Role words, set smaller.")
    title_style: str | None = Field(None, description="With cap_ratio: size the names from the title's capitals.")
    cap_ratio: float = Field(0.25, ge=0.1, le=0.5, description="Name cap height ÷ title cap height.")
    max_scale: float = Field(1.1, ge=0.5, le=2, description="Widest horizontal scale used to fill a line; "
                             "lines aim for the middle of min_scale…max_scale.")
    min_scale: float = Field(0.7, gt=0.4, le=1, description="Narrowest horizontal scale used to fit a line.")


class StripBlock(BlockBase):
    """A one-row screening strip for posters: date, weekday and time, venue — one column each."""

    type: Literal["strip"]
    date_style: str
    detail_style: str
    venue_style: str
    rule: Length = Field(0.0, ge=0, description="Weight of the rules between columns; 0 for none.")
    rule_color: Colour = CMYK(0, 0, 0, 1)


class VenueBlock(BlockBase):
    """The venue of a per-venue flyer: name, address and city."""

    type: Literal["venue"]
    style: str
    address_style: str | None = None


class QRBlock(BlockBase):
    """A vector QR code of the venue's URL (100 % K, quiet zone kept); nothing if the venue has none."""

    type: Literal["qr"]
    label_style: str | None = Field(None, description="A caption under the code (catalogue label `tickets`).")
    size: Length = Field(description="Side of the code including its quiet zone; 25 mm reads at arm's length.")
    min_size: Length | None = Field(None, gt=0, description="Not used by QR codes (they never shrink).")
    align: Literal["left", "center", "right"] = "left"


class RuleBlock(BlockBase):
    """A horizontal line across the region."""

    type: Literal["rule"]
    weight: Length = Field(0.5, gt=0, description="Line weight.")
    color: Colour = CMYK(0, 0, 0, 1)


Block = Annotated[
    Union[
        TitleBlock, CreditsBlock, CastBlock, SynopsisBlock, QuoteBlock, LaurelsBlock,
        ScreeningsBlock, ProductionBlock, LabelBlock, RuleBlock, ImageBlock, BillingBlock, StripBlock,
        VenueBlock, QRBlock,
    ],
    Field(discriminator="type"),
]

BLOCK_TYPES: dict[str, type[BlockBase]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in (TitleBlock, CreditsBlock, CastBlock, SynopsisBlock, QuoteBlock, LaurelsBlock,
                ScreeningsBlock, ProductionBlock, LabelBlock, RuleBlock, ImageBlock, BillingBlock, StripBlock,
                VenueBlock, QRBlock)
}


def style_fields(block: BlockBase) -> list[str]:
    """Names of the fields of a block that refer to layout styles."""
    return [name for name in type(block).model_fields if name == "style" or name.endswith("_style")]
