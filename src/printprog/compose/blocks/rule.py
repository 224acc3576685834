"""A horizontal rule across the top of its region."""

from __future__ import annotations

from printprog.compose.context import Context
from printprog.compose.flow import Content
from printprog.load.blocks import RuleBlock
from printprog.plan import Rect

MAIN = ""


def build(block: RuleBlock, ctx: Context, width: float) -> Content:
    return Content([Rect(0.0, 0.0, width, block.weight, fill=block.color.as_tuple())], block.weight, width)
