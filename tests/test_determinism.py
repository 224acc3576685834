"""The same input gives the same bytes; SOURCE_DATE_EPOCH sets the dates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf

from printprog.build import Request, build
from tests.conftest import DATA, ROOT


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    a = build(Request("a4", DATA, "bg", tmp_path / "a")).pdf.read_bytes()
    b = build(Request("a4", DATA, "bg", tmp_path / "b")).pdf.read_bytes()
    assert a == b


def test_rebuild_in_a_fresh_process_is_byte_identical(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1552694400")
    in_process = build(Request("a4", DATA, "en", tmp_path / "a")).pdf.read_bytes()
    subprocess.run([sys.executable, "-m", "printprog", "build", "--format", "a4", "--lang", "en",
                    "--data", str(DATA), "--out", str(tmp_path / "b")], check=True, cwd=ROOT, capture_output=True)
    assert (tmp_path / "b" / "leto-a4-en.pdf").read_bytes() == in_process


def test_source_date_epoch_sets_creation_date(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1552694400")  # 2019-03-16 00:00 UTC
    pdf = build(Request("a4", DATA, "bg", tmp_path)).pdf
    with pikepdf.open(pdf) as doc:
        assert str(doc.docinfo.CreationDate) == "D:20190316000000+00'00'"


def test_different_input_gives_different_id(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1552694400")
    a = build(Request("a4", DATA, "bg", tmp_path / "a")).pdf
    b = build(Request("a4", DATA, "en", tmp_path / "b")).pdf
    with pikepdf.open(a) as x, pikepdf.open(b) as y:
        assert bytes(x.trailer.ID[0]) != bytes(y.trailer.ID[0])
