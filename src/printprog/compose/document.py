"""Compose a whole document: every page, every block placed in its region or stack."""

from __future__ import annotations

from dataclasses import dataclass

from printprog.compose.blocks import MODULES
from printprog.compose.context import Context
from printprog.compose.fit import fit_block
from printprog.compose.flow import Content, first_baseline
from printprog.compose.keepaway import keep_away
from printprog.compose.stack import Rules, layout_stack
from printprog.diagnostics import Collector, Diagnostic, SourceMap, format_path
from printprog.lengths import mm
from printprog.load.blocks import BlockBase, QRBlock
from printprog.load.film import Film
from printprog.load.layout import Layout, Page, region_box, region_x, stack_members
from printprog.plan import DocumentPlan, PagePlan, Placement, TextRun, shifted

# what alone does not make an optional page worth printing: rules, labels, pictures, and what only
# names the film or venue of the page
DECORATION = ("rule", "label", "image", "fill", "title", "venue")


@dataclass(frozen=True)
class PrintSettings:
    """What the shop decides: bleed, safe zone, marks."""

    bleed: float
    safe: float
    marks: bool
    min_ppi: float = 0.0  # lowest image resolution the shop accepts
    min_font: float = 0.0  # smallest text the shop accepts: shrinking stops there
    overprint_black: bool = False  # 100 % K text overprints (offset shops)
    min_reversed_sans: float = 0.0  # smallest paper-white (no ink) text in a sans face
    min_reversed_serif: float = 0.0  # … and in a serif face (source-serif-*)
    tac: float | None = None  # total ink limit in %: whether a rich black is allowed
    k_only_below: float = 0.0  # text smaller than this must be 100 % K (or paper white)


def has(film: Film, part: str) -> bool:
    """Whether the film has something for `when:` (a non-empty list, a given field, a picture)."""
    if part == "keyart":
        return "keyart" in film.images
    return bool(getattr(film, part, None))


