"""Checks that span several fields: references between records, geometry of regions."""

from __future__ import annotations

import difflib
from typing import Any

from printprog.diagnostics import Diagnostic, Loc, SourceMap, format_path
from printprog.lengths import mm
from printprog.load.blocks import LabelBlock, style_fields
from printprog.load.layout import Layout, Page, Region, region_box, region_x, stack_members, stack_rows

__all__ = ["check_film", "check_layout", "region_box"]


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"choose one of: {', '.join(options)}" if options else ""


def check_film(data: Any, smap: SourceMap) -> list[Diagnostic]:
    """Venue ids unique and every screening's venue known.

    Works on the raw YAML data so these problems are reported together with schema errors.
    """
    out: list[Diagnostic] = []
    if not isinstance(data, dict):
        return out
    venues, screenings = data.get("venues"), data.get("screenings")
    venues = venues if isinstance(venues, list) else []
    screenings = screenings if isinstance(screenings, list) else []
    seen: dict[str, int] = {}
    for i, venue in enumerate(venues):
        vid = venue.get("id") if isinstance(venue, dict) else None
        if not isinstance(vid, str):
            continue
        vid = vid.strip()
        if vid in seen:
            loc = ("venues", i, "id")
            out.append(Diagnostic(f"venue id {vid!r} is used twice (also venues[{seen[vid]}])",
                                  smap.find(loc), format_path(loc), "give each venue its own id"))
        seen.setdefault(vid, i)
    for i, s in enumerate(screenings):
        ref = s.get("venue") if isinstance(s, dict) else None
        if isinstance(ref, str) and ref.strip() not in seen:
            if not seen and "venues" not in data:
                continue  # no venues at all: reported once as a missing or misspelt `venues`
            loc = ("screenings", i, "venue")
            out.append(Diagnostic(f"no venue with id {ref.strip()!r}", smap.find(loc), format_path(loc),
                                  _suggest(ref.strip(), list(seen)) or "add the venue under `venues:`"))
    return out


def check_layout(layout: Layout, smap: SourceMap, font_names: frozenset[str]) -> list[Diagnostic]:
    from printprog.i18n import label_keys

    out: list[Diagnostic] = []

    def err(loc: tuple, message: str, hint: str = "") -> None:
        out.append(Diagnostic(message, smap.find(loc), format_path(loc), hint))

    fonts = sorted(font_names)
    for name, style in layout.styles.items():
        if style.font not in font_names:
            err(("styles", name, "font"), f"unknown font {style.font!r}", _suggest(style.font, fonts))
    styles = sorted(layout.styles)
    trim_w, trim_h = layout.size
    for p, page in enumerate(layout.pages):
        boxes = {}
        # backgrounds and pictures may reach the trim (and the bleed); text may not
        art_only = {r for r in page.regions if page.blocks and all(
            b.type in ("image", "fill") for b in page.blocks if b.region == r) and any(b.region == r for b in page.blocks)}
        members = stack_members(page)
        out.extend(_check_stacks(page, p, smap))
        for rname, region in page.regions.items():
            loc: Loc = ("pages", p, "regions", rname)
            by_x = region.x is not None or region.width is not None
            by_col = region.col is not None or region.span is not None
            if rname in members:
                if by_col and by_x:
                    err(loc, "give either x and width, or col and span", "in a stack both may be left out: the stack's width")
                    continue
            elif by_x == by_col or (by_x and (region.x is None or region.width is None)):
                err(loc, "give either x and width, or col and span", "e.g. {x: 15mm, width: 80mm} or {col: 1, span: 6}")
                continue
            if by_col and (region.col or 0) - 1 + (region.span or 1) > layout.grid.columns:
                err(loc, f"columns {region.col}–{(region.col or 0) + (region.span or 1) - 1} exceed the grid's {layout.grid.columns}")
                continue
            if rname in members:
                continue  # placed by its stack; checked there
            if region.over is not None:
                if region.over not in page.regions or region.over == rname:
                    err(loc + ("over",), f"no region {region.over!r} on page {page.name!r}",
                        _suggest(region.over, sorted(page.regions)))
                continue  # placed over its region at compose time
            if region.y is None or not isinstance(region.height, float):
                err(loc, "a region outside a stack needs `y` and a length `height`",
                    f"e.g. {{y: 20mm, height: 40mm}}, or list it in a region's `stack` to use auto/fill")
                continue
            x, y, w, h = region_box(layout, region)
            boxes[rname] = (x, y, w, h)
            if w <= 0 or h <= 0:
                err(loc, "the region has no area", "width and height must be positive")
                continue
            # pictures may reach the bleed; a stack's members and content are checked when placed
            s = 0.0 if rname in art_only or region.stack is not None else layout.safe
            if x < s - 0.01 or y < s - 0.01 or x + w > trim_w - s + 0.01 or y + h > trim_h - s + 0.01:
                err(loc, f"the region crosses the {mm(s):g} mm safe zone "
                         f"(it spans x {mm(x):.1f}–{mm(x + w):.1f} mm, y {mm(y):.1f}–{mm(y + h):.1f} mm "
                         f"on a {mm(trim_w):g}×{mm(trim_h):g} mm page)",
                    "move it inside the safe zone; only backgrounds and images may reach the bleed")
        for b, block in enumerate(page.blocks):
            loc = ("pages", p, "blocks", b)
            if block.region not in page.regions:
                err(loc + ("region",), f"no region {block.region!r} on page {page.name!r}",
                    _suggest(block.region, sorted(page.regions)))
            for field in style_fields(block):
                ref = getattr(block, field)
                if ref is not None and ref not in layout.styles:
                    err(loc + (field,), f"no style {ref!r}", _suggest(ref, styles))
            if isinstance(block, LabelBlock):
                if (block.key is None) == (block.text is None):
                    err(loc, "a label needs either `key` or `text`")
                elif block.key is not None and block.key not in label_keys():
                    err(loc + ("key",), f"no label {block.key!r} in the catalogue", _suggest(block.key, sorted(label_keys())))
    return out


