"""Shared fixtures: built PDFs (once per session), text extraction, content-stream walking."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "leto.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.png from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """build(format, lang) -> Path of the PDF, built once per session from data/leto.yaml."""
    from printprog.build import Request, build

    cache: dict[tuple[str, str], Path] = {}

    def get(fmt: str = "a4", lang: str = "bg") -> Path:
        key = (fmt, lang)
        if key not in cache:
            out = tmp_path_factory.mktemp(f"build-{fmt}-{lang}")
            cache[key] = build(Request(fmt, DATA, lang, out)).pdf
        return cache[key]

    return get


def page_texts(pdf: Path | bytes) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def flat(text: str) -> str:
    """Text with hyphenation hyphens and all whitespace removed (for comparing with source text)."""
    # pdfium reports a hyphen at a line end as U+FFFE and joins the lines
    text = text.replace("\ufffe", "").replace("\u00ad", "")
    return re.sub(r"\s+", "", text)


def words(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return " ".join(text.split())


def content_operators(pdf_path: Path) -> list[tuple[int, str, list]]:
    """(page number, operator, operands) for every operation of every page and form XObject."""
    import pikepdf

    out = []
    with pikepdf.open(pdf_path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            for operands, op in pikepdf.parse_content_stream(page):
                out.append((n, str(op), list(operands)))
            xobjects = page.Resources.get("/XObject", {})
            for _, xo in xobjects.items():
                if xo.get("/Subtype") == "/Form":
                    for operands, op in pikepdf.parse_content_stream(xo):
                        out.append((n, str(op), list(operands)))
    return out


@pytest.fixture
def film_text() -> str:
    return DATA.read_text(encoding="utf-8")


def fresh_copy(tmp_path: Path) -> Path:
    target = tmp_path / "leto.yaml"
    shutil.copy(DATA, target)
    (tmp_path / "images").symlink_to(DATA.parent / "images", target_is_directory=True)
    return target
