"""Bounds that keep a scan of a hostile file finite in time and memory.

A 7 KB file can ask for 4^30 form visits, a 150 KB file for 16 M operators, a 2 MB file for a
2 GB image. The scan therefore stops, and says so as a finding, when a file asks for more than:

- forms, patterns, soft masks nested deeper than MAX_DEPTH levels (that branch is not followed);
- MAX_OPERATORS operators (MAX_TOKENS operators and operands), MAX_RUNS content streams
  interpreted, or MAX_RECORDS things painted, in the whole file;
- MAX_STREAM_BYTES decoded in one content stream (that stream is not interpreted), or
  MAX_FILE_BYTES decoded over all content streams interpreted;
- MAX_IMAGE_BYTES of samples in one image (its ink is not measured); smaller images are read
  a slice at a time and only every k-th row is kept;
- MAX_SMALL_BYTES for a ToUnicode CMap, an XMP packet, a palette or an ICC profile.

Sizes are measured before anything is decoded: from the raw length and the worst expansion
of each filter, or (Flate, the usual case) by inflating into a counter, never into memory.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Iterator
from typing import Any

import pikepdf

MB = 1 << 20
MAX_DEPTH = 32
MAX_OPERATORS = 2_000_000
MAX_TOKENS = 8_000_000  # operators and operands
MAX_RUNS = 20_000  # content streams interpreted (a form drawn in many places runs once per place)
MAX_RECORDS = 500_000
MAX_STREAM_BYTES = 64 * MB
MAX_FILE_BYTES = 256 * MB
MAX_IMAGE_BYTES = 512 * MB
MAX_SMALL_BYTES = 16 * MB

_FLATE = {"/FlateDecode", "/Fl"}
_ASCII = {"/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"}
# worst output/input ratio of each filter: deflate tops out near 1032:1; LZW with 12-bit codes
# can emit up to 4096 bytes per code; other filters are not used for content and are refused
_EXPANSION = {"/FlateDecode": 1032, "/Fl": 1032, "/RunLengthDecode": 128, "/RL": 128, "/LZWDecode": 4096,
              "/LZW": 4096, "/ASCIIHexDecode": 1, "/AHx": 1, "/ASCII85Decode": 1, "/A85": 1}


class LimitExceeded(Exception):
    """The file asks for more work than the bounds allow; the scan stops here."""


def filters(d: Any) -> list[str]:
    f = d.get("/Filter")
    if f is None:
        return []
    return [str(x) for x in (f if isinstance(f, pikepdf.Array) else [f])]


def inflated(data: bytes, chunk: int = MB) -> Iterator[bytes]:
    """Flate output a chunk at a time; stops quietly at damaged data (qpdf reports it)."""
    d = zlib.decompressobj()
    tail = data
    while True:
        try:
            out = d.decompress(tail, chunk)
        except zlib.error:
            return
        tail = d.unconsumed_tail
        if out:
            yield out
        elif not tail or d.eof:
            return


def _unascii(name: str, data: bytes) -> bytes:
    try:
        if name in ("/ASCIIHexDecode", "/AHx"):
            hexed = data.split(b">")[0].translate(None, b" \t\r\n\x0c\x00")
            return binascii.unhexlify(hexed + b"0" * (len(hexed) % 2))
        body = data.strip().removeprefix(b"<~").split(b"~>")[0]
        return base64.a85decode(body, ignorechars=b" \t\n\r\x0c\x00")
    except ValueError:
        return b""


def decoded_size(stream: Any, limit: int, exact: bool = False) -> int | None:
    """Bytes `stream` decodes to (at most: exact=False may answer an upper bound), or None when
    that is more than limit (or cannot be bounded)."""
    try:
        raw = stream.read_raw_bytes()
    except pikepdf.PdfError:
        return 0  # damaged: reading it reports the damage
    return bounded_size(raw, filters(stream), limit, exact)


def bounded_size(raw: bytes, chain: list[str], limit: int, exact: bool = False) -> int | None:
    """What decoded_size says, for raw bytes under a filter chain."""
    bound = len(raw)
    for f in chain:
        bound *= _EXPANSION.get(f, limit + 1)
    measurable = all(f in _ASCII or f in _FLATE for f in chain)
    if bound <= limit and not (exact and measurable):
        return bound
    ascii_ = [f for f in chain if f in _ASCII]
    if chain[len(ascii_):] not in ([], ["/FlateDecode"], ["/Fl"]) or len(ascii_) > 2:
        return None  # LZW, RunLength or an odd chain with a huge worst case: not decoded
    data = raw
    for f in ascii_:
        data = _unascii(f, data)
    if not chain[len(ascii_):]:
        return len(data) if len(data) <= limit else None
    size = 0
    for out in inflated(data):
        size += len(out)
        if size > limit:
            return None
    return size


def read_small(stream: Any, limit: int = MAX_SMALL_BYTES) -> bytes | None:
    """stream.read_bytes(), or None when it would decode to more than limit bytes."""
    return None if decoded_size(stream, limit) is None else stream.read_bytes()


class Budget:
    """Operators, records and decoded bytes spent so far in one file."""

    def __init__(self) -> None:
        self.ops = 0
        self.tokens = 0
        self.records = 0
        self.runs = 0
        self.bytes = 0

    def spend_run(self) -> None:
        self.runs += 1
        if self.runs > MAX_RUNS:
            raise LimitExceeded(f"more than {MAX_RUNS:,} content streams to interpret".replace(",", " "))

    def spend_bytes(self, n: int) -> None:
        self.bytes += n
        if self.bytes > MAX_FILE_BYTES:
            raise LimitExceeded(f"content streams decode to more than {MAX_FILE_BYTES // MB} MB in all")

    def over_ops(self) -> LimitExceeded:
        return LimitExceeded(f"more than {MAX_OPERATORS:,} operators to interpret".replace(",", " "))

    def over_tokens(self) -> LimitExceeded:
        return LimitExceeded(f"more than {MAX_TOKENS:,} operators and operands to read".replace(",", " "))

    @staticmethod
    def over_records() -> LimitExceeded:
        return LimitExceeded(f"more than {MAX_RECORDS:,} things painted".replace(",", " "))
