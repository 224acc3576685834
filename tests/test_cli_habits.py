"""Habits of the command line (issue #11): no abbreviated options, format names in any case with
"did you mean", --lang and --jobs checked like any input, --out as a file or a folder, the short
help of a bare `printprog`, and `printprog new`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from printprog.cli import main
from tests.conftest import DATA


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def files(folder: Path) -> list[str]:
    """The files under folder, without the job sheets every build writes (test_cli_jobsheet.py)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith("job-sheet-")) if folder.exists() else []


# --- 1. no abbreviations ---------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["build", "--form", "a4"],
    ["build", "--format", "a4", "--stri"],
    ["check", "x.pdf", "--js"],
    ["layouts", "--ref"],
])
def test_abbreviated_options_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2
    assert "unrecognized arguments" in err or "required" in err


# --- 2. format names --------------------------------------------------------------------------


def test_format_names_are_case_insensitive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["build", "--format", "A4", "--data", str(DATA), "--out", str(tmp_path)], capsys)
    assert code == 0, out
    assert files(tmp_path) == ["leto-a4-bg.pdf"]


@pytest.mark.parametrize("name, close", [("a5", "flyer-a5"), ("B1", "poster-b1"), ("flyer-a7", "flyer-a6"),
                                         ("poster_a2", "poster-a2")])
def test_unknown_format_suggests_close_names(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             name: str, close: str) -> None:
    from printprog.build import layout_names

    code, _, err = run(["build", "--format", name, "--data", str(DATA), "--out", str(tmp_path)], capsys)
    assert code == 1
    assert f"unknown format {name!r}" in err
    assert "did you mean" in err and close in err.split("did you mean", 1)[1].split("?")[0]
    assert all(n in err for n in layout_names())
    assert "Traceback" not in err
    assert files(tmp_path) == []


def test_a_far_name_lists_the_layouts_without_a_guess(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", "--format", "brochure", "--data", str(DATA), "--out", "unused"], capsys)
    assert code == 1
    assert "unknown format 'brochure'" in err and "did you mean" not in err and "a4" in err


# --- 3. --lang ----------------------------------------------------------------------------------


def test_an_unknown_language_lists_the_editions_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", "--format", "a4", "--lang", "de", "--data", str(DATA), "--out", str(tmp_path)],
                       capsys)
    assert code == 1
    assert "'de'" in err
    for lang in ("bg", "en", "ru"):
        assert lang in err
    assert "usage:" not in err and "Traceback" not in err
    assert files(tmp_path) == []


# --- 4. --jobs -----------------------------------------------------------------------------------


def test_jobs_zero_means_every_core(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import printprog.batch

    seen: list[int | None] = []
    real = printprog.batch.build_per_venue

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(kwargs["jobs"])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(printprog.batch, "build_per_venue", spy)
    monkeypatch.setattr("os.cpu_count", lambda: 1)  # one core: the batch runs in this process
    code, out, err = run(["build", "--format", "flyer-a6", "--per", "venue", "--venue", "kino-odeon",
                          "--data", str(DATA), "--out", str(tmp_path), "--jobs", "0"], capsys)
    assert code == 0, err
    assert seen == [1]
    assert "leto-flyer-a6-bg-kino-odeon.pdf" in files(tmp_path)


def test_negative_jobs_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", "--format", "flyer-a6", "--per", "venue", "--data", str(DATA),
                        "--out", str(tmp_path), "--jobs", "-2"], capsys)
    assert code == 1
    assert "--jobs -2" in err and "hint:" in err
    assert files(tmp_path) == []


# --- 5. --out ------------------------------------------------------------------------------------


def test_out_ending_in_pdf_is_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new" / "programme.pdf"
    code, out, err = run(["build", "--format", "a4", "--data", str(DATA), "--out", str(target), "--proof"], capsys)
    assert code == 0, err
    assert files(tmp_path) == ["new/programme-p1.png", "new/programme-p2.png", "new/programme.pdf"]
    assert target.read_bytes().startswith(b"%PDF-")
    assert "programme.pdf" in out


