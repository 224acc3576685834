"""Measure a block in its region: try its arrangements, shrink it when allowed, report what does not fit.

Order of preference: the block as written at full size, then each of its `alternates` at full
size, then (for a flowing block that another block continues) cut and continue, then the
arrangement that fits at the largest type scale above `min_size`.
"""

from __future__ import annotations

from types import ModuleType

from printprog.compose.blocks import MODULES
from printprog.compose.context import Context
from printprog.compose.flow import Content
from printprog.diagnostics import display_path, format_path
from printprog.lengths import mm
from printprog.load.blocks import BlockBase, style_fields
from printprog.load.film import Film

WORDS = {"synopsis": "synopsis"}  # blocks of one film text: an overflow says how many words fit
MIN_READABLE = 6.0  # pt: the floor when a block may shrink but names no min_size
TOLERANCE = 0.01


def _build(block: BlockBase, ctx: Context, width: float, scale: float) -> Content:
    ctx.scale = scale
    try:
        return MODULES[block.type].build(block, ctx, width)
    finally:
        ctx.scale = 1.0


def _overflow(c: Content, width: float, height: float) -> tuple[float, float]:
    return max(0.0, c.height - height), max(0.0, c.width - width)


def _fits(c: Content, width: float, height: float) -> bool:
    return sum(_overflow(c, width, height)) <= TOLERANCE and c.rest is None


def fit_block(block: BlockBase, ctx: Context, name: str, width: float, height: float, *,
              start: object | None = None, can_continue: bool = False) -> Content:
    """The block's content at the largest scale (≤ 1) that fits, or an error and the full-size content.

    `start` is what an earlier block of the same type left (for a block that continues it);
    `can_continue` says a later block takes what this one cannot place.
    """
    ctx.avail, ctx.start = height, start
    try:
        content = _fit(block, ctx, name, width, height, can_continue)
    finally:
        ctx.avail, ctx.start = None, None
    _check_min_font(block, ctx, content)
    return content


def _check_min_font(block: BlockBase, ctx: Context, content: Content) -> None:
    """Text the shop would reject is an error now, with the layout line, not a preflight failure later."""
    from printprog.plan import TextRun

    k_only = getattr(ctx.settings, "k_only_below", 0.0)
    coloured = [i for i in content.items if isinstance(i, TextRun) and i.text.strip() and i.size < k_only - 0.005
                and any(i.color[:3])]
    if coloured:
        run = coloured[0]
        ctx.diags.error(f"{block.type} block sets {run.text.strip()[:30]!r} at {run.size:.2f} pt in colour "
                        f"(CMYK {', '.join(f'{v * 100:g}' for v in run.color)}); the shop prints text under "
                        f"{k_only:g} pt in black (K) only",
                        mark=ctx.layout_map.find(ctx.block_loc), path=format_path(ctx.block_loc),
                        hint="set the style's color to black (or the accent only on larger type), or raise its size")
    small = [(i, least) for i in content.items if isinstance(i, TextRun) and i.text.strip()
             and i.size < (least := ctx.least_size(i.font, i.color)) - 0.005]
    if not small:
        return
    run, least = small[0]
    loc = ctx.block_loc
    if least <= ctx.reading_floor() + 0.005:
        what = (f"{run.text.strip()[:30]!r} at {run.size:.2f} pt; {ctx.layout.name} is read from afar and sets "
                f"no text under {least:g} pt (its min_text)")
    elif least > getattr(ctx.settings, "min_font", 0.0):
        kind = "serif" if run.font.startswith("source-serif") else "sans"
        what = (f"reversed (white) text {run.text.strip()[:30]!r} in {run.font} at {run.size:.2f} pt; "
                f"the shop accepts reversed {kind} text from {least:g} pt")
    else:
        what = f"{run.text.strip()[:30]!r} at {run.size:.2f} pt; the shop accepts text from {least:g} pt"
    ctx.diags.error(f"{block.type} block sets {what}", mark=ctx.layout_map.find(loc), path=format_path(loc),
                    hint="raise the style's size (or the layout's type_scale), or use a shop profile that allows it")


def min_scale(block: BlockBase, ctx: Context, module: ModuleType) -> float:
    """The smallest scale a block may shrink to: its min_size, never below the shop's smallest text
    (and, for reversed text, the shop's smallest reversed text)."""
    if block.fit != "shrink" or not module.MAIN:
        return 1.0
    main = ctx.style(getattr(block, module.MAIN))
    floor = block.min_size if block.min_size is not None else min(MIN_READABLE, main.size)
    scale = min(1.0, floor / main.size)
    fields = [module.MAIN] if getattr(module, "SCALES_MAIN_ONLY", False) else style_fields(block)
    for style in (ctx.style(getattr(block, f)) for f in fields if getattr(block, f)):
        scale = max(scale, ctx.least_size(style.font, style.color.as_tuple()) / style.size)
    return min(1.0, scale)


def _largest_scale(arr: BlockBase, ctx: Context, width: float, height: float, lo: float) -> tuple[float, Content] | None:
    smallest = _build(arr, ctx, width, lo)
    if not _fits(smallest, width, height):
        return None
    best, hi = smallest, 1.0
    for _ in range(8):  # 1/256 of the range: finer than anyone can see
        mid = (lo + hi) / 2
        c = _build(arr, ctx, width, mid)
        if _fits(c, width, height):
            lo, best = mid, c
        else:
            hi = mid
    return lo, best


