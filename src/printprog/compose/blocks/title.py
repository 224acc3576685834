"""The title block: 'a film by' line, the release title, other title forms, year · countries · runtime.

Only the title follows the fitter's scale; the small lines keep their own size and shrink on their own
(to 70 %, never below 6 pt) only when they do not fit the width in one or two lines.
"""

from __future__ import annotations

import unicodedata
from itertools import combinations
from typing import Callable

from printprog.compose.blocks._people import People, name_spans, people
from printprog.compose.context import Context
from printprog.compose.flow import Content, paragraphs
from printprog.diagnostics import Loc
from printprog.i18n import label
from printprog.load.blocks import TitleBlock
from printprog.plan import TextRun
from printprog.text.fonts import get_font
from printprog.text.typeset import Face, Para, Span, text_width, typeset

MAIN = "style"
SCALES_MAIN_ONLY = True  # the kicker, other titles and meta line keep their own sizes (fit scales the title)
SMALL_FLOOR = 0.7  # share of its style size a small line may shrink to
SMALL_MIN_PT = 6.0
MAX_WORDS = 12  # brute-force balancing above this would be slow; such titles use the typesetter
ORPHAN_SHRINK = 0.9  # a title may be set this much smaller to avoid a single word on its last line
BREAK_AFTER = (":", ";", ".", "!", "?", "–", "—")  # a break here sets off a subtitle: preferred


def nfc(text: str) -> str:
    # a decomposed и + U+0300 would be set as two glyphs with the accent misplaced: compose it to ѝ
    return unicodedata.normalize("NFC", text)


def other_titles(ctx: Context) -> list[tuple[str, Loc]]:
    """Title forms other than the edition's own: the original first, then other languages."""
    film = ctx.film
    shown, _, _ = film.title.get(ctx.lang)
    seen = {nfc(shown).casefold()}
    out: list[tuple[str, Loc]] = []
    candidates: list[tuple[str, Loc]] = []
    if film.original_title is not None:
        candidates.append((film.original_title.get(film.original_language or ctx.lang)[0], ("original_title",)))
    candidates += [(text, ("title", key)) for text, key in film.title.all_texts()]
    for text, loc in candidates:
        text = nfc(text)
        if text.casefold() not in seen:
            seen.add(text.casefold())
            out.append((text, loc))
    return out


def meta_line(ctx: Context) -> str:
    """Year · countries · runtime · black and white; parts the film does not give are left out."""
    film = ctx.film
    parts = [str(film.year)]
    if film.countries:
        parts.append(", ".join(c.get(ctx.lang)[0] for c in film.countries))
    if film.runtime:
        parts.append(f"{film.runtime} {label('minutes', ctx.lang)}")
    if film.black_and_white:
        parts.append(label("black_and_white", ctx.lang))
    return " · ".join(parts)


def directors(ctx: Context) -> People:
    """Every director, of every director credit, once each, in billing order."""
    out: People = []
    seen = set()
    for i, c in enumerate(ctx.film.credits):
        if c.role == "director":
            for name, loc in people(c.names, ("credits", i, "names")):
                if (key := name.get(ctx.lang)[0]) not in seen:
                    seen.add(key)
                    out.append((name, loc))
    return out


def _face(ctx: Context, style: str, factor: float) -> Face:
    s = ctx.style(style)
    return Face(s.font, s.size * factor, s.tracking, s.color.as_tuple(), s.case)


def _para(ctx: Context, spans: list[Span], style: str, factor: float) -> Para:
    s = ctx.style(style)
    return Para(tuple(spans), s.align, s.leading_pt() * factor, False)


def _small(ctx: Context, style: str, make: Callable[[Face], list[Span]], width: float) -> tuple[Content, float]:
    """A small line at its own size, or smaller until it fits the width in two lines; `make(face)`
    gives its spans. Returns the content and the size factor used (for the space after it)."""
    st = ctx.style(style)
    size = st.size
    floor = min(1.0, max(SMALL_FLOOR, SMALL_MIN_PT / size, ctx.least_size(st.font, st.color.as_tuple()) / size))
    factor = 1.0
    while True:
        p = _para(ctx, make(_face(ctx, style, factor)), style, factor)
        lines = typeset(p, width)
        fits = len(lines) <= 2 and all(line.width <= width + 0.01 for line in lines)
        if fits or factor <= floor:
            return paragraphs([p], width, ctx.missing), factor
        factor = max(floor, factor - 0.025)


