"""Measure a block in its region; shrink it when allowed; report what does not fit."""

from __future__ import annotations

from printprog.compose.blocks import MODULES
from printprog.compose.context import Context
from printprog.compose.flow import Content
from printprog.diagnostics import format_path
from printprog.lengths import mm
from printprog.load.blocks import BlockBase

MIN_READABLE = 6.0  # pt: the floor when a block may shrink but names no min_size
TOLERANCE = 0.01


def _build(block: BlockBase, ctx: Context, width: float, scale: float) -> Content:
    ctx.scale = scale
    try:
        return MODULES[block.type].build(block, ctx, width)  # type: ignore[attr-defined]
    finally:
        ctx.scale = 1.0


def _overflow(c: Content, width: float, height: float) -> tuple[float, float]:
    return max(0.0, c.height - height), max(0.0, c.width - width)


def fit_block(block: BlockBase, ctx: Context, name: str, width: float, height: float) -> Content:
    """The block's content at the largest scale (≤ 1) that fits, or an error and the full-size content."""
    module = MODULES[block.type]  # type: ignore[attr-defined]
    content = _build(block, ctx, width, 1.0)
    over_h, over_w = _overflow(content, width, height)
    if over_h <= TOLERANCE and over_w <= TOLERANCE:
        return content
    min_scale = 1.0
    if block.fit == "shrink" and module.MAIN:
        main = ctx.style(getattr(block, module.MAIN))
        floor = block.min_size if block.min_size is not None else min(MIN_READABLE, main.size)
        min_scale = min(1.0, floor / main.size)
    if min_scale < 1.0:
        # missing glyphs are reported once per (char, font, field), however often we measure
        lo, hi = min_scale, 1.0
        smallest = _build(block, ctx, width, lo)
        if sum(_overflow(smallest, width, height)) <= TOLERANCE:
            best = smallest
            for _ in range(12):
                mid = (lo + hi) / 2
                c = _build(block, ctx, width, mid)
                if sum(_overflow(c, width, height)) <= TOLERANCE:
                    lo, best = mid, c
                else:
                    hi = mid
            return best
        content = smallest
        over_h, over_w = _overflow(content, width, height)
    loc = ctx.block_loc
    at = f" at the minimum size {min_scale * ctx.style(getattr(block, module.MAIN)).size:g} pt" if min_scale < 1.0 else ""
    parts = []
    if over_h > TOLERANCE:
        parts.append(f"{mm(over_h):.1f} mm too tall")
    if over_w > TOLERANCE:
        parts.append(f"{mm(over_w):.1f} mm too wide")
    hint = ("shorten the text, enlarge the region, or lower min_size" if block.fit == "shrink"
            else "shorten the text, enlarge the region, or add `fit: shrink` with a `min_size`")
    ctx.diags.error(
        f"{block.type} block does not fit region {name!r}: {' and '.join(parts)}{at}",
        mark=ctx.layout_map.find(loc), path=format_path(loc), hint=hint,
    )
    return content
