"""One schema per block type: which styles and options each block accepts in a layout.

Style fields name entries of the layout's `styles`. Every block goes to a region of its page.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union, get_args

from pydantic import Field, ValidationError, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from printprog.load.types import Colour, CMYK, Length, Strict, Text

Fit = Literal["none", "shrink"]
# Parts of a film a block may depend on (`when:`): collections that may be empty, fields that may be absent.
FilmPart = Literal["quotes", "awards", "cast", "credits", "producers", "production", "synopsis", "url",
                   "original_title", "keyart"]
ListedRole = Literal[
    "director", "screenplay", "cinematography", "editing", "music", "production_design",
    "costume_design", "sound", "executive_producer", "co_producer", "producers", "production",
]


class BlockBase(Strict):
    region: str = Field(description="Name of a region on the same page.")
    fit: Fit = Field("none", description="`shrink` scales the block's type down until it fits.")
    min_size: Length | None = Field(None, gt=0, description="Smallest size of the main style when shrinking.")
    valign: Literal["top", "middle", "bottom"] = Field("top", description="Vertical position in the region.")
    when: tuple[FilmPart, ...] = Field((), description="Draw the block only when the film has all of these "
                                       "(e.g. [quotes]): a heading or rule that belongs to optional content.")
    unless: tuple[FilmPart, ...] = Field((), description="Leave the block out when the film has any of these "
                                         "(the cast on the front when there are no quotes for the back).")
    continues: bool = Field(False, description="Take what an earlier block of the same type could not place "
                            "(screenings that continue on the back page); empty when nothing is left.")
    alternates: tuple[Any, ...] = Field((), description="Other arrangements of the same block (options to "
                                        "change, e.g. {columns: 2}), tried in order when it does not fit at full "
                                        "size, before any shrinking.",
                                        json_schema_extra={"type": "array", "items": {"type": "object"}})
    # last, so each block keeps the same field order; every block type narrows it to its name
    # (a Literal: the discriminator of `Block`)
    type: str

    @model_validator(mode="before")
    @classmethod
    def _alternates(cls, data: Any, info: ValidationInfo) -> Any:
        """Each alternate is the block with some options changed, validated like the block itself."""
        if not isinstance(data, dict) or not data.get("alternates"):
            return data
        alts = data["alternates"]
        if not isinstance(alts, list):
            raise PydanticCustomError("alternates", "write alternates as a list of option maps, e.g. [{columns: 2}]")
        out = []
        for n, alt in enumerate(alts):
            if not isinstance(alt, dict):
                raise PydanticCustomError("alternates", "alternate {n} is not a map of options", {"n": n})
            fixed = sorted(k for k in alt if k in ("type", "region", "alternates", "continues", "when", "unless"))
            if fixed:
                raise PydanticCustomError("alternates", "an alternate cannot change {keys}", {"keys": ", ".join(fixed)})
            try:
                out.append(cls.model_validate({**data, **alt, "alternates": []}, context=info.context))
            except ValidationError as e:
                err = e.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                raise PydanticCustomError("alternates", "alternate {n}: {where}: {msg}",
                                          {"n": n, "where": where, "msg": err["msg"]}) from None
        return {**data, "alternates": tuple(out)}


class TitleBlock(BlockBase):
    """The release title, the original title and other forms, and a line with year, countries, runtime."""

    type: Literal["title"]
    style: str = Field(description="The release title.")
    original_style: str | None = Field(None, description="Other title forms (original and other editions).")
    meta_style: str | None = Field(None, description="Year · countries · runtime.")
    director_style: str | None = Field(None, description="A 'film by' line above the title.")
    gap: Length = Field(0.0, description="Space between the title and the lines below it.")
    fill: float | None = Field(None, gt=0.2, le=1.0, description="Posters: size the title so its longest line "
                               "spans this share of the region's width (the style's size decides the line "
                               "breaks); fitting still shrinks it into the region's height.")
    fill_height: float | None = Field(None, gt=0.05, le=1.0, description="With `fill`: the most of the page's "
                                      "height the title's lines may take; a long title breaks into more lines "
                                      "of larger type up to this.")


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
    character_style: str | None = Field(None, description="Show characters in this style, aligned after the names.")
    columns: Annotated[int, Field(ge=1, le=4)] | Literal["auto"] = Field("auto", description="A number (1–4), or `auto`: one column up to "
                                           "10 names, two for a longer cast when the width allows.")


class SynopsisBlock(BlockBase):
    type: Literal["synopsis"]
    style: str
    heading_style: str | None = None


class QuoteBlock(BlockBase):
    """Press quotes with their attributions, in the quote marks of the language each is printed in."""

    type: Literal["quote"]
    style: str
    attribution_style: str | None = Field(None, description="Omit for a pull quote without attribution.")
    form: Literal["full", "short"] = Field("full", description="`short`: a tagline (the quote's short form, else "
                                           "the shortest quote); `full`: the quotes in order, as many as fit.")
    index: int | None = Field(None, ge=0, description="Which quote of the film (0 is the first); absent: chosen "
                              "to fit. A number the film does not have leaves the block empty.")
    count: int = Field(1, ge=1, le=10, description="Most quotes shown (full form), as many as fit the region.")
    short_only: bool = Field(False, description="`short` form: only a quote's own short form, never a whole "
                             "quote (a pull quote above the full quotes would repeat it).")
    hang_quotes: bool = Field(True, description="Hang the opening mark into the margin.")
    columns: int = Field(1, ge=1, le=3, description="Full form: set the text in this many balanced columns "
                         "(no line of a paragraph alone at a column's top or foot).")
    elide_short: bool = Field(False, description="Full form under a pull quote: the quote's short form, where it "
                              "stands word for word in the text, is left out as […] so the page does not say it twice.")


class LaurelsBlock(BlockBase):
    """A vector laurel wreath for each festival (awards of one festival and year share one), in one or two
    centred rows: laurels narrow (to 70 % of `width`) before the row breaks in two."""

    type: Literal["laurels"]
    festival_style: str
    category_style: str
    year_style: str | None = None
    color: Colour = CMYK(0, 0, 0, 1)
    width: Length = Field(gt=0, description="Widest laurel; its height follows its text.")
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
    arrangement: Literal["table", "list"] = Field(
        "table", description="`table`: big day, month over weekday, time, venue; `list`: dense one-line rows "
        "(weekday, date, time, venue — note) on a fixed grid, for many screenings.")
    line_style: str | None = Field(None, description="The list arrangement's weekday, date and time (default "
                                   "weekday_style).")
    columns: Annotated[int, Field(ge=1, le=3)] | Literal["auto"] = Field(
        1, description="1–3, or `auto`: the fewest columns (up to max_columns, each at least min_column_width) "
        "that hold the screenings in the region.")
    max_columns: int = Field(3, ge=1, le=3, description="Most columns `columns: auto` uses.")
    min_column_width: Length | None = Field(None, gt=0, description="Narrowest column `columns: auto` uses; "
                                            "default: the rows' date and time cells and 22 mm for venue and note.")
    column_gap: Length | None = Field(None, ge=0, description="Space between columns; default twice the venue size.")
    group: Literal["auto", "none"] = Field(
        "auto", description="`auto`: a heading per venue (\"City — Venue\" when there are several cities) once "
        "there are several venues and one of them has several rows; `none`: one list in date order.")
    group_style: str | None = Field(None, description="The venue headings (default venue_style).")
    condense: bool = Field(True, description="Three or more days in a row at one venue, time and note make one "
                           "row: \"15–21 май, всеки ден\".")


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
    fade_solid: float = Field(0.0, ge=0, le=0.5, description="With `fade`: the bottom share of the region that is "
                              "black outright (type set there needs no luck with the picture's light).")
    fade_top: float = Field(0.0, ge=0, le=0.5, description="Darken the top of the picture over this share of the "
                            "region's height, for light type over a light sky.")
    focus_above_fade: bool = Field(False, description="With `fade`: put the picture's focus point in the middle of "
                                   "the part the fade leaves clear, not of the whole region, so the figures stand "
                                   "whole above the faded foot (and the type set there).")
    placeholder: Colour | None = Field(None, description="When the film has no such picture, fill the region "
                                       "with this colour instead (the design keeps its dark field); "
                                       "without it the region is left out.")


class BillingBlock(BlockBase):
    """The billing block: credits in one justified block of tall condensed type in one-sheet order, names
    large, role words small and stacked in two lines (size role_style about 0.45 × name_style so the
    stack is as tall as the names' capitals), each line filling the measure (horizontal scale within
    limits, then tracking)."""

    type: Literal["billing"]
    name_style: str = Field(description="Names (tall condensed capitals).")
    role_style: str = Field(description="Role words, set smaller.")
    title_style: str | None = Field(None, description="Set the film's title in the block, after the leads, in "
                                     "this style's font at the names' size (as one-sheets do).")
    max_scale: float = Field(1.1, ge=0.5, le=2, description="Widest horizontal scale used to fill a line; "
                             "lines aim for the middle of min_scale…max_scale.")
    min_scale: float = Field(0.7, gt=0.4, le=1, description="Narrowest horizontal scale used to fit a line.")
    cast_limit: int | None = Field(6, ge=0, description="How many of the cast (in billing order) are named when "
                                   "the film gives no `billing`; absent: all.")


class StripBlock(BlockBase):
    """A one-row screening strip for posters: date, weekday and time, venue — one column each."""

    type: Literal["strip"]
    date_style: str
    detail_style: str
    venue_style: str
    rule: Length = Field(0.0, ge=0, description="Weight of the rules between columns; 0 for none.")
    rule_color: Colour = CMYK(0, 0, 0, 1)
    max_dates: int = Field(8, ge=1, le=12, description="Most columns; with more screenings the strip shows "
                           "the run (dates and cities) and the film's URL in one line instead.")
    url_style: str | None = Field(None, description="The film's URL under the run line (default detail_style).")


class VenueBlock(BlockBase):
    """The venue of a per-venue flyer: name, address and city."""

    type: Literal["venue"]
    style: str
    address_style: str | None = None


class QRBlock(BlockBase):
    """A vector QR code of the venue's (or the film's) URL (100 % K, quiet zone kept); nothing without a URL."""

    type: Literal["qr"]
    label_style: str | None = Field(None, description="A caption under the code (catalogue label `tickets`).")
    size: Length = Field(description="Side of the code including its quiet zone; 25 mm reads at arm's length.")
    min_size: Length | None = Field(None, gt=0, description="Not used by QR codes (they never shrink).")
    align: Literal["left", "center", "right"] = "left"
    source: Literal["venue", "film", "venues"] = Field("venue", description="Whose URL: the flyer's venue, the "
                                                      "film's programme page (`url` in the film file; posters), or "
                                                      "`venues`: a code for each venue of the film with a site, its "
                                                      "name and address beside it (ticket information on a programme).")
    name_style: str | None = Field(None, description="`venues`: the venue's name beside its code.")
    address_style: str | None = Field(None, description="`venues`: the venue's address under its name.")


class RuleBlock(BlockBase):
    """A horizontal line across the region."""

    type: Literal["rule"]
    weight: Length = Field(0.5, gt=0, description="Line weight.")
    color: Colour = CMYK(0, 0, 0, 1)


class FillBlock(BlockBase):
    """A flat colour over the region (into the bleed where it touches the trim): a field or band for type."""

    type: Literal["fill"]
    color: Colour = CMYK(0, 0, 0, 1)
    rich: bool = Field(False, description="The colour is a rich black (e.g. [60, 40, 40, 100]) for a large "
                       "dark area: used where the shop's ink limit (`tac`) allows, else 100 % K.")
    bleed: bool = Field(True, description="Extend into the bleed on sides that touch the trim.")


Block = Annotated[
    Union[
        TitleBlock, CreditsBlock, CastBlock, SynopsisBlock, QuoteBlock, LaurelsBlock,
        ScreeningsBlock, ProductionBlock, LabelBlock, RuleBlock, ImageBlock, BillingBlock, StripBlock,
        VenueBlock, QRBlock, FillBlock,
    ],
    Field(discriminator="type"),
]

BLOCK_TYPES: dict[str, type[BlockBase]] = {
    get_args(cls.model_fields["type"].annotation)[0]: cls
    for cls in (TitleBlock, CreditsBlock, CastBlock, SynopsisBlock, QuoteBlock, LaurelsBlock,
                ScreeningsBlock, ProductionBlock, LabelBlock, RuleBlock, ImageBlock, BillingBlock, StripBlock,
                VenueBlock, QRBlock, FillBlock)
}


def style_fields(block: BlockBase) -> list[str]:
    """Names of the fields of a block that refer to layout styles."""
    return [name for name in type(block).model_fields if name == "style" or name.endswith("_style")]