def _rise(content: Content) -> float:
    """How far accents on the first line (Й, Ѝ, Ё) reach above the top the block starts from."""
    runs = [i for i in content.items if isinstance(i, TextRun)]
    if not runs:
        return 0.0
    first = min(r.y for r in runs)
    top = 0.0
    for r in runs:
        if abs(r.y - first) > 0.01:
            continue
        hb = get_font(r.font)._harfbuzz()  # glyph extents: fonts.py has depth() only (no height yet)
        for ch in set(r.text.strip()):
            gid = hb.get_nominal_glyph(ord(ch))
            ext = hb.get_glyph_extents(gid) if gid else None
            if ext:
                top = min(top, r.y - ext.y_bearing * r.size / 1000)
    return max(0.0, -top)


def balanced(words: list[str], face: Face, lang: str | None, width: float) -> tuple[list[str], float] | None:
    """Words in the fewest lines that fit `width`, the break chosen so the longest line is shortest,
    and a size factor (≤ 1). With three words or more a single last word is avoided: by another break,
    or by setting the title up to ORPHAN_SHRINK smaller. When a word is wider than `width`: the fewest
    lines in which only single words stick out (the fitter shrinks them)."""
    n = len(words)
    if not n or n > MAX_WORDS:
        return None
    overflow: tuple | None = None  # the best when nothing fits: (lines count, longest), lines
    for k in range(1, n + 1):
        best: tuple | None = None
        rescue: tuple | None = None  # the narrowest break without a lonely last word, fitting or not
        for cuts in combinations(range(1, n), k - 1):
            bounds = (0, *cuts, n)
            lines = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
            widths = [text_width(line, face, lang) for line in lines]
            longest = max(widths)
            orphan = n >= 3 and k >= 2 and bounds[-2] == n - 1
            if not orphan and (rescue is None or longest < rescue[0]):
                rescue = (longest, lines)
            if longest > width:
                # only a single word may stick out (the typesetter cannot break it either)
                ok = all(w <= width or " " not in line for w, line in zip(widths, lines))
                if ok and (overflow is None or (k, longest) < overflow[0]):
                    overflow = ((k, longest), lines)
                continue
            bonus = sum(1 for c in cuts if words[c - 1].endswith(BREAK_AFTER)) * 0.15 * longest
            key = (orphan, longest - bonus)
            if best is None or key < best[0]:
                best = (key, lines)
        if best is not None:
            if best[0][0] and rescue is not None and rescue[0] * ORPHAN_SHRINK <= width:
                return rescue[1], min(1.0, width / rescue[0])
            return best[1], 1.0
    return (overflow[1], 1.0) if overflow else None


ENCLITIC = {"ѝ", "Ѝ"}  # "Майка ѝ": never at the start of a line
NBSP = "\u00a0"


def glue(words: list[str]) -> list[str]:
    """Words a line must not break around, joined by a no-break space: the clitic ѝ to the word
    before it, a one-letter word (в, с, и, a) to the word after it, as Bulgarian typesetting asks."""
    out: list[str] = []
    carry = ""
    for w in words:
        if w in ENCLITIC and out:
            out[-1] += NBSP + w
            continue
        w = carry + w
        carry = ""
        if len(w) == 1 and w.isalpha():
            carry = w + NBSP
            continue
        out.append(w)
    if carry:
        if out:
            out[-1] += NBSP + carry[:-1]
        else:
            out.append(carry[:-1])
    return out


def _grow(lines: list[str], face: Face, lang: str | None, target: float, scale: float) -> float:
    """The factor that makes the longest line `target` wide at full scale (the fitter's `scale`
    shrinks from there, so a title too tall for its region still gives way)."""
    widest = max(text_width(line, face, lang) for line in lines)
    return target * scale / widest if widest > 0 else 1.0


