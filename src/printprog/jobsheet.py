"""The print job sheet: what the shop needs to know about a build or a batch, written beside it as
`job-sheet-<format>-<lang>[-<period>].txt` and `.pdf` and published with it (write.Publication).

Product, trim and bleed, PDF/X flavour and output condition, the inks used (read from the
finished file by the preflight scanner), pages, a quantity left blank for the customer, and the
shop profile's paper and finishing notes. Same inputs, same bytes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from collections.abc import Iterable

from printprog.lengths import MM

if TYPE_CHECKING:
    import datetime as dt

    from printprog.build import Job
    from printprog.write import Publication

FLAVOURS = {"x4": "PDF/X-4", "x1a": "PDF/X-1a:2003"}
EDITIONS = {"bg": "Bulgarian", "en": "English", "ru": "Russian"}


@dataclass(frozen=True)
class JobSheet:
    title: str  # the film
    product: str  # layout name: description
    edition: str
    files: tuple[tuple[str, int], ...]  # (file name, pages)
    trim_mm: tuple[float, float]
    bleed_mm: float
    pdfx: str
    condition: str
    colours: str
    shop: str
    paper: str
    finishing: str
    date: str

    def rows(self) -> list[tuple[str, str]]:
        pages = sum(p for _, p in self.files)
        files = [(("file" if len(self.files) == 1 else f"file {n}"), f"{name} ({p} page{'s' if p != 1 else ''})")
                 for n, (name, p) in enumerate(self.files, 1)]
        return [("film", self.title), ("product", self.product), ("edition", self.edition), *files,
                ("pages", f"{pages}" + (f" in {len(self.files)} files" if len(self.files) > 1 else "")),
                ("trim size", f"{_num(self.trim_mm[0])} × {_num(self.trim_mm[1])} mm"),
                ("bleed", f"{_num(self.bleed_mm)} mm on every side"), ("PDF", self.pdfx),
                ("output condition", self.condition), ("colours", self.colours), ("quantity", ""),
                ("paper", self.paper), ("finishing", self.finishing), ("shop profile", self.shop),
                ("date", self.date)]

    def text(self) -> str:
        width = max(len(k) for k, _ in self.rows()) + 1
        lines = ["PRINT JOB SHEET", ""]
        for key, value in self.rows():
            lines.append(f"{key + ':':{width}} {value if value or key != 'quantity' else '_' * 12}".rstrip())
        return "\n".join(lines) + "\n"


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def sheet_name(fmt: str, lang: str, period: str | None = None) -> str:
    """`job-sheet-a4-bg`, `job-sheet-flyer-a5-bg-from-2019-03-16` (no suffix)."""
    return f"job-sheet-{fmt}-{lang}" + (f"-{period}" if period else "")


def colours_used(pdfs: Iterable[bytes]) -> str:
    """`K only (black)` when nothing but black ink is used, else `CMYK (four colours)`; registration
    colour (crop marks) does not count. `pdfs` is read one at a time (a generator keeps memory flat)."""
    import pikepdf

    from printprog.prepress import scan as pdfscan
    from printprog.prepress.inks import CMYK, K_ONLY, inks

    for pdf in pdfs:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            if inks(pdfscan.scan(doc)) == CMYK:
                return CMYK
    return K_ONLY


def job_sheet(job: Job, files: list[tuple[Path, int]], pdfs: Iterable[bytes], colours: str | None = None) -> JobSheet:
    """`colours`: the inks, when the preflight reports already say (Report.colours); else read from `pdfs`."""
    layout, shop, intent = job.layout, job.shop, job.intent
    title = job.film.title if isinstance(job.film.title, str) else job.film.title.get(job.req.lang)[0]
    condition = f"{intent.condition} ({intent.info})" if intent.info != intent.condition else intent.condition
    return JobSheet(
        title=title, product=f"{layout.name}: {layout.description}",
        edition=f"{job.req.lang} ({EDITIONS.get(job.req.lang, job.req.lang)})",
        files=tuple((p.name, n) for p, n in files),
        trim_mm=(layout.size[0] / MM, layout.size[1] / MM), bleed_mm=shop.bleed / MM,
        pdfx=FLAVOURS.get(shop.pdfx, shop.pdfx), condition=condition, colours=colours or colours_used(pdfs),
        shop=f"{shop.name}: {shop.description}", paper=shop.paper or "(ask the shop)",
        finishing=shop.finishing or "trim to size", date=job.when.strftime("%Y-%m-%d"))


def job_sheet_files(job: Job, folder: Path, files: list[tuple[Path, int]], pdfs: Iterable[bytes],
                    period: str | None = None, colours: str | None = None) -> dict[Path, bytes]:
    """{path: bytes} of the .txt and .pdf job sheets, to be published with the build."""
    sheet = job_sheet(job, files, pdfs, colours)
    return sheet_files(sheet, folder, sheet_name(job.layout.name, job.req.lang, period), job.when)


def sheet_files(sheet: JobSheet, folder: Path, name: str, when: dt.datetime) -> dict[Path, bytes]:
    """{path: bytes} of a job sheet as text and as PDF. The PDF is a function of its rows, the date and
    the code alone, so it is kept in the cache under their digest (imagecache, checked before use)."""
    from printprog.plancache import code_digest, keep, recall, sha

    rows = sheet.rows()
    key = sha(repr(("job sheet", code_digest(), rows, when.isoformat())).encode())[:32]
    kept = recall(key)
    if kept and kept[1].startswith(b"%PDF-"):
        pdf = kept[1]
    else:
        from printprog.render.jobsheet import draw

        pdf = draw("Print job sheet", rows, when)
        keep(key, pdf)
    return {folder / f"{name}.txt": sheet.text().encode("utf-8"), folder / f"{name}.pdf": pdf}


def add_batch_sheet(pub: Publication, job: Job, done: list[tuple[Path, int, str]],
                    colours: list[str] | None = None) -> tuple[Path, ...]:
    """Stage a batch's job sheet: `done` is (target, pages, its temporary file) per file published;
    `colours` the inks of each (Report.colours from the workers), so no file is read again. Without
    them the files are read one at a time: memory stays flat however many flyers there are."""
    from printprog.names import period_suffix
    from printprog.prepress.inks import combined

    pdfs = (Path(tmp).read_bytes() for _, _, tmp in done)
    files = job_sheet_files(job, job.req.out, [(t, n) for t, n, _ in sorted(done)], pdfs,
                            period_suffix(job.req.since, job.req.until),
                            combined(colours) if colours and all(colours) else None)
    for path, data in files.items():
        pub.add(path, data)
    return tuple(files)
