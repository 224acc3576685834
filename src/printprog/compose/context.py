"""What every block needs while composing: the film, the layout's styles, the edition and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Hashable

from printprog.diagnostics import Collector, Loc, SourceMap, format_path
from printprog.load.film import Film
from printprog.load.layout import Layout, Style
from printprog.load.types import Localized
from printprog.text.fonts import get_font
from printprog.text.typeset import Face, Span

if TYPE_CHECKING:
    from printprog.compose.document import PrintSettings
    from printprog.text.typeset import Para

# An origin says where a string came from: ("film", loc) or ("layout", loc) or ("label", key).
Origin = tuple[str, Loc]


@dataclass
class Context:
    film: Film
    layout: Layout
    lang: str
    film_map: SourceMap
    layout_map: SourceMap
    diags: Collector = field(default_factory=Collector)
    scale: float = 1.0  # set by fitting while a block is measured
    block_loc: Loc = ()  # the layout location of the block being composed
    settings: PrintSettings | None = None  # bleed, safe zone, marks, minimum image resolution
    region: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # the current region on the page
    venue: str | None = None  # the venue of a per-venue flyer
    avail: float | None = None  # height a flowing block may fill (None: unbounded, measure everything)
    start: object | None = None  # for a block that continues another: the token of what is left
    _missing: set = field(default_factory=set)
    free_leading: bool = False  # set by fitting when a block fits only with leadings off the grid
    memo: dict = field(default_factory=dict)  # measurements a block repeats while fitting (per compose)

    def style(self, name: str) -> Style:
        return self.layout.styles[name]

    def least_size(self, font: str, color: tuple[float, ...]) -> float:
        """The smallest text the shop accepts in this font and colour: its minimum, and for reversed
        text (no ink: paper white out of a dark field) its larger reversed minimum — serif hairlines
        fill in sooner than sans strokes."""
        s = self.settings
        if s is None:
            return 0.0
        floor = max(s.min_font, self.reading_floor())
        if any(color):
            return floor
        return max(floor, s.min_reversed_serif if font.startswith("source-serif") else s.min_reversed_sans)

    def reading_floor(self) -> float:
        """The layout's smallest text for its viewing distance; the billing block is read close up."""
        loc = self.block_loc
        if len(loc) == 4 and loc[0] == "pages":
            if self.layout.pages[int(loc[1])].blocks[int(loc[3])].type == "billing":
                return 0.0
        return self.layout.min_text

    def face(self, name: str) -> Face:
        s = self.style(name)
        return Face(s.font, s.size * self.scale, s.tracking, s.color.as_tuple(), s.case)

    @property
    def grid(self) -> float:
        """The baseline grid's increment (0: no grid, or a block that only fits off it)."""
        if self.layout.baseline is None or self.free_leading:
            return 0.0
        return self.layout.baseline.increment

    def leading(self, name: str) -> float:
        lead = self.style(name).leading_pt()
        if on_grid(lead, self.grid):
            return lead  # a leading on the grid keeps it when the type shrinks, so its lines stay on it
        return lead * self.scale

    def text(self, value: Localized, loc: Loc, lang: str | None = None) -> tuple[str, str, Origin]:
        """The edition's text of a field, its language, and its origin for diagnostics.

        Text given once for all languages is taken to be in `lang`, else the edition's language.
        """
        text, text_lang, key = value.get(self.lang)
        full = loc + ((key,) if key != "" else ())
        return text, text_lang or lang or self.lang, ("film", full)

    def span(self, value: Localized, loc: Loc, style: str, *, hyphenate: bool = True) -> Span:
        """A span of a data field in a layout style; text given once for all languages is taken to
        be in the style's `lang` when it names one."""
        text, lang, origin = self.text(value, loc, self.style(style).lang)
        return Span(text, self.face(style), lang, origin, hyphenate)

    def label_span(self, key: str, style: str, **values: str) -> Span:
        from printprog.i18n import label

        return Span(label(key, self.lang, **values), self.face(style), self.lang, ("label", (key,)), True)

    def missing(self, char: str, font: str, origin: Hashable) -> None:
        key = (char, font, origin)
        if key in self._missing:
            return
        self._missing.add(key)
        kind, loc = origin if isinstance(origin, tuple) and len(origin) == 2 else ("", ())
        smap = self.film_map if kind == "film" else self.layout_map
        mark = smap.find(loc) if kind in ("film", "layout") else None
        where = format_path(loc) if kind in ("film", "layout") else f"label {loc[0] if loc else ''}"
        self.diags.error(
            f"character {char!r} (U+{ord(char):04X}) is not in font {font}",
            mark=mark,
            path=where,
            hint=f"use another character, or a style whose font has it ({_fonts_with(char)})",
        )


def on_grid(length: float, grid: float) -> bool:
    """Whether `length` is a whole number of half grid steps."""
    return grid > 0 and abs(length / (grid / 2) - round(length / (grid / 2))) < 1e-6 and length > 0


def _fonts_with(char: str) -> str:
    from printprog.text.fonts import catalogue

    have = [n for n in catalogue() if get_font(n).has(char)]
    return "fonts that have it: " + ", ".join(have[:4]) if have else "no shipped font has it"


def para(ctx: Context, spans: list[Span], style: str, *, align: str | None = None, indent: float = 0.0) -> Para:
    """A paragraph whose alignment, leading and hyphenation come from a layout style."""
    from printprog.text.typeset import Para

    s = ctx.style(style)
    return Para(tuple(spans), align or s.align, ctx.leading(style), s.hyphenate, indent)