def test_out_without_pdf_is_a_folder_made_for_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", "--format", "poster-a3", "--data", str(DATA), "--out", str(tmp_path / "a" / "b")],
                       capsys)
    assert code == 0, err
    assert files(tmp_path) == ["a/b/leto-poster-a3-bg.pdf"]


def test_out_pdf_with_per_venue_is_an_error_with_a_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", "--format", "flyer-a5", "--per", "venue", "--data", str(DATA),
                        "--out", str(tmp_path / "flyers.pdf")], capsys)
    assert code == 1
    assert "--per venue" in err and "hint:" in err and "folder" in err
    assert files(tmp_path) == []


# --- 6. bare printprog ---------------------------------------------------------------------------


def test_no_arguments_prints_short_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("usage: printprog")
    commands = [line.split()[1] for line in err.splitlines() if line.startswith("  printprog ")]
    assert len(commands) == 5
    assert {"new", "validate", "build", "check"} <= set(commands)


# --- 7. printprog new ----------------------------------------------------------------------------


def test_new_writes_a_film_that_validates_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "my-film"
    code, out, err = run(["new", str(folder), "--title", "Урок: # \"x\""], capsys)
    assert code == 0, err
    assert files(folder) == ["README.txt", "film.schema.json", "film.yaml"]
    film = (folder / "film.yaml").read_text(encoding="utf-8")
    assert film.splitlines()[0] == "# yaml-language-server: $schema=film.schema.json"
    for field in ("title", "year", "venues", "screenings"):
        assert any(line.startswith(f"{field}:") and "required" in line for line in film.splitlines()), field
    for field in ("id", "original_title", "original_language", "countries", "runtime", "black_and_white", "url",
                  "credits", "label", "cast", "character", "billing", "producers", "production", "synopsis",
                  "quotes", "short", "awards", "kind", "address", "city", "note", "images", "keyart", "focus",
                  "credit", "licence"):
        assert f"{field}:" in film, field
    assert "key art" in film.lower()
    from printprog.load.schema import film_schema

    assert json.loads((folder / "film.schema.json").read_text(encoding="utf-8")) == json.loads(film_schema())
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "printprog validate film.yaml" in readme and "build --data film.yaml --format a4 --proof" in readme

    assert run(["validate", str(folder / "film.yaml")], capsys)[0] == 0
    monkeypatch.chdir(folder)  # the README's commands, as written
    code, out, err = run(["build", "--data", "film.yaml", "--format", "a4", "--proof"], capsys)
    assert code == 0, err
    assert "warning" not in err
    built = files(folder / "build")
    assert any(name.endswith("-a4-bg.pdf") for name in built) and any(name.endswith("-p1.png") for name in built)


def test_new_without_a_title_uses_a_placeholder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["new", str(tmp_path / "f")], capsys)[0] == 0
    assert run(["validate", str(tmp_path / "f" / "film.yaml")], capsys)[0] == 0


def test_new_example_copies_the_sample_film(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "leto"
    code, _, err = run(["new", "--example", "leto", str(folder)], capsys)
    assert code == 0, err
    assert (folder / "leto.yaml").read_bytes() == DATA.read_bytes()
    assert (folder / "images" / "leto-keyart.jpg").read_bytes() == (DATA.parent / "images" / "leto-keyart.jpg").read_bytes()
    assert (folder / "film.schema.json").is_file() and "leto.yaml" in (folder / "README.txt").read_text(encoding="utf-8")
    assert run(["validate", str(folder / "leto.yaml")], capsys)[0] == 0


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run(["new", str(tmp_path)], capsys)
    assert code == 1
    assert "not empty" in err and "hint:" in err
    assert files(tmp_path) == ["notes.txt"]


def test_new_accepts_an_empty_folder_and_refuses_an_unknown_example(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["new", "--example", "casablanca", str(tmp_path / "x")], capsys)
    assert code == 1 and "leto" in err
    assert run(["new", "--example", "leto", "--title", "T", str(tmp_path / "x")], capsys)[0] == 1
    assert not (tmp_path / "x").exists()
    (tmp_path / "empty").mkdir()
    assert run(["new", str(tmp_path / "empty")], capsys)[0] == 0
