"""Contact sheet of a build folder: one labelled thumbnail per PDF, as PNG and PDF, for people.

`scan()` reads what is in the folder (page count, trim size, manifest record of every PDF);
`layout()` measures everything (grid, tile rectangles, label strings) without rendering a page;
`contact_sheet()` has `render/contact.py` draw that layout (the first page of every PDF, cropped
to its TrimBox) and writes the PNG and the PDF. The bytes depend only on the folder's contents,
the arguments and the library versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from printprog.inputs import source_date_epoch
from printprog.lengths import mm as _millimetres
from printprog.proof import trim_in_view as _trim_in_view
from printprog.render.contact import (AMBER, GREEN, GROUND, RED, RED_TINT, Geometry, Layout, Tile, Verdict, bold,
                                      draw_sheet, ellipsize, font, pdf_bytes, png_bytes)
from printprog.write import write_atomic

__all__ = ["AMBER", "GREEN", "GROUND", "RED", "RED_TINT", "Entry", "Geometry", "Layout", "Tile", "build_layout",
           "contact_sheet", "ellipsize", "font", "layout", "natural_key", "scan"]  # colours and types: for tests

SHEET_NAME = "contact-sheet"
MANIFEST = "manifest.json"
MAX_COLUMNS = 8



# ---------------------------------------------------------------------------------------------
# what is in the folder


@dataclass(frozen=True)
class Entry:
    """One PDF of the folder, as far as it could be read (error set = the tile says so)."""

    path: Path
    size_bytes: int
    pages: int = 0
    trim_pt: tuple[float, float] = (0.0, 0.0)  # first page, as displayed (after /Rotate)
    error: str | None = None
    venue: str | None = None
    verdict: Verdict | None = None
    failures: int | None = None  # failing preflight rules, when the manifest records them
    in_manifest: bool = False
    stale: bool = False  # the manifest's sha256 differs from the file's


def natural_key(name: str) -> tuple[Any, ...]:
    """`flyer-2` before `flyer-10`; case-insensitive, ties broken by the exact name."""
    parts = re.split(r"(\d+)", name.casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p) + (name,)


def made_from_others(name: str) -> str | None:
    """What a PDF that printprog makes from the products is (contact sheet, imposed sheet, job sheet),
    judged by its name; None for a product. proof, impose and check leave these out."""
    low = name.lower()
    if low == f"{SHEET_NAME}.pdf":
        return "a contact sheet"
    if low.startswith("imposed-") and low.endswith(".pdf"):
        return "an imposed sheet"
    if low.startswith("job-sheet-") and low.endswith(".pdf"):
        return "a job sheet"
    return None


def pdf_files(folder: Path, skip: tuple[str, ...] = ()) -> list[Path]:
    """The PDFs directly in `folder`, natural order, without hidden files, the sheet itself and the
    other files made from the products (imposed sheets, job sheets)."""
    skipped = {f"{SHEET_NAME}.pdf", *skip}
    found = [p for p in folder.iterdir()
             if p.suffix.lower() == ".pdf" and not p.name.startswith(".")
             and p.name not in skipped and not made_from_others(p.name) and p.is_file()]
    return sorted(found, key=lambda p: natural_key(p.name))


def _verdict(value: Any) -> tuple[Verdict | None, int | None]:
    """A manifest's `preflight` as pass/fail: a bool, a word, or a preflight report (`ok`, findings)."""
    if isinstance(value, bool):
        return ("pass" if value else "fail"), None
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in {"pass", "passed", "ok", "true", "yes", "✓"}:
            return "pass", None
        if word in {"fail", "failed", "error", "false", "no", "✗"}:
            return "fail", None
        return None, None
    if isinstance(value, dict):
        ok = value.get("ok", value.get("passed"))
        if not isinstance(ok, bool):
            return None, None
        findings = value.get("findings")
        failures = None
        if isinstance(findings, list):
            failures = len({f.get("rule") for f in findings if isinstance(f, dict) and f.get("ok") is False})
        return ("pass" if ok else "fail"), (failures or None)
    return None, None


def read_manifest(folder: Path) -> tuple[dict[str, dict[str, Any]] | None, str | None]:
    """(records by file name, problem) from every manifest of the folder (one per batch:
    manifest-<format>-<lang>.json, or an older manifest.json); (None, None) when there is none."""
    paths = sorted(folder.glob("manifest-*.json")) + ([folder / MANIFEST] if (folder / MANIFEST).is_file() else [])
    if not paths:
        return None, None
    records: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            return {}, f"{path.name} unreadable: {e}"
        if isinstance(data, dict) and isinstance(data.get("files"), list):
            data = data["files"]
        if not isinstance(data, list):
            return {}, f"{path.name}: expected a list of records"
        for record in data:
            if isinstance(record, dict) and isinstance(record.get("file"), str):
                records[Path(record["file"]).name] = record
    return records, None


