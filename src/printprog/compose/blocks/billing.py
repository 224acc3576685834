"""The billing block: credits as film one-sheets set them.

Tall condensed capitals in a block as wide as the measure. Names are large; role words are small and
stacked in two lines about as tall as the names' capitals ("DIRECTED / BY"; a one-word role takes one
line), never two role words in a row. The order is the one-sheet's: companies present, the leads, the
title, then the crew (music, costumes, editor, design, photography), producers, screenplay and the
director last. Lines are chosen so each needs about the same horizontal scale to fill the measure;
what scaling cannot fill (within max_scale) is made up with tracking, up to a limit; a line that still
falls short is centred.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from printprog.compose.context import Context
from printprog.compose.flow import Content
from printprog.i18n import label, label_keys
from printprog.load.blocks import BillingBlock
from printprog.load.film import Film
from printprog.plan import TextRun, shifted
from printprog.text.fonts import get_font
from printprog.text.typeset import Face, localized, measure, run_width

MAIN = "name_style"
CREW_ORDER = ("casting", "music", "costume_design", "editing", "production_design", "sound", "cinematography",
              "executive_producer", "co_producer")
MAX_TRACK = 0.08  # em: the most tracking added to fill a line before it is centred instead
STACK_GAP = 0.1  # space between the two lines of a role stack, in name caps


@dataclass
class Piece:
    """One name (one line of text) or one role word (one or two small lines)."""

    lines: tuple[str, ...]
    face: Face
    origin: tuple
    role: bool = False
    _kerning: dict[str, tuple[float, ...]] = field(default_factory=dict, repr=False)  # measured once per line

    def runs(self, scale: float, extra: float) -> list[TextRun]:
        out = []
        for text in self.lines:
            if text not in self._kerning:  # line breaking and fitting ask for the same widths many times
                self._kerning[text] = tuple(measure(text, self.face)[1])
            adjust = self._kerning[text]
            out.append(TextRun(0.0, 0.0, text, self.face.font, self.face.size, self.face.color,
                               (self.face.tracking / 1000 + extra) * self.face.size, scale * 100, adjust,
                               None))
        return out

    def width(self, scale: float, extra: float) -> float:
        return max(run_width(r) for r in self.runs(scale, extra))


@dataclass
class Unit:
    """Pieces that never break apart: a role word and the name after it, or one name."""

    pieces: list[Piece] = field(default_factory=list)
    width: float = 0.0


def billed(block: BillingBlock, ctx: Context) -> int:
    """How many of the cast the poster names: the film's `billing`, else the layout's limit."""
    n = getattr(ctx.film, "billing", None)
    if n is None:
        n = block.cast_limit
    return len(ctx.film.cast) if n is None else max(0, n)


def overflow_problem(block: BillingBlock, ctx: Context, fits: Callable[[Film], bool]) -> tuple[str, tuple, str]:
    """What to change in the film when the block is too big: bill fewer of the cast."""
    film = ctx.film
    billed_now = billed(block, ctx)
    k = next((k for k in range(billed_now - 1, -1, -1) if fits(film.model_copy(update={"billing": k}))), None)
    loc: tuple = ("billing",) if getattr(film, "billing", None) is not None else ("cast",)
    if k is None:
        hint = "leave out minor crew credits or producers, or use a larger format"
    else:
        hint = f"name fewer of the cast on posters: set `billing: {k}` in the film file (now {billed_now})"
    return f"the billing block ({billed_now} of the cast and {len(film.credits)} credits)", loc, hint


def stacked(text: str) -> tuple[str, ...]:
    """A role phrase in two lines of near-equal length (one line for one word; a hyphen may break)."""
    words = text.split()
    if len(words) == 1 and "-" in text.strip("-"):
        head, tail = text.split("-", 1)
        return (head + "-", tail)
    if len(words) == 1:
        return (text,)
    cut = min(range(1, len(words)),
              key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
    return (" ".join(words[:cut]), " ".join(words[cut:]))


def _upper(text: str, face: Face) -> str:
    return text.upper() if face.case == "upper" else text


def units(block: BillingBlock, ctx: Context, name: Face, role: Face) -> list[Unit]:
    film = ctx.film
    out: list[Unit] = []

    def name_piece(value, loc, face: Face = name) -> Piece:
        text, lang, origin = ctx.text(value, loc)
        f = localized(face, lang)
        measure(_upper(text, f), f, ctx.missing, origin)  # report missing glyphs against the film's line
        return Piece((_upper(text, f),), f, origin)

    def role_piece(key: str) -> Piece:
        f = localized(role, ctx.lang)
        return Piece(stacked(_upper(label(key, ctx.lang), f)), f, ("label", (key,)), role=True)

    def names(values, loc) -> list[Piece]:
        return [name_piece(v, loc + (i,)) for i, v in enumerate(values)]

    def credit(role_key: str | None, people: list[Piece]) -> None:
        if not people:
            return
        if role_key is not None:
            plural = f"{role_key}s"
            key = plural if len(people) > 1 and plural in label_keys() else role_key
            first = [role_piece(key), people[0]]
            if out and out[-1].pieces[-1].role:  # never two role words in a row: the second goes
                first = first[1:]
            out.append(Unit(first))
        else:
            out.append(Unit([people[0]]))
        out.extend(Unit([p]) for p in people[1:])

    companies = names(film.production, ("production",))
    for i, company in enumerate(companies):
        joined = i and i == len(companies) - 1
        if i < len(companies) - 2:  # "A, B, C and D present"
            company.lines = (company.lines[0] + ",",)
        out.append(Unit([role_piece("and"), company] if joined else [company]))
    if companies:
        out[-1].pieces.append(role_piece("presents"))
    leads = [name_piece(m.name, ("cast", i, "name")) for i, m in enumerate(film.cast[:billed(block, ctx)])]
    credit(None if companies else "starring", leads)
    if block.title_style:
        title = ctx.face(block.title_style)
        out.append(Unit([name_piece(film.title, ("title",), Face(title.font, name.size, title.tracking,
                                                                  title.color, title.case))]))

    def crew(role_name: str) -> list[Piece]:
        # every credit of the role (a film may list two director credits), names once each
        found: dict[str, Piece] = {}
        for i, c in enumerate(film.credits):
            if c.role == role_name:
                for p in names(c.names, ("credits", i, "names")):
                    found.setdefault(p.lines[0], p)
        return list(found.values())

    for key in CREW_ORDER:
        credit(f"bb_{key}", crew(key))
    credit("bb_producer", names(film.producers, ("producers",)))
    credit("bb_screenplay", crew("screenplay"))
    credit("bb_director", crew("director"))
    if len(out) == 1 and block.title_style:
        return []  # the title alone is no billing block
    return out


@dataclass(frozen=True)
class Spaces:
    inner: float  # between a role word and its name
    between: float  # between entries: clearly wider, so entries read apart


def _line_width(line: list[Unit], space: Spaces, scale: float, extra: float) -> float:
    pieces = sum(len(u.pieces) for u in line)
    return (sum(p.width(scale, extra) for u in line for p in u.pieces)
            + scale * (space.inner * (pieces - len(line)) + space.between * (len(line) - 1)))


def _lines(us: list[Unit], space: Spaces, measure_w: float, block: BillingBlock, size: float) -> list[list[Unit]]:
    """Break so every line fills the measure by a similar scale, or by tracking within its limit
    (dynamic programming); only the last line may fall short (it is centred)."""
    n = len(us)
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    target = (block.min_scale + block.max_scale) / 2  # a comfortable width, away from both limits
    glyphs = [sum(len(line) for p in u.pieces for line in p.lines[:1]) for u in us]
    for j in range(1, n + 1):
        width, count = -space.between, 0
        for i in range(j - 1, -1, -1):
            width += us[i].width + space.between
            count += glyphs[i]
            if width * block.min_scale > measure_w and i < j - 1:
                break
            scale = measure_w / width
            cost = ((scale - target) / 0.05) ** 2
            if scale > block.max_scale:  # tracking has to fill the rest
                track = (measure_w - width * block.max_scale) / max(count, 1) / size  # em, roughly
                cost = 1 + 10 * (track / MAX_TRACK) ** 2
                if track > MAX_TRACK:  # the line would fall short and be centred
                    cost = 0.0 if j == n else 100 + cost
            if best[i] + cost < best[j]:
                best[j], back[j] = best[i] + cost, i
    lines, j = [], n
    while j > 0:
        lines.append(us[back[j]:j])
        j = back[j]
    return list(reversed(lines))


def _set_line(line: list[Unit], space: Spaces, width: float, block: BillingBlock,
              role_ys: tuple[float, float, float]) -> list[TextRun]:
    """The runs of one line, filling `width`: horizontal scale first, then tracking, else centred."""
    natural = _line_width(line, space, 1.0, 0.0)
    scale = min(block.max_scale, max(block.min_scale, width / natural))
    at_scale = _line_width(line, space, scale, 0.0)
    per_em = _line_width(line, space, scale, 1.0) - at_scale  # width is linear in the tracking (in em)
    extra = max(0.0, (width - at_scale) / per_em) if per_em > 0 else 0.0
    if extra > MAX_TRACK:
        extra = 0.0  # letterspacing that wide reads as gaps: the line is centred instead
    x = max(0.0, (width - _line_width(line, space, scale, extra)) / 2)
    single, top, bottom = role_ys
    runs: list[TextRun] = []
    for k, u in enumerate(line):
        if k:
            x += (space.between - space.inner) * scale
        for p in u.pieces:
            made = p.runs(scale, extra)
            ys = (single,) if len(made) == 1 and p.role else (top, bottom) if p.role else (0.0,)
            w = max(run_width(r) for r in made)
            for r, y in zip(made, ys):
                runs.append(replace(r, x=x + (w - run_width(r)) / 2 if p.role else x, y=y))
            x += w + space.inner * scale
    return runs


def build(block: BillingBlock, ctx: Context, width: float) -> Content:
    name, role = ctx.face(block.name_style), ctx.face(block.role_style)
    us = units(block, ctx, name, role)
    if not us:
        return Content()  # nobody to bill
    space = Spaces(name.size * 0.25, name.size * 0.5)
    for u in us:
        u.width = _line_width([u], space, 1.0, 0.0)
    lead = ctx.leading(block.name_style)
    cap = get_font(name.font).cap_height * name.size / 1000
    role_cap = get_font(role.font).cap_height * role.size / 1000
    # a two-line role stack centred on the names' capitals; a one-line role on their middle
    gap = max(STACK_GAP * cap, cap - 2 * role_cap)
    top = -cap / 2 - (2 * role_cap + gap) / 2 + role_cap
    role_ys = (-cap / 2 + role_cap / 2, top, top + role_cap + gap)
    out = Content()
    y = cap
    for n, line in enumerate(_lines(us, space, width, block, name.size)):
        if n:
            y += lead
        runs = _set_line(line, space, width, block, role_ys)
        for r in runs:
            out.items.append(shifted(r, 0.0, y))
        out.width = max(out.width, max(r.x + run_width(r) for r in runs))
    out.height = y + get_font(name.font).depth("Q") * name.size / 1000
    return out

