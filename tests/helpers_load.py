"""Shared helpers for the loading / diagnostics / CLI-error tests.

Bad inputs are built by editing the text of the shipped files (data/leto.yaml, layouts/a4.yaml)
so that expected line numbers can be found by searching the edited text, never guessed.
Every edit asserts that its anchor exists, so a change to the shipped files makes the
test fail loudly instead of silently testing nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from printprog.diagnostics import Diagnostic, InputError

REPO = Path(__file__).resolve().parents[1]
LETO = REPO / "data" / "leto.yaml"
A4 = REPO / "layouts" / "a4.yaml"


def leto_text() -> str:
    return LETO.read_text(encoding="utf-8")


def a4_text() -> str:
    return A4.read_text(encoding="utf-8")


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    """text with `old` replaced by `new`; `old` must occur exactly `count` times."""
    found = text.count(old)
    assert found == count, f"anchor {old!r} occurs {found} times, expected {count}"
    return text.replace(old, new)


def sub_line(text: str, pattern: str, repl: str) -> str:
    """Replace the one whole line matching the regex `pattern` (multiline) with `repl`."""
    new, n = re.subn(pattern, repl, text, count=0, flags=re.M)
    assert n == 1, f"pattern {pattern!r} matched {n} lines, expected 1"
    return new


def line_of(text: str, needle: str, *, after: str | None = None, nth: int = 1) -> int:
    """1-based number of the nth line containing `needle` (searching after the line containing `after`)."""
    lines = text.splitlines()
    start = 0
    if after is not None:
        start = next(i for i, ln in enumerate(lines) if after in ln) + 1
    hits = [i for i in range(start, len(lines)) if needle in lines[i]]
    assert len(hits) >= nth, f"{needle!r} not found {nth} time(s) in the text"
    return hits[nth - 1] + 1


def write(dir: Path, name: str, text: str) -> Path:
    p = dir / name
    p.write_text(text, encoding="utf-8")
    link_images(dir)
    return p


def link_images(dir: Path) -> None:
    """Film files name their pictures relative to themselves: give copies the same images/."""
    images = dir / "images"
    if not images.exists():
        images.symlink_to(LETO.parent / "images", target_is_directory=True)


def diagnostics_of(fn, *args) -> list[Diagnostic]:  # type: ignore[no-untyped-def]
    """Call fn(*args), expect an InputError, return its diagnostics."""
    with pytest.raises(InputError) as exc:
        fn(*args)
    diags = exc.value.diagnostics
    assert diags, "an InputError must carry at least one diagnostic"
    return diags


def by_path(diags: list[Diagnostic], path: str) -> Diagnostic:
    hits = [d for d in diags if d.path == path]
    assert len(hits) == 1, f"expected one diagnostic at {path!r}, got {[(d.path, d.message) for d in diags]}"
    return hits[0]


def layout_with(*, styles: str = "", regions: str = "", blocks: str = "", text: str | None = None) -> str:
    """a4.yaml with extra lines inserted at the top of `styles:` and of the first page's regions/blocks.

    Lines must be given without indentation; they are indented to fit (styles 2, regions 6, blocks 6).
    """
    t = a4_text() if text is None else text

    def ind(lines: str, n: int) -> str:
        return "".join(" " * n + ln + "\n" for ln in lines.splitlines())

    if styles:
        t = edit(t, "\nstyles:\n", "\nstyles:\n" + ind(styles, 2))
    if regions:
        i = t.index("\n    regions:\n") + len("\n    regions:\n")
        t = t[:i] + ind(regions, 6) + t[i:]
    if blocks:
        i = t.index("\n    blocks:\n") + len("\n    blocks:\n")
        t = t[:i] + ind(blocks, 6) + t[i:]
    return t


def synopsis_section(text: str) -> tuple[int, int]:
    """(start, end) character offsets of the top-level `synopsis:` mapping in a film text."""
    start = text.index("\nsynopsis:\n") + 1
    m = re.compile(r"^\S", re.M).search(text, start + len("synopsis:\n"))
    end = m.start() if m else len(text)
    return start, end
