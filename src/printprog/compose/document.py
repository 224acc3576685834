"""Compose a whole document: every page, every block placed in its region."""

from __future__ import annotations

from dataclasses import dataclass

from printprog.compose.context import Context
from printprog.compose.blocks import MODULES
from printprog.compose.fit import fit_block
from printprog.diagnostics import Collector, SourceMap
from printprog.load.checks import region_box
from printprog.load.film import Film
from printprog.load.layout import Layout
from printprog.plan import DocumentPlan, PagePlan, Placement, TextRun, shifted


@dataclass(frozen=True)
class PrintSettings:
    """What the shop decides: bleed, safe zone, marks."""

    bleed: float
    safe: float
    marks: bool
    min_ppi: float = 0.0  # lowest image resolution the shop accepts
    min_font: float = 0.0  # smallest text the shop accepts: shrinking stops there


def compose(film: Film, layout: Layout, lang: str, film_map: SourceMap, layout_map: SourceMap,
            diags: Collector, settings: PrintSettings | None = None, venue: str | None = None,
            cache: dict | None = None) -> DocumentPlan:
    """Page plans for one edition (of one venue's flyer when `venue` is given: the film should then
    hold only that venue's screenings); problems go to `diags`, the caller aborts if there are any."""
    settings = settings or PrintSettings(layout.bleed, layout.safe, False)
    ctx = Context(film, layout, lang, film_map, layout_map, diags, settings=settings, venue=venue)
    # blocks that do not depend on the venue are composed once per batch, not once per flyer
    cache = {} if cache is None else cache
    pages = []
    for p, page in enumerate(layout.pages):
        placements = []
        for b, block in enumerate(page.blocks):
            x, y, w, h = region_box(layout, page.regions[block.region])
            ctx.block_loc = ("pages", p, "blocks", b)
            ctx.region = (x, y, w, h)
            errors_before = len(diags.items)
            key = (layout.name, lang, p, b)
            shared = not getattr(MODULES[block.type], "PER_VENUE", False)
            if shared and key in cache:
                content = cache[key]
            else:
                content = fit_block(block, ctx, block.region, w, h)
                if shared and len(diags.items) == errors_before:
                    cache[key] = content
            dy = {"top": 0.0, "middle": (h - content.height) / 2, "bottom": h - content.height}[block.valign]
            dy = max(dy, 0.0)
            items = tuple(shifted(i, x, y + dy) for i in content.items)
            used = (x, y + dy, content.width, content.height)
            if len(diags.items) == errors_before:  # an overflowing block is reported once, not twice
                _check_safe(used, layout, settings, ctx, block.type)
            placements.append(Placement(block.type, block.region, (x, y, w, h), used, items))
        pages.append(PagePlan(page.name, layout.size[0], layout.size[1], settings.bleed, layout.paper.as_tuple(),
                              tuple(placements), settings.marks))
    fonts = sorted({i.font for pg in pages for pl in pg.placements for i in pl.items if isinstance(i, TextRun)})
    title = film.title.get(lang)[0]
    directors = [c for c in film.credits if c.role == "director"]
    author = ", ".join(n.get(lang)[0] for c in directors for n in c.names)
    return DocumentPlan(tuple(pages), title=f"{title} ({film.year}) — {layout.description}", author=author,
                        subject=layout.description, lang=lang, fonts=tuple(fonts))


def _check_safe(used: tuple[float, float, float, float], layout: Layout, settings: PrintSettings, ctx: Context,
                kind: str) -> None:
    """The shop's safe zone may be wider than the layout's: content must respect both."""
    x, y, w, h = used
    s = settings.safe
    if kind in ("rule", "image") or (w <= 0 and h <= 0):
        return
    if x < s - 0.01 or y < s - 0.01 or x + w > layout.size[0] - s + 0.01 or y + h > layout.size[1] - s + 0.01:
        from printprog.diagnostics import format_path
        from printprog.lengths import mm

        ctx.diags.error(f"{kind} block crosses the shop's {mm(s):g} mm safe zone",
                        mark=ctx.layout_map.find(ctx.block_loc), path=format_path(ctx.block_loc),
                        hint="move the region inward, or use a shop profile with a smaller safe zone")
