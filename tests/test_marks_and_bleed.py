"""Bleed and crop marks, checked on pixels of a tiny page (1 px = 0.1 mm)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from printprog.build import Request, build
from printprog.proof import page_pngs
from tests.conftest import DATA
from tests.helpers_load import link_images

PX_PER_MM = 10
TINY = """
name: tiny
description: a 20 mm test card
size: [20mm, 20mm]
margins: 6mm
paper: {paper}
styles:
  s: {{font: sofia-sans/regular, size: 6pt}}
pages:
  - name: card
    regions:
      r: {{x: 6mm, y: 6mm, width: 8mm, height: 1mm}}
    blocks:
      - {{type: rule, region: r, weight: 0.5pt}}
"""


def _render(tmp_path: Path, paper: str, shop: str = "default") -> Image.Image:
    layout = tmp_path / "tiny.yaml"
    layout.write_text(TINY.format(paper=paper), encoding="utf-8")
    link_images(tmp_path)
    pdf = build(Request(str(layout), DATA, "bg", tmp_path / "out", shop=shop)).pdf
    [png] = page_pngs(pdf.read_bytes(), dpi=25.4 * PX_PER_MM)
    return Image.open(io.BytesIO(png)).convert("L")


def _at(img: Image.Image, x_mm: float, y_mm: float) -> int:
    return img.getpixel((round(x_mm * PX_PER_MM), round(y_mm * PX_PER_MM)))


# the media box is the trim (20 mm) + bleed (3) + mark gap (2) + mark (5) + margin (1) on each side
TRIM0 = 3 + 2 + 5 + 1


def test_media_box_has_room_for_marks_outside_the_bleed(tmp_path: Path) -> None:
    img = _render(tmp_path, "black")
    assert all(abs(v - (20 + 2 * TRIM0) * PX_PER_MM) <= 1 for v in img.size)


def test_background_reaches_the_bleed_box_and_stops_there(tmp_path: Path) -> None:
    img = _render(tmp_path, "black")
    b0, b1 = TRIM0 - 3, TRIM0 + 20 + 3  # bleed box edges in mm
    for x, y in ((b0 + 0.2, b0 + 0.2), (b1 - 0.2, b0 + 0.2), (b0 + 0.2, b1 - 0.2), (b1 - 0.2, b1 - 0.2),
                 (TRIM0 + 10, b0 + 0.2), (b0 + 0.2, TRIM0 + 10)):
        assert _at(img, x, y) < 40, f"bleed not black at {x},{y} mm"
    for x, y in ((b0 - 0.3, TRIM0 + 10), (b1 + 0.3, TRIM0 + 10), (TRIM0 + 10, b0 - 0.3), (TRIM0 + 10, b1 + 0.3)):
        assert _at(img, x, y) > 215, f"ink outside the bleed at {x},{y} mm"


@pytest.mark.parametrize("corner", [(0, 0), (1, 0), (0, 1), (1, 1)])
def test_crop_marks_sit_on_the_trim_lines_outside_the_bleed(tmp_path: Path, corner: tuple[int, int]) -> None:
    img = _render(tmp_path, "white")
    tx = TRIM0 + 20 * corner[0]  # trim line x of this corner (mm)
    ty = TRIM0 + 20 * corner[1]
    out_x = -1 if corner[0] == 0 else 1
    out_y = -1 if corner[1] == 0 else 1
    # a horizontal mark on the trim line y, from 5 to 10 mm outside the trim, nothing nearer
    assert _at(img, tx + out_x * 7.5, ty) < 128
    assert _at(img, tx + out_x * 4.0, ty) > 215  # the gap: no mark inside the bleed or just beyond
    assert _at(img, tx + out_x * 1.5, ty) > 215
    # a vertical mark on the trim line x
    assert _at(img, tx, ty + out_y * 7.5) < 128
    assert _at(img, tx, ty + out_y * 4.0) > 215
    # and the inside of the trim is clean paper
    assert _at(img, tx - out_x * 2, ty - out_y * 2) > 215


def test_no_marks_when_the_shop_forbids_them(tmp_path: Path) -> None:
    img = _render(tmp_path, "white", shop="digital-no-marks")
    assert all(abs(v - (20 + 6) * PX_PER_MM) <= 1 for v in img.size)  # media box = bleed box
    dark = sum(img.histogram()[:128])
    assert 0 < dark < 8 * PX_PER_MM * 3  # only the little rule: 8 mm long, 0.5 pt thick
