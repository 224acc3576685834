"""A fixed line of text: a catalogue label (in the edition's language) or literal text."""

from __future__ import annotations

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.load.blocks import LabelBlock
from printprog.text.typeset import Span

GRID = "baseline"  # its first baseline sits on the layout's baseline grid
MAIN = "style"


def build(block: LabelBlock, ctx: Context, width: float) -> Content:
    if block.key:
        span = ctx.label_span(block.key, block.style)
    else:
        assert block.text is not None
        text, lang, _ = block.text.get(ctx.lang)
        span = Span(text, ctx.face(block.style), lang or ctx.lang, ("layout", ctx.block_loc + ("text",)))
    return paragraphs([para(ctx, [span], block.style)], width, ctx.missing)
