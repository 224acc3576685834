"""What the CLI prints and how: diagnostics (in colour on a terminal), build progress by
verbosity, and the JSON record of a build."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from printprog.diagnostics import Diagnostic, display_path

if TYPE_CHECKING:
    from printprog.batch import Result
    from printprog.build import Output

BOLD_RED, CYAN, YELLOW, RESET = "\033[1;31m", "\033[36m", "\033[33m", "\033[0m"


def use_colour() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org: to a non-empty value)."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def diagnostic(d: Diagnostic, colour: bool | None = None) -> str:
    """`file:line:col: field: message` and its `hint:` line, the location and `hint:` coloured."""
    text = d.format()
    if not (use_colour() if colour is None else colour):
        return text
    where = f"{d.mark}: " if d.mark else ""
    if where and text.startswith(where):
        paint = YELLOW if d.severity == "warning" else BOLD_RED
        text = f"{paint}{where[:-1]}{RESET} {text[len(where):]}"
    return text.replace("\n    hint: ", f"\n    {CYAN}hint:{RESET} ", 1)


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    colour = use_colour()
    for d in diagnostics:
        print(diagnostic(d, colour), file=sys.stderr)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def build_record(out: Output) -> dict[str, Any]:
    """A single build as JSON: the file written (it passed preflight, or nothing was written)."""
    return {"files": [{"file": display_path(out.pdf), "pages": out.pages, "bytes": out.size,
                       "sha256": _sha256(out.pdf), "preflight": "pass",
                       "proofs": [display_path(p) for p in out.proofs]}],
            "manifest": None, "job_sheet": [display_path(p) for p in out.job_sheet]}


def batch_record(result: Result) -> dict[str, Any]:
    """A per-venue batch as JSON: each flyer written, the manifest, and the files that failed."""
    return {"files": [{"file": display_path(d.item.target), "venue": d.item.venue, "name": d.item.name,
                       "pages": d.pages, "bytes": d.size, "sha256": d.sha256, "preflight": d.preflight,
                       "proofs": [display_path(p) for p in d.proofs]} for d in result.written],
            "manifest": display_path(result.manifest) if result.manifest else None,
            "job_sheet": [display_path(p) for p in result.job_sheet],
            "failed": [{"file": display_path(item.target), "venue": item.venue, "kind": kind, "reasons": reasons}
                       for item, kind, reasons in result.failed]}
