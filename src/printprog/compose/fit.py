"""Measure a block in its region; shrink it when allowed; report what does not fit."""

from __future__ import annotations

from printprog.compose.blocks import MODULES
from printprog.compose.context import Context
from printprog.compose.flow import Content
from printprog.diagnostics import format_path
from printprog.lengths import mm
from printprog.load.blocks import BlockBase, style_fields

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
    content = _fit(block, ctx, name, width, height)
    _check_min_font(block, ctx, content)
    return content


def _check_min_font(block: BlockBase, ctx: Context, content: Content) -> None:
    """Text the shop would reject is an error now, with the layout line, not a preflight failure later."""
    from printprog.plan import TextRun

    shop_min = getattr(ctx.settings, "min_font", 0.0)
    small = [i for i in content.items if isinstance(i, TextRun) and i.size < shop_min - 0.005]
    if small:
        loc = ctx.block_loc
        ctx.diags.error(f"{block.type} block sets {small[0].text.strip()[:30]!r} at {small[0].size:.2f} pt; "
                        f"the shop accepts text from {shop_min:g} pt",
                        mark=ctx.layout_map.find(loc), path=format_path(loc),
                        hint="raise the style's size (or the layout's type_scale), or use a shop profile that allows it")


def _fit(block: BlockBase, ctx: Context, name: str, width: float, height: float) -> Content:
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
        # never below the shop's smallest accepted text, in any of the block's styles
        shop_min = getattr(ctx.settings, "min_font", 0.0)
        sizes = [ctx.style(getattr(block, f)).size for f in style_fields(block) if getattr(block, f)]
        if shop_min and sizes:
            min_scale = min(1.0, max(min_scale, shop_min / min(sizes)))
    if min_scale < 1.0:
        # missing glyphs are reported once per (char, font, field), however often we measure
        lo, hi = min_scale, 1.0
        smallest = _build(block, ctx, width, lo)
        if sum(_overflow(smallest, width, height)) <= TOLERANCE:
            best = smallest
            for _ in range(8):  # 1/256 of the range: finer than anyone can see
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
    at = f" at the minimum size {min_scale * ctx.style(getattr(block, module.MAIN)).size:.3g} pt" if min_scale < 1.0 else ""
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
