"""Press quotes with the opening mark hung, and their attributions.

The quote marks are those of the language the quote is printed in (an English review in the
Bulgarian edition keeps “…”). Without an `index` the block chooses: the short form of the first
quote that has one (else the shortest quote), or as many full quotes, in order, as fit.
"""

from __future__ import annotations

from dataclasses import replace

from printprog.compose.blocks.synopsis import split_paragraphs
from printprog.compose.context import Context, para
from printprog.compose.flow import Content, below, first_baseline, in_columns, last_baseline, paragraphs
from printprog.i18n import quote_marks
from printprog.load.blocks import QuoteBlock
from printprog.text.typeset import Span, text_width

GRID = "baseline"  # its first baseline sits on the layout's baseline grid
MAIN = "style"
ELLIPSIS = "[…]"  # what an elided sentence leaves in a quote


def one(block: QuoteBlock, ctx: Context, width: float, index: int, key: str) -> Content:
    """Quote `index` (its `short` or full `text`) in its marks, with the attribution when asked for.
    A short-form block (a pull quote, a tagline) sets display lines: balanced."""
    q = ctx.film.quotes[index]
    field = q.short if key == "short" and q.short else q.text
    key = "short" if field is q.short else "text"
    text, lang, origin = ctx.text(field, ("quotes", index, key), q.lang)
    if key == "text" and block.elide_short and q.short:
        text = _elided(text, [q.short.get(ctx.lang)[0], q.short.get(lang)[0]])
    opening, closing = quote_marks(lang)
    face = ctx.face(block.style)
    paragraphs_text = split_paragraphs(text)
    paras = []
    for i, p in enumerate(paragraphs_text):
        if i == 0:
            p = opening + p
        if i == len(paragraphs_text) - 1:
            p = p + closing
        hang = -text_width(opening, face, lang) if i == 0 and block.hang_quotes else 0.0
        p_ = para(ctx, [Span(p, face, lang, origin)], block.style, indent=hang)
        paras.append(replace(p_, balance=True) if block.form == "short" else p_)
    body = paragraphs(paras, width, ctx.missing, ctx.style(block.style).space_after * ctx.scale, ctx.grid)
    if not block.attribution_style:
        return body
    aface = ctx.face(block.attribution_style)
    spans = [Span("— ", aface, ctx.lang, ("film", ("quotes", index, "author")))]
    for name in ("author", "source"):
        value = getattr(q, name, None)
        if value is None:
            continue
        t, tlang, torigin = ctx.text(value, ("quotes", index, name))
        if len(spans) > 1:
            spans.append(Span(", ", aface, ctx.lang, torigin))
        spans.append(Span(t, aface, tlang, torigin, hyphenate=False, keep=True))
    if len(spans) == 1:
        return body
    # under the text's last line: at the foot of the last column
    attribution = paragraphs([para(ctx, spans, block.attribution_style)], width, ctx.missing)
    out = Content()
    out.add(body)
    natural = body.height - last_baseline(body) + ctx.leading(block.attribution_style) * 0.8 + first_baseline(attribution)
    out.add(attribution, 0.0, below(body, attribution, natural, ctx.grid))
    return out


def _elided(text: str, shorts: list[str]) -> str:
    """The text with a short form that stands in it word for word replaced by […]."""
    flat = " ".join(text.split())
    for short in shorts:
        short = " ".join(short.split())
        if short and short in flat:
            return "\n\n".join(" ".join(p.split()).replace(short, ELLIPSIS).strip() for p in text.split("\n\n")
                                 if " ".join(p.split()).replace(short, "").strip())
    return text


def _fits(ctx: Context, height: float) -> bool:
    return ctx.avail is None or height <= ctx.avail + 0.01


def _short(block: QuoteBlock, ctx: Context, width: float) -> Content:
    quotes = ctx.film.quotes
    if block.index is not None:
        return one(block, ctx, width, block.index, "short")
    for i, q in enumerate(quotes):
        if q.short:
            return one(block, ctx, width, i, "short")
    if block.short_only:
        return Content()
    # no short forms: the shortest full quote; if even that does not fit, the fitter shrinks it or says so
    shortest = min(range(len(quotes)), key=lambda i: len(ctx.text(quotes[i].text, ("quotes", i, "text"))[0]))
    return one(block, ctx, width, shortest, "text")


def _full(block: QuoteBlock, ctx: Context, width: float) -> Content:
    """The quotes in order, as many as fit, one under another and then cut into the block's columns."""
    start = block.index or 0
    stop = min(len(ctx.film.quotes), start + block.count)
    gap = ctx.leading(block.style)
    cols, gutter = block.columns, ctx.leading(block.style)
    col_w = (width - gutter * (cols - 1)) / cols
    out, shown = Content(), Content()
    for i in range(start, stop):
        c = one(block, ctx, col_w, i, "text")
        trial = Content(list(out.items), out.height, out.width)
        trial.add(c, 0.0, below(out, c, out.height - last_baseline(out) + gap + first_baseline(c), ctx.grid)
                  if i > start else 0.0)
        set_ = in_columns(trial, cols, col_w, gutter)
        if i > start and not _fits(ctx, set_.height):
            break  # at least the first; later ones only when they fit
        out, shown = trial, set_
    return shown


def build(block: QuoteBlock, ctx: Context, width: float) -> Content:
    quotes = ctx.film.quotes
    if not quotes or (block.index is not None and block.index >= len(quotes)):
        return Content()  # no quote to show: the block (and its region) stays empty
    return _short(block, ctx, width) if block.form == "short" else _full(block, ctx, width)
