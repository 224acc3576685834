"""Page plans: the neutral hand-off from compose (which measures) to render (which draws).

Coordinates are points from the trimmed page's top-left corner, y growing downwards.
Colours are CMYK fractions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from printprog.lengths import MM

CMYKTuple = tuple[float, float, float, float]
BLACK: CMYKTuple = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True)
class TextRun:
    """Glyphs on one baseline. Advance of char i = (width_i + tracking + adjust[i]) * hscale / 100."""

    x: float
    y: float  # baseline
    text: str
    font: str  # catalogue name, e.g. oswald/semibold
    size: float
    color: CMYKTuple = BLACK
    tracking: float = 0.0  # points after every glyph
    hscale: float = 100.0
    adjust: tuple[float, ...] = ()  # extra points after each char (kerning, justification)
    lang: str | None = None
    keepaway: float = 0.0  # small white text on a rich black: C, M and Y are held back this far around it


@dataclass(frozen=True)
class Path:
    """Segments: ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x, y), ("Z",)."""

    segments: tuple[tuple, ...]
    fill: CMYKTuple | None = None
    stroke: CMYKTuple | None = None
    line_width: float = 0.0


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: CMYKTuple | None = None
    stroke: CMYKTuple | None = None
    line_width: float = 0.0


@dataclass(frozen=True)
class Image:
    """A picture placed at (x, y, width, height) and clipped to `clip` (x, y, width, height)."""

    x: float
    y: float
    width: float
    height: float
    path: str
    clip: tuple[float, float, float, float]
    ppi: float  # effective resolution as placed
    # darkened bands, each (clear at, black at) as fractions of the height: (0.7, 1.0) darkens the
    # foot, (0.2, 0.0) the head
    fade: tuple[tuple[float, float], ...] = ()


Item = Union[TextRun, Path, Rect, Image]


def shifted(item: Item, dx: float, dy: float) -> Item:
    """The same item moved by (dx, dy)."""
    if isinstance(item, TextRun):
        return TextRun(item.x + dx, item.y + dy, item.text, item.font, item.size, item.color,
                       item.tracking, item.hscale, item.adjust, item.lang)
    if isinstance(item, Rect):
        return Rect(item.x + dx, item.y + dy, item.width, item.height, item.fill, item.stroke, item.line_width)
    if isinstance(item, Image):
        cx, cy, cw, ch = item.clip
        return Image(item.x + dx, item.y + dy, item.width, item.height, item.path, (cx + dx, cy + dy, cw, ch),
                     item.ppi, item.fade)
    segs = tuple(
        (s[0], *[v + (dx if i % 2 == 0 else dy) for i, v in enumerate(s[1:])]) for s in item.segments
    )
    return Path(segs, item.fill, item.stroke, item.line_width)


@dataclass(frozen=True)
class Placement:
    """What one block drew in its region (items already in page coordinates)."""

    block: str  # block type
    region: str
    box: tuple[float, float, float, float]  # region x, y, width, height
    used: tuple[float, float, float, float]  # the part the content occupies
    items: tuple[Item, ...]


@dataclass(frozen=True)
class PagePlan:
    name: str
    width: float  # trim
    height: float
    bleed: float
    paper: CMYKTuple
    placements: tuple[Placement, ...]
    marks: bool = False  # crop marks outside the bleed

    @property
    def slug(self) -> float:
        """Space outside the bleed on each side: room for crop marks, or none."""
        return MARK_OFFSET + MARK_LENGTH + MARK_MARGIN if self.marks else 0.0


MARK_OFFSET = 2 * MM  # gap between the bleed edge and the start of a crop mark
MARK_LENGTH = 5 * MM
MARK_MARGIN = 1 * MM
MARK_WEIGHT = 0.3  # pt


@dataclass(frozen=True)
class DocumentPlan:
    pages: tuple[PagePlan, ...]
    title: str
    author: str
    subject: str
    lang: str
    keywords: str = ""
    fonts: tuple[str, ...] = field(default=())  # catalogue names used
    overprint_black: bool = False  # 100 % K text is set to overprint (the shop asks for it)
