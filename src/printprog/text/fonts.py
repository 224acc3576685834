"""The font catalogue: names such as `oswald/semibold`, metrics, kerning and glyph coverage.

Metrics come from reportlab's TrueType parser (the same one that embeds the fonts later),
kerning from HarfBuzz. Nothing here draws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from printprog.assets import asset_dir

_WEIGHTS = re.compile(r"^\d+")


class FontError(OSError):
    """A shipped font cannot be read: the installation is damaged (exit 2), not the user's input."""


def _font_name(path: Path) -> str:
    # fonts/oswald/Oswald_600SemiBold.ttf -> oswald/semibold; SofiaSans_400Regular_Italic -> sofia-sans/italic
    parts = path.stem.split("_", 1)
    style = parts[1] if len(parts) > 1 else "regular"
    style = _WEIGHTS.sub("", style).lower().replace("_", "-")
    if style.startswith("regular-"):
        style = style[len("regular-"):]
    return f"{path.parent.name}/{style}"


_OWN: dict[str, Path] = {}  # fonts outside the package (a layout's `fonts:`, --font-path), by name


def add_own_fonts(fonts: dict[str, Path]) -> None:
    """Own fonts (checked by printprog.ownfonts) join the catalogue under their names."""
    _OWN.update(fonts)
    catalogue.cache_clear()


@cache
def catalogue() -> dict[str, Path]:
    """Every shipped font by name, then the own fonts added."""
    root = asset_dir("fonts")
    return {**{_font_name(p): p for p in sorted(root.glob("*/*.ttf"))}, **_OWN}


@dataclass
class Font:
    """One TrueType font: advance widths in 1/1000 em, vertical metrics, kerning (cached)."""

    name: str
    path: Path
    widths: dict[int, float]
    ascent: float
    descent: float
    cap_height: float
    _hb: object = field(default=None, repr=False)
    _kern_cache: dict[str, tuple[float, ...]] = field(default_factory=dict, repr=False)
    _depth_cache: dict[str, float] = field(default_factory=dict, repr=False)
    reportlab: object = field(default=None, repr=False)  # the reportlab TTFont, for render

    def has(self, char: str) -> bool:
        return ord(char) in self.widths

    def advance(self, char: str) -> float:
        return self.widths.get(ord(char), 0.0)

    def kerning(self, text: str) -> tuple[float, ...]:
        """Extra advance after each character, in 1/1000 em (HarfBuzz `kern`, no ligatures)."""
        cached = self._kern_cache.get(text)
        if cached is not None:
            return cached
        result = self._shape(text)
        self._kern_cache[text] = result
        return result

    def depth(self, char: str) -> float:
        """How far the glyph's ink reaches below the baseline, in 1/1000 em (0 for most capitals)."""
        d = self._depth_cache.get(char)
        if d is None:
            font = self._harfbuzz()
            gid = font.get_nominal_glyph(ord(char))
            ext = font.get_glyph_extents(gid) if gid else None
            d = max(0.0, -(ext.y_bearing + ext.height)) if ext else 0.0
            self._depth_cache[char] = d
        return d

    def _harfbuzz(self):
        import uharfbuzz as hb

        if self._hb is None:
            font = hb.Font(hb.Face(hb.Blob.from_file_path(str(self.path))))
            font.scale = (1000, 1000)
            self._hb = font
        return self._hb

    def _shape(self, text: str) -> tuple[float, ...]:
        import uharfbuzz as hb

        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        buf.language = "en"  # not the process locale: glyphs must be the cmap's, the ones we draw
        # no locl either: a Bulgarian or Russian copy of a font already maps its own forms in the cmap
        hb.shape(self._harfbuzz(), buf, {"kern": True, "liga": False, "clig": False, "calt": False, "dlig": False,
                                         "locl": False})
        infos, positions = buf.glyph_infos, buf.glyph_positions
        if len(infos) != len(text):  # a substitution changed the glyph count: skip kerning
            return (0.0,) * len(text)
        return tuple(p.x_advance - self.advance(ch) for p, ch in zip(positions, text))


def reportlab_name(name: str) -> str:
    """One registration name per file: reportlab silently reuses the first font under a name."""
    return "pp-" + name.replace("/", "-")


@cache
def get_font(name: str) -> Font:
    # the reportlab font object parses the file once; render registers this same object
    from reportlab.pdfbase.ttfonts import TTFont

    path = catalogue()[name]
    try:
        # asciiReadable=False: a subset holds only the glyphs drawn, not the whole ASCII block too
        rl = TTFont(reportlab_name(name), str(path), asciiReadable=False)
    except Exception as e:  # a damaged file fails anywhere in the parser (TTFError, struct.error, …)
        raise FontError(f"the font file {path} is damaged and cannot be read ({type(e).__name__}: {e}); "
                        "reinstall printprog, or restore the file from the checkout") from None
    face = rl.face
    font = Font(name, path, face.charWidths, face.ascent, face.descent, face.capHeight)
    font.reportlab = rl
    return font


def font_names() -> frozenset[str]:
    return frozenset(catalogue())
