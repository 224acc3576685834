"""Line breaking and measuring of styled text. Produces lines of TextRuns; draws nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
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


def text_width(text: str, face: Face) -> float:
    return measure(_case(text, face.case), face)[0]


def _words(para: Para) -> list[list[_Frag] | None]:
    """Words as lists of fragments; None marks a space; "\n" becomes a forced break ("\n" frag)."""
    words: list[list[_Frag] | None] = []
    current: list[_Frag] = []
    for span in para.spans:
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

    lines: list[list[list[_Frag]]] = []  # each line: words (each a list of frags)
    current: list[list[_Frag]] = []
    used = 0.0
    queue = list(words)
    i = 0
    while i < len(queue):
        w = queue[i]
        i += 1
        if w is None:
            continue
        if w[0].text == "\n":
            lines.append(current)
            current, used = [], 0.0
            continue
        ww = sum(f.width for f in w)
        space = _space_width(w[0].span.face) if current else 0.0
        avail = width - (para.indent if not lines else 0.0)
        if used + space + ww <= avail + 0.01:
            current.append(w)
            used += space + ww
            continue
        if para.hyphenate and len(w) == 1 and w[0].span.hyphenate and _loose(para, current, avail - used):
            split = _hyphenate(w[0], avail - used - space, para)
            if split is not None:
                head, tail = split
                current.append([head])
                lines.append(current)
                current, used = [], 0.0
                queue.insert(i, [tail])
                continue
        if current:
            lines.append(current)
            current, used = [], 0.0
            i -= 1  # retry the word on a fresh line
            continue
        current.append(w)  # too wide even alone: keep it, the caller reports the overflow
        used = ww
    if current or not lines:
        lines.append(current)
    return [_make_line(ws, width, para, n == len(lines) - 1, n) for n, ws in enumerate(lines)]


def _loose(para: Para, words: list[list[_Frag]], slack: float) -> bool:
    """Would ending the line here leave it too loose? Only then is a word worth hyphenating."""
    if not words:
        return True
    space = _space_width(words[-1][-1].span.face)
    if para.align == "justify":
        return slack / max(len(words) - 1, 1) > 0.6 * space
    return slack > 6 * space


def _tracking(face: Face) -> float:
    return face.tracking * face.size / 1000 * face.hscale / 100


def _space_width(face: Face) -> float:
    font = get_font(face.font)
    return (font.advance(" ") + face.tracking) * face.size / 1000 * face.hscale / 100


def _hyphenate(frag: _Frag, room: float, para: Para) -> tuple[_Frag, _Frag] | None:
    lang = frag.span.lang
    for pos in break_points(frag.text, lang):
        head = _Frag(frag.text[:pos] + "-", frag.span)
        head.width, head.adjust = measure(head.text, frag.span.face)
        head.width += _tracking(frag.span.face)
        if head.width <= room + 0.01:
            tail = _Frag(frag.text[pos:], frag.span)
            tail.width, tail.adjust = measure(tail.text, frag.span.face)
            tail.width += _tracking(frag.span.face)
            return head, tail
    return None


def _make_line(words: list[list[_Frag]], width: float, para: Para, last: bool, index: int) -> Line:
    indent = para.indent if index == 0 else 0.0
    natural = sum(f.width for w in words for f in w) + sum(_space_width(w[0].span.face) for w in words[1:])
    if words:
        natural -= _tracking(words[-1][-1].span.face)
    gaps = len(words) - 1
    extra = 0.0
    if para.align == "justify" and not last and gaps > 0:
        extra = max(0.0, (width - indent - natural) / gaps)
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


def _run_advance(run: TextRun) -> float:
    font = get_font(run.font)
    total = sum(font.advance(ch) * run.size / 1000 + run.tracking for ch in run.text) + sum(run.adjust)
    return total * run.hscale / 100


def run_width(run: TextRun) -> float:
    """Ink width of a run (trailing tracking excluded)."""
    return _run_advance(run) - run.tracking * run.hscale / 100