def _fit(block: BlockBase, ctx: Context, name: str, width: float, height: float, can_continue: bool) -> Content:
    module = MODULES[block.type]
    arrangements = [block, *block.alternates]
    first = None
    for arr in arrangements:
        content = _build(arr, ctx, width, 1.0)
        first = first or content
        if _fits(content, width, height):
            return content
    if can_continue and getattr(module, "FLOWS", False):
        # what the densest arrangement that fits the width cannot place goes on to the block that continues it
        for arr in reversed(arrangements):
            content = _build(arr, ctx, width, 1.0)
            if sum(_overflow(content, width, height)) <= TOLERANCE:
                return content
    lo = min_scale(block, ctx, module)
    free = ctx.free_leading
    try:
        if lo < 1.0:
            found = _shrunk(arrangements, ctx, module, width, height)
            if not found and ctx.grid:
                # a text too long for the baseline grid at any size: its leadings shrink with the type
                ctx.free_leading = True
                found = _shrunk(arrangements, ctx, module, width, height)
            if found:
                return max(found, key=lambda r: r[0])[1]  # the first of equals: max keeps the earliest
            first = _build(block, ctx, width, lo)
        assert first is not None
        _report(block, ctx, module, name, first, width, height, lo)
        return first
    finally:
        ctx.free_leading = free


def _shrunk(arrangements: list[BlockBase], ctx: Context, module: ModuleType, width: float,
            height: float) -> list[tuple[float, Content]]:
    """Each arrangement that fits at some scale above its minimum: (scale, content)."""
    return [r for arr in arrangements
            if (r := _largest_scale(arr, ctx, width, height, min_scale(arr, ctx, module))) is not None]


def _report(block: BlockBase, ctx: Context, module: ModuleType, name: str, content: Content, width: float,
            height: float, lo: float) -> None:
    loc = ctx.block_loc
    mark = ctx.layout_map.find(loc)
    where = f"{display_path(mark.file)}:{mark.line}:{mark.col}: " if mark else ""
    if content.rest is not None and hasattr(module, "rest_problem"):
        message, film_loc, hint = module.rest_problem(block, ctx, content.rest)
        ctx.diags.error(message, mark=ctx.film_map.find(film_loc), path=format_path(film_loc),
                        hint=f"{hint} ({where}{block.type} block in region {name!r})")
        return
    over_h, over_w = _overflow(content, width, height)
    at = f" at the minimum size {lo * ctx.style(getattr(block, module.MAIN)).size:.3g} pt" if lo < 1.0 else ""
    parts = []
    if over_h > TOLERANCE or content.rest is not None:
        parts.append(f"{mm(over_h):.1f} mm too tall" if over_h > TOLERANCE else "too tall")
    if over_w > TOLERANCE:
        parts.append(f"{mm(over_w):.1f} mm too wide")
    if block.type in WORDS and getattr(ctx.film, WORDS[block.type], None) is not None:
        # the film's text is what a programmer can change: point at it, and say how long it may be
        field = WORDS[block.type]
        text, lang, key = getattr(ctx.film, field).get(ctx.lang)
        loc = (field, key) if key != "" else (field,)
        fits = _words_that_fit(block, ctx, field, text, width, height, lo)
        ctx.diags.error(f"the {field} ({len(text.split())} words) does not fit {ctx.layout.name}: "
                        f"{' and '.join(parts)}{at}", mark=ctx.film_map.find(loc), path=format_path(loc),
                        hint=f"shorten it to about {fits} words, or use a larger format "
                             f"({where}{block.type} block in region {name!r})")
        return
    if hasattr(module, "overflow_problem"):
        # the block knows which part of the film to shorten; `fits(film)` tries a shortened film
        def shortened_fits(film: Film) -> bool:
            saved, ctx.film = ctx.film, film
            try:
                return _fits(_build(block, ctx, width, lo), width, height)
            finally:
                ctx.film = saved

        message, film_loc, hint = module.overflow_problem(block, ctx, shortened_fits)
        ctx.diags.error(f"{message} does not fit {ctx.layout.name}: {' and '.join(parts)}{at}",
                        mark=ctx.film_map.find(film_loc), path=format_path(film_loc),
                        hint=f"{hint} ({where}{block.type} block in region {name!r})")
        return
    if block.type == "title":
        # the film's title is what a programmer can change
        text, _, key = ctx.film.title.get(ctx.lang)
        loc = ("title", key) if key != "" else ("title",)
        ctx.diags.error(f"the title ({len(text)} letters) does not fit {ctx.layout.name}: {' and '.join(parts)}{at}",
                        mark=ctx.film_map.find(loc), path=format_path(loc),
                        hint=f"shorten the title (and the other titles printed with it), or break it with a "
                             f"line break ({where}title block in region {name!r})")
        return
    hint = ("shorten the text, enlarge the region, or lower min_size" if block.fit == "shrink"
            else "shorten the text, enlarge the region, or add `fit: shrink` with a `min_size`")
    ctx.diags.error(
        f"{block.type} block does not fit region {name!r}: {' and '.join(parts)}{at}",
        mark=ctx.layout_map.find(loc), path=format_path(loc), hint=hint,
    )


def _words_that_fit(block: BlockBase, ctx: Context, field: str, text: str, width: float, height: float,
                    scale: float) -> int:
    """The most words of `text` (from its start) that the block holds at `scale`: a true hint."""
    from printprog.load.types import Localized

    words = text.split()
    film = ctx.film
    lo, hi = 0, len(words)
    try:
        while lo < hi:
            mid = (lo + hi + 1) // 2
            ctx.film = film.model_copy(update={field: Localized(plain=" ".join(words[:mid]))})
            if _fits(_build(block, ctx, width, scale), width, height):
                lo = mid
            else:
                hi = mid - 1
    finally:
        ctx.film = film
    return lo
