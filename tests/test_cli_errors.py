"""The command line on bad input: exit codes, file:line messages, no tracebacks, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from printprog.build import layout_names
from printprog.cli import main
from printprog.load import load_layout
from printprog.load.blocks import BLOCK_TYPES
from printprog.text.fonts import font_names
from tests.helpers_load import (
    A4,
    REPO,
    edit,
    layout_with,
    leto_text,
    line_of,
    sub_line,
    synopsis_section,
    write,
)


def bad_film_text() -> str:
    """Leto with three problems: a wrong type, a bad time and an unknown key."""
    text = sub_line(leto_text(), r"^year: .*$", 'year: "twenty"')
    text = edit(text, '"17:30"', '"25:99"')
    return edit(text, "    character: {bg: Наташа", "    charakter: {bg: Наташа")


def bad_film_lines(text: str) -> list[int]:
    return [line_of(text, 'year: "twenty"'), line_of(text, '"25:99"'), line_of(text, "charakter:")]


def assert_nothing_written(out: Path) -> None:
    if out.exists():
        left = sorted(p.name for p in out.rglob("*"))
        assert not [n for n in left if n.endswith(".pdf") or n.endswith(".part") or n.endswith(".png")], left


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# --- build on bad input --------------------------------------------------------------------------


def test_build_bad_film_reports_every_problem_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    text = bad_film_text()
    write(tmp_path, "bad.yaml", text)
    code, out, err = run(["build", "--format", "a4", "--data", "bad.yaml", "--out", "OUT"], capsys)
    assert code == 1
    for line in bad_film_lines(text):
        assert f"bad.yaml:{line}:" in err, err
    assert "year" in err and "screenings[0].time" in err and "cast[1].charakter" in err
    assert "3 problems" in err and "nothing was written" in err
    assert "Traceback" not in err + out
    assert_nothing_written(tmp_path / "OUT")


def test_failed_build_keeps_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "bad.yaml", bad_film_text())
    old = tmp_path / "OUT" / "leto-a4-bg.pdf"
    old.parent.mkdir()
    old.write_bytes(b"%PDF-previous")
    code, _, _ = run(["build", "--format", "a4", "--data", "bad.yaml", "--out", "OUT"], capsys)
    assert code == 1
    assert old.read_bytes() == b"%PDF-previous"
    assert [p.name for p in old.parent.iterdir()] == ["leto-a4-bg.pdf"]


def test_build_reports_film_and_layout_problems_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    film = edit(leto_text(), "venue: kino-odeon\n", "venue: kino-odeom\n")
    layout = layout_with(styles="zstyle: {font: sofia-sans/reguler, size: 9pt}")
    write(tmp_path, "bad.yaml", film)
    write(tmp_path, "bad-layout.yaml", layout)
    code, _, err = run(["build", "--format", "bad-layout.yaml", "--data", "bad.yaml", "--out", "OUT"], capsys)
    assert code == 1
    assert f"bad.yaml:{line_of(film, 'kino-odeom')}:" in err
    assert f"bad-layout.yaml:{line_of(layout, 'sofia-sans/reguler')}:" in err
    assert "did you mean 'kino-odeon'" in err and "did you mean 'sofia-sans/regular'" in err
    assert "2 problems" in err
    assert "Traceback" not in err
    assert_nothing_written(tmp_path / "OUT")


def test_build_missing_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["build", "--format", "a4", "--data", "nope.yaml", "--out", "OUT"], capsys)
    assert code == 1
    assert "nope.yaml" in err and "not found" in err
    assert "Traceback" not in err
    assert_nothing_written(tmp_path / "OUT")


def test_unknown_format_lists_the_layouts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["build", "--format", "a5", "--data", str(REPO / "data" / "leto.yaml"), "--out", "OUT"], capsys)
    assert code == 1
    assert "unknown format 'a5'" in err
    names = layout_names()
    assert "a4" in names
    for name in names:
        assert name in err
    assert "Traceback" not in err
    assert_nothing_written(tmp_path / "OUT")


def test_unwritable_target_is_an_environment_error_and_leaves_no_part_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "OUT" / "leto-a4-bg.pdf").mkdir(parents=True)  # a directory where the PDF should go
    code, _, err = run(["build", "--format", "a4", "--data", str(REPO / "data" / "leto.yaml"), "--out", "OUT"], capsys)
    assert code == 2
    assert err.startswith("printprog:")
    assert "Traceback" not in err
    assert sorted(p.name for p in (tmp_path / "OUT").iterdir()) == ["leto-a4-bg.pdf"]
    assert (tmp_path / "OUT" / "leto-a4-bg.pdf").is_dir()


# --- composition problems: text that does not fit, characters no font has ------------------------


def _synopsis_region() -> str:
    layout, _ = load_layout(A4, font_names())
    regions = [b.region for p in layout.pages for b in p.blocks if b.type == "synopsis"]
    assert regions, "the A4 layout has a synopsis block"
    return regions[0]


def test_text_that_does_not_fit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    text = leto_text()
    start, end = synopsis_section(text)
    section = "".join(
        (ln * 20 if ln.startswith("    ") else ln) for ln in text[start:end].splitlines(keepends=True)
    )
    long = text[:start] + section + text[end:]
    write(tmp_path, "long.yaml", long)
    code, out, err = run(["build", "--format", "a4", "--data", "long.yaml", "--out", "OUT"], capsys)
    assert code == 1
    assert "synopsis block" in err
    assert f"region {_synopsis_region()!r}" in err
    assert "mm too tall" in err
    assert "a4.yaml:" in err  # reported at the block in the layout
    assert "Traceback" not in err
    assert_nothing_written(tmp_path / "OUT")


@pytest.mark.parametrize(("char", "code_point"), [("☃", "U+2603"), ("漢", "U+6F22")])
def test_character_missing_from_every_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], char: str, code_point: str
) -> None:
    monkeypatch.chdir(tmp_path)
    text = leto_text()
    bg_line = line_of(text, "  bg:", after="synopsis:")
    lines = text.splitlines(keepends=True)
    assert lines[bg_line].startswith("    ")  # first line of the bg synopsis text
    lines[bg_line] = "    " + char + " " + lines[bg_line][4:]
    text = "".join(lines)
    write(tmp_path, "glyph.yaml", text)
    code, _, err = run(["build", "--format", "a4", "--data", "glyph.yaml", "--out", "OUT"], capsys)
    assert code == 1
    assert char in err and code_point in err
    assert "synopsis.bg" in err
    assert f"glyph.yaml:{bg_line}:" in err
    assert err.count(code_point) == 1  # reported once, however often the block is measured
    assert "Traceback" not in err
    assert_nothing_written(tmp_path / "OUT")


def test_character_only_in_another_language_is_fine_for_this_edition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    text = edit(leto_text(), "    Leningrad, one Summer", "    ☃ Leningrad, one Summer")
    write(tmp_path, "glyph-en.yaml", text)
    code, out, err = run(["build", "--format", "a4", "--data", "glyph-en.yaml", "--lang", "bg", "--out", "OUT"], capsys)
    assert code == 0, err
    assert (tmp_path / "OUT" / "leto-a4-bg.pdf").is_file()


def test_zero_font_size_is_an_input_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    layout = layout_with(
        styles="zstyle: {font: sofia-sans/regular, size: 0, leading: 10pt}",
        regions="zbox: {x: 20mm, width: 60mm, y: 20mm, height: 10mm}",
        blocks="- {type: label, region: zbox, style: zstyle, text: Hi}",
    )
    write(tmp_path, "zero.yaml", layout)
    code, _, err = run(["build", "--format", "zero.yaml", "--data", str(REPO / "data" / "leto.yaml"), "--out", "OUT"], capsys)
    assert code == 1
    assert "styles.zstyle.size" in err


def test_quote_index_past_the_films_quotes_leaves_the_block_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Optional content disappears cleanly: a quote the film does not have is no error."""
    monkeypatch.chdir(tmp_path)
    layout = layout_with(
        styles="zstyle: {font: sofia-sans/regular, size: 9pt}",
        regions="zbox: {x: 20mm, width: 60mm, y: 20mm, height: 30mm}",
        blocks="- {type: quote, region: zbox, style: zstyle, index: 3}",
    )
    write(tmp_path, "qlayout.yaml", layout)
    code, _, err = run(["build", "--format", "qlayout.yaml", "--data", str(REPO / "data" / "leto.yaml"), "--out", "OUT"], capsys)
    assert code == 0, err
    from tests.conftest import page_texts

    text = " ".join(page_texts(next((tmp_path / "OUT").glob("*.pdf"))))
    assert text.count("The setting is Leningrad") == 1  # the layout's own quote block, not a second one


