"""One Cyrillic voice per edition: Bulgarian text in Bulgarian letterforms, Russian text in Russian ones,
in every face the layouts use (issue #9; fonts/SOURCES.md, "Bulgarian-forms copies").

The reference is the fonts' own `locl` tables, read from the ORIGINAL files: the Bulgarian form of a
letter is the `locl` target for script `cyrl`, language `BGR ` (or the default glyph where the font only
has a `RUS ` entry, its default being Bulgarian), the Russian form the `RUS ` target (or the default where
the font only has `BGR `). We shape without `locl`, so the face `localized()` picks must map the letter to
that glyph in its cmap.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from printprog.build import Request, build, compose_job, prepare
from printprog.plan import TextRun
from printprog.text.fonts import catalogue
from printprog.text.typeset import Face, localized
from tests.conftest import DATA, ROOT

LETTERS = "длитжДЛ"  # the letters whose forms differ most (д л и т ж, and the capitals of titles)
# Fonts without any Cyrillic `locl` whose default Cyrillic is Russian-style (checked by eye: Д with
# descenders, flat-topped Л, и/т like Latin и/m) — usable for Russian text, never for Bulgarian.
RUSSIAN_ONLY = {"oswald"}


def layout_faces() -> list[str]:
    """Every `font:` of every style in the shipped layouts."""
    names: set[str] = set()
    for path in sorted((ROOT / "layouts").glob("*.yaml")):
        names.update(re.findall(r"\bfont:\s*([\w./-]+)", path.read_text(encoding="utf-8")))
    assert names
    return sorted(names)


def original(name: str) -> str:
    """The shipped font a copy was made from (`source-serif-4-bg/italic` -> `source-serif-4/italic`)."""
    family, _, style = name.partition("/")
    for suffix in ("-bg", "-ru", "-title"):
        if family.endswith(suffix) and f"{family[:-len(suffix)]}/{style}" in catalogue():
            return f"{family[:-len(suffix)]}/{style}"
    return name


@cache
def _font(name: str) -> TTFont:
    return TTFont(catalogue()[name])


@cache
def locl(name: str, language: str) -> dict[str, str] | None:
    """The `locl` substitutions for script `cyrl` and `language`, or None if the font has no such entry."""
    font = _font(name)
    if "GSUB" not in font:
        return None
    gsub = font["GSUB"].table
    for script in gsub.ScriptList.ScriptRecord:
        if script.ScriptTag != "cyrl":
            continue
        for record in script.Script.LangSysRecord:
            if record.LangSysTag != language:
                continue
            mapping: dict[str, str] = {}
            for i in record.LangSys.FeatureIndex:
                feature = gsub.FeatureList.FeatureRecord[i]
                if feature.FeatureTag == "locl":
                    for j in feature.Feature.LookupListIndex:
                        for sub in gsub.LookupList.Lookup[j].SubTable:
                            mapping.update(getattr(sub, "mapping", {}))
            return mapping
    return None


def forms(name: str, ch: str) -> tuple[int, int]:
    """(Bulgarian glyph id, Russian glyph id) of `ch` in the original font `name`."""
    font = _font(name)
    default = font.getBestCmap()[ord(ch)]
    bgr, rus = locl(name, "BGR "), locl(name, "RUS ")
    if bgr is None and rus is None:
        family = name.partition("/")[0]
        assert family in RUSSIAN_ONLY, f"{name} has no Cyrillic locl: which forms does it draw?"
        return -1, font.getGlyphID(default)  # no Bulgarian form at all
    bg = (bgr or {}).get(default, default)
    ru = (rus or {}).get(default, default)
    return font.getGlyphID(bg), font.getGlyphID(ru)


def drawn(name: str, ch: str) -> int:
    """The glyph id the font file `name` draws for `ch` (cmap only: no shaping, as we set text)."""
    font = _font(name)
    return font.getGlyphID(font.getBestCmap()[ord(ch)])


def test_copies_keep_the_glyph_order_of_their_originals() -> None:
    """Glyph ids compare across a copy and its original only if the glyph order is the same."""
    for name in catalogue():
        source = original(name)
        if source != name:
            assert len(_font(name).getGlyphOrder()) == len(_font(source).getGlyphOrder()), name


@pytest.mark.parametrize("edition", ["bg", "ru"])
@pytest.mark.parametrize("face", layout_faces())
def test_every_layout_face_draws_the_editions_letterforms(face: str, edition: str) -> None:
    chosen = localized(Face(face, 10.0), edition).font
    source = original(chosen)
    differs = 0
    for ch in LETTERS:
        bg, ru = forms(source, ch)
        got = drawn(chosen, ch)
        want = bg if edition == "bg" else ru
        assert got == want, (f"{edition} {ch} in {face} -> {chosen}: glyph {got}, "
                             f"the {edition} form is glyph {want} (bg {bg}, ru {ru})")
        differs += bg != ru
    if source.partition("/")[0] not in RUSSIAN_ONLY:
        # the test means something: in every face some of these letters have two forms
        assert differs, f"{source}: д л и т ж Д Л have the same form in both traditions?"


def test_bulgarian_text_never_uses_a_russian_only_face() -> None:
    for face in layout_faces():
        family = localized(Face(face, 10.0), "bg").font.partition("/")[0]
        assert family not in RUSSIAN_ONLY and not family.endswith("-ru"), face


def test_title_copies_match_oswald_capitals() -> None:
    """Same point size, same cap height: a layout's sizes hold in the bg edition."""
    from printprog.text.fonts import get_font

    for face in layout_faces():
        if face.startswith("oswald/"):
            title = localized(Face(face, 10.0), "bg").font
            assert title.startswith("sofia-sans-extra-condensed-title/"), title
            assert abs(get_font(title).cap_height - get_font(face).cap_height) < 2, title


def test_bulgarian_a4_sets_bulgarian_text_only_in_bulgarian_forms(tmp_path: Path) -> None:
    import pikepdf

    job = prepare(Request("a4", DATA, "bg", tmp_path))
    plan = compose_job(job)
    runs = [i for page in plan.pages for pl in page.placements for i in pl.items if isinstance(i, TextRun)]
    bulgarian = {r.font for r in runs if r.lang == "bg" and any("а" <= c.lower() <= "я" for c in r.text)}
    assert "source-serif-4-bg/regular" in bulgarian and "sofia-sans-extra-condensed-title/black" in bulgarian
    for name in bulgarian:
        family = name.partition("/")[0]
        assert family not in RUSSIAN_ONLY and family != "source-serif-4" and not family.endswith("-ru"), name

    # the bg edition's Cyrillic in a Russian-forms face is Russian text (or unmarked, as the original title)
    for r in runs:
        if r.lang != "bg" and any("а" <= c.lower() <= "я" for c in r.text):
            assert r.lang in ("ru", None), (r.lang, r.text)

    pdf = build(Request("a4", DATA, "bg", tmp_path)).pdf
    with pikepdf.open(pdf) as doc:
        fonts = {str(f.BaseFont).split("+")[1] for page in doc.pages for _, f in page.Resources.Font.items()}
    assert any(f.startswith("SourceSerif4BG-") for f in fonts), fonts
    assert any(f.startswith("SofiaSansExtraCondensedTitle-") for f in fonts), fonts
    # (the original Source Serif 4 may still be embedded: the English press quote is set in it)
    assert not any(f.startswith(("SofiaSansRU-", "SofiaSansExtraCondensedRU-")) for f in fonts), fonts