def _check_stacks(page: Page, p: int, smap: SourceMap) -> list[Diagnostic]:
    """Stack members exist, belong to one stack, have no `y`, and a stack has at most one `fill` row."""
    out: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for frame, region in page.regions.items():
        if region.stack is None:
            continue
        loc: Loc = ("pages", p, "regions", frame)
        if region.y is None or not isinstance(region.height, float):
            out.append(Diagnostic("a stack needs `y` and a length `height`", smap.find(loc), format_path(loc),
                                  "e.g. {col: 1, span: 12, y: 15mm, height: 267mm, stack: [...]}"))
        fills = 0
        for row in stack_rows(region):
            fills += any(page.regions[n].height == "fill" for n in row if n in page.regions)
            for name in row:
                where = loc + ("stack",)
                if name not in page.regions:
                    out.append(Diagnostic(f"no region {name!r} on page {page.name!r}", smap.find(where),
                                          format_path(where), _suggest(name, sorted(page.regions))))
                    continue
                member = page.regions[name]
                mloc = ("pages", p, "regions", name)
                if name in seen or name == frame:
                    out.append(Diagnostic(f"region {name!r} is placed twice (in {seen.get(name, frame)!r} and {frame!r})",
                                          smap.find(where), format_path(where), "list each region in one stack only"))
                seen[name] = frame
                if member.stack is not None:
                    out.append(Diagnostic("a stack member cannot be a stack itself", smap.find(mloc), format_path(mloc),
                                          "use a row (a nested list) for regions side by side"))
                if member.y is not None:
                    out.append(Diagnostic("a stack member has no `y`: the stack places it", smap.find(mloc + ("y",)),
                                          format_path(mloc + ("y",)), f"remove `y`, or take {name!r} out of the stack"))
        if fills > 1:
            out.append(Diagnostic("a stack may have one `fill` row", smap.find(loc), format_path(loc),
                                  "give the other regions `height: auto` or a length"))
    for name, region in page.regions.items():
        if name not in seen and region.height in ("auto", "fill"):
            loc = ("pages", p, "regions", name, "height")
            out.append(Diagnostic(f"`height: {region.height}` is only for regions in a stack", smap.find(loc),
                                  format_path(loc), "give a length, or list the region in a region's `stack`"))
    return out