class _Composer:
    def __init__(self, ctx: Context, cache: dict) -> None:
        self.ctx, self.cache = ctx, cache
        self.leftover: dict[str, object] = {}  # block type -> what a flowing block could not place
        layout = ctx.layout
        # blocks that a later block (in page and block order) continues
        order = [(p, b, blk) for p, pg in enumerate(layout.pages) for b, blk in enumerate(pg.blocks)]
        self.continued = {(p, b) for n, (p, b, blk) in enumerate(order)
                          if any(o.continues and o.type == blk.type for _, _, o in order[n + 1:])}

    def block(self, p: int, b: int, block: BlockBase, name: str, box: tuple[float, float, float, float]) -> Content:
        """One block measured into box (its height is the most it may take)."""
        ctx = self.ctx
        ctx.block_loc, ctx.region = ("pages", p, "blocks", b), box
        if not all(has(ctx.film, part) for part in block.when) or any(has(ctx.film, part) for part in block.unless):
            return Content()
        start = None
        if block.continues:
            start = self.leftover.get(block.type)
            if start is None:
                return Content()  # the first part placed everything
        module = MODULES[block.type]
        _, _, w, h = box
        shared = not (getattr(module, "PER_VENUE", False) or getattr(module, "FLOWS", False) or block.continues)
        key = (ctx.layout.name, ctx.lang, p, b, round(w, 2), round(h, 2))
        if shared and key in self.cache:
            return self.cache[key]
        errors_before = len(ctx.diags.items)
        content = fit_block(block, ctx, name, w, h, start=start, can_continue=(p, b) in self.continued)
        if shared and len(ctx.diags.items) == errors_before:
            self.cache[key] = content
        return content

    def settle(self, block: BlockBase, content: Content) -> None:
        """Record what a flowing block left for the block that continues it."""
        if block.continues:
            self.leftover.pop(block.type, None)
        if content.rest is not None:
            self.leftover[block.type] = content.rest

    def page(self, p: int, page: Page) -> list[Placement]:
        ctx, layout = self.ctx, self.ctx.layout
        members = stack_members(page)
        by_region: dict[str, list[int]] = {}
        for b, block in enumerate(page.blocks):
            by_region.setdefault(block.region, []).append(b)
        units = []
        for name, region in page.regions.items():
            if name in members or region.over is not None:
                continue
            idxs = list(by_region.get(name, []))
            for row in region.stack or ():
                for m in (row,) if isinstance(row, str) else row:
                    idxs += by_region.get(m, [])
            if idxs:
                units.append((min(idxs), name))
        placed: dict[int, Placement] = {}
        for _, name in sorted(units):
            region = page.regions[name]
            box = region_box(layout, region)
            for b in by_region.get(name, []):  # blocks drawn in a frame itself: backgrounds
                block = page.blocks[b]
                content = self.block(p, b, block, name, box)
                self.settle(block, content)
                placed[b] = self.place(block, name, box, content)
            if region.stack is not None:
                self.stack(p, page, name, by_region, placed)
        # regions over others, now that those have their final boxes
        boxes = {pl.region: pl.box for pl in placed.values()}
        for name, region in page.regions.items():
            if region.over is None or region.over not in boxes:
                continue
            _, ty, _, th = boxes[region.over]
            x, w = region_x(layout, region, (boxes[region.over][0], boxes[region.over][2]))
            box = (x, ty + region.inset, w, max(0.0, th - 2 * region.inset))
            for b in by_region.get(name, []):
                block = page.blocks[b]
                content = self.block(p, b, block, name, box) if box[3] > 0 else Content()
                self.settle(block, content)
                placed[b] = self.place(block, name, box, content)
        return [placed[b] for b in sorted(placed)]

    def stack(self, p: int, page: Page, frame: str, by_region: dict[str, list[int]], placed: dict[int, Placement]) -> None:
        ctx, layout = self.ctx, self.ctx.layout

        def measure(name: str, box: tuple[float, float, float, float]) -> tuple[list[tuple[int, Content]], list[Diagnostic]]:
            saved_diags, saved_missing = ctx.diags, ctx._missing
            ctx.diags, ctx._missing = Collector(), set(saved_missing)
            try:
                parts = [(b, self.block(p, b, page.blocks[b], name, box)) for b in by_region.get(name, [])]
                return parts, ctx.diags.items
            finally:
                ctx.diags, ctx._missing = saved_diags, saved_missing

        def only_rules(name: str) -> bool:
            return all(page.blocks[b].type == "rule" for b in by_region.get(name, [])) and name in by_region

        def shrinks(name: str) -> bool:
            return any(page.blocks[b].fit == "shrink" for b in by_region.get(name, []))

        def flows(name: str) -> bool:
            return any(getattr(MODULES[page.blocks[b].type], "FLOWS", False) for b in by_region.get(name, []))

        def anchor(name: str, parts: list[tuple[int, Content]], height: float) -> float | None:
            # the first block that shows something and sets its text on the grid decides
            for b, content in parts:
                kind = getattr(MODULES[page.blocks[b].type], "GRID", "")
                if content.items and kind:
                    dy = max(0.0, _valign(page.blocks[b], height, content))
                    return dy + (first_baseline(content) if kind == "baseline" else 0.0)
            return None

        grid = (layout.baseline.origin, layout.baseline.increment) if layout.baseline is not None else None
        results, problems, over = layout_stack(layout, page.regions, frame,
                                               Rules(measure, only_rules, shrinks, flows, anchor, grid))
        seen = set()
        for d in problems:  # a glyph missing in two measurements is one problem
            if (d.message, d.mark, d.path) not in seen:
                seen.add((d.message, d.mark, d.path))
                ctx.diags.items.append(d)
        for res in results:
            for b, content in res.parts:
                block = page.blocks[b]
                self.settle(block, content)
                ctx.block_loc = ("pages", p, "blocks", b)
                placed[b] = self.place(block, res.region, res.box, content)
        self.beside_tables(p, page, placed)
        if over > 0.01:
            loc = ("pages", p, "regions", frame)
            ctx.diags.error(f"the stack {frame!r} is {mm(over):.1f} mm too tall for what this film has",
                            mark=ctx.layout_map.find(loc), path=format_path(loc),
                            hint="shorten the film's texts, or let more of the stack's blocks shrink (fit: shrink)")

    def beside_tables(self, p: int, page: Page, placed: dict[int, Placement]) -> None:
        """A QR code in a row with a screening table spans it: its top on the table's top, its
        bottom on one of the table's baselines."""
        from printprog.compose.blocks import qr

        tables = [pl for pl in placed.values() if pl.block == "screenings" and pl.items]
        for b, pl in list(placed.items()):
            block = page.blocks[b]
            table = next((t for t in tables if abs(t.box[1] - pl.box[1]) < 0.5), None)
            if not isinstance(block, QRBlock) or not pl.items or table is None:
                continue
            x, y, w, h = pl.box
            top = table.used[1] - y
            baselines = sorted({round(i.y - y, 3) for i in table.items if isinstance(i, TextRun)})
            self.ctx.block_loc = ("pages", p, "blocks", b)
            content = qr.aligned(block, self.ctx, w, h, top, baselines)
            if content is not None:
                placed[b] = self.place(block, pl.region, pl.box, content)

    def place(self, block: BlockBase, name: str, box: tuple[float, float, float, float], content: Content) -> Placement:
        x, y, w, h = box
        dy = max(_valign(block, h, content), 0.0)
        items = tuple(shifted(i, x, y + dy) for i in content.items)
        used = (x, y + dy, content.width, content.height)
        if content.items and content.height <= h + 0.01 and content.width <= w + 0.01:  # overflow: reported once
            _check_safe(_nominal(items, used), self.ctx, block.type)
        return Placement(block.type, name, box, used, items)


