"""The venue's (or the film's) web address as a vector QR code: dark modules as one 100 % K path, quiet zone kept."""

from __future__ import annotations

from functools import lru_cache

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.diagnostics import format_path
from printprog.lengths import mm, pt
from printprog.load.blocks import QRBlock
from printprog.load.film import Venue
from printprog.plan import BLACK, Path

PER_VENUE = True  # recomposed for every flyer of a batch
MAIN = ""
QUIET = 4  # modules of white around the code, as the standard asks
MIN_SIZE = pt(20)  # smaller codes are hard to read at arm's length
MIN_MODULE = pt(0.4)


@lru_cache(maxsize=128)  # flyers of a batch that show the same address (a chain's site) share its code
def dark_runs(url: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The code of `url` as (modules per side, quiet zone included; [(column, row, length)] of
    the runs of dark modules, in module units from the top-left of the quiet zone)."""
    import segno

    matrix = segno.make(url, error="m", micro=False).matrix
    runs = []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            runs.append((QUIET + start, QUIET + r, c - start))
    return len(matrix) + 2 * QUIET, tuple(runs)


def _url(block: QRBlock, ctx: Context) -> str | None:
    if block.source == "film":
        return getattr(ctx.film, "url", None)
    venue = next((v for v in ctx.film.venues if v.id == ctx.venue), None)
    return venue.url if venue is not None else None


def build(block: QRBlock, ctx: Context, width: float) -> Content:
    if block.source == "venues" or block.name_style:
        return _beside(block, ctx, width)
    url = _url(block, ctx)
    if not url:
        return Content()  # no page, no code
    return _code(block, ctx, width, url, min(block.size, width))


def _beside(block: QRBlock, ctx: Context, width: float) -> Content:
    """Side by side, a code for each venue with a site (or the film's page): and beside each, the
    caption and the venue's name and address; as many as fit the width."""
    shown = {s.venue for s in ctx.film.screenings}
    sites: list[tuple[int, str | None, Venue | None]]
    if block.source == "venues":
        sites = [(i, v.url, v) for i, v in enumerate(ctx.film.venues) if v.url and v.id in shown]
    else:
        url = _url(block, ctx)
        venue = next((v for v in ctx.film.venues if v.id == ctx.venue), None)
        sites = [(ctx.film.venues.index(venue) if venue else -1, url, venue)] if url else []
    out = Content()
    if not sites:
        return out
    gutter = pt(5)
    size = min(block.size, width)
    cell = max((width - gutter * (len(sites) - 1)) / len(sites), size * 2.5)
    for k, (i, url, venue) in enumerate(sites):
        x = k * (cell + gutter)
        if x + cell > width + 0.01 or url is None:
            break
        quiet = QUIET * size / dark_runs(url)[0]
        code = _code(block.model_copy(update={"label_style": None, "align": "left"}), ctx, size, url, size,
                     -quiet, edge=True)  # the dark modules from the top left (the quiet zone lies beyond)
        out.add(code, x, 0.0)
        paras = []
        if block.label_style:
            paras.append(para(ctx, [ctx.label_span("tickets", block.label_style)], block.label_style))
        if block.name_style and venue is not None:
            paras.append(para(ctx, [ctx.span(venue.name, ("venues", i, "name"), block.name_style, hyphenate=False)],
                              block.name_style))
        if block.address_style and venue is not None and venue.address:
            paras.append(para(ctx, [ctx.span(venue.address, ("venues", i, "address"), block.address_style)],
                              block.address_style))
        if paras:  # the caption's first line level with the code's top
            text = paragraphs(paras, cell - size - gutter / 2, ctx.missing)
            out.add(text, x + size - quiet + gutter / 2, 0.0)
    return out


def aligned(block: QRBlock, ctx: Context, width: float, height: float, top: float,
            baselines: list[float]) -> Content | None:
    """The code beside a table: its dark modules from `top` down to one of the table's
    `baselines` (both from the region's top), its outer edge on the region's edge (the quiet zone
    lies beyond), as near the block's size as a baseline allows (else at its size, level with the
    table's top); None when that does not fit `height` with its caption."""
    url = _url(block, ctx)
    if not url:
        return None
    n, _ = dark_runs(url)
    inner = n - 2 * QUIET
    best = None
    for b in baselines:
        module = (b - top) / inner
        size = module * n
        if module < MIN_MODULE or size < MIN_SIZE or module * inner > width + 0.01:
            continue
        c = _code(block, ctx, width, url, size, top - QUIET * module, edge=True)
        if c.height <= height + 0.01 and (best is None or abs(size - block.size) < abs(best[0] - block.size)):
            best = (size, c)
    if best is None:  # a table too short to span: the code at its size, level with the table's top
        size = min(block.size, width)
        c = _code(block, ctx, width, url, size, top - QUIET * size / n, edge=True)
        return c if c.height <= height + 0.01 else None
    return best[1]


def _code(block: QRBlock, ctx: Context, width: float, url: str, size: float, y0: float = 0.0,
          edge: bool = False) -> Content:
    """The code `size` wide (quiet zone included) from `y0`; with `edge`, its dark modules reach
    the region's edge on the side it is aligned to."""
    n, runs = dark_runs(url)
    module = size / n
    loc = ctx.block_loc + ("size",)
    if size < MIN_SIZE - 0.01 or module < MIN_MODULE - 0.001:
        ctx.diags.error(f"the QR code would be {mm(size):.1f} mm ({mm(module):.2f} mm modules); phones need at least "
                        f"{mm(MIN_SIZE):.0f} mm and {mm(MIN_MODULE):.1f} mm modules",
                        mark=ctx.layout_map.find(loc), path=format_path(loc), hint="make the region and `size` larger")
    quiet = QUIET * module if edge else 0.0
    x0 = {"left": -quiet, "center": (width - size) / 2, "right": width - size + quiet}[block.align]
    segments: list[tuple] = []
    for col, row, length in runs:  # one rectangle per run of dark modules keeps the path short
        x, y, w = x0 + col * module, y0 + row * module, length * module
        segments += [("M", x, y), ("L", x + w, y), ("L", x + w, y + module), ("L", x, y + module), ("Z",)]
    out = Content([Path(tuple(segments), fill=BLACK)], y0 + size, min(width, x0 + size))
    if block.label_style:
        label = paragraphs([para(ctx, [ctx.label_span("tickets", block.label_style)], block.label_style,
                                 align={"left": "left", "center": "center", "right": "right"}[block.align])],
                           width, ctx.missing)
        out.add(label, 0.0, y0 + size)  # below the quiet zone, never in it
    return out
