"""A batch's job sheet takes its inks from the preflight reports the workers already made: the
finished flyers are not read back (1,000 flyers held 814 MiB in the parent) nor scanned twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from printprog import jobsheet
from printprog.batch import build_per_venue
from printprog.build import Request
from printprog.prepress.inks import CMYK, K_ONLY, combined
from tests.conftest import DATA


def test_a_batch_sheet_reads_no_finished_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobsheet, "colours_used", lambda pdfs: pytest.fail("the flyers were scanned again"))
    result = build_per_venue(Request("flyer-a6", DATA, "bg", tmp_path, job_sheet=True), jobs=1)
    assert result.written and all(d.colours in (K_ONLY, CMYK) for d in result.written)
    [txt] = [p for p in result.job_sheet if p.suffix == ".txt"]
    assert f"colours:          {combined([d.colours for d in result.written])}" in txt.read_text(encoding="utf-8")


def test_without_reports_the_files_are_read_one_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    held: list[int] = []

    def scan_each(pdfs):  # type: ignore[no-untyped-def]
        for n, _ in enumerate(pdfs, 1):  # a generator: never more than one file at once
            held.append(n)
        return K_ONLY

    monkeypatch.setattr(jobsheet, "colours_used", scan_each)
    files = [tmp_path / f"{n}.pdf" for n in range(3)]
    for f in files:
        f.write_bytes(b"%PDF-1.6 stand-in")
    job = type("J", (), {})()
    monkeypatch.setattr(jobsheet, "job_sheet_files", lambda job, folder, files, pdfs, period, colours:
                        {tmp_path / "sheet.txt": str(colours or scan_each(pdfs)).encode()})
    staged: dict[Path, bytes] = {}
    pub = type("P", (), {"add": lambda self, p, d: staged.__setitem__(p, d)})()
    job.req = Request("flyer-a6", DATA, out=tmp_path)  # type: ignore[attr-defined]
    jobsheet.add_batch_sheet(pub, job, [(f, 1, str(f)) for f in files])  # type: ignore[arg-type]
    assert held == [1, 2, 3] and staged[tmp_path / "sheet.txt"] == K_ONLY.encode()
    held.clear()
    jobsheet.add_batch_sheet(pub, job, [(f, 1, str(f)) for f in files], [K_ONLY, CMYK, K_ONLY])  # type: ignore[arg-type]
    assert held == [] and staged[tmp_path / "sheet.txt"] == CMYK.encode()
