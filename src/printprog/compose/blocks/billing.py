"""The billing block: credits as film posters set them.

One justified block of tall condensed capitals: role words small, names large, in the customary
order (companies presenting, cast, crew, producers, director last). Lines are chosen so that
each needs about the same horizontal scale to fill the measure; what scaling cannot fill
(within max_scale) is made up with tracking.
"""

from __future__ import annotations

from dataclasses import dataclass

from printprog.compose.context import Context
from printprog.compose.flow import Content
from printprog.load.blocks import BillingBlock
from printprog.plan import TextRun, shifted
from printprog.text.fonts import get_font
from printprog.text.typeset import Face, localized, measure, run_advance, run_width

MAIN = "name_style"
CREW_ORDER = ("screenplay", "cinematography", "editing", "production_design", "costume_design", "sound", "music",
              "co_producer", "executive_producer")


@dataclass
class Unit:
    """A piece that never breaks: a role word with the name after it, or one name."""

    parts: list[tuple[str, Face, tuple]]  # (text, face, origin)
    width: float = 0.0


def _faces(block: BillingBlock, ctx: Context) -> tuple[Face, Face]:
    name, role = ctx.face(block.name_style), ctx.face(block.role_style)
    if block.title_style:
        title = ctx.face(block.title_style)
        title_cap = get_font(title.font).cap_height * title.size / 1000
        name_cap_per_pt = get_font(name.font).cap_height / 1000
        size = block.cap_ratio * title_cap / name_cap_per_pt
        ratio = role.size / name.size
        name = Face(name.font, size, name.tracking, name.color, name.case, name.hscale)
        role = Face(role.font, size * ratio, role.tracking, role.color, role.case, role.hscale)
    return name, role


def billed(block: BillingBlock, ctx: Context) -> int:
    """How many of the cast the poster names: the film's `billing`, else the layout's limit."""
    n = getattr(ctx.film, "billing", None)
    if n is None:
        n = block.cast_limit
    return len(ctx.film.cast) if n is None else max(0, n)


def units(block: BillingBlock, ctx: Context, name: Face, role: Face) -> list[Unit]:
    film = ctx.film
    out: list[Unit] = []

    def name_of(value, loc):
        text, lang, origin = ctx.text(value, loc)
        return (text, localized(name, lang), origin)

    def names(values, loc):
        return [name_of(v, loc + (i,)) for i, v in enumerate(values)]

    def label(key: str):
        from printprog.i18n import label as catalogue

        return (catalogue(key, ctx.lang), localized(role, ctx.lang), ("label", (key,)))

    def credit(role_key: str, people: list) -> None:
        if people:
            out.append(Unit([label(role_key), people[0]]))
            out.extend(Unit([p]) for p in people[1:])

    companies = names(film.production, ("production",))
    if companies:
        for i, company in enumerate(companies):
            if i and i == len(companies) - 1:
                out.append(Unit([label("and"), company]))
            else:
                out.append(Unit([company]))
        out[-1].parts.append(label("presents"))
    credit("starring", [(name_of(m.name, ("cast", i, "name"))) for i, m in enumerate(film.cast[:billed(block, ctx)])])

    def crew(role: str) -> list:
        # every credit of the role (a film may list two director credits), names once each
        found: dict[str, tuple] = {}
        for i, c in enumerate(film.credits):
            if c.role == role:
                for n in names(c.names, ("credits", i, "names")):
                    found.setdefault(n[0], n)
        return list(found.values())

    for key in CREW_ORDER:
        credit(key, crew(key))
    credit("producers", names(film.producers, ("producers",)))
    credit("directed_by", crew("director"))
    for u in out:
        u.width = _unit_width(u, ctx)
    return out


def _upper(text: str, face: Face) -> str:
    return text.upper() if face.case == "upper" else text


def _unit_width(unit: Unit, ctx: Context) -> float:
    total = 0.0
    for n, (text, face, origin) in enumerate(unit.parts):
        if n:
            total += measure(" ", face)[0] + face.tracking * face.size / 1000
        total += measure(_upper(text, face), face, ctx.missing, origin)[0] + face.tracking * face.size / 1000
    return total


def _lines(us: list[Unit], space: float, measure_w: float, block: BillingBlock) -> list[list[Unit]]:
    """Break so every line needs a similar scale to fill the measure (dynamic programming)."""
    n = len(us)
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    target = (block.min_scale + block.max_scale) / 2  # a comfortable width, away from both limits
    for j in range(1, n + 1):
        width = -space
        for i in range(j - 1, -1, -1):
            width += us[i].width + space
            if width * block.min_scale > measure_w:
                break
            scale = measure_w / width
            cost = (scale - target) ** 2
            if scale > block.max_scale:  # tracking will have to help: allowed, but costly
                cost += 10 * (scale - block.max_scale) ** 2 + 1
            if best[i] + cost < best[j]:
                best[j], back[j] = best[i] + cost, i
    lines, j = [], n
    while j > 0:
        lines.append(us[back[j]:j])
        j = back[j]
    return list(reversed(lines))


def _line_runs(line: list[Unit], space: float, scale: float, extra: float) -> list[TextRun]:
    """The runs of one line at a horizontal scale, with `extra` tracking per glyph (unscaled)."""
    runs: list[TextRun] = []
    x = 0.0
    for k, u in enumerate(line):
        for p, (text, face, _origin) in enumerate(u.parts):
            piece = _upper(text, face)
            lead_gap = 0.0
            if k or p:
                piece = " " + piece
                if p == 0:  # between units the space is wider than inside one
                    lead_gap = space - measure(" ", face)[0]
            _, adjust = measure(piece, face)
            adjust = [adjust[0] + lead_gap, *adjust[1:]]
            run = TextRun(x, 0.0, piece, face.font, face.size, face.color,
                          face.tracking * face.size / 1000 + extra, scale * 100, tuple(adjust))
            runs.append(run)
            x += run_advance(run)
    return runs


def build(block: BillingBlock, ctx: Context, width: float) -> Content:
    name, role = _faces(block, ctx)
    us = units(block, ctx, name, role)
    if not us:
        return Content()  # nobody to bill
    space = measure(" ", name)[0] * 1.2
    lead = ctx.style(block.name_style).leading_pt(name.size) if block.title_style else ctx.leading(block.name_style)
    cap = get_font(name.font).cap_height * name.size / 1000
    out = Content()
    y = cap
    for n, line in enumerate(_lines(us, space, width, block)):
        if n:
            y += lead
        plain = _line_runs(line, space, 1.0, 0.0)
        natural = plain[-1].x + run_width(plain[-1])
        scale = min(block.max_scale, max(block.min_scale, width / natural))
        glyphs = sum(len(r.text) for r in plain) - 1
        extra = max(0.0, (width / scale - natural) / max(glyphs, 1))  # what scaling cannot fill
        runs = _line_runs(line, space, scale, extra)
        for r in runs:
            out.items.append(shifted(r, 0.0, y))
        out.width = max(out.width, runs[-1].x + run_width(runs[-1]))
    out.height = y + get_font(name.font).depth("Q") * name.size / 1000
    return out
