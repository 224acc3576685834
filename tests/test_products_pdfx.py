"""Every product passes the independent preflight at PDF/X-4 and at PDF/X-1a, and rebuilds byte for byte."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from printprog.batch import build_per_venue
from printprog.build import Request, build
from printprog.load import load_shop
from printprog.prepress.preflight import check
from tests.conftest import DATA

PRODUCTS = ["a4", "poster-a3", "poster-a2", "poster-b1", "poster-70x100", "flyer-a5", "flyer-a6", "flyer-dl"]


@pytest.mark.parametrize("shop", ["default", "conservative-x1a"])
@pytest.mark.parametrize("fmt", PRODUCTS)
def test_product_passes_preflight(tmp_path: Path, fmt: str, shop: str) -> None:
    # build() itself refuses a failing file; flyers are built per venue (the Odeon one has a QR code)
    if fmt.startswith("flyer"):
        [done] = build_per_venue(Request(fmt, DATA, "bg", tmp_path, shop=shop), venue="kino-odeon", jobs=1).written
        pdf = done.item.target
    else:
        pdf = build(Request(fmt, DATA, "bg", tmp_path, shop=shop)).pdf
    report = check(pdf, load_shop(shop))
    assert report.ok, report.format_text()
    flavour = {"default": "PDF/X-4", "conservative-x1a": "PDF/X-1a:2003"}[shop]
    with pikepdf.open(pdf) as doc:
        assert doc.pdf_version == ("1.6" if shop == "default" else "1.4")
        [intent] = doc.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "FOGRA39"
        xmp = doc.Root.Metadata.read_bytes().decode("utf-8")
        assert flavour in xmp
        if shop == "conservative-x1a":
            assert str(doc.docinfo.GTS_PDFXVersion) == flavour


def test_products_with_pictures_rebuild_byte_for_byte(tmp_path: Path) -> None:
    a = build(Request("poster-a3", DATA, "bg", tmp_path / "a")).pdf.read_bytes()
    b = build(Request("poster-a3", DATA, "bg", tmp_path / "b")).pdf.read_bytes()
    assert a == b
    one = build_per_venue(Request("flyer-a6", DATA, "bg", tmp_path / "c"), jobs=2).written
    two = build_per_venue(Request("flyer-a6", DATA, "bg", tmp_path / "d"), jobs=1).written
    assert [d.sha256 for d in one] == [d.sha256 for d in two]


def test_a_per_venue_layout_asks_for_per_venue(tmp_path: Path) -> None:
    from printprog.diagnostics import InputError

    with pytest.raises(InputError) as e:
        build(Request("flyer-a5", DATA, "bg", tmp_path))
    assert "--per venue" in e.value.diagnostics[0].hint


def test_a_failing_file_is_not_published(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Even if composing let something through, the preflight gate stops the write (exit 3)."""
    from printprog import build as build_module
    from printprog.cli import main

    original = build_module.load_print

    def strict_shop(req):  # type: ignore[no-untyped-def]
        shop, intent = original(req)
        return shop.model_copy(update={"tac": 50.0}), intent  # solid black (100 %) fails 50 %

    monkeypatch.setattr(build_module, "load_print", strict_shop)
    monkeypatch.setenv("PRINTPROG_PLAN_CACHE", "0")  # a patched loader: a cached plan would never call it
    code = main(["build", "--format", "a4", "--out", str(tmp_path)])
    assert code == 3
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.part"))