def compose(film: Film, layout: Layout, lang: str, film_map: SourceMap, layout_map: SourceMap,
            diags: Collector, settings: PrintSettings | None = None, venue: str | None = None,
            cache: dict | None = None) -> DocumentPlan:
    """Page plans for one edition (of one venue's flyer when `venue` is given: the film should then
    hold only that venue's screenings); problems go to `diags`, the caller aborts if there are any."""
    settings = settings or PrintSettings(layout.bleed, layout.safe, False)
    ctx = Context(film, layout, lang, film_map, layout_map, diags, settings=settings, venue=venue)
    # blocks that do not depend on the venue are composed once per batch, not once per flyer
    composer = _Composer(ctx, {} if cache is None else cache)
    pages = []
    for p, page in enumerate(layout.pages):
        if not all(has(film, part) for part in page.when) or any(has(film, part) for part in page.unless):
            continue  # a design for films of another kind (with or without a picture)
        placements = keep_away(composer.page(p, page))
        if page.optional and not any(pl.items and pl.block not in DECORATION for pl in placements):
            continue
        if page.optional and page.worth and not any(pl.items and pl.region in page.worth for pl in placements):
            continue
        pages.append(PagePlan(page.name, layout.size[0], layout.size[1], settings.bleed, layout.paper.as_tuple(),
                              tuple(placements), settings.marks))
    fonts = sorted({i.font for pg in pages for pl in pg.placements for i in pl.items if isinstance(i, TextRun)})
    title = film.title.get(lang)[0]
    directors = [n.get(lang)[0] for c in film.credits if c.role == "director" for n in c.names]
    return DocumentPlan(tuple(pages), title=f"{title} ({film.year}) — {layout.description}",
                        author=", ".join(directors), subject=layout.description, lang=lang, fonts=tuple(fonts),
                        overprint_black=settings.overprint_black)


def _valign(block: BlockBase, height: float, content: Content) -> float:
    """How far down a block's content sits in a region `height` tall."""
    return {"top": 0.0, "middle": (height - content.height) / 2, "bottom": height - content.height}[block.valign]


def _check_safe(used: tuple[float, float, float, float], ctx: Context, kind: str) -> None:
    """The shop's safe zone may be wider than the layout's: content must respect both."""
    x, y, w, h = used
    assert ctx.settings is not None  # compose() always gives the context its settings
    s = ctx.settings.safe
    page_w, page_h = ctx.layout.size
    if kind in ("rule", "image", "fill") or (w <= 0 and h <= 0):
        return
    if x < s - 0.01 or y < s - 0.01 or x + w > page_w - s + 0.01 or y + h > page_h - s + 0.01:
        ctx.diags.error(f"{kind} block crosses the shop's {mm(s):g} mm safe zone",
                        mark=ctx.layout_map.find(ctx.block_loc), path=format_path(ctx.block_loc),
                        hint="move the region inward, or use a shop profile with a smaller safe zone")


def _nominal(items: tuple, used: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The used box grown to the nominal glyph boxes preflight checks (0.85 em up, 0.25 em down)."""
    x, y, w, h = used
    top, bottom = y, y + h
    for i in items:
        if isinstance(i, TextRun) and i.text.strip():
            top, bottom = min(top, i.y - 0.85 * i.size), max(bottom, i.y + 0.25 * i.size)
    return (x, top, w, bottom - top)
