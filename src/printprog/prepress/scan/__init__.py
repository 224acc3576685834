"""Read a finished PDF the way a press would: every content stream, with its graphics state.

`scan(pdf)` walks the pages, form XObjects (with their /Matrix), annotation appearances,
tiling patterns, soft masks and Type3 glyph procedures, and records what a preflight needs:
text shown (where, how large, in which colour), images placed (at which size), paths painted,
fonts and graphics states reachable, and every colour space used. It judges nothing; the
rules in preflight.py do.

A hostile file cannot make it hang or exhaust memory; the bounds are in `limits.py`.
"""

from printprog.prepress.scan.colourspaces import CMYK, GRAY, RGB, ColourSpace, initial_colour, ink, resolve_space
from printprog.prepress.scan.fonts import STD14, FontInfo, font_is_embedded, parse_tounicode
from printprog.prepress.scan.geometry import (IDENTITY, Box, Matrix, apply, bbox_of, intersect, min_scale, mul,
                                              overlaps, visible)
from printprog.prepress.scan.images import image_ink
from printprog.prepress.scan.metadata import XMP_PREFIXES, parse_xmp, read_xmp
from printprog.prepress.scan.records import (ColourUse, Found, ImagePlacement, PageInfo, PathPaint, Scan, ShadingPaint,
                                             TextShow)
from printprog.prepress.scan.walk import scan

__all__ = ["CMYK", "GRAY", "IDENTITY", "RGB", "STD14", "XMP_PREFIXES", "Box", "ColourSpace", "ColourUse", "FontInfo",
           "Found", "ImagePlacement", "Matrix", "PageInfo", "PathPaint", "Scan", "ShadingPaint", "TextShow", "apply",
           "bbox_of", "font_is_embedded", "image_ink", "initial_colour", "ink", "intersect", "min_scale", "mul",
           "overlaps", "parse_tounicode", "parse_xmp", "read_xmp", "resolve_space", "scan", "visible"]
