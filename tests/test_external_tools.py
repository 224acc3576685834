"""Cross-checks with independent tools (installed by .ci/run; skipped where they are missing)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from printprog.build import Request, build
from printprog.lengths import pt
from tests.conftest import DATA

needs = {tool: pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} not installed")
         for tool in ("qpdf", "pdffonts", "pdfinfo")}


@pytest.fixture(scope="module", params=[("a4", "default"), ("a4", "conservative-x1a"), ("poster-a3", "default"),
                                        ("poster-a3", "conservative-x1a")], ids=lambda p: f"{p[0]}-{p[1]}")
def product(request, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    fmt, shop = request.param
    return build(Request(fmt, DATA, "bg", tmp_path_factory.mktemp(f"{fmt}-{shop}"), shop=shop)).pdf


@needs["qpdf"]
def test_qpdf_check(product: Path) -> None:
    proc = subprocess.run(["qpdf", "--check", str(product)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No syntax or stream encoding errors found" in proc.stdout


@needs["pdffonts"]
def test_pdffonts_every_font_embedded_and_subset(product: Path) -> None:
    out = subprocess.run(["pdffonts", str(product)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        cols = row.split()
        # name type encoding emb sub uni object ID
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


@needs["pdfinfo"]
def test_pdfinfo_boxes_and_version(product: Path) -> None:
    out = subprocess.run(["pdfinfo", "-box", str(product)], capture_output=True, text=True, check=True).stdout
    info = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    trim = [float(v) for v in info["TrimBox"].split()]
    bleed = [float(v) for v in info["BleedBox"].split()]
    media = [float(v) for v in info["MediaBox"].split()]
    w, h = (pt(210), pt(297)) if "a4" in product.name else (pt(297), pt(420))
    assert trim[2] - trim[0] == pytest.approx(w, abs=0.01) and trim[3] - trim[1] == pytest.approx(h, abs=0.01)
    assert bleed[0] == pytest.approx(trim[0] - pt(3), abs=0.01)
    assert media[0] < bleed[0] and media[2] > bleed[2]
    version = info["PDF version"].strip()
    assert version == ("1.4" if "conservative" in str(product.parent) else "1.6")