def title_para(ctx: Context, block: TitleBlock, width: float) -> Para:
    """The release title in balanced lines (explicit line breaks in the film file are kept)."""
    text, lang, origin = ctx.text(ctx.film.title, ("title",), ctx.style(block.style).lang)
    text = nfc(text)
    face = ctx.face(block.style)
    s = ctx.style(block.style)

    def make(t: str, factor: float = 1.0) -> Para:
        span = Span(t, face.scaled(factor), lang, origin, hyphenate=False)
        return Para((span,), s.align, ctx.leading(block.style) * factor, False)

    segments = [glue(seg.split()) for seg in text.split("\n") if seg.strip()]
    # text_width and the typesetter differ a little around spaces: plan against a slightly narrower
    # measure until the typesetter keeps the planned lines
    for margin in (1.0, 0.99, 0.97, 0.94):
        found = _filled(segments, face, lang, width * margin, block, ctx) if block.fill else \
            _broken(segments, face, lang, width * margin)
        if found is None:
            return make(text)  # too many words to try every break: the typesetter (and the fitter) set it
        lines, factor = found
        p = make("\n".join(lines), factor)
        if len(typeset(p, width)) == len(lines):
            return p
    return make("\n".join(w for words in segments for w in words))  # a word a line: the fitter shrinks it


def _broken(segments: list[list[str]], face: Face, lang: str | None, width: float) -> tuple[list[str], float] | None:
    lines: list[str] = []
    factor = 1.0
    for words in segments:
        found = balanced(words, face, lang, width)
        if found is None:
            return None
        lines += found[0]
        factor = min(factor, found[1])
    return lines, factor


FILL_TRIES = (1.0, 0.8, 0.66, 0.55, 0.46, 0.38, 0.32, 0.27, 0.23)  # measures tried for the line breaks


def _filled(segments: list[list[str]], face: Face, lang: str | None, width: float, block: TitleBlock,
            ctx: Context) -> tuple[list[str], float] | None:
    """Lines and size for a title that spans `fill` of the width: of the breaks found at narrower and
    narrower measures, the one that gives the largest type whose lines stay within `fill_height` of
    the page (the fewest lines when none does)."""
    assert block.fill is not None
    target = width * block.fill
    limit = (block.fill_height or 1.0) * ctx.layout.size[1] * ctx.scale
    leading = ctx.leading(block.style) / face.size
    best: tuple[tuple[bool, float], list[str], float] | None = None
    for share in FILL_TRIES:
        found = _broken(segments, face, lang, target * share)
        if found is None:
            return None
        lines, factor = found
        factor *= _grow(lines, face.scaled(factor), lang, target, ctx.scale)
        size = face.size * factor
        fits = len(lines) * leading * size <= limit
        key = (fits, size if fits else -len(lines) * size)
        if best is None or key > best[0]:
            best = (key, lines, factor)
    assert best is not None
    return best[1], best[2]


def build(block: TitleBlock, ctx: Context, width: float) -> Content:
    film = ctx.film
    parts: list[tuple[Content, float]] = []  # (content, space after it)
    names = directors(ctx)
    if block.director_style and names:
        style = block.director_style

        def kicker(face: Face) -> list[Span]:
            lead = Span(label("film_by", ctx.lang) + " ", face, ctx.lang, ("label", ("film_by",)), False)
            return [lead, *name_spans(ctx, names, style, face)]

        c, f = _small(ctx, style, kicker, width)
        parts.append((c, ctx.style(style).leading_pt() * f))
    title = paragraphs([title_para(ctx, block, width)], width, ctx.missing)
    rise = _rise(title)
    if rise:  # keep accented capitals clear of the line above
        moved = Content()
        moved.add(title, 0.0, rise)
        title = moved
    parts.append((title, block.gap))
    if block.original_style and (forms := other_titles(ctx)):
        style = block.original_style
        text, origin = " · ".join(t for t, _ in forms), ("film", forms[0][1])
        c, f = _small(ctx, style, lambda face: [Span(text, face, None, origin, False)], width)
        parts.append((c, ctx.style(style).leading_pt() * f * 0.3))
    if block.meta_style:
        style, text = block.meta_style, meta_line(ctx)
        c, _ = _small(ctx, style, lambda face: [Span(text, face, ctx.lang, ("film", ("countries",)), False)], width)
        parts.append((c, 0.0))
    content = Content()
    y = 0.0
    for c, after in parts:
        content.add(c, 0.0, y)
        y = content.height + after
    return content
