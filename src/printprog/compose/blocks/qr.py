"""The venue's (or the film's) web address as a vector QR code: dark modules as one 100 % K path, quiet zone kept."""

from __future__ import annotations

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.diagnostics import format_path
from printprog.lengths import mm, pt
from printprog.load.blocks import QRBlock
from printprog.plan import BLACK, Path

PER_VENUE = True  # recomposed for every flyer of a batch
MAIN = ""
QUIET = 4  # modules of white around the code, as the standard asks
MIN_SIZE = pt(20)  # smaller codes are hard to read at arm's length
MIN_MODULE = pt(0.4)


def dark_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
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
    return len(matrix) + 2 * QUIET, runs


def _url(block: QRBlock, ctx: Context) -> str | None:
    if block.source == "film":
        return getattr(ctx.film, "url", None)
    venue = next((v for v in ctx.film.venues if v.id == ctx.venue), None)
    return venue.url if venue is not None else None


def build(block: QRBlock, ctx: Context, width: float) -> Content:
    url = _url(block, ctx)
    if not url:
        return Content()  # no page, no code
    n, runs = dark_runs(url)
    size = min(block.size, width)
    module = size / n
    loc = ctx.block_loc + ("size",)
    if size < MIN_SIZE - 0.01 or module < MIN_MODULE - 0.001:
        ctx.diags.error(f"the QR code would be {mm(size):.1f} mm ({mm(module):.2f} mm modules); phones need at least "
                        f"{mm(MIN_SIZE):.0f} mm and {mm(MIN_MODULE):.1f} mm modules",
                        mark=ctx.layout_map.find(loc), path=format_path(loc), hint="make the region and `size` larger")
    x0 = {"left": 0.0, "center": (width - size) / 2, "right": width - size}[block.align]
    segments: list[tuple] = []
    for col, row, length in runs:  # one rectangle per run of dark modules keeps the path short
        x, y, w = x0 + col * module, row * module, length * module
        segments += [("M", x, y), ("L", x + w, y), ("L", x + w, y + module), ("L", x, y + module), ("Z",)]
    out = Content([Path(tuple(segments), fill=BLACK)], size, x0 + size)
    if block.label_style:
        label = paragraphs([para(ctx, [ctx.label_span("tickets", block.label_style)], block.label_style,
                                 align={"left": "left", "center": "center", "right": "right"}[block.align])],
                           width, ctx.missing)
        out.add(label, 0.0, size)  # below the quiet zone, never in it
    return out
