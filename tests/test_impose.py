"""Imposition on press sheets: plan geometry, cut-and-stack order, marks, the finished sheet file.

Inputs are small flyers made here (reportlab + pdfx.finish, like our own output: TrimBox,
BleedBox, registration crop marks outside the bleed, an embedded font), each with its own
background colour and a black square near the head, so pixels tell which item sits where and
which way up. Sheets are rendered in small crops only, to keep the tests fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
from pathlib import Path

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest

from printprog.build import Request, load_print
from printprog.impose import MARK_REACH, MM, SHEETS, Imposition, cut_marks, impose, plan, slug_position
from printprog.plan import MARK_LENGTH, MARK_OFFSET, MARK_WEIGHT

WHEN = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.timezone.utc)
A6, A5, DL = (105 * MM, 148 * MM), (148 * MM, 210 * MM), (99 * MM, 210 * MM)
BLEED, GUTTER, GRIPPER, MARGIN = 3 * MM, 4 * MM, 10 * MM, 5 * MM
# eight clearly different backgrounds (CMYK); pdfium renders them as distinct RGB
COLOURS = [(1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (1, 1, 0, 0), (0, 1, 1, 0), (1, 0, 1, 0),
           (0.5, 0, 0, 0), (0, 0.5, 0, 0)]
MARKER = 12 * MM  # black square, 8 mm in from the trim's top-left corner


# ---------------------------------------------------------------- inputs

def make_flyer(path: Path, colour: tuple[float, ...], label: str, size: tuple[float, float] = A6,
               bleed: float = BLEED, pages: int = 1) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    from printprog.render.sheets import slug_font
    from printprog.prepress.pdfx import Meta, finish

    font = slug_font()  # an embedded TrueType font (sofia-sans)
    w, h = size
    o = bleed + MARK_REACH + 1 * MM  # trim origin inside the media box
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1, pageCompression=1, initialFontName=font, initialFontSize=10)
    for p in range(pages):
        c.setPageSize((w + 2 * o, h + 2 * o))
        c.setBleedBox((o - bleed, o - bleed, o + w + bleed, o + h + bleed))
        c.setTrimBox((o, o, o + w, o + h))
        ops = [f"q {' '.join(map(str, colour))} k {o - bleed} {o - bleed} {w + 2 * bleed} {h + 2 * bleed} re f Q",
               f"q 0 0 0 1 k {o + 8 * MM} {o + h - 8 * MM - MARKER} {MARKER} {MARKER} re f Q"]
        c.addLiteral("\n".join(ops))
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont(font, 14)
        c.setFillOverprint(True)  # black text overprints, as printprog sets it
        c.setOverprintMask(True)
        c.drawCentredString(o + w / 2, o + h / 2, f"{label} p{p + 1}")
        c.setFillOverprint(False)
        c.setOverprintMask(False)
        # crop marks like render/pdf.py: registration, outside the bleed
        from reportlab.lib.colors import CMYKColorSep

        c.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName="All"))
        marks = ["q /All CS 1 SCN 0.3 w 0 J"]
        a, b = bleed + MARK_OFFSET, bleed + MARK_OFFSET + MARK_LENGTH
        for x, sx in ((o, -1), (o + w, 1)):
            for y, sy in ((o, -1), (o + h, 1)):
                marks.append(f"{x + sx * a} {y} m {x + sx * b} {y} l S {x} {y + sy * a} m {x} {y + sy * b} l S")
        c.addLiteral(" ".join(marks) + " Q")
        c.showPage()
    c.save()
    shop, intent = _shop("default")
    pdf = finish(buf.getvalue(), flavour="x4", meta=Meta(label, "test", "flyer", "bg"), intent=intent, when=WHEN)
    path.write_bytes(pdf)
    return path


@functools.cache
def _shop(name: str):  # type: ignore[no-untyped-def]
    return load_print(Request("a4", Path("unused"), shop=name))


@pytest.fixture(scope="module")
def flyers(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    d = tmp_path_factory.mktemp("flyers")
    return [make_flyer(d / f"venue{i}.pdf", COLOURS[i], f"Venue {i}") for i in range(7)]


@pytest.fixture(scope="module")
def sheet7(flyers: list[Path]) -> tuple[bytes, Imposition]:
    """Seven A6 flyers, 4-up on SRA3: two sheets, one blank slot."""
    shop, intent = _shop("default")
    return impose(flyers, sheet="SRA3", nup=4, shop=shop, intent=intent, when=WHEN, title="Лято 2025 flyers")


# ---------------------------------------------------------------- rendering helpers

def render_box(pdf: bytes | Path, page: int, box: tuple[float, float, float, float], dpi: float) -> np.ndarray:
    """RGB pixels of `box` (points, page coordinates) of one page."""
    doc = pdfium.PdfDocument(pdf)
    try:
        pg = doc[page]
        w, h = pg.get_size()
        x0, y0, x1, y1 = box
        img = pg.render(scale=dpi / 72, crop=(x0, y0, w - x1, h - y1), rev_byteorder=True).to_numpy()
        return img[..., :3].astype(int)
    finally:
        doc.close()


def trim_pixels(pdf: Path, dpi: float) -> np.ndarray:
    with pikepdf.open(pdf) as p:
        box = tuple(float(v) for v in p.pages[0].trimbox)
    return render_box(pdf, 0, box, dpi)  # type: ignore[arg-type]


# ---------------------------------------------------------------- plan(): geometry

# (sheet, trim, upright cols × rows, rotated cols × rows) with 3 mm bleed, 4 mm gutter,
# 10 mm gripper, 5 mm margins and 7 mm mark room beyond the outer bleeds. Worked example,
# A6 upright on SRA3: cells 111 × 154 mm at a pitch of 115 × 158 mm; width for the grid
# 320 − 2·5 − 2·7 = 296 mm → 2 columns (2·115 − 4 = 226; 3 would need 341); height
# 450 − 10 − 5 − 2·7 = 421 mm → 2 rows (312; 3 would need 470). Rotated: cells 154 × 111 →
# 1 column (2 would need 312 > 296) × 3 rows (341; 4 would need 456) = 3. Auto picks 4 upright.
EXPECTED = [
    ("SRA3", A6, (2, 2), (1, 3)),
    ("SRA3", A5, (1, 1), (1, 2)),
    ("SRA3", DL, (2, 1), (1, 3)),
    ("A3", A6, (2, 2), (1, 3)),
    ("A3", A5, (1, 1), (1, 2)),
    ("A3", DL, (2, 1), (1, 3)),
    ("SRA2", A6, (3, 3), (2, 5)),
    ("B2", A5, (3, 3), (2, 4)),
]


def _grid_count(avail_mm: float, cell_mm: float) -> int:
    """Independent arithmetic: n cells of cell_mm + 2·3 mm bleed with 4 mm between them."""
    n = 0
    while (n + 1) * (cell_mm + 6) + n * 4 <= avail_mm + 1e-9:
        n += 1
    return n


@pytest.mark.parametrize("sheet,trim,upright,rotated", EXPECTED)
def test_plan_counts_both_orientations(sheet, trim, upright, rotated) -> None:  # type: ignore[no-untyped-def]
    w_mm, h_mm = SHEETS[sheet][0] / MM, SHEETS[sheet][1] / MM
    tw, th = trim[0] / MM, trim[1] / MM
    aw, ah = w_mm - 2 * 5 - 2 * 7, h_mm - 10 - 5 - 2 * 7
    assert upright == (_grid_count(aw, tw), _grid_count(ah, th))
    assert rotated == (_grid_count(aw, th), _grid_count(ah, tw))
    for rot, (cols, rows) in ((False, upright), (True, rotated)):
        imp = plan(*trim, BLEED, 1, sheet, rotate=rot)
        assert (imp.cols, imp.rows, imp.rotated, imp.copies_per_sheet) == (cols, rows, rot, cols * rows)
    auto = plan(*trim, BLEED, 1, sheet)
    best = max((upright[0] * upright[1], 0), (rotated[0] * rotated[1], -1))
    assert auto.copies_per_sheet == best[0]
    assert auto.rotated == (best[1] == -1)


@pytest.mark.parametrize("sheet,trim,rotate", [(s, t, r) for s, t, *_ in EXPECTED for r in (False, True)])
def test_plan_cells_never_overlap_and_stay_inside_margins(sheet, trim, rotate) -> None:  # type: ignore[no-untyped-def]
    imp = plan(*trim, BLEED, 50, sheet, rotate=rotate)
    w, h = SHEETS[sheet]
    boxes = imp.cell_bleed_boxes()
    assert len(boxes) == imp.copies_per_sheet
    for x0, y0, x1, y1 in boxes:
        assert x1 - x0 == pytest.approx(imp.cell[0] + 2 * BLEED) and y1 - y0 == pytest.approx(imp.cell[1] + 2 * BLEED)
        # the trim (and bleed, and the room for the outer marks) is on the sheet, inside the margins
        assert x0 - MARK_REACH >= MARGIN - 1e-6 and x1 + MARK_REACH <= w - MARGIN + 1e-6
        assert y0 - MARK_REACH >= GRIPPER - 1e-6 and y1 + MARK_REACH <= h - MARGIN + 1e-6
    for a, b in itertools.combinations(boxes, 2):
        gap = max(b[0] - a[2], a[0] - b[2], b[1] - a[3], a[1] - b[3])
        assert gap >= GUTTER - 1e-3  # bleeds never overlap; neighbours are a gutter apart
    for s in imp.sheets:
        for slot in s.slots:
            assert slot.rotated == rotate
            assert (slot.x, slot.y) == imp.cells[s.slot_numbers[s.slots.index(slot)]]


def test_plan_reading_order_and_centring() -> None:
    imp = plan(*A6, BLEED, 4, "SRA3")
    xs = [c[0] for c in imp.cells]
    ys = [c[1] for c in imp.cells]
    assert xs[0] == xs[2] < xs[1] == xs[3]  # columns left to right
    assert ys[0] == ys[1] > ys[2] == ys[3]  # row 0 on top
    boxes = imp.cell_bleed_boxes()
    left, right = min(b[0] for b in boxes), SHEETS["SRA3"][0] - max(b[2] for b in boxes)
    assert left == pytest.approx(right, abs=1e-3)


def test_nup_n_and_errors() -> None:
    imp = plan(*A6, BLEED, 6, "SRA3", nup=3)
    assert imp.copies_per_sheet == 3 and len(imp.sheets) == 2
    assert (imp.cols * imp.rows, imp.rotated) == (3, True)  # 1 × 3 rotated: no empty cell
    imp = plan(*A6, BLEED, 6, "SRA3", nup="2")
    assert imp.copies_per_sheet == 2 and not imp.rotated and imp.cols * imp.rows == 2
    with pytest.raises(ValueError, match=r"5 copies do not fit.*at most 4 \(2 × 2 upright; 1 × 3 rotated\)"):
        plan(*A6, BLEED, 6, "SRA3", nup=5)
    with pytest.raises(ValueError, match="not even one copy fits"):
        plan(500 * MM, 700 * MM, BLEED, 1, "A3")
    with pytest.raises(ValueError, match="unknown sheet 'A9'"):
        plan(*A6, BLEED, 1, "A9")
    with pytest.raises(ValueError, match="'auto' or a whole number"):
        plan(*A6, BLEED, 1, "SRA3", nup="many")
    assert plan(*A6, BLEED, 1, "sra3", nup="AUTO").sheets[0].sheet == "SRA3"


# ---------------------------------------------------------------- cut-and-stack

def test_cut_and_stack_seven_items_four_up() -> None:
    imp = plan(*A6, BLEED, 7, "SRA3", nup=4)
    assert len(imp.sheets) == 2  # S = ceil(7 / 4)
    by_sheet = [{n: s.item for n, s in zip(sh.slot_numbers, sh.slots)} for sh in imp.sheets]
    assert by_sheet == [{0: 0, 1: 2, 2: 4, 3: 6}, {0: 1, 1: 3, 2: 5}]  # slot j, sheet s: item j·S + s
    # cutting the stack (sheet 0 on top) into piles and stacking pile 0, 1, 2, 3 gives 0 … 6
    piles = [[by_sheet[s][j] for s in range(2) if j in by_sheet[s]] for j in range(4)]
    assert [i for pile in piles for i in pile] == list(range(7))


@pytest.mark.parametrize("files,k,sheets", [(1, 4, 1), (4, 4, 1), (5, 4, 2), (8, 4, 2), (9, 4, 3), (10, 3, 4)])
def test_sheet_count(files: int, k: int, sheets: int) -> None:
    imp = plan(*A6, BLEED, files, "SRA3", nup=k)
    assert len(imp.sheets) == sheets
    items = sorted(s.item for sh in imp.sheets for s in sh.slots)
    assert items == list(range(files))  # every item exactly once


# ---------------------------------------------------------------- cut marks (geometry)

def _touches(seg: tuple[float, ...], box: tuple[float, ...], tol: float = 0.0) -> bool:
    x0, y0, x1, y1 = min(seg[0], seg[2]), min(seg[1], seg[3]), max(seg[0], seg[2]), max(seg[1], seg[3])
    return x0 < box[2] + tol and box[0] - tol < x1 and y0 < box[3] + tol and box[1] - tol < y1


@pytest.mark.parametrize("gutter", [0.0, 2 * MM, 4 * MM, 12 * MM])
def test_marks_on_trim_lines_outside_every_bleed(gutter: float) -> None:
    imp = plan(*A6, BLEED, 3, "SRA3", nup=4, gutter=gutter)  # 2 × 2 with one blank cell
    sheet = imp.sheets[0]
    segs = cut_marks(imp, sheet)
    cells = imp.cell_bleed_boxes()
    trims = [imp.trim_box(s) for s in sheet.slots]
    xs = {v for t in trims for v in (t[0], t[2])}
    ys = {v for t in trims for v in (t[1], t[3])}
    for seg in segs:
        for box in cells:  # no mark over any bleed box, the blank cell's included
            assert not _touches(seg, box, MARK_WEIGHT / 2), (seg, box)
        vertical = seg[0] == seg[2]
        on = min(abs(seg[0] - v) for v in xs) if vertical else min(abs(seg[1] - v) for v in ys)
        assert on < 1e-2  # on a trim line
        length = abs(seg[3] - seg[1]) if vertical else abs(seg[2] - seg[0])
        assert 1 * MM - 1e-3 <= length <= MARK_LENGTH + 1e-3
    # every corner of every copy has its two outer marks (full length, 2 mm off the bleed)
    sw, sh = SHEETS["SRA3"]
    outer = [s for s in segs if abs((s[3] - s[1]) + (s[2] - s[0]) - MARK_LENGTH) < 1e-2]
    assert len(outer) >= 8
    blank = imp.cells[3]  # the blank slot: no marks of its own below or right of it
    bx1, by0 = blank[0] + imp.cell[0], blank[1]
    assert not [s for s in segs if s[0] == s[2] and abs(s[0] - bx1) < 1e-2 and s[3] < by0]
    if gutter >= 2 * MM:  # gutter marks: shortened to fit between the bleeds
        between = [s for s in segs if s[1] == s[3] and cells[0][2] <= min(s[0], s[2]) and max(s[0], s[2]) <= cells[1][0]]
        assert between and all(abs(s[2] - s[0]) < gutter for s in between)
    else:
        assert not [s for s in segs if s[1] == s[3] and cells[0][2] <= min(s[0], s[2]) <= cells[1][0]]


# ---------------------------------------------------------------- the sheet file

def test_sheet_pages_boxes_and_pdfx(sheet7: tuple[bytes, Imposition]) -> None:
    pdf, imp = sheet7
    w, h = SHEETS["SRA3"]
    with pikepdf.open(io.BytesIO(pdf)) as p:
        assert len(p.pages) == 2
        for page in p.pages:
            for key in ("/MediaBox", "/TrimBox", "/BleedBox"):
                assert [float(v) for v in page.obj[key]] == pytest.approx([0, 0, w, h], abs=1e-3)
            xobjects = page.Resources.XObject
            assert all(xo.Subtype == pikepdf.Name.Form for xo in xobjects.values())
        assert len(p.pages[0].Resources.XObject) == 4 and len(p.pages[1].Resources.XObject) == 3
        form = next(iter(p.pages[0].Resources.XObject.values()))
        with pikepdf.open(imp.sheets[0].slots[0].file) as src:
            assert [float(v) for v in form.BBox] == pytest.approx([float(v) for v in src.pages[0].bleedbox])
        assert str(p.Root.OutputIntents[0].S) == "/GTS_PDFX"
        assert str(p.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
        assert p.pdf_version == "1.6"
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in p.Root.Metadata.read_bytes()
        assert str(p.docinfo.Title) == "Лято 2025 flyers"


def test_x1a_shop_and_deterministic_bytes(flyers: list[Path]) -> None:
    shop, intent = _shop("conservative-x1a")
    a, imp = impose(flyers[:3], sheet="A3", shop=shop, intent=intent, when=WHEN, title="t")
    b, _ = impose(flyers[:3], sheet="A3", shop=shop, intent=intent, when=WHEN, title="t")
    assert a == b
    with pikepdf.open(io.BytesIO(a)) as p:
        assert p.pdf_version == "1.4"
        assert str(p.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003"
        assert len(p.Root.OutputIntents) == 1
    c, _ = impose(flyers[:3], sheet="A3", shop=shop, intent=intent, when=WHEN + dt.timedelta(days=1), title="t")
    assert c != a


def test_sheet_pixels_content_orientation_and_order(sheet7: tuple[bytes, Imposition], flyers: list[Path]) -> None:
    pdf, imp = sheet7
    dpi = 24
    reference = {str(f): trim_pixels(f, dpi) for f in flyers}
    for n, sheet in enumerate(imp.sheets):
        for slot in sheet.slots:
            got = render_box(pdf, n, imp.trim_box(slot), dpi)
            want = reference[slot.file]
            if slot.rotated:
                want = np.rot90(want)  # placed 90° counter-clockwise
            hh, ww = min(got.shape[0], want.shape[0]), min(got.shape[1], want.shape[1])
            diff = np.abs(got[2:hh - 2, 2:ww - 2] - want[2:hh - 2, 2:ww - 2])
            assert diff.mean() < 6, (n, slot)
            assert Path(slot.file).name == f"venue{slot.item}.pdf"  # cut-and-stack: item j·S + s


def test_sheet_pixels_marks_dark_and_bleed_kept(sheet7: tuple[bytes, Imposition]) -> None:
    pdf, imp = sheet7
    dpi = 600  # 0.3 pt = 2.5 px
    for n, sheet in enumerate(imp.sheets):
        segs = cut_marks(imp, sheet)
        for seg in (segs[0], segs[len(segs) // 2], segs[-1]):
            mx, my = (seg[0] + seg[2]) / 2, (seg[1] + seg[3]) / 2
            px = render_box(pdf, n, (mx - 2, my - 2, mx + 2, my + 2), dpi)
            assert px.sum(axis=2).min() < 150, seg  # registration renders black
    # the bleed is kept: just outside the trim, inside the bleed, the copy's colour; just outside the bleed, paper
    slot = imp.sheets[0].slots[0]
    x0, y0, x1, y1 = imp.trim_box(slot)
    inside = render_box(pdf, 0, (x0 + 20, y0 - 2 * MM, x0 + 22, y0 - 1 * MM), 72)
    outside = render_box(pdf, 0, (x0 + 20, y0 - BLEED - 1.6 * MM, x0 + 22, y0 - BLEED - 0.6 * MM), 72)
    assert inside.mean() < 200 and outside.min() > 250  # the input's own crop marks are clipped away


def test_blank_slot_has_no_marks_and_slug(sheet7: tuple[bytes, Imposition]) -> None:
    pdf, imp = sheet7
    blank = imp.cell_bleed_boxes()[3]
    assert 3 not in imp.sheets[1].slot_numbers
    x0, y0, x1, y1 = blank
    px = render_box(pdf, 1, (x0 - 1 * MM, y0 - MARK_REACH, x1 + MARK_REACH, y1), 36)
    assert px.min() > 250  # the blank cell, its gutters towards the bottom and right: empty
    doc = pdfium.PdfDocument(pdf)
    try:
        texts = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    assert "sheet 1/2" in texts[0] and "sheet 2/2" in texts[1]
    assert "2025-06-01" in texts[0] and "Лято" in texts[0] and "4-up SRA3" in texts[0]
    x, y, width = slug_position(imp, imp.sheets[0])
    assert y - 2 > max(b[3] for b in imp.cell_bleed_boxes())  # above every bleed


def test_own_marks_in_registration_never_over_a_copy(sheet7: tuple[bytes, Imposition]) -> None:
    from printprog.prepress import pdfscan

    pdf, imp = sheet7
    with pikepdf.open(io.BytesIO(pdf)) as p:
        scan = pdfscan.scan(p)
    own = [q for q in scan.paths if q.where == "page" and q.space.is_registration]
    assert len(own) == sum(len(cut_marks(imp, s)) for s in imp.sheets)
    assert {q.line_width_eff for q in own} == {MARK_WEIGHT}
    assert all(q.colour == (1.0,) for q in own)
    for q in own:
        assert not any(pdfscan.overlaps(q.bbox, b) for b in imp.cell_bleed_boxes())
    texts = [t for t in scan.texts if t.where == "page"]  # the slug: K only, 7 pt
    assert texts and all(t.size_eff >= 6 and t.paints[0][1] == (0, 0, 0, 1) for t in texts)


def test_mismatched_trim_sizes(tmp_path: Path, flyers: list[Path]) -> None:
    odd = make_flyer(tmp_path / "big.pdf", COLOURS[0], "big", size=A5)
    shop, intent = _shop("default")
    with pytest.raises(ValueError, match=r"big\.pdf page 1 has a trim size of 148 × 210 mm, but .*venue0\.pdf page 1 "
                                         r"has 105 × 148 mm"):
        impose([flyers[0], odd], shop=shop, intent=intent, when=WHEN, title="x")


def test_multi_page_file_pages_are_items(tmp_path: Path, flyers: list[Path]) -> None:
    two = make_flyer(tmp_path / "two.pdf", COLOURS[6], "two", pages=2)
    shop, intent = _shop("default")
    pdf, imp = impose([two, flyers[1]], nup=2, shop=shop, intent=intent, when=WHEN, title="x")
    placed = [(s.item, Path(s.file).name, s.page_index) for sh in imp.sheets for s in sh.slots]
    # items: two.pdf p1, two.pdf p2, venue1.pdf; S = 2: sheet 0 holds items 0, 2; sheet 1 item 1
    assert placed == [(0, "two.pdf", 0), (2, "venue1.pdf", 0), (1, "two.pdf", 1)]


# ---------------------------------------------------------------- preflight

def _preflight(pdf: bytes, shop):  # type: ignore[no-untyped-def]
    preflight = pytest.importorskip("printprog.prepress.preflight")
    return preflight.check(pdf, shop)


@pytest.mark.parametrize("shop_name", ["default", "conservative-x1a"])
def test_preflight_on_real_product(built, shop_name: str) -> None:  # type: ignore[no-untyped-def]
    """An a4 programme (real fonts, real marks) imposed 1-up: every rule passes except the
    registration-inside-BleedBox check, which cannot hold on a press sheet (see below)."""
    shop, intent = _shop(shop_name)
    pdf, imp = impose([built("a4")], sheet="SRA3", shop=shop, intent=intent, when=WHEN, title="a4")
    assert imp.copies_per_sheet == 1 and len(imp.sheets) == 2
    report = _preflight(pdf, shop)
    others = [f for f in report.failures if f.rule != "ink-coverage"]
    assert not others, "\n".join(f.line() for f in others)
    assert all("registration colour" in f.message for f in report.failed("ink-coverage"))


def test_preflight_passes_fully(sheet7: tuple[bytes, Imposition]) -> None:
    shop, _ = _shop("default")
    report = _preflight(sheet7[0], shop)
    assert report.ok, report.format_text()
