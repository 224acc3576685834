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

from printprog.lengths import MM

if TYPE_CHECKING:
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


def colours_used(pdfs: list[bytes]) -> str:
    """`K only (black)` when nothing but black ink is used, else `CMYK (four colours)`; registration
    colour (crop marks) does not count."""
    import pikepdf

    from printprog.prepress import scan as pdfscan

    for pdf in pdfs:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            sc = pdfscan.scan(doc)
        paints = [(p.space, p.colour) for p in sc.paths] + [pc for t in sc.texts if t.visible for pc in t.paints]
        for space, colour in paints:
            if space.family == "Separation":
                continue
            if space.n >= 3 and any(v > 0.001 for v in colour[:3]):
                return "CMYK (four colours)"
        if any(im.space is not None and im.space.n >= 3 for im in sc.images) or \
                any(sh.space.n >= 3 for sh in sc.shadings):
            return "CMYK (four colours)"
    return "K only (black)"


def job_sheet(job: Job, files: list[tuple[Path, int]], pdfs: list[bytes]) -> JobSheet:
    layout, shop, intent = job.layout, job.shop, job.intent
    title = job.film.title if isinstance(job.film.title, str) else job.film.title.get(job.req.lang)[0]
    condition = f"{intent.condition} ({intent.info})" if intent.info != intent.condition else intent.condition
    return JobSheet(
        title=title, product=f"{layout.name}: {layout.description}",
        edition=f"{job.req.lang} ({EDITIONS.get(job.req.lang, job.req.lang)})",
        files=tuple((p.name, n) for p, n in files),
        trim_mm=(layout.size[0] / MM, layout.size[1] / MM), bleed_mm=shop.bleed / MM,
        pdfx=FLAVOURS.get(shop.pdfx, shop.pdfx), condition=condition, colours=colours_used(pdfs),
        shop=f"{shop.name}: {shop.description}", paper=shop.paper or "(ask the shop)",
        finishing=shop.finishing or "trim to size", date=job.when.strftime("%Y-%m-%d"))


def job_sheet_files(job: Job, folder: Path, files: list[tuple[Path, int]], pdfs: list[bytes],
                    period: str | None = None) -> dict[Path, bytes]:
    """{path: bytes} of the .txt and .pdf job sheets, to be published with the build."""
    from printprog.render.jobsheet import draw

    sheet = job_sheet(job, files, pdfs)
    name = sheet_name(job.layout.name, job.req.lang, period)
    return {folder / f"{name}.txt": sheet.text().encode("utf-8"),
            folder / f"{name}.pdf": draw("Print job sheet", sheet.rows(), job.when)}


def add_batch_sheet(pub: Publication, job: Job, done: list[tuple[Path, int, str]]) -> tuple[Path, ...]:
    """Stage a batch's job sheet: `done` is (target, pages, its temporary file) per file published."""
    from printprog.names import period_suffix

    pdfs = [Path(tmp).read_bytes() for _, _, tmp in done]
    files = job_sheet_files(job, job.req.out, [(t, n) for t, n, _ in sorted(done)], pdfs,
                            period_suffix(job.req.since, job.req.until))
    for path, data in files.items():
        pub.add(path, data)
    return tuple(files)
