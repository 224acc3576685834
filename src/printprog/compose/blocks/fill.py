"""A flat colour over the region and, where the region touches the trim, the bleed: the dark field or
band that light type stands on.

A rich black (`rich: true`) adds cyan, magenta and yellow under the black so a large area prints deep,
where the shop's total ink limit allows it; otherwise, and under small type, the field stays 100 % K.
"""

from __future__ import annotations

from printprog.compose.blocks.image import bleed_box
from printprog.compose.context import Context
from printprog.compose.flow import Content
from printprog.load.blocks import FillBlock
from printprog.plan import Rect

MAIN = ""


def colour(block: FillBlock, ctx: Context) -> tuple[float, float, float, float]:
    c = block.color.as_tuple()
    tac = getattr(ctx.settings, "tac", None)
    if block.rich and tac is not None and sum(c) * 100 > tac:
        return (0.0, 0.0, 0.0, c[3])  # the shop's ink limit does not allow it: black alone
    return c


def build(block: FillBlock, ctx: Context, width: float) -> Content:
    rx, ry, rw, rh = ctx.region
    return Content([Rect(*bleed_box(block, ctx), fill=colour(block, ctx))], rh, rw)
