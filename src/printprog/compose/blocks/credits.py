"""Crew credits: each role's label and its names, stacked or as a two-column table."""

from __future__ import annotations

from printprog.compose.blocks._people import People, column_width, columns, name_spans, people
from printprog.compose.context import Context, para
from printprog.compose.flow import Content, below, first_baseline, last_baseline, paragraphs
from printprog.load.blocks import CreditsBlock
from printprog.text.typeset import Span, text_width

GRID = "baseline"  # its first baseline sits on the layout's baseline grid
MAIN = "name_style"


def entries(ctx: Context, roles: tuple[str, ...] | None) -> list[tuple[str, str, People]]:
    """(role key, custom label, names) in the order asked for, default every credit."""
    film = ctx.film
    out = []
    wanted = dict.fromkeys(roles or tuple(c.role for c in film.credits))  # each role once, in order
    for role in wanted:
        if role == "producers" and film.producers:
            out.append((role, "", people(film.producers, ("producers",))))
        elif role == "production" and film.production:
            out.append((role, "", people(film.production, ("production",))))
        merged: People = []  # credits of one role under the catalogue label share one entry
        for i, c in enumerate(film.credits):
            if c.role != role:
                continue
            if c.label:
                out.append((role, ctx.text(c.label, ("credits", i, "label"))[0], people(c.names, ("credits", i, "names"))))
            else:
                merged += people(c.names, ("credits", i, "names"))
        if merged:
            out.append((role, "", merged))
    return out


def _label(ctx: Context, role: str, custom: str, style: str) -> Span:
    if custom:
        return Span(custom, ctx.face(style), ctx.lang, ("film", ("credits",)))
    return ctx.label_span(role, style)


def build(block: CreditsBlock, ctx: Context, width: float) -> Content:
    items = [e for e in entries(ctx, block.roles) if e[2]]
    if not items:
        return Content()
    gutter = ctx.leading(block.name_style)
    col_w = column_width(width, block.columns, gutter)
    parts = []
    if block.arrangement == "inline":
        labels = [_label(ctx, role, custom, block.role_style) for role, custom, _ in items]
        label_w = max((text_width(s.text, s.face) for s in labels), default=0.0) + ctx.face(block.role_style).size
        for span, (_, _, names) in zip(labels, items):
            left = paragraphs([para(ctx, [span], block.role_style)], label_w, ctx.missing)
            right = paragraphs([para(ctx, name_spans(ctx, names, block.name_style), block.name_style)],
                               col_w - label_w, ctx.missing)
            row = Content()
            # align the label's baseline with the first line of names
            row.add(right, label_w, 0.0)
            row.add(left, 0.0, _first_baseline(right) - _first_baseline(left))
            parts.append(row)
    else:
        for role, custom, names in items:
            label = paragraphs([para(ctx, [_label(ctx, role, custom, block.role_style)], block.role_style)], col_w, ctx.missing)
            names_c = paragraphs([para(ctx, name_spans(ctx, names, block.name_style), block.name_style)],
                                 col_w, ctx.missing)
            entry = Content()
            entry.add(label)
            natural = label.height - last_baseline(label) + ctx.leading(block.role_style) * 0.25 + first_baseline(names_c)
            entry.add(names_c, 0.0, below(label, names_c, natural, ctx.grid))
            parts.append(entry)
    return columns(parts, block.columns, width, gutter, block.gap * ctx.scale, ctx.grid, ctx.leading(block.name_style))


def _first_baseline(c: Content) -> float:
    from printprog.plan import TextRun

    ys = [i.y for i in c.items if isinstance(i, TextRun)]
    return min(ys) if ys else 0.0
