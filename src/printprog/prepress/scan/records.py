"""What a scan records: pages, text, images, paths, shadings, colour uses, resources."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from printprog.prepress.scan.colourspaces import ColourSpace
from printprog.prepress.scan.geometry import Box, Matrix, bbox_of

@dataclass(frozen=True)
class PageInfo:
    number: int
    boxes: dict[str, Box | None]  # /MediaBox /CropBox /BleedBox /TrimBox /ArtBox (None when absent)
    obj: Any = field(compare=False, repr=False)

    @property
    def trim(self) -> Box | None:
        return self.boxes.get("/TrimBox") or self.boxes.get("/ArtBox")

    @property
    def bleed(self) -> Box | None:
        return self.boxes.get("/BleedBox")  # no fallback: a missing BleedBox is the boxes rule's finding


@dataclass(frozen=True)
class TextShow:
    page: int
    font: str  # resource name
    base_font: str
    size_eff: float  # Tf size × the vertical scale of Tm × CTM
    bbox: Box | None  # page space; None when only spaces were shown
    fill_cs: ColourSpace
    fill_colour: tuple[float, ...]
    stroke_cs: ColourSpace
    stroke_colour: tuple[float, ...]
    mode: int  # text render mode; 3 and 7 paint nothing
    text: str
    where: str
    overprint: bool = False  # the fill overprints in mode 1 (zero components leave the inks below)

    @property
    def visible(self) -> bool:
        return self.mode not in (3, 7)

    @property
    def paints(self) -> list[tuple[ColourSpace, tuple[float, ...]]]:
        out = []
        if self.mode in (0, 2, 4, 6):
            out.append((self.fill_cs, self.fill_colour))
        if self.mode in (1, 2, 5, 6):
            out.append((self.stroke_cs, self.stroke_colour))
        return out


@dataclass(frozen=True)
class ImagePlacement:
    page: int
    name: str
    px_w: int
    px_h: int
    ctm: Matrix
    space: ColourSpace | None  # None for stencil masks
    bpc: int
    obj: Any = field(compare=False, repr=False)  # image stream, or a PdfInlineImage
    inline: bool = False
    where: str = "page"

    @property
    def ppi(self) -> float:
        """Effective resolution: the smaller of the x and y pixels per placed inch."""
        a, b, c, d = self.ctm[:4]
        w, h = math.hypot(a, b) / 72, math.hypot(c, d) / 72
        return min(self.px_w / w if w else math.inf, self.px_h / h if h else math.inf)

    @property
    def bbox(self) -> Box:
        return bbox_of(self.ctm, (0, 0, 1, 1))


@dataclass(frozen=True)
class PathPaint:
    page: int
    op: str  # "fill" | "stroke"
    space: ColourSpace
    colour: tuple[float, ...]
    line_width_eff: float
    bbox: Box | None  # None inside a tiling pattern cell
    where: str


@dataclass(frozen=True)
class ShadingPaint:
    page: int
    name: str
    space: ColourSpace
    obj: Any = field(compare=False, repr=False)
    where: str = "page"


@dataclass(frozen=True)
class ColourUse:
    page: int
    space: ColourSpace
    where: str  # e.g. "page: rg operator", "form Fm0: image Im1", "page group"


@dataclass(frozen=True)
class Found:
    """A font, ExtGState, form or annotation reachable from a page."""

    page: int
    name: str
    obj: Any = field(compare=False, repr=False)
    where: str = "page"


@dataclass
class Scan:
    pages: list[PageInfo] = field(default_factory=list)
    texts: list[TextShow] = field(default_factory=list)
    images: list[ImagePlacement] = field(default_factory=list)
    paths: list[PathPaint] = field(default_factory=list)
    shadings: list[ShadingPaint] = field(default_factory=list)
    colour_uses: dict[tuple[int, ColourSpace, str], ColourUse] = field(default_factory=dict)
    fonts: list[Found] = field(default_factory=list)  # every font dictionary reachable, once
    gstates: list[Found] = field(default_factory=list)  # every ExtGState reachable, once
    gstates_used: list[Found] = field(default_factory=list)  # applied with `gs`
    groups: list[Found] = field(default_factory=list)  # /Group dictionaries of pages and painted forms
    forms: list[Found] = field(default_factory=list)  # painted form XObjects
    placed: list[tuple[int, Box]] = field(default_factory=list)  # (page, clip box) of forms the page draws
    annots: list[Found] = field(default_factory=list)
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    streams: int = 0  # content streams interpreted
    xmp: dict[str, str] | None = None  # "prefix:name" -> value; None when there is no XMP
    stopped: str | None = None  # why the scan stopped early at a bound (limits.py), or None

    def use(self, page: int, space: ColourSpace, where: str) -> None:
        self.colour_uses.setdefault((page, space, where), ColourUse(page, space, where))
