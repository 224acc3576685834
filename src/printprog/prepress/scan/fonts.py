"""What text needs from font dictionaries: code length, advances, Unicode for messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pikepdf

from printprog.prepress.scan.geometry import nums
from printprog.prepress.scan.limits import read_small

STD14 = {"Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique", "Helvetica", "Helvetica-Bold",
          "Helvetica-Oblique", "Helvetica-BoldOblique", "Times-Roman", "Times-Bold", "Times-Italic",
          "Times-BoldItalic", "Symbol", "ZapfDingbats"}


_MAX_WORK = 1 << 20  # range entries expanded from one ToUnicode or /W: overlapping ranges cost work, not size


def _utf16(hexstr: bytes) -> str:
    return bytes.fromhex(hexstr.decode()).decode("utf-16-be", "replace") if hexstr else ""


def parse_tounicode(data: bytes) -> dict[int, str]:
    """bfchar and bfrange entries of a ToUnicode CMap (enough for messages)."""
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        toks = re.findall(rb"<([0-9A-Fa-f]*)>", block)
        for src, dst in zip(toks[::2], toks[1::2], strict=False):
            out[int(src or b"0", 16)] = _utf16(dst)
    work = 0
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            lo, hi = int(m[1], 16), int(m[2], 16)
            if m[3].startswith(b"["):
                for i, h in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", m[3])):
                    out[lo + i] = _utf16(h)
            elif m[3][1:-1]:
                start, width = int(m[3][1:-1], 16), len(m[3][1:-1]) // 2
                span = min(hi - lo, 0xFFFF) + 1
                work += span
                if work > _MAX_WORK:
                    break
                for i in range(span):
                    out[lo + i] = ((start + i) % (1 << (8 * width))).to_bytes(width, "big").decode("utf-16-be", "replace")
    return out


@dataclass
class FontInfo:
    """What text needs from a font dictionary: code length, widths, Unicode for messages."""

    obj: Any
    subtype: str
    base_font: str
    two_byte: bool
    widths: dict[int, float]  # code -> advance per unit font size (text space)
    default_width: float
    size_scale: float  # 1, or the Type3 FontMatrix's em size relative to 1000 units
    to_unicode: dict[int, str]

    @classmethod
    def of(cls, font: Any) -> FontInfo:
        subtype = str(font.get("/Subtype", ""))
        base = str(font.get("/BaseFont", ""))[1:]
        tu = font.get("/ToUnicode")
        data = read_small(tu, 4 << 20) if isinstance(tu, pikepdf.Stream) else None
        to_unicode = parse_tounicode(data) if data else {}  # only for messages: a huge one is skipped
        if subtype == "/Type0":
            desc = font.DescendantFonts[0] if "/DescendantFonts" in font else pikepdf.Dictionary()
            return cls(font, subtype, base, True, _cid_widths(desc.get("/W")), float(desc.get("/DW", 1000)) / 1000,
                       1.0, to_unicode)
        scale, size_scale = 0.001, 1.0
        if subtype == "/Type3":
            fm = nums(font.get("/FontMatrix", [0.001, 0, 0, 0.001, 0, 0]))
            scale, size_scale = fm[0], abs(fm[3]) * 1000
        first = int(font.get("/FirstChar", 0))
        widths = {first + i: float(w) * scale for i, w in enumerate(font.get("/Widths", []))}
        missing = float(font.get("/FontDescriptor", {}).get("/MissingWidth", 0)) * scale
        if not widths and base.split("+")[-1] in STD14:
            widths, missing = _std14_widths(base.split("+")[-1]), 0.5
        return cls(font, subtype, base, False, widths, missing, size_scale, to_unicode)

    def decode(self, data: bytes) -> list[tuple[int, str]]:
        if self.two_byte:
            codes = [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
        else:
            codes = list(data)
        uni = self.to_unicode
        return [(c, uni.get(c) or (chr(c) if not self.two_byte and 32 <= c < 127 else "\ufffd")) for c in codes]

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default_width)


def _cid_widths(w: Any) -> dict[int, float]:
    out: dict[int, float] = {}
    items = list(w or [])
    i = work = 0
    while i < len(items) - 1:
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for j, v in enumerate(items[i + 1]):
                out[first + j] = float(v) / 1000
            i += 2
        elif i + 2 < len(items):
            last = min(int(items[i + 1]), first + 0xFFFF)
            work += max(0, last - first + 1)
            if work > _MAX_WORK:
                break
            for c in range(first, last + 1):
                out[c] = float(items[i + 2]) / 1000
            i += 3
        else:
            break
    return out


def _std14_widths(name: str) -> dict[int, float]:
    from reportlab.pdfbase import pdfmetrics

    try:
        return {i: w / 1000 for i, w in enumerate(pdfmetrics.getFont(name).widths)}
    except Exception:  # unknown to reportlab: fall back to the default width
        return {}


def font_is_embedded(font: Any) -> bool:
    if str(font.get("/Subtype")) == "/Type3":
        return True  # glyphs are content streams
    if str(font.get("/Subtype")) == "/Type0":
        kids = font.get("/DescendantFonts")
        return bool(kids) and all(font_is_embedded(k) for k in kids)
    desc = font.get("/FontDescriptor")
    return desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
