"""Own fonts: TrueType files outside the package, named by a layout's `fonts:` (relative to the
layout file) or by `--font-path DIR`. Each file is checked before it joins the catalogue: a
damaged file or an OpenType font with CFF outlines is an input error (exit 1) that says how to
fix it. Names follow the shipped fonts: `<folder>/<style>` (`brand/bold`), the style being the
part of the file name after the first `_` without weight digits (`Brand_700Bold.ttf`), else the
whole file name in lower case (`brand/brand-bold` for `Brand-Bold.ttf`)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from printprog.diagnostics import Diagnostic, InputError, Mark, display_path

SUFFIXES = (".ttf", ".otf")
TRUETYPE = (b"\x00\x01\x00\x00", b"true")  # sfnt versions with glyf outlines


def font_files(path: Path) -> list[Path]:
    """A font file itself, or a folder's .ttf/.otf files and those one folder down, sorted."""
    if path.is_file():
        return [path]
    found = [p for pattern in ("*", "*/*") for p in path.glob(pattern) if p.suffix.lower() in SUFFIXES]
    return sorted(p for p in found if p.is_file())


def own_name(path: Path) -> str:
    from printprog.text.fonts import _font_name

    if "_" in path.stem:
        return _font_name(path)
    style = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "regular"
    return f"{path.parent.name.lower()}/{style}"


def problem(path: Path) -> str | None:
    """What is wrong with a font file, with how to fix it; None when printprog can use it."""
    try:
        with path.open("rb") as f:
            magic = f.read(4)
    except OSError as e:
        return f"cannot be read ({e.strerror}); check the path and its permissions"
    if magic == b"OTTO":
        return ("an OpenType font with CFF (PostScript) outlines, which printprog cannot embed; use the font's "
                "TrueType (.ttf) version, or convert it to TrueType outlines (e.g. FontForge, otf2ttf)")
    if magic == b"ttcf":
        return "a font collection (.ttc); extract the face you need as a single .ttf file (e.g. with FontForge)"
    if magic not in TRUETYPE:
        return "not a TrueType font file (damaged, or another format); use an intact .ttf file"
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        TTFont("pp-own-check", str(path))
    except Exception as e:  # a damaged file fails anywhere in the parser
        return (f"the font file is damaged and cannot be read ({type(e).__name__}: {e}); "
                "download it again or use another copy")
    return None


def register(paths: list[Path], *, where: str = "--font-path", mark: Mark | None = None) -> dict[str, Path]:
    """Check every font under `paths` and add them to the catalogue; returns them by name. Every
    problem (missing path, damaged or CFF font, a name taken) is reported at once."""
    from printprog.text.fonts import add_own_fonts, catalogue

    problems: list[Diagnostic] = []
    found: dict[str, Path] = {}
    taken = catalogue()
    for path in paths:
        files = font_files(path) if path.exists() else []
        if not files:
            what = "no such file or folder" if not path.exists() else "no .ttf files in it"
            hint = "paths in a layout's fonts: are relative to the layout file" if mark else "check the path"
            problems.append(Diagnostic(f"{where}: {what}: looked for {display_path(os.path.normpath(path))}", mark,
                                       hint=f"name a .ttf file or a folder of them; {hint}"))
        for file in files:
            why = problem(file)
            name = own_name(file)
            if why:
                problems.append(Diagnostic(f"{file}: {why}", mark))
            elif name in taken and taken[name].resolve() != file.resolve() or \
                    name in found and found[name].resolve() != file.resolve():
                problems.append(Diagnostic(f"{file}: the font name {name!r} is taken by {taken.get(name) or found[name]}",
                                           mark, hint="rename the file or its folder"))
            else:
                found[name] = file
    if problems:
        raise InputError(problems)
    add_own_fonts(found)
    return found


def register_layout_fonts(layout: Path, depth: int = 0) -> dict[str, Path]:
    """The fonts a layout file's `fonts:` names (relative to it), and those of the layouts it
    `extends:` (relative to each), registered; nothing without any. Problems in the files
    themselves are left to load_layout, which reports them with the rest."""
    from printprog.load.yamlsrc import read_yaml

    if not layout.is_file() or depth > 8:
        return {}
    data, source = read_yaml(layout)
    base = data.get("extends") if isinstance(data, dict) else None
    found = register_layout_fonts(layout.parent / base, depth + 1) if isinstance(base, str) else {}
    entries = data.get("fonts") if isinstance(data, dict) else None
    if not entries:
        return found
    mark = source.find(("fonts",))
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        raise InputError([Diagnostic("fonts: a list of font files or folders is expected", mark,
                                     hint="e.g. fonts: [fonts/brand, fonts/Brand_700Bold.ttf]")])
    return {**found, **register([layout.parent / e for e in entries], where="fonts", mark=mark)}


def reset() -> None:
    """Forget the own fonts of an earlier run in this process (each command names its own)."""
    from printprog.text import fonts

    if fonts._OWN:
        fonts._OWN.clear()
        fonts.catalogue.cache_clear()
