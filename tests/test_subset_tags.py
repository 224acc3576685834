"""Font subset tags (ISO 32000-1 §9.6.4): different subsets get different tags, the same subset the
same tag, so flyers imposed on one sheet never hold two different programs under one name."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path

import pikepdf
import pytest

from printprog.plan import DocumentPlan, PagePlan, Placement, TextRun
from printprog.render.pdf import render, subset_tag
from tests.conftest import DATA

FONT = "sofia-sans/regular"


def fonts(pdf: bytes | Path) -> dict[str, set[bytes]]:
    """BaseFont → the digests of the font programs embedded under that name, over all pages."""
    import hashlib

    out: dict[str, set[bytes]] = defaultdict(set)
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/FontDescriptor" in obj:
                program = obj.FontDescriptor.FontFile2.read_bytes()
                out[str(obj.BaseFont)[1:]].add(hashlib.sha256(program).digest())
    return dict(out)


def tags_of(names: dict[str, set[bytes]], family: str) -> set[str]:
    return {name.split("+")[0] for name in names if name.split("+")[1] == family}


def one_line(text: str) -> DocumentPlan:
    run = TextRun(20, 40, text, FONT, 12)
    page = PagePlan("p", 200, 100, 0, (0, 0, 0, 0), (Placement("text", "r", (0, 0, 200, 100), (0, 0, 200, 100), (run,)),))
    return DocumentPlan((page,), "t", "a", "s", "bg", fonts=(FONT,))


def test_tags_are_six_capitals_from_the_subset() -> None:
    a = subset_tag("font", [65, 66, 67], {65: 1, 66: 2, 67: 3})
    assert re.fullmatch(r"[A-Z]{6}", a) and a != "AAAAAA"
    assert subset_tag("font", [65, 66, 67], {65: 1, 66: 2, 67: 3}) == a  # deterministic
    assert subset_tag("font", [65, 66, 68], {65: 1, 66: 2, 68: 4}) != a  # other glyphs
    assert subset_tag("font", [66, 65, 67], {65: 1, 66: 2, 67: 3}) != a  # other codes for them: another program
    assert subset_tag("other font", [65, 66, 67], {65: 1, 66: 2, 67: 3}) != a


def test_different_text_gets_different_tags_same_text_the_same() -> None:
    a, b, a2 = (fonts(render(one_line(t))) for t in ("Лято в Одеон", "Кино Люмиер", "Лято в Одеон"))
    [name_a], [name_b] = a, b
    assert name_a.endswith("+SofiaSans-Regular") and name_b.endswith("+SofiaSans-Regular")
    assert name_a != name_b and a2 == a


def test_every_subset_of_a_font_in_a_document_has_its_own_tag() -> None:
    text = "".join(chr(c) for c in range(0x21, 0x7F)) + "".join(chr(c) for c in range(0x410, 0x450)) + \
        "".join(chr(c) for c in range(0xC0, 0x17F) if c != 0xD7 and c != 0xF7)
    names = fonts(render(one_line(text)))
    tags = tags_of(names, "SofiaSans-Regular")
    assert len(tags) >= 2 and len(tags) == len(names)  # more than 256 characters: several subsets


@pytest.fixture(scope="module")
def two_flyers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from printprog.batch import build_per_venue
    from printprog.build import Request

    out = tmp_path_factory.mktemp("flyers")
    done = build_per_venue(Request("flyer-a6", DATA, "bg", out), jobs=1).written
    targets = sorted(d.item.target for d in done)
    assert len(targets) >= 2
    return targets[0], targets[1]


def test_flyers_with_different_text_have_different_tags_for_one_font(two_flyers: tuple[Path, Path]) -> None:
    a, b = fonts(two_flyers[0]), fonts(two_flyers[1])
    programs: dict[str, set[bytes]] = defaultdict(set)
    for names in (a, b):
        for name, digests in names.items():
            assert len(digests) == 1, name  # one program per name in a file
            programs[name] |= digests
    # across both flyers, still one program per name: an imposed sheet of the two is unambiguous
    assert all(len(d) == 1 for d in programs.values()), {n: len(d) for n, d in programs.items()}
    families_differing = {n.split("+")[1] for n in set(a) ^ set(b)}
    assert families_differing, "the venues' texts differ, so some subsets must"


def test_imposed_sheet_has_one_program_per_font_name(two_flyers: tuple[Path, Path], tmp_path: Path) -> None:
    import datetime as dt

    from printprog.build import Request, load_print
    from printprog.impose import impose

    shop, intent = load_print(Request("a4", Path("unused")))
    sheet, _ = impose(list(two_flyers), sheet="SRA3", shop=shop, intent=intent,
                      when=dt.datetime(2019, 3, 1, tzinfo=dt.timezone.utc), title="t")
    names = fonts(sheet)
    assert names and all(len(d) == 1 for d in names.values()), {n: len(d) for n, d in names.items()}


def test_rebuilds_stay_byte_identical() -> None:
    assert render(one_line("Лято")) == render(one_line("Лято"))
