"""Compose a whole document: every page, every block placed in its region."""

from __future__ import annotations

from printprog.compose.context import Context
from printprog.compose.fit import fit_block
from printprog.diagnostics import Collector, SourceMap
from printprog.load.checks import region_box
from printprog.load.film import Film
from printprog.load.layout import Layout
from printprog.plan import DocumentPlan, PagePlan, Placement, TextRun, shifted


def compose(film: Film, layout: Layout, lang: str, film_map: SourceMap, layout_map: SourceMap,
            diags: Collector) -> DocumentPlan:
    """Page plans for one edition; problems go to `diags` (the caller aborts if there are any)."""
    ctx = Context(film, layout, lang, film_map, layout_map, diags)
    pages = []
    for p, page in enumerate(layout.pages):
        placements = []
        for b, block in enumerate(page.blocks):
            x, y, w, h = region_box(layout, page.regions[block.region])
            ctx.block_loc = ("pages", p, "blocks", b)
            content = fit_block(block, ctx, block.region, w, h)
            dy = {"top": 0.0, "middle": (h - content.height) / 2, "bottom": h - content.height}[block.valign]
            dy = max(dy, 0.0)
            items = tuple(shifted(i, x, y + dy) for i in content.items)
            used = (x, y + dy, content.width, content.height)
            placements.append(Placement(block.type, block.region, (x, y, w, h), used, items))
        pages.append(PagePlan(page.name, layout.size[0], layout.size[1], layout.bleed, layout.paper.as_tuple(),
                              tuple(placements)))
    fonts = sorted({i.font for pg in pages for pl in pg.placements for i in pl.items if isinstance(i, TextRun)})
    title = film.title.get(lang)[0]
    directors = [c for c in film.credits if c.role == "director"]
    author = ", ".join(n.get(lang)[0] for c in directors for n in c.names)
    return DocumentPlan(tuple(pages), title=f"{title} ({film.year}) — {layout.description}", author=author,
                        subject=layout.description, lang=lang, fonts=tuple(fonts))
