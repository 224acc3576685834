"""Line breaking and measuring of styled text. Produces lines of TextRuns; draws nothing."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Hashable

from printprog.plan import BLACK, CMYKTuple, TextRun
from printprog.text.fonts import get_font
from printprog.text.hyphen import break_points

MissingGlyph = Callable[[str, str, Hashable], None]  # (char, font name, origin)


@dataclass(frozen=True)
class Face:
    """A fully resolved text style for one span."""

    font: str
    size: float
    tracking: float = 0.0  # 1/1000 em
    color: CMYKTuple = BLACK
    case: str = "none"
    hscale: float = 100.0

    def scaled(self, factor: float) -> "Face":
        return Face(self.font, self.size * factor, self.tracking, self.color, self.case, self.hscale)


@dataclass(frozen=True)
class Span:
    text: str
    face: Face
    lang: str | None = None
    origin: Hashable = None  # where the text came from, for diagnostics
    hyphenate: bool = True  # False for names and titles
    keep: bool = False  # never break inside this span (a person's name)


@dataclass(frozen=True)
class Para:
    spans: tuple[Span, ...]
    align: str = "left"  # left | right | center | justify
    leading: float = 12.0
    hyphenate: bool = False
    indent: float = 0.0  # hanging punctuation etc.: x offset of the first line
    balance: bool = False  # display lines (pull quotes, taglines): lines of near-equal length


@dataclass
class Line:
    runs: list[TextRun]
    width: float  # ink width, trailing tracking excluded
    cap: float  # tallest cap height on the line
    descent: float  # deepest descender (positive)
    leading: float
    last: bool = False


@dataclass
class _Frag:
    text: str
    span: Span
    width: float = 0.0
    adjust: list[float] = field(default_factory=list)


# Bulgarian text set in a face without Bulgarian forms (Oswald draws only Russian-style Cyrillic and
# has no `locl BGR` to freeze) is set in Sofia Sans Extra Condensed instead, at the weight whose
# stems match (stem / cap height). The `-title` copies are scaled (unitsPerEm 809) so that their
# capitals are as tall as Oswald's at the same point size: a title keeps its height, the black weight
# very nearly its width, and a layout's sizes hold for both (fonts/SOURCES.md, tools/freeze_bg_fonts.sh).
BG_FORMS = {
    "oswald/light": "sofia-sans-extra-condensed-title/regular",
    "oswald/regular": "sofia-sans-extra-condensed-title/semibold",
    "oswald/medium": "sofia-sans-extra-condensed-title/extrabold",
    "oswald/semibold": "sofia-sans-extra-condensed-title/black",
    "oswald/bold": "sofia-sans-extra-condensed-title/black",
}


def localized(face: Face, lang: str | None) -> Face:
    """The face that draws the letterforms of the text's language.

    Russian text gets the Russian-forms copy `<family>-ru/<style>` where there is one (Sofia Sans
    draws Bulgarian forms by default); Bulgarian text the Bulgarian-forms copy `<family>-bg/<style>`
    (Source Serif 4 draws Russian forms by default) or, for Oswald, the face `BG_FORMS` names. Every
    other language, and a face that already draws the language's forms, keeps the face as it is.
    """
    if lang not in ("ru", "bg"):
        return face
    from printprog.text.fonts import catalogue

    family, _, style = face.font.partition("/")
    name = f"{family}-{lang}/{style}"
    if name not in catalogue() and lang == "bg":
        name = BG_FORMS.get(face.font, "")
    if name in catalogue():
        return Face(name, face.size, face.tracking, face.color, face.case, face.hscale)
    return face


def _case(text: str, case: str) -> str:
    return text.upper() if case == "upper" else text.lower() if case == "lower" else text


def measure(text: str, face: Face, missing: MissingGlyph | None = None, origin: Hashable = None) -> tuple[float, list[float]]:
    """Width in points (trailing tracking excluded) and per-character kerning in points."""
    font = get_font(face.font)
    if missing is not None:
        for ch in text:
            if not font.has(ch) and ch not in "\n":
                missing(ch, face.font, origin)
    k = face.size / 1000
    kerns = font.kerning(text) if len(text) > 1 else (0.0,) * len(text)
    adjust = [kv * k for kv in kerns]
    width = sum(font.advance(ch) * k for ch in text) + sum(adjust) + face.tracking * k * max(len(text) - 1, 0)
    return width * face.hscale / 100, adjust


def text_width(text: str, face: Face, lang: str | None = None) -> float:
    return measure(_case(text, face.case), localized(face, lang))[0]


def _words(para: Para) -> list[list[_Frag] | None]:
    """Words as lists of fragments; None marks a space; "\n" becomes a forced break ("\n" frag)."""
    words: list[list[_Frag] | None] = []
    current: list[_Frag] = []
    for span in para.spans:
        span = replace(span, face=localized(span.face, span.lang))
        text = _case(span.text, span.face.case)
        buf = ""
        for ch in text:
            if ch == " " and span.keep:
                buf += ch
            elif ch in " \n\t":
                if buf:
                    current.append(_Frag(buf, span))
                    buf = ""
                if current:
                    words.append(current)
                    current = []
                if ch == "\n":
                    words.append([_Frag("\n", span)])
                elif words and words[-1] is not None:
                    words.append(None)
            else:
                buf += ch
        if buf:
            current.append(_Frag(buf, span))
    if current:
        words.append(current)
    while words and words[-1] is None:
        words.pop()
    return words


def typeset(para: Para, width: float, missing: MissingGlyph | None = None) -> list[Line]:
    """Break a paragraph into lines no wider than `width` (a single unbreakable word may be wider)."""
    words = _words(para)
    for w in words:
        if w is None or w[0].text == "\n":
            continue
        for frag in w:
            frag.width, frag.adjust = measure(frag.text, frag.span.face, missing, frag.span.origin)
            frag.width += _tracking(frag.span.face)  # advance, not ink: tracking follows the last glyph
    # forced breaks ("\n") split the paragraph into segments broken independently
    segments: list[list[list[_Frag]]] = [[]]
    for w in words:
        if w is None:
            continue
        if w[0].text == "\n":
            segments.append([])
        else:
            segments[-1].append(w)
    mode = _mode(para, segments, width)
    if mode == "ragged" and para.align == "justify":  # a narrow measure
        para = replace(para, align="left")
    broken = [_break_segment(seg, para, width, n == 0, mode) for n, seg in enumerate(segments)]
    if mode == "justify" and any(b is None for b in broken):
        # no breaks keep every line's spaces within the limits: the whole paragraph goes ragged
        para, mode = replace(para, align="left"), "ragged"
        broken = [_break_segment(seg, para, width, n == 0, mode) for n, seg in enumerate(segments)]
    lines: list[tuple[list[list[_Frag]], bool]] = []
    for seg_lines in broken:
        assert seg_lines is not None
        lines += [(ws, n == len(seg_lines) - 1) for n, ws in enumerate(seg_lines)]
    return [_make_line(ws, width, para, last, n) for n, (ws, last) in enumerate(lines)]


def _mode(para: Para, segments: list[list[list[_Frag]]], width: float) -> str:
    """balance, justify or ragged; a justified style on a narrow measure is set ragged."""
    from printprog.text.paragraph_rules import narrow

    if para.balance:
        return "balance"
    if para.align != "justify":
        return "ragged"
    frags = [f for seg in segments for w in seg for f in w]
    spaces = sum(len(seg) - 1 for seg in segments if seg)
    chars = sum(len(f.text) for f in frags) + spaces
    natural = sum(f.width for f in frags) + spaces * (_space_width(frags[0].span.face) if frags else 0.0)
    return "ragged" if narrow(width, natural, chars) else "justify"


def _break_segment(seg: list[list[_Frag]], para: Para, width: float, first: bool,
                   mode: str) -> list[list[list[_Frag]]] | None:
    if not seg:
        return [[]]
    from printprog.text.balance import balance_breaks
    from printprog.text.breaking import Word, choose_breaks

    plans: list[tuple[list[int], list[float]]] = []  # per word: syllable cut positions, piece widths
    words: list[Word] = []
    for i, w in enumerate(seg):
        face = w[0].span.face
        cuts: list[int] = []
        if para.hyphenate and len(w) == 1 and w[0].span.hyphenate:
            cuts = sorted(break_points(w[0].text, w[0].span.lang))
        pieces = _piece_widths(w, cuts)
        plans.append((cuts, pieces))
        letters = sum(ch.isalnum() for f in w for ch in f.text)
        words.append(Word(tuple(pieces), _space_width(face) if i else 0.0, measure("-", face)[0],
                          _space_width(face), letters))
    first_width = width - (para.indent if first else 0.0)
    if mode == "balance":
        breaks: list[tuple[int, int]] | None = balance_breaks(words, width, first_width)
    else:
        breaks = choose_breaks(words, width, first_width, mode == "justify")
    if breaks is None:
        return None
    out: list[list[list[_Frag]]] = []
    start = (0, 0)
    for bi, bk in breaks:
        line: list[list[_Frag]] = []
        i, k = start
        while i <= bi:
            cuts = plans[i][0]
            end_k = bk if i == bi else len(plans[i][1]) - 1
            line.append(_slice(seg[i], cuts, k, end_k))
            i, k = i + 1, 0
        out.append(line)
        start = (bi, bk + 1) if bk < len(plans[bi][1]) - 1 else (bi + 1, 0)
    return out


def _piece_widths(w: list[_Frag], cuts: list[int]) -> list[float]:
    if not cuts:
        return [sum(f.width for f in w)]
    frag = w[0]
    font = get_font(frag.span.face.font)
    face = frag.span.face
    k = face.size / 1000
    per_char = [(font.advance(ch) * k + face.tracking * k) * face.hscale / 100 + frag.adjust[n] * face.hscale / 100
                for n, ch in enumerate(frag.text)]
    bounds = [0, *cuts, len(frag.text)]
    return [sum(per_char[bounds[j]:bounds[j + 1]]) for j in range(len(bounds) - 1)]


def _slice(w: list[_Frag], cuts: list[int], k0: int, k1: int) -> list[_Frag]:
    """Pieces k0..k1 of a word; a hyphen is added when the slice ends inside the word."""
    if not cuts:
        return w
    frag = w[0]
    bounds = [0, *cuts, len(frag.text)]
    text = frag.text[bounds[k0]:bounds[k1 + 1]]
    if k1 < len(bounds) - 2:
        text += "-"
    if text == frag.text:
        return w
    part = _Frag(text, frag.span)
    part.width, part.adjust = measure(text, frag.span.face)
    part.width += _tracking(frag.span.face)
    return [part]


def _tracking(face: Face) -> float:
    return face.tracking * face.size / 1000 * face.hscale / 100


def _space_width(face: Face) -> float:
    font = get_font(face.font)
    return (font.advance(" ") + face.tracking) * face.size / 1000 * face.hscale / 100


def _make_line(words: list[list[_Frag]], width: float, para: Para, last: bool, index: int) -> Line:
    indent = para.indent if index == 0 else 0.0
    natural = sum(f.width for w in words for f in w) + sum(_space_width(w[0].span.face) for w in words[1:])
    if words:
        natural -= _tracking(words[-1][-1].span.face)
    gaps = len(words) - 1
    extra = 0.0
    if para.align == "justify" and not last and gaps > 0:
        extra = (width - indent - natural) / gaps  # negative: the spaces shrink (breaking.SHRINK)
    if para.align == "right":
        x0 = width - natural
    elif para.align == "center":
        x0 = (width - natural) / 2
    else:
        x0 = indent
    # merge into runs of one face; spaces carry the justification
    runs: list[TextRun] = []
    x = x0
    cap = desc = 0.0
    pending: dict | None = None
    for wi, w in enumerate(words):
        for fi, frag in enumerate(w):
            face = frag.span.face
            font = get_font(face.font)
            cap = max(cap, font.cap_height * face.size / 1000)
            desc = max([desc] + [font.depth(ch) * face.size / 1000 for ch in frag.text])
            text = frag.text
            adjust = list(frag.adjust)
            if wi > 0 and fi == 0:
                text = " " + text
                adjust = [extra] + adjust
            if pending and pending["face"] == face and pending["lang"] == frag.span.lang:
                # a face's trailing tracking is part of the advance between fragments
                pending["text"] += text
                pending["adjust"] += adjust
            else:
                if pending:
                    runs.append(_run(pending))
                    x = pending["x"] + _run_advance(runs[-1])
                pending = {"x": x, "text": text, "adjust": adjust, "face": face, "lang": frag.span.lang}
    if pending:
        runs.append(_run(pending))
    return Line(runs, natural + extra * gaps, cap, desc, para.leading, last)


def _run(p: dict) -> TextRun:
    face: Face = p["face"]
    return TextRun(p["x"], 0.0, p["text"], face.font, face.size, face.color,
                   face.tracking * face.size / 1000, face.hscale, tuple(p["adjust"]), p["lang"])


def run_advance(run: TextRun) -> float:
    """How far the pen moves over a run (trailing tracking included)."""
    return _run_advance(run)


def _run_advance(run: TextRun) -> float:
    font = get_font(run.font)
    total = sum(font.advance(ch) * run.size / 1000 + run.tracking for ch in run.text) + sum(run.adjust)
    return total * run.hscale / 100


def run_width(run: TextRun) -> float:
    """Ink width of a run (trailing tracking excluded)."""
    return _run_advance(run) - run.tracking * run.hscale / 100
