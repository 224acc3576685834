"""What `printprog impose` is given, sorted for imposition: folders opened into their PDFs, the
files printprog made from products (contact, imposed and job sheets) left out, and the rest
grouped by trim size — one sheet set per size, each imposed on its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from printprog.lengths import MM

TOL = 0.5  # pt: trims within this are one size


@dataclass(frozen=True)
class SheetSet:
    width: float  # trim of the first page, points
    height: float
    files: tuple[Path, ...]

    @property
    def label(self) -> str:
        """`105x148mm`, for file names and messages."""
        return f"{round(self.width / MM):d}x{round(self.height / MM):d}mm"


def inputs(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(PDFs to impose, [(file, why it is left out)]): a folder gives its *.pdf, sorted."""
    from printprog.contact import made_from_others

    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for path in paths:
        found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf" and p.is_file()) \
            if path.is_dir() else [path]
        for f in found:
            what = made_from_others(f.name)
            if what:
                skipped.append((f, what))
            else:
                files.append(f)
    return files, skipped


def trim_of(path: Path) -> tuple[float, float]:
    """The first page's TrimBox size in points; ValueError for a file that is not a readable PDF."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            if len(pdf.pages) == 0:
                raise ValueError(f"{path}: has no pages")
            box = [float(v) for v in pdf.pages[0].trimbox]
    except pikepdf.PasswordError:
        raise ValueError(f"{path} is encrypted; printprog cannot impose it") from None
    except pikepdf.PdfError as e:
        raise ValueError(f"{path}: not a readable PDF ({e})") from None
    return abs(box[2] - box[0]), abs(box[3] - box[1])


def group(files: list[Path]) -> list[SheetSet]:
    """Files grouped by the trim size of their first page, in order of first appearance."""
    sets: list[tuple[float, float, list[Path]]] = []
    for f in files:
        w, h = trim_of(f)
        for sw, sh, members in sets:
            if abs(sw - w) <= TOL and abs(sh - h) <= TOL:
                members.append(f)
                break
        else:
            sets.append((w, h, [f]))
    return [SheetSet(w, h, tuple(m)) for w, h, m in sets]
