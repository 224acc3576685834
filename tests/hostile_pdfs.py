"""Small hostile PDFs, made in code, for tests/test_hostile_pdfs.py (issue #8).

Each is a valid PDF/X fixture (tests/preflight_fixtures.py) plus one trap that once made
`printprog check` hang or run out of memory: forms that draw each other, a DAG of forms that is
exponential as a tree, 40 nested forms, 16 M operators in one 150 KB stream, a 2 GB image in a
2 MB stream. Plus files that are not PDFs at all, truncated or encrypted.
"""

from __future__ import annotations

import io
import zlib
from typing import Callable

import pikepdf

from tests import preflight_fixtures as fx

MB = 1 << 20


def deflate_repeated(chunk: bytes, times: int) -> bytes:
    """zlib data for chunk * times without building it: with a full flush after each copy the
    compressor forgets its history, so every copy compresses to the same bytes."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush()
    adler = 1
    for _ in range(times):  # adler32 runs at GB/s
        adler = zlib.adler32(chunk, adler)
    return b"\x78\xda" + block * times + tail + adler.to_bytes(4, "big")


def _form(pdf: pikepdf.Pdf, ops: bytes, **xobjects: pikepdf.Object) -> pikepdf.Stream:
    form = pdf.make_stream(ops, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 100, 100])
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(**xobjects))
    return pdf.make_indirect(form)


def _after(edit: Callable[[pikepdf.Pdf], None]) -> bytes:
    """A valid fixture with `edit` applied after it is finished, so the trap's streams are saved
    as given (the fixture's own save would inflate and deflate them again)."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(fx.make())) as pdf:
        edit(pdf)
        pdf.save(out)
    return out.getvalue()


def _draw(pdf: pikepdf.Pdf, form: pikepdf.Object) -> None:
    fx.place(pdf, form, "/Fm0", (0.1, 0, 0, 0.1, 20, 20))


def cyclic_forms(n: int = 10) -> bytes:
    """n forms, each drawing every one of them (itself too): n! paths without the memo."""

    def edit(pdf: pikepdf.Pdf) -> None:
        forms = [_form(pdf, b"") for _ in range(n)]
        names = {f"F{i}": f for i, f in enumerate(forms)}
        for f in forms:
            f.write(" ".join(f"q /F{i} Do Q" for i in range(n)).encode() + b" 0 0 0 1 k 0 0 1 1 re f")
            f.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(**names))
        _draw(pdf, forms[0])

    return fx.make(edit=edit)


def form_dag(levels: int = 30, fan: int = 4, shift: bool = False) -> bytes:
    """Form i draws form i+1 `fan` times: fan^levels visits as a tree. With shift each copy is
    placed elsewhere, so no two visits share a context and only the operator bound stops it."""

    def edit(pdf: pikepdf.Pdf) -> None:
        form = _form(pdf, b"0 0 0 1 k 0 0 1 1 re f")
        for _ in range(levels):
            draws = [f"q 0.5 0 0 0.5 {i * 10 if shift else 0} 0 cm /C Do Q" for i in range(fan)]
            form = _form(pdf, " ".join(draws).encode(), C=form)
        _draw(pdf, form)

    return fx.make(edit=edit)


def deep_forms(depth: int = 40) -> bytes:
    """depth distinct forms, each drawing the next once."""

    def edit(pdf: pikepdf.Pdf) -> None:
        form = _form(pdf, b"0 0 0 1 k 0 0 1 1 re f")
        for _ in range(depth):
            form = _form(pdf, b"q /C Do Q", C=form)
        _draw(pdf, form)

    return fx.make(edit=edit)


def many_operators(copies: int = 96, chunk: bytes = b"0 0 m\n" * (MB // 6)) -> bytes:
    """16 M `m` operators (96 MB of content) in one Flate stream of about 100 KB."""

    def edit(pdf: pikepdf.Pdf) -> None:
        data = deflate_repeated(chunk, copies)
        pdf.pages[0].contents_add(pdf.make_stream(data, Filter=pikepdf.Name.FlateDecode))

    return _after(edit)


def huge_image(width: int = 51_200, height: int = 40_960) -> bytes:
    """A gray image of width × height pixels (2 GB of samples) whose Flate stream is 2 MB of zeros."""

    def edit(pdf: pikepdf.Pdf) -> None:
        data = deflate_repeated(bytes(MB), width * height // MB)
        img = pdf.make_stream(data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=width,
                              Height=height, ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8,
                              Filter=pikepdf.Name.FlateDecode)
        fx.place(pdf, img, "/ImHuge", (50, 0, 0, 40, 20, 20))

    assert width * height % MB == 0
    return _after(edit)


def truncated() -> bytes:
    data = fx.make()
    return data[: len(data) // 2]


def garbage_with_header() -> bytes:
    return b"%PDF-1.6\n" + bytes((i * 7919) % 251 for i in range(4096))


def encrypted(user_password: str = "") -> bytes:
    """A valid fixture saved with AES-256 (an owner password; a user password when given)."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(fx.make())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user=user_password, R=6))
    return out.getvalue()


def png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "PNG")
    return buf.getvalue()