def _first_page(path: Path) -> tuple[int, tuple[float, float]]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        if len(doc) == 0:
            raise ValueError("the PDF has no pages")
        page = doc[0]
        try:
            _, _, w, h = _trim_in_view(page)
        finally:
            page.close()
        return len(doc), (w, h)
    finally:
        doc.close()


def _error_text(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return re.sub(r"\s+", " ", text)


def scan(folder: Path, skip: tuple[str, ...] = ()) -> tuple[list[Entry], str | None]:
    """Every PDF of the folder with its page count, trim size and manifest record; never raises
    for a broken PDF (its entry carries the error). Also returns a problem with the manifest."""
    files = pdf_files(folder, skip)
    if not files:
        raise ValueError(f"no PDF files in {folder}")
    records, problem = read_manifest(folder)
    entries = []
    for path in files:
        data = path.read_bytes()
        fields: dict[str, Any] = {"path": path, "size_bytes": len(data)}
        try:
            fields["pages"], fields["trim_pt"] = _first_page(path)
        except Exception as e:  # any unreadable file becomes a red tile
            fields["error"] = _error_text(e)
        if records is not None and path.name in records:
            record = records[path.name]
            venue = record.get("venue_name") or record.get("venue")  # the printed name, else the id
            fields["venue"] = str(venue) if venue not in (None, "") else None
            fields["verdict"], fields["failures"] = _verdict(record.get("preflight"))
            fields["in_manifest"] = True
            sha = record.get("sha256")
            fields["stale"] = isinstance(sha, str) and sha.lower() != hashlib.sha256(data).hexdigest()
        entries.append(Entry(**fields))
    if records is not None and problem is None:
        missing = sorted(set(records) - {p.name for p in files}, key=natural_key)
        if missing:
            problem = f"{MANIFEST} lists {len(missing)} missing file{'s' * (len(missing) != 1)}: " \
                      + ", ".join(missing)
    return entries, problem


# ---------------------------------------------------------------------------------------------
# geometry and labels


def mm(points: float) -> str:
    v = _millimetres(points)
    return f"{v:.0f}" if abs(v - round(v)) < 0.05 else f"{v:.1f}"


def kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB" if size >= 1024 else f"{size} B"


def meta_label(entry: Entry) -> str:
    if entry.error:
        return f"cannot open · {kib(entry.size_bytes)}"
    w, h = entry.trim_pt
    pages = "1 page" if entry.pages == 1 else f"{entry.pages} pages (+{entry.pages - 1})"
    return f"{mm(w)} × {mm(h)} mm · {pages} · {kib(entry.size_bytes)}"


def verdict_text(entry: Entry) -> str:
    if entry.verdict == "pass":
        return "✓ pass"
    if entry.verdict == "fail":
        return "✗ fail" + (f" ({entry.failures})" if entry.failures else "")
    return ""


def manifest_parts(entry: Entry) -> tuple[str, str, str]:
    """(venue or note, verdict, warning) for the third label line."""
    if not entry.in_manifest:
        return "not in manifest", "", ""
    warning = "changed since manifest" if entry.stale else ""
    return entry.venue or "—", verdict_text(entry), warning


def _fit(trim: tuple[float, float], thumb: int) -> tuple[int, int]:
    w, h = trim
    scale = thumb / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def default_when(entries: list[Entry]) -> dt.datetime:
    epoch = source_date_epoch()  # SOURCE_DATE_EPOCH (UTC) dates the sheet as it dates the PDFs
    newest = max(e.path.stat().st_mtime for e in entries)
    return epoch.replace(tzinfo=None) if epoch else dt.datetime.fromtimestamp(newest).replace(microsecond=0)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def build_layout(folder: Path, entries: list[Entry], *, columns: int | None = None, thumb_px: int = 300,
                 when: dt.datetime | None = None, notice: str | None = None,
                 has_manifest: bool = False) -> Layout:
    if thumb_px < 32:
        raise ValueError(f"thumb_px must be at least 32, not {thumb_px}")
    if columns is not None and columns < 1:
        raise ValueError(f"columns must be at least 1, not {columns}")
    n = len(entries)
    cols = min(columns if columns is not None else min(math.ceil(math.sqrt(n)), MAX_COLUMNS), n)
    fitted = [_fit(e.trim_pt, thumb_px) if e.error is None else (0, 0) for e in entries]
    if any(e.error for e in entries):  # a broken file's panel: at least a portrait A-series page
        fitted.append((round(thumb_px / math.sqrt(2)), thumb_px))
    g = Geometry.for_batch(thumb_px, fitted, 3 if has_manifest else 2)
    size = g.size(n, cols)
    when = when or default_when(entries)

    name_font, meta_font = bold(g.name_px), font(g.meta_px)
    tiles = []
    for i, (entry, (w, h)) in enumerate(zip(entries, fitted, strict=False)):
        row, col = divmod(i, cols)
        x0 = g.margin + col * (g.cell_w + g.gap_x)
        y0 = g.margin + g.header_h + row * (g.cell_h + g.gap_y)
        cell = (x0, y0, x0 + g.cell_w, y0 + g.cell_h)
        bx = x0 + (g.cell_w - g.box_w) // 2
        box = (bx, y0, bx + g.box_w, y0 + g.box_h)
        if entry.error:
            image = box
        else:  # centred, standing on the bottom of the box so that all labels line up
            ix = bx + (g.box_w - w) // 2
            image = (ix, y0 + g.box_h - h, ix + w, y0 + g.box_h)
        labels = [ellipsize(entry.path.name, name_font, g.cell_w),
                  ellipsize(meta_label(entry), meta_font, g.cell_w, "end")]
        third = manifest_parts(entry) if has_manifest else None
        if third:
            labels.append(" · ".join(p for p in third if p))
        tiles.append(Tile(entry.path.name, cell, box, image, tuple(labels), entry.verdict, entry.error, entry.pages,
                          path=entry.path, manifest=third, listed=entry.in_manifest))

    parts = [_count(n, "PDF"), f"{when:%Y-%m-%d %H:%M}"]
    if has_manifest:
        passed = sum(e.verdict == "pass" for e in entries)
        failed = sum(e.verdict == "fail" for e in entries)
        parts += [f"{passed} passed", f"{failed} failed"]
    broken = sum(e.error is not None for e in entries)
    if broken:
        parts.append(f"{broken} cannot be opened")
    subtitle = " · ".join(parts)
    # a narrow sheet (one or two columns) still shows the whole summary line
    size = (max(size[0], 2 * g.margin + math.ceil(font(g.sub_px).getlength(subtitle))), size[1])
    title = ellipsize(folder.resolve().name or str(folder), bold(g.title_px), size[0] - 2 * g.margin)
    return Layout(size, cols, g, title, subtitle, tuple(tiles), notice, has_manifest)


def layout(folder: Path, *, columns: int | None = None, thumb_px: int = 300, when: dt.datetime | None = None,
           skip: tuple[str, ...] = ()) -> Layout:
    """The sheet's geometry and every label string, without rendering a page."""
    folder = Path(folder)
    entries, notice = scan(folder, skip)
    return build_layout(folder, entries, columns=columns, thumb_px=thumb_px, when=when, notice=notice,
                        has_manifest=(folder / MANIFEST).is_file() or any(folder.glob("manifest-*.json")))


def contact_sheet(folder: Path, *, out_png: Path | None = None, out_pdf: Path | None = None,
                  columns: int | None = None, thumb_px: int = 300,
                  when: dt.datetime | None = None) -> tuple[bytes, bytes]:
    """Render the contact sheet of `folder`'s PDFs; write it (atomically) and return (png, pdf).

    Outputs default to folder/contact-sheet.png and .pdf; the sheet never lists itself. `when`
    is the date in the header (default: the newest PDF's modification time). Raises ValueError
    when the folder has no PDF; a PDF that cannot be opened becomes a red tile.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"not a folder: {folder}")
    out_png = Path(out_png) if out_png is not None else folder / f"{SHEET_NAME}.png"
    out_pdf = Path(out_pdf) if out_pdf is not None else folder / f"{SHEET_NAME}.pdf"
    skip = (out_pdf.name,) if out_pdf.resolve().parent == folder.resolve() else ()
    entries, notice = scan(folder, skip)
    lay = build_layout(folder, entries, columns=columns, thumb_px=thumb_px, when=when, notice=notice,
                       has_manifest=(folder / MANIFEST).is_file() or any(folder.glob("manifest-*.json")))
    image = draw_sheet(lay)
    png = png_bytes(image)
    pdf = pdf_bytes(image, f"Contact sheet: {lay.title}", lay.subtitle)
    write_atomic(out_png, png)
    write_atomic(out_pdf, pdf)
    return png, pdf
