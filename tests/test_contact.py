"""Contact sheet of a build folder: grid, labels, trim crop, broken files, manifest, determinism."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from printprog import contact
from printprog.contact import Entry, Geometry, build_layout, contact_sheet, ellipsize, layout, natural_key

MM = 72 / 25.4
WHEN = dt.datetime(2024, 5, 3, 14, 20)
BLEED = 3 * MM
BLUE = (0.1, 0.3, 0.9)
RED = (1.0, 0.0, 0.0)

CYRILLIC = "лято-флаер.pdf"


def make_pdf(path: Path, w_mm: float, h_mm: float, pages: int = 1, *, fill: tuple[float, float, float] = BLUE,
             white: bool = False) -> None:
    """A page trimmed to w × h mm with 3 mm of red bleed around the trim (which is `fill`, or white)."""
    from reportlab.pdfgen.canvas import Canvas

    w, h = w_mm * MM, h_mm * MM
    c = Canvas(str(path), pagesize=(w + 2 * BLEED, h + 2 * BLEED), invariant=1)
    for n in range(pages):
        c.setTrimBox((BLEED, BLEED, BLEED + w, BLEED + h))
        c.setFillColorRGB(*RED)
        c.rect(0, 0, w + 2 * BLEED, h + 2 * BLEED, fill=1, stroke=0)
        c.setFillColorRGB(*((1, 1, 1) if white else fill))
        c.rect(BLEED, BLEED, w, h, fill=1, stroke=0)
        c.setFillColorRGB(0, 0, 0)
        c.setFont("Helvetica-Bold", min(w, h) / 5)
        c.drawCentredString(BLEED + w / 2, BLEED + h / 2, f"p{n + 1}")
        c.showPage()
    c.save()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "лято-2024"
    folder.mkdir()
    make_pdf(folder / "flyer-2.pdf", 148, 210)
    make_pdf(folder / "flyer-10.pdf", 210, 148)  # landscape
    make_pdf(folder / "flyer-1.pdf", 99, 210, white=True)  # a white page: the frame shows it
    make_pdf(folder / "programme.pdf", 148, 210, pages=2)
    make_pdf(folder / CYRILLIC, 105, 148)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not a PDF")
    (folder / ".hidden.pdf").write_bytes(b"ignored")
    (folder / "notes.txt").write_text("ignored")
    (folder / "sub").mkdir()
    make_pdf(folder / "sub" / "nested.pdf", 50, 50)  # not recursive
    return folder


ORDER = ["broken.pdf", "flyer-1.pdf", "flyer-2.pdf", "flyer-10.pdf", "programme.pdf", CYRILLIC]


def copy(batch: Path, tmp_path: Path) -> Path:
    folder = tmp_path / batch.name
    shutil.copytree(batch, folder)
    return folder


def kib(path: Path) -> str:
    return f"{path.stat().st_size / 1024:,.0f} KiB"


def png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    raw = image.convert("RGB").tobytes()  # (getdata is deprecated in Pillow 13, its successor is new)
    return list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))


def test_writes_png_and_pdf_sized_by_the_grid(batch: Path, tmp_path: Path) -> None:
    folder = copy(batch, tmp_path)
    png_data, pdf_data = contact_sheet(folder, when=WHEN)
    assert (folder / "contact-sheet.png").read_bytes() == png_data
    assert (folder / "contact-sheet.pdf").read_bytes() == pdf_data
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]

    lay = layout(folder, when=WHEN)  # the sheet just written is not a tile of the next one
    assert [t.file for t in lay.tiles] == ORDER
    g = lay.geometry
    assert lay.columns == 3  # ceil(sqrt(6))
    assert (g.box_w, g.box_h) == (300, 300)  # a landscape and portrait pages: a square box
    rows = 2
    w = 2 * g.margin + 3 * g.cell_w + 2 * g.gap_x
    h = 2 * g.margin + g.header_h + rows * (g.box_h + g.label_gap + 2 * g.line_h) + (rows - 1) * g.gap_y
    assert png(png_data).size == lay.size == (w, h)

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf_data)
    try:
        assert len(doc) == 1
        assert doc[0].get_size() == pytest.approx((w * 72 / 150, h * 72 / 150))
    finally:
        doc.close()


def test_explicit_outputs_and_columns(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    png_data, _ = contact_sheet(batch, out_png=out / "sheet.png", out_pdf=out / "sheet.pdf", columns=2,
                                thumb_px=120, when=WHEN)
    assert (out / "sheet.png").is_file() and (out / "sheet.pdf").is_file()
    assert not (batch / "contact-sheet.png").exists()
    lay = layout(batch, columns=2, thumb_px=120, when=WHEN)
    assert lay.columns == 2 and png(png_data).size == lay.size
    assert max(t.image[2] - t.image[0] for t in lay.tiles) == 120  # the landscape page fills the width
    assert len({t.box[3] for t in lay.tiles[:2]}) == 1  # pages stand on one line per row


def test_columns_default_to_square_root_capped_at_eight() -> None:
    def cols(n: int) -> int:
        entries = [Entry(Path(f"f{i}.pdf"), 1000, 1, (420.0, 595.0)) for i in range(n)]
        return build_layout(Path("x"), entries, when=WHEN).columns

    assert [cols(n) for n in (1, 2, 3, 4, 5, 10, 64, 65, 100)] == [1, 2, 2, 2, 3, 4, 8, 8, 8]


def test_portrait_batch_gets_narrow_cells() -> None:
    entries = [Entry(Path(f"f{i}.pdf"), 1000, 1, (420.0, 595.0)) for i in range(4)]
    g = build_layout(Path("x"), entries, when=WHEN).geometry
    assert (g.box_w, g.box_h) == (round(300 * 420 / 595), 300)
    assert g.cell_w == max(g.box_w, 220)


def test_every_tile_shows_something(batch: Path, tmp_path: Path) -> None:
    folder = copy(batch, tmp_path)
    image = png(contact_sheet(folder, when=WHEN)[0])
    lay = layout(folder, when=WHEN)
    ground = contact.GROUND
    for tile in lay.tiles:
        stat = ImageStat.Stat(image.crop(tile.image).convert("L"))
        assert stat.stddev[0] > 5 or stat.mean[0] < 250, f"{tile.file}: blank thumbnail"
        labels = image.crop((tile.cell[0], tile.box[3], tile.cell[2], tile.cell[3])).convert("L")
        assert ImageStat.Stat(labels).stddev[0] > 5, f"{tile.file}: no label drawn"
        # the grey frame just outside the page
        x0, y0, x1, y1 = tile.image
        assert image.getpixel((x0 - 1, (y0 + y1) // 2)) != ground
        assert image.getpixel(((x0 + x1) // 2, y1)) != ground


def test_thumbnail_is_cropped_to_the_trim_box(batch: Path, tmp_path: Path) -> None:
    folder = copy(batch, tmp_path)
    image = png(contact_sheet(folder, when=WHEN)[0])
    tile = next(t for t in layout(folder, when=WHEN).tiles if t.file == "flyer-2.pdf")
    x0, y0, x1, y1 = tile.image
    assert (x1 - x0, y1 - y0) == (round(300 * 148 / 210), 300)
    inner = image.crop((x0 + 1, y0 + 1, x1 - 1, y1 - 1))
    reds = [p for p in pixels(inner) if p[0] > 200 and p[2] < 100]
    assert not reds, "bleed (red) visible inside the trimmed thumbnail"
    for x, y in ((x0, y0), (x1 - 1, y0), (x0, y1 - 1), (x1 - 1, y1 - 1)):  # corners: mostly the trim's blue
        r, _, b = image.getpixel((x, y))
        assert b > r


def test_trim_box_of_a_rotated_page_with_a_crop_box(tmp_path: Path) -> None:
    import pikepdf

    make_pdf(tmp_path / "a.pdf", 100, 200)
    with pikepdf.open(tmp_path / "a.pdf", allow_overwriting_input=True) as pdf:
        page = pdf.pages[0].obj
        # bleed left inside the crop box: 3 mm left and top, 1 mm right and bottom
        page.CropBox = pikepdf.Array([0, 2 * MM, 104 * MM, 206 * MM])
        page.Rotate = 90
        pdf.save(tmp_path / "a.pdf")
    lay = layout(tmp_path, when=WHEN)
    assert lay.tiles[0].labels[1].startswith("200 × 100 mm")  # as it is displayed
    image = png(contact_sheet(tmp_path, when=WHEN)[0])
    x0, y0, x1, y1 = lay.tiles[0].image
    assert (x1 - x0, y1 - y0) == (300, 150)
    inner = image.crop((x0 + 1, y0 + 1, x1 - 1, y1 - 1))
    assert not [p for p in pixels(inner) if p[0] > 200 and p[2] < 100]


def test_labels(batch: Path) -> None:
    lay = layout(batch, when=WHEN)
    labels = {t.file: t.labels for t in lay.tiles}
    assert labels["flyer-2.pdf"] == ("flyer-2.pdf", f"148 × 210 mm · 1 page · {kib(batch / 'flyer-2.pdf')}")
    assert labels["flyer-10.pdf"][1].startswith("210 × 148 mm · 1 page")
    assert labels["programme.pdf"][1] == f"148 × 210 mm · 2 pages (+1) · {kib(batch / 'programme.pdf')}"
    assert labels[CYRILLIC] == (CYRILLIC, f"105 × 148 mm · 1 page · {kib(batch / CYRILLIC)}")
    assert labels["broken.pdf"][1] == f"cannot open · {(batch / 'broken.pdf').stat().st_size} B"
    assert lay.title == "лято-2024"
    assert lay.subtitle == "6 PDFs · 2024-05-03 14:20 · 1 cannot be opened"


def test_every_label_character_is_in_the_font(batch: Path, tmp_path: Path) -> None:
    """No tofu: the shipped font covers every string drawn (✓ and ✗ are drawn as shapes)."""
    from fontTools.ttLib import TTFont

    folder = copy(batch, tmp_path)
    write_manifest(folder, {"flyer-1.pdf": ("Кино „Одеон“, София", True), "flyer-2.pdf": ("Дом на киното", False)})
    lay = layout(folder, when=WHEN)
    cmap = TTFont(contact.font(13).path).getBestCmap()
    text = "".join("".join(t.labels) for t in lay.tiles) + lay.title + lay.subtitle + "cannot open"
    missing = {c for c in text.replace("✓", "").replace("✗", "") if ord(c) not in cmap and not c.isspace()}
    assert not missing


def test_broken_pdf_gets_a_red_tile(batch: Path, tmp_path: Path) -> None:
    folder = copy(batch, tmp_path)
    image = png(contact_sheet(folder, when=WHEN)[0])
    tile = layout(folder, when=WHEN).tiles[0]
    assert tile.file == "broken.pdf" and tile.error
    assert "PDFium" in tile.error or "format" in tile.error.lower()
    colours = image.crop(tile.image).getcolors(1 << 20)
    assert colours is not None
    count, colour = max(colours)
    assert colour == contact.RED_TINT
    assert any(c[0] > 150 and c[1] < 80 for _, c in colours)  # red text


def test_an_empty_page_tree_or_an_empty_file_is_a_tile_too(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    make_pdf(tmp_path / "ok.pdf", 50, 50)
    lay = layout(tmp_path, when=WHEN)
    assert [t.error is not None for t in lay.tiles] == [True, False]
    contact_sheet(tmp_path, when=WHEN)


def test_no_pdfs_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no PDF files in"):
        contact_sheet(tmp_path)
    (tmp_path / ".hidden.pdf").write_bytes(b"x")
    (tmp_path / "contact-sheet.pdf").write_bytes(b"x")  # the sheet itself does not count
    with pytest.raises(ValueError, match="no PDF files in"):
        contact_sheet(tmp_path)


def test_deterministic(batch: Path, tmp_path: Path) -> None:
    a = contact_sheet(batch, out_png=tmp_path / "a.png", out_pdf=tmp_path / "a.pdf", when=WHEN)
    b = contact_sheet(batch, out_png=tmp_path / "b.png", out_pdf=tmp_path / "b.pdf", when=WHEN)
    assert a == b
    assert b"/CreationDate" not in a[1] or b"D:20000101000000" in a[1]  # reportlab's invariant date


def test_date_defaults_to_the_newest_pdf(tmp_path: Path) -> None:
    import os

    make_pdf(tmp_path / "a.pdf", 50, 50)
    make_pdf(tmp_path / "b.pdf", 50, 50)
    stamp = dt.datetime(2023, 7, 1, 9, 30).timestamp()
    os.utime(tmp_path / "a.pdf", (stamp - 3600, stamp - 3600))
    os.utime(tmp_path / "b.pdf", (stamp, stamp))
    assert "2023-07-01 09:30" in layout(tmp_path).subtitle


def test_natural_sort() -> None:
    names = ["flyer-10.pdf", "Flyer-3.pdf", "flyer-2.pdf", "flyer-1.pdf", "flyer-1a.pdf", "a.pdf"]
    assert sorted(names, key=natural_key) == ["a.pdf", "flyer-1.pdf", "flyer-1a.pdf", "flyer-2.pdf",
                                              "Flyer-3.pdf", "flyer-10.pdf"]


def test_long_names_lose_their_middle() -> None:
    f = contact.font(15, "600SemiBold")
    name = "plovdiv-kino-lucky-open-air-summer-screening-programme-week-12-final.pdf"
    short = ellipsize(name, f, 220)
    assert f.getlength(short) <= 220 and "…" in short
    assert short.startswith("plovdiv") and short.endswith(".pdf")
    assert ellipsize("a.pdf", f, 220) == "a.pdf"


def write_manifest(folder: Path, records: dict[str, tuple[str, object]], extra: list[dict] | None = None) -> None:
    data = [{"file": name, "venue": venue, "format": "a5", "pages": 1,
             "sha256": hashlib.sha256((folder / name).read_bytes()).hexdigest(), "preflight": verdict}
            for name, (venue, verdict) in records.items()]
    (folder / "manifest.json").write_text(json.dumps(data + (extra or []), ensure_ascii=False), encoding="utf-8")


def test_manifest_venues_and_preflight(batch: Path, tmp_path: Path) -> None:
    folder = copy(batch, tmp_path)
    report = {"ok": False, "findings": [{"rule": "boxes", "ok": False}, {"rule": "fonts", "ok": False},
                                        {"rule": "boxes", "ok": False}, {"rule": "syntax", "ok": True}]}
    write_manifest(folder, {"flyer-1.pdf": ("Кино Арена", True), "flyer-2.pdf": ("Дом на киното", "fail"),
                            "flyer-10.pdf": ("Lucky", report), CYRILLIC: ("Кино Одеон", None),
                            "programme.pdf": ("Lucky", "pass")},
                   extra=[{"file": "gone.pdf", "venue": "x", "preflight": True}])
    (folder / "programme.pdf").write_bytes((folder / "programme.pdf").read_bytes() + b"\n")  # changed since
    png_data, _ = contact_sheet(folder, when=WHEN)
    lay = layout(folder, when=WHEN)
    labels = {t.file: t.labels[2] for t in lay.tiles}
    assert labels == {"broken.pdf": "not in manifest",
                      "flyer-1.pdf": "Кино Арена · ✓ pass",
                      "flyer-2.pdf": "Дом на киното · ✗ fail",
                      "flyer-10.pdf": "Lucky · ✗ fail (2)",
                      CYRILLIC: "Кино Одеон",
                      "programme.pdf": "Lucky · ✓ pass · changed since manifest"}
    assert lay.subtitle == "6 PDFs · 2024-05-03 14:20 · 2 passed · 2 failed · 1 cannot be opened"
    assert lay.notice == "manifest.json lists 1 missing file: gone.pdf"

    g = lay.geometry
    image = png(png_data)
    assert image.size == lay.size
    assert lay.size[1] == 2 * g.margin + g.header_h + 2 * (g.box_h + g.label_gap + 3 * g.line_h) + g.gap_y

    def line3(name: str) -> list[tuple[int, int, int]]:
        tile = next(t for t in lay.tiles if t.file == name)
        top = tile.box[3] + g.label_gap + 2 * g.line_h
        return pixels(image.crop((tile.cell[0], top, tile.cell[2], top + g.line_h)))

    def has(found: list[tuple[int, int, int]], colour: tuple[int, int, int]) -> bool:
        return any(all(abs(a - b) <= 12 for a, b in zip(p, colour, strict=True)) for p in found)

    assert has(line3("flyer-1.pdf"), contact.GREEN) and not has(line3("flyer-1.pdf"), contact.RED)
    assert has(line3("flyer-2.pdf"), contact.RED) and not has(line3("flyer-2.pdf"), contact.GREEN)
    assert not has(line3(CYRILLIC), contact.GREEN) and not has(line3(CYRILLIC), contact.RED)
    assert has(line3("programme.pdf"), contact.AMBER)


def test_unreadable_manifest_is_reported_not_fatal(batch: Path, tmp_path: Path) -> None:
    folder = copy(batch, tmp_path)
    (folder / "manifest.json").write_text("[{", encoding="utf-8")
    contact_sheet(folder, when=WHEN)
    lay = layout(folder, when=WHEN)
    assert lay.notice and lay.notice.startswith("manifest.json unreadable")
    assert all(t.labels[2] == "not in manifest" for t in lay.tiles)


def test_geometry_scales_with_the_thumbnail() -> None:
    small, large = Geometry.for_batch(150, [], 2), Geometry.for_batch(600, [], 2)
    assert small.name_px < large.name_px and small.margin < large.margin
    assert small.cell_w >= small.box_w
