"""The PDF a print shop receives: page boxes, fonts, colour spaces, metadata."""

from __future__ import annotations

import pikepdf
import pytest

from printprog.lengths import pt
from tests.conftest import content_operators

A4 = (pt(210), pt(297))
BLEED = pt(3)


def _box(page: pikepdf.Page, name: str) -> list[float]:
    return [float(v) for v in page.obj[name]]


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_page_boxes_nest_and_trim_is_exactly_a4(built, lang: str) -> None:
    with pikepdf.open(built("a4", lang)) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            media, bleed, trim = (_box(page, n) for n in ("/MediaBox", "/BleedBox", "/TrimBox"))
            assert trim[2] - trim[0] == pytest.approx(A4[0], abs=0.01)
            assert trim[3] - trim[1] == pytest.approx(A4[1], abs=0.01)
            # bleed is 3 mm on every side of the trim
            for i, sign in enumerate((-1, -1, 1, 1)):
                assert bleed[i] == pytest.approx(trim[i] + sign * BLEED, abs=0.01)
            # MediaBox ⊇ BleedBox ⊇ TrimBox
            assert media[0] <= bleed[0] <= trim[0] and media[1] <= bleed[1] <= trim[1]
            assert media[2] >= bleed[2] >= trim[2] and media[3] >= bleed[3] >= trim[3]


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    seen = {}
    for page in pdf.pages:
        for _, font in page.Resources.get("/Font", {}).items():
            seen[font.objgen] = font
    return list(seen.values())


def test_every_font_is_an_embedded_truetype_subset(built) -> None:
    with pikepdf.open(built()) as pdf:
        fonts = _fonts(pdf)
        assert len(fonts) >= 6
        for font in fonts:
            base = str(font.BaseFont)
            assert font.Subtype == "/TrueType", base
            assert "+" in base, f"{base} is not a subset"
            assert "/FontFile2" in font.FontDescriptor, f"{base} is not embedded"
            assert "Helvetica" not in base and "Times" not in base


def test_no_font_other_than_the_shipped_families(built) -> None:
    with pikepdf.open(built()) as pdf:
        families = {str(f.BaseFont).split("+", 1)[1].split("-")[0] for f in _fonts(pdf)}
    assert families <= {"SofiaSans", "SofiaSansExtraCondensed", "Oswald", "SourceSerif4", "SourceSerif4BG",
                        "SofiaSansExtraCondensedTitle"}


COLOUR_OPERATORS = {"rg", "RG", "g", "G", "sc", "SC", "scn", "SCN", "cs", "CS", "k", "K"}


def test_every_colour_is_cmyk_and_text_is_pure_black(built) -> None:
    ops = content_operators(built())
    colour_ops = {op for _, op, _ in ops if op in COLOUR_OPERATORS}
    assert colour_ops <= {"k", "K", "CS", "SCN"}, f"non-CMYK colour operators: {colour_ops}"
    # the only named colour space is the registration colour of the crop marks
    assert {str(args[0]) for _, op, args in ops if op == "CS"} == {"/All"}
    # the fill colour in force at every text-showing operator is 0/0/0/100
    fill = None
    shown = 0
    for _, op, args in ops:
        if op == "k":
            fill = tuple(float(a) for a in args)
        elif op in ("TJ", "Tj"):
            assert fill == (0, 0, 0, 1), f"text drawn in {fill}"
            shown += 1
    assert shown > 50


def test_no_images_and_no_rgb_anywhere(built) -> None:
    with pikepdf.open(built()) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) or isinstance(obj, pikepdf.Stream):
                assert obj.get("/ColorSpace") not in ("/DeviceRGB", "/CalRGB")
                assert obj.get("/Subtype") != "/Image" or obj.get("/ColorSpace") in ("/DeviceCMYK", "/DeviceGray")


def test_metadata(built) -> None:
    with pikepdf.open(built()) as pdf:
        info = pdf.docinfo
        assert str(info.Title).startswith("Лято (2018)")
        assert str(info.Author) == "Кирил Серебреников"
        assert info.Trapped == pikepdf.Name("/False")
        assert str(info.CreationDate).startswith("D:") and info.CreationDate == info.ModDate
        assert str(pdf.Root.Lang) == "bg"
        assert len(pdf.trailer.ID) == 2


def test_font_programs_carry_only_what_a_pdf_reads(built) -> None:
    """Subsets drop the name table (1.3–7 KB each, never read from an embedded program), keep the
    tables ISO 32000-1 §9.9 uses, and stay valid sfnt files: per-table and whole-file checksums."""
    import io
    import struct

    from fontTools.ttLib import TTFont

    with pikepdf.open(built()) as pdf:
        for font in _fonts(pdf):
            program = font.FontDescriptor.FontFile2.read_bytes()
            face = TTFont(io.BytesIO(program), checkChecksums=2)
            tags = set(face.reader.keys())
            assert "name" not in tags, font.BaseFont
            assert {"head", "hhea", "loca", "maxp", "glyf", "hmtx", "cmap", "OS/2"} <= tags, font.BaseFont
            for tag in tags:
                face.reader[tag]  # raises on a wrong table checksum
            padded = program + b"\0" * (-len(program) % 4)
            assert sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF == 0xB1B0AFBA


def test_output_profile_and_object_streams_are_deflated(built) -> None:
    """The DestOutputProfile is the shipped zopfli stream; object streams are compressed; the XMP
    packet stays plain text (a shop's tools read it without inflating)."""
    from tests.conftest import ROOT

    shipped = (ROOT / "icc" / "printprog-FOGRA39L.icc.zopfli").read_bytes()
    with pikepdf.open(built()) as pdf:
        assert pdf.Root.OutputIntents[0].DestOutputProfile.read_raw_bytes() == shipped
        kinds = {}
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Type") in ("/ObjStm", "/Metadata"):
                kinds[str(obj.stream_dict.Type)] = obj.stream_dict.get("/Filter")
        assert kinds["/ObjStm"] == "/FlateDecode"
        assert kinds["/Metadata"] is None
