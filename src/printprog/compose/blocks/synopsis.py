"""The synopsis, paragraph by paragraph, with an optional heading."""

from __future__ import annotations

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs, with_heading
from printprog.load.blocks import SynopsisBlock
from printprog.text.typeset import Span

GRID = "baseline"  # its first baseline sits on the layout's baseline grid
MAIN = "style"


def split_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single newlines inside a paragraph are spaces."""
    parts = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


def build(block: SynopsisBlock, ctx: Context, width: float) -> Content:
    if ctx.film.synopsis is None:
        return Content()  # no synopsis: no heading either
    text, lang, origin = ctx.text(ctx.film.synopsis, ("synopsis",))
    face = ctx.face(block.style)
    paras = [para(ctx, [Span(p, face, lang, origin)], block.style) for p in split_paragraphs(text)]
    if not paras:
        return Content()
    body = paragraphs(paras, width, ctx.missing, ctx.style(block.style).space_after * ctx.scale, ctx.grid)
    return with_heading(ctx, "synopsis", block.heading_style, width, body)
