"""The title block: 'a film by' line, the release title, other title forms, year · countries · runtime."""

from __future__ import annotations

from printprog.compose.context import Context, para
from printprog.compose.flow import Content, paragraphs
from printprog.i18n import label
from printprog.load.blocks import TitleBlock
from printprog.text.typeset import Span

MAIN = "style"


def other_titles(ctx: Context) -> list[tuple[str, tuple]]:
    """Title forms other than the edition's own: the original first, then other languages."""
    film = ctx.film
    shown, _, _ = film.title.get(ctx.lang)
    seen = {shown.casefold()}
    out = []
    candidates = [(film.original_title.get(film.original_language)[0], ("original_title",))]
    candidates += [(text, ("title", key)) for text, key in film.title.all_texts()]
    for text, loc in candidates:
        if text.casefold() not in seen:
            seen.add(text.casefold())
            out.append((text, loc))
    return out


def meta_line(ctx: Context) -> str:
    film = ctx.film
    countries = ", ".join(c.get(ctx.lang)[0] for c in film.countries)
    parts = [str(film.year), countries, f"{film.runtime} {label('minutes', ctx.lang)}"]
    if film.black_and_white:
        parts.append(label("black_and_white", ctx.lang))
    return " · ".join(parts)


def build(block: TitleBlock, ctx: Context, width: float) -> Content:
    film = ctx.film
    parts = []  # (paragraph, space after it)
    if block.director_style:
        spans = [ctx.label_span("film_by", block.director_style)]
        directors = [c for c in film.credits if c.role == "director"]
        if directors:
            i = film.credits.index(directors[0])
            names = [ctx.text(n, ("credits", i, "names", j)) for j, n in enumerate(directors[0].names)]
            spans.append(Span(" " + ", ".join(t for t, _, _ in names), ctx.face(block.director_style),
                              ctx.lang, names[0][2], False))
        parts.append((para(ctx, spans, block.director_style), ctx.leading(block.director_style) * 1.0))
    parts.append((para(ctx, [ctx.span(film.title, ("title",), block.style, hyphenate=False)], block.style),
                  block.gap * ctx.scale))
    if block.original_style and (forms := other_titles(ctx)):
        text = " · ".join(t for t, _ in forms)
        span = Span(text, ctx.face(block.original_style), None, ("film", forms[0][1]), False)
        parts.append((para(ctx, [span], block.original_style), ctx.leading(block.original_style) * 0.3))
    if block.meta_style:
        span = Span(meta_line(ctx), ctx.face(block.meta_style), ctx.lang, ("film", ("countries",)), False)
        parts.append((para(ctx, [span], block.meta_style), 0.0))
    content = Content()
    y = 0.0
    for p, after in parts:
        content.add(paragraphs([p], width, ctx.missing), 0.0, y)
        y = content.height + after
    return content