# --- usage errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["build"],
        ["build", "--format", "a4", "--bogus"],
        ["validate"],
        ["--nope"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(argv, capsys)
    assert code == 2
    assert "usage:" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["build", "--help"]])
def test_help_and_version_exit_0(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(argv, capsys)
    assert code == 0
    assert out.strip()


# --- validate, layouts, fonts --------------------------------------------------------------------


def test_validate_good_film(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run(["validate", "data/leto.yaml"], capsys)
    assert code == 0, err
    assert "data/leto.yaml" in out and "OK" in out
    assert err == ""


def test_validate_good_layout(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run(["validate", "layouts/a4.yaml"], capsys)
    assert code == 0, err
    assert "layout OK" in out


def test_validate_a_layout_that_only_extends_another(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run(["validate", "layouts/flyer-a5.yaml"], capsys)  # `extends:`, no `pages:`
    assert code == 0, err
    assert out == "layouts/flyer-a5.yaml: layout OK\n" and err == ""


def test_validate_a_file_in_a_layouts_folder_is_checked_as_a_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "layouts").mkdir()
    write(tmp_path / "layouts", "odd.yaml", "name: odd\n")
    code, _, err = run(["validate", "layouts/odd.yaml"], capsys)
    assert code == 1
    assert "description: required" in err and "title" not in err, "a layout's problems, not a film's"


def test_check_a_file_that_is_not_a_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "notes.txt", "hello\n")
    code, out, err = run(["check", "notes.txt"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("printprog: notes.txt: not a PDF") and "Traceback" not in err


def test_check_an_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "empty.pdf", "")
    code, _, err = run(["check", "empty.pdf"], capsys)
    assert code == 2 and err.startswith("printprog: empty.pdf: not a PDF") and err.count("\n") == 1


def test_validate_bad_film(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    text = bad_film_text()
    write(tmp_path, "bad.yaml", text)
    code, out, err = run(["validate", "bad.yaml"], capsys)
    assert code == 1
    for line in bad_film_lines(text):
        assert f"bad.yaml:{line}:" in err
    assert "OK" not in out
    assert "Traceback" not in err


def test_validate_bad_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    text = layout_with(styles="zstyle: {font: sofia-sans/reguler, size: 9pt}")
    write(tmp_path, "lay.yaml", text)
    code, _, err = run(["validate", "lay.yaml"], capsys)
    assert code == 1
    assert f"lay.yaml:{line_of(text, 'sofia-sans/reguler')}:" in err


@pytest.mark.parametrize(
    ("content", "needle"),
    [("", "empty"), ("id: leto\nid: leto\n", "duplicate"), ("a: &x 1\n", "anchor"), ("a: 'open\n", "YAML syntax")],
)
def test_validate_yaml_level_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "f.yaml", content)
    code, _, err = run(["validate", "f.yaml"], capsys)
    assert code == 1
    assert needle in err and "f.yaml:" in err
    assert "Traceback" not in err


def test_layouts_lists_a4(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["layouts"], capsys)
    assert code == 0
    assert "a4" in [ln.split()[0] for ln in out.splitlines() if ln.strip()]


def test_layouts_reference_documents_every_block_type(capsys: pytest.CaptureFixture[str]) -> None:
    # the "a block needs a `type`" hint sends users to this command
    code, out, _ = run(["layouts", "--reference"], capsys)
    assert code == 0
    for name in BLOCK_TYPES:
        assert name in out


def test_fonts_lists_sofia_sans_regular(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["fonts"], capsys)
    assert code == 0
    names = out.split()
    assert "sofia-sans/regular" in names
    assert set(names) >= set(font_names())


# --- a real process ------------------------------------------------------------------------------


def test_real_subprocess_on_bad_film(tmp_path: Path) -> None:
    text = bad_film_text()
    write(tmp_path, "bad.yaml", text)
    proc = subprocess.run(
        [sys.executable, "-m", "printprog", "build", "--format", "a4", "--data", "bad.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    for line in bad_film_lines(text):
        assert f"bad.yaml:{line}:" in proc.stderr
    assert_nothing_written(tmp_path / "build")
