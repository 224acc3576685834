"""What the shipped fonts are and cover (`printprog fonts`), and which characters of a film's
texts the faces its layouts use lack (`printprog fonts --check FILM`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from printprog.diagnostics import display_path, format_path

EDITIONS = ("bg", "en", "ru")
# a family covers a script when it has every letter of this sample
SCRIPTS = {
    "Latin": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "Cyrillic": "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯабвгдежзийклмнопрстуфхцчшщъьюяЁёЫыЭэ",
}
OFL = "SIL Open Font License 1.1"


@dataclass(frozen=True)
class Family:
    name: str  # the folder: sofia-sans
    folder: Path
    faces: dict[str, Path]  # style → file, e.g. regular → …/SofiaSans_400Regular.ttf
    licence: str  # "SIL Open Font License 1.1 (…/OFL.txt)", or "no licence file"
    scripts: tuple[str, ...]  # Latin, Cyrillic (Bulgarian forms), …


def families() -> list[Family]:
    """Every shipped family, in name order."""
    from printprog.text.fonts import catalogue

    grouped: dict[str, dict[str, Path]] = {}
    for face, path in catalogue().items():
        family, _, style = face.partition("/")
        grouped.setdefault(family, {})[style] = path
    out = []
    for name, faces in sorted(grouped.items()):
        folder = next(iter(faces.values())).parent
        licence = _licence(folder)
        out.append(Family(name, folder, faces, licence, scripts(name, faces, set(grouped))))
    return out


def _licence(folder: Path) -> str:
    """The family's licence: OFL.txt is the SIL Open Font License; own fonts may have a LICENSE file."""
    if (folder / "OFL.txt").is_file():
        return f"{OFL} ({display_path(folder / 'OFL.txt')})"
    other = sorted(p for p in folder.glob("*") if p.stem.upper() in ("LICENSE", "LICENCE", "COPYING") and p.is_file())
    return f"see {display_path(other[0])}" if other else "no licence file"


def scripts(name: str, faces: dict[str, Path], names: set[str]) -> tuple[str, ...]:
    """The scripts the family's regular (or first) face covers; Cyrillic says whose forms it draws."""
    from printprog.text.fonts import get_font

    style = "regular" if "regular" in faces else sorted(faces)[0]
    font = get_font(f"{name}/{style}")
    out = []
    for script, sample in SCRIPTS.items():
        if all(font.has(ch) for ch in sample):
            forms = forms_of(name, names) if script == "Cyrillic" else ""
            out.append(f"{script} ({forms})" if forms else script)
    return tuple(out)


def forms_of(name: str, names: set[str]) -> str:
    """Whose Cyrillic letterforms a family draws: its -bg/-ru copies say so by name; a family with
    a -ru copy (Sofia Sans) draws Bulgarian forms itself, one with a -bg copy Russian forms; the
    faces Oswald's Bulgarian text is set in (typeset.BG_FORMS) draw Bulgarian forms."""
    from printprog.text.typeset import BG_FORMS

    if name.endswith("-bg") or f"{name}-ru" in names or any(v.startswith(f"{name}/") for v in BG_FORMS.values()):
        return "Bulgarian forms"
    if name.endswith("-ru") or f"{name}-bg" in names:
        return "Russian forms"
    return ""


def print_families() -> int:
    for fam in families():
        print(f"{fam.name}: {display_path(fam.folder)}")
        print(f"  licence: {fam.licence}")
        print(f"  scripts: {', '.join(fam.scripts) or 'none of Latin, Cyrillic'}")
        width = max(len(f"{fam.name}/{s}") for s in fam.faces)
        for style, path in sorted(fam.faces.items()):
            print(f"  {f'{fam.name}/{style}':{width}}  {display_path(path)}")
    return 0


# --- fonts --check FILM ----------------------------------------------------------------------


def layout_faces() -> dict[str, set[str]]:
    """Every font the shipped layouts' styles name, with the letter cases they are set in."""
    from printprog.build import layout_names, layout_path
    from printprog.load import load_layout
    from printprog.text.fonts import font_names

    faces: dict[str, set[str]] = {}
    for name in layout_names():
        layout, _ = load_layout(layout_path(name), font_names())
        for style in layout.styles.values():
            faces.setdefault(style.font, set()).add(style.case)
    return faces


def missing_characters(film_path: Path) -> tuple[dict[str, dict[str, str]], int]:
    """({face: {character: where it first occurs}} for the characters a face lacks, number of
    distinct characters checked). Each edition's text is set in the face for its language: the
    Bulgarian- or Russian-forms copy where there is one (typeset.localized)."""
    from printprog.load import load_film
    from printprog.load.editions import localized_fields
    from printprog.text.fonts import get_font
    from printprog.text.typeset import Face, _case, localized

    film, _ = load_film(film_path)
    faces = layout_faces()
    lacking: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    for loc, value in localized_fields(film):
        for lang in EDITIONS:
            text, used, _ = value.get(lang)
            where = f"{format_path(loc)} ({lang} edition)"
            for font, cases in faces.items():
                face = localized(Face(font, 10.0), used or lang)
                have = get_font(face.font)
                for case in cases:
                    for ch in _case(text, case):
                        if ch.isspace():
                            continue
                        seen.add(ch)
                        if not have.has(ch):
                            lacking.setdefault(face.font, {}).setdefault(ch, where)
    return lacking, len(seen)


def print_coverage(film_path: Path) -> int:
    """Exit 0 when every face has every character, 1 when some face lacks one."""
    lacking, checked = missing_characters(film_path)
    film = display_path(film_path)
    if not lacking:
        print(f"{film}: every face the layouts use has all {checked} characters of the film's texts")
        return 0
    for face, chars in sorted(lacking.items()):
        print(f"{face} lacks {len(chars)} character{'s' if len(chars) != 1 else ''} of {film}:")
        for ch, where in sorted(chars.items()):
            print(f"  {ch!r} U+{ord(ch):04X}  first in {where}")
    print(f"{len(lacking)} face{'s' if len(lacking) != 1 else ''} lack characters; those would be reported "
          "when building (pick another font in the layout, or change the text)")
    return 1
