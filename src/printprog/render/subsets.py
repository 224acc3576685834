"""Font subset programs, made and deflated once per (font, subset) in a process.

The editing loop draws the same subsets build after build; reportlab would cut each one from the
font again (`makeSubset`) and deflate it again. The bytes depend only on the font and the subset,
so the stream written is byte for byte reportlab's (the font program and its ToUnicode CMap are
given already deflated, with the /Filter reportlab would write).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections import OrderedDict
from typing import Any

REMEMBER = 256  # deflated streams kept (a build of the A4 uses 14 subsets and as many CMaps)
_KEPT: OrderedDict[tuple[Any, ...], tuple[bytes, int]] = OrderedDict()


def _deflated(key: tuple[Any, ...], make: Any) -> tuple[bytes, int]:
    """(deflated bytes, plain length) of make(), kept under key."""
    kept = _KEPT.get(key)
    if kept is None:
        plain = make()
        if isinstance(plain, str):
            plain = plain.encode("utf8")  # as reportlab's PDFZCompress does
        kept = _KEPT[key] = (zlib.compress(plain), len(plain))
        while len(_KEPT) > REMEMBER:
            _KEPT.popitem(last=False)
    else:
        _KEPT[key] = _KEPT.pop(key, kept)  # most recently used last
    return kept


def _stream(doc: Any, key: tuple[Any, ...], make: Any) -> Any:
    from reportlab.pdfbase import pdfdoc

    stream = pdfdoc.PDFStream()
    if not doc.compression:
        stream.content = make()
        return stream, None
    stream.content, plain = _deflated(key, make)
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)])
    return stream, plain


def to_unicode(doc: Any, base_font_name: str, subset: list[int]) -> Any:
    """reportlab's ToUnicode CMap stream of a subset."""
    from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

    text = makeToUnicodeCMap(base_font_name, subset)
    return _stream(doc, ("cmap", hashlib.sha256(text.encode("utf8")).digest()), lambda: text)[0]


def subset_objects(face: Any, font_digest: str, doc: Any, fontname: str, subset: list[int]) -> Any:
    """reportlab 4–5's `TTFontFace.addSubsetObjects`, with the subset's program kept by `_deflated`."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC

    key = ("program", font_digest, face.name, getattr(face, "subfontIndex", 0), tuple(subset))
    font_file, plain = _stream(doc, key, lambda: without_tables(face.makeSubset(subset), UNUSED_IN_PDF))
    font_file.dictionary["Length1"] = plain if plain is not None else len(font_file.content)
    font_file_ref = doc.Reference(font_file, "fontFile:%s(%s)" % (face.filename, fontname))
    descriptor = pdfdoc.PDFDictionary({
        "Type": "/FontDescriptor",
        "Ascent": face.ascent,
        "CapHeight": face.capHeight,
        "Descent": face.descent,
        "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
        "FontBBox": pdfdoc.PDFArray(face.bbox),
        "FontName": pdfdoc.PDFName(fontname),
        "ItalicAngle": face.italicAngle,
        "StemV": face.stemV,
        "FontFile2": font_file_ref,
        "MissingWidth": face.defaultWidth,
    })
    return doc.Reference(descriptor, "fontDescriptor:" + fontname)


# Tables a PDF consumer never reads from an embedded TrueType program (ISO 32000-1 §9.9 names
# what it uses: head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm, and cmap for simple fonts).
# The name table alone is 1.3–7 KB per subset; OS/2 (embedding rights) and post (32 bytes) stay.
UNUSED_IN_PDF = frozenset({b"name"})


def without_tables(font: bytes, drop: frozenset[bytes]) -> bytes:
    """The sfnt `font` without the tables in `drop`: the directory rewritten, the other tables
    copied byte for byte (4-byte aligned), and head's checkSumAdjustment recomputed."""
    count = struct.unpack(">H", font[4:6])[0]
    entries = [struct.unpack(">4sIII", font[12 + 16 * i:28 + 16 * i]) for i in range(count)]
    kept = sorted((e for e in entries if e[0] not in drop), key=lambda e: e[0])
    if len(kept) == count:
        return font
    n = len(kept)
    power = 1 << (n.bit_length() - 1)
    header = font[:4] + struct.pack(">HHHH", n, power * 16, power.bit_length() - 1, n * 16 - power * 16)
    offset = 12 + 16 * n
    directory, body, head_at = b"", bytearray(), None
    for tag, checksum, start, length in kept:
        table = font[start:start + length]
        if tag == b"head":
            head_at = offset + len(body)
            table = table[:8] + b"\0\0\0\0" + table[12:]
        directory += struct.pack(">4sIII", tag, checksum, offset + len(body), length)
        body += table + b"\0" * (-length % 4)
    out = bytearray(header + directory + body)
    if head_at is not None:
        struct.pack_into(">I", out, head_at + 8, (0xB1B0AFBA - _checksum(out)) & 0xFFFFFFFF)
    return bytes(out)


def _checksum(data: bytes | bytearray) -> int:
    padded = bytes(data) + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
