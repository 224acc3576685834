"""Issue #11: `check` of several files and folders, `build --json`, --quiet/--verbose and colour,
each subcommand's help with examples, and `printprog fonts` (--check FILM)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from printprog.cli import _parser, main
from printprog.cli.output import diagnostic
from printprog.diagnostics import Diagnostic, Mark
from printprog.text.fonts import font_names
from tests.conftest import fresh_copy
from tests.helpers_load import edit

Cap = pytest.CaptureFixture[str]


@pytest.fixture(scope="module")
def a4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One finished, passing A4 PDF (built once for the module)."""
    out = tmp_path_factory.mktemp("a4")
    assert main(["build", "--format", "a4", "--out", str(out), "--quiet"]) == 0
    (pdf,) = out.glob("leto-*.pdf")
    return pdf


# --- 1. check: several files and folders ----------------------------------------------------


def test_check_a_folder_skips_contact_and_imposed_sheets(a4: Path, tmp_path: Path, capsys: Cap) -> None:
    for name in ("b.pdf", "a.pdf", "contact-sheet.pdf", "imposed-sra3.pdf"):
        shutil.copy(a4, tmp_path / name)
    (tmp_path / "notes.txt").write_text("not checked")
    code = main(["check", str(tmp_path), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    reports = json.loads(out)
    assert isinstance(reports, list)
    assert [Path(r["file"]).name for r in reports] == ["a.pdf", "b.pdf"]
    assert all(r["ok"] for r in reports)


def test_check_several_files_prints_each_report(a4: Path, tmp_path: Path, capsys: Cap) -> None:
    shutil.copy(a4, tmp_path / "copy.pdf")
    assert main(["check", str(a4), str(tmp_path / "copy.pdf")]) == 0
    out = capsys.readouterr().out
    assert out.count("passed all") == 2


def test_check_exit_codes_missing_is_1_and_not_a_pdf_is_2(a4: Path, tmp_path: Path, capsys: Cap) -> None:
    (tmp_path / "notes.pdf").write_text("hello\n")
    assert main(["check", str(a4), str(tmp_path / "notes.pdf")]) == 2
    capsys.readouterr()
    code = main(["check", str(a4), str(tmp_path / "notes.pdf"), str(tmp_path / "absent.pdf"), "--json"])
    captured = capsys.readouterr()
    assert code == 1  # a missing input is a problem in the input, as everywhere
    reports = json.loads(captured.out)
    assert [r["ok"] for r in reports] == [True, False, False] and "error" in reports[1] and "error" in reports[2]
    assert "absent.pdf: no such file" in captured.err and "not a PDF" in captured.err


def test_check_a_failing_file_is_3_even_beside_a_missing_one(a4: Path, tmp_path: Path, capsys: Cap) -> None:
    # the A4's smallest text is 7 pt; a shop that wants 9 pt makes it fail preflight
    import re

    from printprog.load import shop_path

    shop = tmp_path / "wide.yaml"

    text = shop_path("default").read_text(encoding="utf-8")
    assert main(["check", str(a4)]) == 0
    capsys.readouterr()
    wide, n = re.subn(r"(?m)^min_font:.*$", "min_font: 9pt", text)
    assert n == 1
    shop.write_text(wide, encoding="utf-8")
    code = main(["check", str(a4), str(tmp_path / "absent.pdf"), "--shop", str(shop)])
    assert code == 3
    assert "FAIL" in capsys.readouterr().out


def test_check_one_file_json_is_still_one_report(a4: Path, capsys: Cap) -> None:
    assert main(["check", str(a4), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


# --- 2. build --json ----------------------------------------------------------------------


def test_build_json_is_the_only_thing_on_stdout(tmp_path: Path, capsys: Cap) -> None:
    code = main(["build", "--format", "a4", "--out", str(tmp_path), "--json"])
    record = json.loads(capsys.readouterr().out)  # all of stdout is one JSON document
    assert code == 0
    (f,) = record["files"]
    pdf = Path(f["file"])
    pdf = pdf if pdf.is_absolute() else Path.cwd() / pdf
    data = pdf.read_bytes()
    assert f["bytes"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest()
    assert f["pages"] == 2 and f["preflight"] == "pass" and record["manifest"] is None


def test_build_json_per_venue_lists_each_flyer_and_the_manifest(tmp_path: Path, capsys: Cap) -> None:
    code = main(["build", "--format", "flyer-a6", "--per", "venue", "--out", str(tmp_path), "--jobs", "1",
                 "--json"])
    record = json.loads(capsys.readouterr().out)
    assert code == 0
    assert sorted(f["venue"] for f in record["files"]) == ["dom-na-kinoto", "kino-odeon", "lumiere-lidl"]
    assert all(f["preflight"] == "pass" and len(f["sha256"]) == 64 for f in record["files"])
    assert Path(record["manifest"]).name == "manifest-flyer-a6-bg.json" and record["failed"] == []


# --- 3. --quiet, --verbose, colour -----------------------------------------------------------


def test_quiet_prints_nothing_and_verbose_prints_steps(tmp_path: Path, capsys: Cap) -> None:
    assert main(["build", "--format", "a4", "--out", str(tmp_path), "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["build", "--format", "a4", "--out", str(tmp_path), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "wrote " in out and "preflight pass; sha256" in out and "shop default" in out
    assert main(["build", "--format", "a4", "--quiet", "--verbose"]) == 2


def test_quiet_still_prints_errors(tmp_path: Path, capsys: Cap) -> None:
    assert main(["build", "--format", "a4", "--out", str(tmp_path), "--quiet", "--lang", "xx"]) == 1
    assert "--lang 'xx'" in capsys.readouterr().err


def test_colour_marks_the_location_and_hint() -> None:
    d = Diagnostic("no venue with id 'x'", Mark("film.yaml", 3, 5), "screenings[0].venue", hint="did you mean 'y'?")
    plain = diagnostic(d, colour=False)
    assert plain == d.format() and "\033" not in plain
    coloured = diagnostic(d, colour=True)
    assert coloured.startswith("\033[1;31mfilm.yaml:3:5:\033[0m screenings[0].venue: ")
    assert "\033[36mhint:\033[0m did you mean" in coloured


class _Tty:
    def __init__(self) -> None:
        self.text = ""

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("no_color, coloured", [(None, True), ("1", False)])
def test_errors_in_colour_on_a_terminal_unless_no_color(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         no_color: str | None, coloured: bool) -> None:
    film = fresh_copy(tmp_path)
    film.write_text(edit(film.read_text(encoding="utf-8"), "original_title: Лето", "original_title: [1, 2]"),
                    encoding="utf-8")
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    tty = _Tty()
    monkeypatch.setattr("sys.stderr", tty)
    assert main(["build", "--format", "a4", "--data", str(film), "--out", str(tmp_path / "out")]) == 1
    assert ("\033[" in tty.text) is coloured
    assert "original_title" in tty.text


def test_no_colour_when_not_a_terminal(tmp_path: Path, capsys: Cap, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["build", "--format", "a4", "--out", str(tmp_path), "--lang", "xx"]) == 1
    assert "\033[" not in capsys.readouterr().err


# --- 4. help ------------------------------------------------------------------------------


def _subparsers() -> dict[str, object]:
    import argparse

    (action,) = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_subcommand_help_has_a_description_and_two_examples(capsys: Cap) -> None:
    commands = _subparsers()
    assert {"build", "check", "fonts", "new", "impose", "proof", "validate", "schema"} <= set(commands)
    for name in commands:
        assert main([name, "--help"]) == 0
        out = capsys.readouterr().out
        assert "examples" in out, name
        examples = [line for line in out.split("examples:", 1)[1].splitlines() if line.strip()]
        assert len(examples) == 2 and all(e.strip().startswith(f"printprog {name}") for e in examples), name
        description = out.split("\n\n")[1]
        assert description.strip() and not description.startswith(("positional", "options")), name


# --- 5. fonts -----------------------------------------------------------------------------


def _families(out: str) -> dict[str, list[str]]:
    """`printprog fonts` output as {family: its indented lines}."""
    blocks: dict[str, list[str]] = {}
    for line in out.splitlines():
        if line.startswith("  "):
            blocks[list(blocks)[-1]].append(line.strip())
        elif line:
            blocks[line.split(":", 1)[0]] = []
    return blocks


def test_fonts_lists_families_with_files_licence_and_scripts(capsys: Cap) -> None:
    assert main(["fonts"]) == 0
    out = capsys.readouterr().out
    assert set(out.split()) >= set(font_names())  # every face name, as before
    fams = _families(out)
    assert {"oswald", "sofia-sans", "sofia-sans-ru", "source-serif-4", "source-serif-4-bg"} <= set(fams)
    for name, lines in fams.items():
        assert lines[0].startswith("licence: SIL Open Font License") and lines[0].endswith("OFL.txt)"), name
        assert lines[1].startswith("scripts: Latin, Cyrillic"), name
    assert fams["sofia-sans"][1] == "scripts: Latin, Cyrillic (Bulgarian forms)"
    assert fams["sofia-sans-ru"][1] == "scripts: Latin, Cyrillic (Russian forms)"
    assert fams["source-serif-4-bg"][1] == "scripts: Latin, Cyrillic (Bulgarian forms)"
    assert any(line.startswith("sofia-sans/regular ") and line.endswith("fonts/sofia-sans/SofiaSans_400Regular.ttf")
               for line in fams["sofia-sans"])


def test_fonts_check_leto_has_every_character(capsys: Cap) -> None:
    assert main(["fonts", "--check", "data/leto.yaml"]) == 0
    assert "every face the layouts use has all" in capsys.readouterr().out


def test_fonts_check_names_the_missing_character_and_its_field(tmp_path: Path, capsys: Cap) -> None:
    film = fresh_copy(tmp_path)
    text = film.read_text(encoding="utf-8")
    film.write_text(edit(text, "  en: Leto\n", "  en: Leto ☃\n"), encoding="utf-8")
    code = main(["fonts", "--check", str(film)])
    out = capsys.readouterr().out
    assert code == 1
    assert "'☃' U+2603  first in title (en edition)" in out and "lack characters" in out
    assert "'Л'" not in out
