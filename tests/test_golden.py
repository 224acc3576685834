"""Every page compared with a small reference PNG under a tolerance.

Update the references after an intended change with `pytest tests/test_golden.py --update-golden`
and look at them before committing. A failure writes actual, expected and diff images to
tests/_failures/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from printprog.proof import page_pngs

GOLDEN = Path(__file__).parent / "golden"
FAILURES = Path(__file__).parent / "_failures"
DPI = 24  # small: an A4 page is about 200×290 px, a reference well under 20 KiB
MEAN_TOLERANCE = 1.5  # mean absolute difference per pixel, 0..255
PIXEL_TOLERANCE = 64  # a pixel differing more than this counts as changed
CHANGED_SHARE = 0.004  # at most 0.4 % of pixels may change that much


def _pages(pdf: Path, dpi: float = DPI) -> list[Image.Image]:
    return [Image.open(io.BytesIO(png)).convert("L") for png in page_pngs(pdf.read_bytes(), dpi=dpi)]


@pytest.fixture(scope="session")
def flyer(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The Odeon flyer of a format (it has every flyer block, the QR code included)."""
    from printprog.batch import build_per_venue
    from printprog.build import Request
    from tests.conftest import DATA

    def get(fmt: str) -> Path:
        out = tmp_path_factory.mktemp(fmt)
        [done] = build_per_venue(Request(fmt, DATA, "bg", out), venue="kino-odeon", jobs=1).written
        return done.item.target

    return get


@pytest.mark.parametrize("fmt,lang", [("a4", "bg"), ("a4", "en"), ("poster-a2", "bg"), ("poster-b1", "en"),
                                      ("flyer-a5", "bg"), ("flyer-a6", "bg"), ("flyer-dl", "bg")])
def test_pages_match_golden(built, flyer, update_golden: bool, fmt: str, lang: str) -> None:
    pdf = flyer(fmt) if fmt.startswith("flyer") else built(fmt, lang)
    dpi = DPI if fmt in ("a4",) or fmt.startswith("flyer") else DPI * 297 / 707 / 2 if fmt == "poster-b1" else DPI / 3
    _compare(_pages(pdf, dpi), f"{fmt}-{lang}", update_golden)


CORPUS = Path(__file__).parent / "films"


@pytest.mark.parametrize("film,fmt,lang,venue", [
    ("urok", "a4", "bg", None),  # two directors, four awards, no quote: one page, cast on the front
    ("maximal", "a4", "en", None),  # 60 screenings continued over three pages
    ("maximal", "poster-a2", "bg", None),  # no key art: the type-led poster
    ("dalgoto-lyato", "flyer-a6", "bg", "kino-odeon"),  # a month at one cinema: dense list and back side
])
def test_corpus_pages_match_golden(tmp_path: Path, update_golden: bool, film: str, fmt: str, lang: str,
                                   venue: str | None) -> None:
    from printprog.batch import build_per_venue
    from printprog.build import Request, build

    req = Request(fmt, CORPUS / f"{film}.yaml", lang, tmp_path)
    if venue:
        [done] = build_per_venue(req, venue=venue, jobs=1).written
        pdf = done.item.target
    else:
        pdf = build(req).pdf
    dpi = DPI if not fmt.startswith("poster") else DPI / 3
    _compare(_pages(pdf, dpi), f"{film}-{fmt}-{lang}", update_golden)


def _compare(pages: list[Image.Image], stem: str, update_golden: bool) -> None:
    for n, actual in enumerate(pages, 1):
        ref = GOLDEN / f"{stem}-p{n}.png"
        if update_golden or not ref.exists():
            if not update_golden:
                pytest.fail(f"no reference {ref.name}; run pytest --update-golden and look at it")
            actual.save(ref, optimize=True)
            continue
        expected = Image.open(ref).convert("L")
        assert expected.size == actual.size, f"{ref.name}: page size changed"
        diff = ImageChops.difference(actual, expected)
        hist = diff.histogram()
        total = actual.size[0] * actual.size[1]
        mean = sum(i * c for i, c in enumerate(hist)) / total
        changed = sum(hist[PIXEL_TOLERANCE:]) / total
        if mean > MEAN_TOLERANCE or changed > CHANGED_SHARE:
            FAILURES.mkdir(exist_ok=True)
            actual.save(FAILURES / f"{ref.stem}-actual.png")
            expected.save(FAILURES / f"{ref.stem}-expected.png")
            diff.point(lambda v: 255 - min(255, v * 4)).save(FAILURES / f"{ref.stem}-diff.png")
            pytest.fail(f"{ref.name}: mean difference {mean:.2f}, {changed:.2%} of pixels changed "
                        f"(see tests/_failures/)")
    assert not (GOLDEN / f"{stem}-p{len(pages) + 1}.png").exists(), f"{stem}: fewer pages than the reference"


def test_golden_references_are_small() -> None:
    for ref in GOLDEN.glob("*.png"):
        assert ref.stat().st_size < 20 * 1024, ref.name


def test_a_real_change_is_caught(built) -> None:
    """The comparison is not blind: moving the title by 2 mm must fail it."""
    page = _pages(built("a4", "bg"))[0]
    ref = Image.open(GOLDEN / "a4-bg-p1.png").convert("L")
    shifted = ImageChops.offset(page, 0, 2)  # 2 px at 24 dpi ≈ 2 mm
    diff = ImageChops.difference(shifted, ref).histogram()
    changed = sum(diff[PIXEL_TOLERANCE:]) / (page.size[0] * page.size[1])
    assert changed > CHANGED_SHARE
