"""The build command's periods, splitting any layout per venue, file and manifest names, proofs
in batches and edition warnings (--strict), through `printprog.cli.main`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from printprog.cli import main
from tests.conftest import DATA, fresh_copy, page_texts, words
from tests.helpers_load import edit, leto_text, write

# each venue's one screening, as the A4 and the flyers print it (bg)
TIMES = {"dom-na-kinoto": "17:30", "lumiere-lidl": "20:30", "kino-odeon": "20:45"}
NAMES = {"dom-na-kinoto": "Дом на киното", "lumiere-lidl": "Lumière Lidl", "kino-odeon": "Кино Одеон"}


def build(*args: str) -> int:
    return main(["build", *args])


def text_of(pdf: Path) -> str:
    return words(" ".join(page_texts(pdf)))


def files(folder: Path) -> list[str]:
    # the job sheets (job-sheet-*.txt/.pdf) beside every build are tested in test_cli_jobsheet.py
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("job-sheet-")) if folder.exists() else []


# --- periods ---------------------------------------------------------------------------------


def test_from_and_until_limit_a_single_build_and_name_it(tmp_path: Path) -> None:
    code = build("--format", "a4", "--out", str(tmp_path), "--from", "2019-03-17", "--until", "18.03.2019")
    assert code == 0
    assert files(tmp_path) == ["leto-a4-bg-2019-03-17--2019-03-18.pdf"]
    text = text_of(tmp_path / "leto-a4-bg-2019-03-17--2019-03-18.pdf")
    assert "20:30" in text and NAMES["lumiere-lidl"] in text
    for venue in ("dom-na-kinoto", "kino-odeon"):
        assert TIMES[venue] not in text and NAMES[venue] not in text


def test_until_alone(tmp_path: Path) -> None:
    code = build("--format", "flyer-a6", "--per", "venue", "--out", str(tmp_path), "--until", "2019-03-18",
                 "--jobs", "1")
    assert code == 0
    assert files(tmp_path) == ["leto-flyer-a6-bg-dom-na-kinoto-until-2019-03-18.pdf",
                               "leto-flyer-a6-bg-lumiere-lidl-until-2019-03-18.pdf",
                               "manifest-flyer-a6-bg-until-2019-03-18.json"]


@pytest.mark.parametrize("args, message, hint", [
    (["--from", "2019-03-26"], "no screenings from 2019-03-26", "check the screenings' dates"),
    (["--from", "20.03.2019", "--until", "2019-03-16"], "no screenings from 2019-03-20 until 2019-03-16",
     "--from is after --until"),
])
def test_no_screening_left_is_an_error_naming_the_dates(tmp_path: Path, capsys, args: list[str],  # type: ignore[no-untyped-def]
                                                        message: str, hint: str) -> None:
    for per in ([], ["--per", "venue"]):
        code = build("--format", "flyer-a5" if per else "a4", "--out", str(tmp_path), *per, *args)
        err = capsys.readouterr().err
        assert code == 1 and message in err and hint in err and "Traceback" not in err
    assert files(tmp_path) == []


@pytest.mark.parametrize("bad", ["2019/03/16", "16.3.19", "tomorrow"])
def test_a_date_that_is_not_a_date_is_a_usage_error(tmp_path: Path, capsys, bad: str) -> None:  # type: ignore[no-untyped-def]
    assert build("--format", "a4", "--out", str(tmp_path), "--until", bad) == 2
    assert "write 2019-03-16 or 16.03.2019" in capsys.readouterr().err


def test_venue_and_keep_going_still_need_per_venue(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert build("--format", "a4", "--out", str(tmp_path), "--venue", "kino-odeon") == 2
    assert "go with --per venue" in capsys.readouterr().err


def test_a_per_venue_layout_still_needs_per_venue(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert build("--format", "flyer-a5", "--out", str(tmp_path)) == 1
    assert "--per venue" in capsys.readouterr().err and files(tmp_path) == []


# --- any layout per venue ---------------------------------------------------------------------


def test_the_a4_per_venue_has_only_that_venues_screenings(tmp_path: Path) -> None:
    code = build("--format", "a4", "--per", "venue", "--out", str(tmp_path), "--jobs", "2")
    assert code == 0
    assert files(tmp_path) == ["leto-a4-bg-dom-na-kinoto.pdf", "leto-a4-bg-kino-odeon.pdf",
                               "leto-a4-bg-lumiere-lidl.pdf", "manifest-a4-bg.json"]
    for venue in TIMES:
        text = text_of(tmp_path / f"leto-a4-bg-{venue}.pdf")
        assert TIMES[venue] in text and NAMES[venue] in text, "the A4 keeps its venue column"
        for other in TIMES:
            if other != venue:
                assert TIMES[other] not in text and NAMES[other] not in text
    records = json.loads((tmp_path / "manifest-a4-bg.json").read_text(encoding="utf-8"))
    assert [(r["venue"], r["format"], r["pages"]) for r in records] == [
        ("dom-na-kinoto", "a4", 2), ("kino-odeon", "a4", 2), ("lumiere-lidl", "a4", 2)]


# --- names: periods, manifests, fallbacks -------------------------------------------------------


def test_split_runs_and_formats_in_one_folder_never_overwrite_each_other(tmp_path: Path) -> None:
    common = ["--per", "venue", "--out", str(tmp_path), "--jobs", "1"]
    assert build("--format", "flyer-a5", *common, "--from", "2019-03-16", "--until", "2019-03-20") == 0
    assert build("--format", "flyer-a5", *common, "--from", "21.03.2019") == 0
    assert build("--format", "flyer-a5", *common) == 0
    assert build("--format", "flyer-a5", *common, "--lang", "en", "--venue", "kino-odeon") == 0
    assert files(tmp_path) == [
        "leto-flyer-a5-bg-dom-na-kinoto-2019-03-16--2019-03-20.pdf",
        "leto-flyer-a5-bg-dom-na-kinoto.pdf",
        "leto-flyer-a5-bg-kino-odeon-from-2019-03-21.pdf",
        "leto-flyer-a5-bg-kino-odeon.pdf",
        "leto-flyer-a5-bg-lumiere-lidl-2019-03-16--2019-03-20.pdf",
        "leto-flyer-a5-bg-lumiere-lidl.pdf",
        "leto-flyer-a5-en-kino-odeon.pdf",
        "manifest-flyer-a5-bg-2019-03-16--2019-03-20.json",
        "manifest-flyer-a5-bg-from-2019-03-21.json",
        "manifest-flyer-a5-bg.json",
        "manifest-flyer-a5-en.json",
    ]

    def venues(manifest: str) -> list[str]:
        return [r["venue"] for r in json.loads((tmp_path / manifest).read_text(encoding="utf-8"))]

    assert venues("manifest-flyer-a5-bg-2019-03-16--2019-03-20.json") == ["dom-na-kinoto", "lumiere-lidl"]
    assert venues("manifest-flyer-a5-bg-from-2019-03-21.json") == ["kino-odeon"]
    assert venues("manifest-flyer-a5-bg.json") == ["dom-na-kinoto", "kino-odeon", "lumiere-lidl"]
    assert venues("manifest-flyer-a5-en.json") == ["kino-odeon"]


@pytest.mark.parametrize("name", ["«»", "—", "..."])
def test_a_venue_name_without_letters_falls_back_to_its_id(tmp_path: Path, name: str) -> None:
    text = edit(leto_text(), "    name: Lumière Lidl\n", f"    name: {json.dumps(name, ensure_ascii=False)}\n")
    film = write(tmp_path, "film.yaml", text)
    out = tmp_path / "out"
    code = build("--format", "flyer-a6", "--per", "venue", "--data", str(film), "--out", str(out), "--jobs", "1")
    assert code == 0
    assert "leto-flyer-a6-bg-lumiere-lidl.pdf" in files(out)
    assert name in text_of(out / "leto-flyer-a6-bg-lumiere-lidl.pdf"), "the name is still printed as written"


# --- proofs in batches -------------------------------------------------------------------------


def test_proofs_with_per_venue_sit_beside_each_pdf(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = build("--format", "flyer-dl", "--per", "venue", "--proof", "--out", str(tmp_path), "--jobs", "2")
    out = capsys.readouterr().out
    assert code == 0
    pdfs = [f"leto-flyer-dl-bg-{v}.pdf" for v in sorted(TIMES)]
    pngs = [f"leto-flyer-dl-bg-{v}-p1.png" for v in sorted(TIMES)]
    assert files(tmp_path) == sorted(pdfs + pngs + ["manifest-flyer-dl-bg.json"])
    for png in pngs:
        assert (tmp_path / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert png in out


def test_proofs_of_a_batch_that_is_not_published_are_removed(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text = edit(leto_text(), "    name: Lumière Lidl\n", "    name: Lumière ☃ Lidl\n")
    film = write(tmp_path, "film.yaml", text)
    out = tmp_path / "out"
    common = ["--format", "flyer-a6", "--per", "venue", "--proof", "--data", str(film), "--out", str(out),
              "--jobs", "1"]
    assert build(*common) == 1
    assert files(out) == [], "all or nothing: no PDF, no PNG, no temporary file"
    assert build(*common, "--keep-going") == 1
    assert files(out) == ["leto-flyer-a6-bg-dom-na-kinoto-p1.png", "leto-flyer-a6-bg-dom-na-kinoto.pdf",
                          "leto-flyer-a6-bg-kino-odeon-p1.png", "leto-flyer-a6-bg-kino-odeon.pdf",
                          "manifest-flyer-a6-bg.json"]
    capsys.readouterr()


# --- edition warnings and --strict --------------------------------------------------------------


@pytest.fixture
def no_bg_title(tmp_path: Path) -> tuple[Path, int]:
    """A copy of the film whose title has no bg text (the en one is printed instead), and the
    line of its `title:` key, where the warning points."""
    film = fresh_copy(tmp_path)
    text = film.read_text(encoding="utf-8")
    line = text.splitlines().index("title:") + 1
    film.write_text(edit(text, "  bg: Лято\n", ""), encoding="utf-8")
    return film, line


def test_missing_texts_are_warned_about_once_before_building(tmp_path: Path, capsys, no_bg_title) -> None:  # type: ignore[no-untyped-def]
    film, line = no_bg_title
    out = tmp_path / "out"
    code = build("--format", "flyer-a6", "--per", "venue", "--data", str(film), "--out", str(out), "--jobs", "1")
    err = capsys.readouterr().err
    assert code == 0 and len(list(out.glob("leto-*.pdf"))) == 3
    [warning] = [ln for ln in err.splitlines() if "warning:" in ln]
    assert f"leto.yaml:{line}:" in warning and "title" in warning and "no bg text" in warning
    assert build("--format", "a4", "--data", str(film), "--out", str(out)) == 0
    assert sum("warning:" in ln for ln in capsys.readouterr().err.splitlines()) == 1
    assert build("--format", "a4", "--data", str(film), "--out", str(out), "--lang", "en") == 0
    assert "warning:" not in capsys.readouterr().err


@pytest.mark.parametrize("per", [[], ["--per", "venue", "--jobs", "1"]])
def test_strict_turns_the_warnings_into_errors_and_writes_nothing(tmp_path: Path, capsys, no_bg_title,  # type: ignore[no-untyped-def]
                                                                 per: list[str]) -> None:
    film, line = no_bg_title
    out = tmp_path / "out"
    code = build("--format", "flyer-a6" if per else "a4", *per, "--strict", "--data", str(film), "--out", str(out))
    err = capsys.readouterr().err
    assert code == 1 and files(out) == []
    assert f"leto.yaml:{line}:" in err and "no bg text" in err and "warning:" not in err
    assert "1 problem; nothing was written." in err


def test_strict_with_a_complete_film_builds(tmp_path: Path) -> None:
    assert build("--format", "flyer-a6", "--per", "venue", "--strict", "--data", str(DATA), "--out", str(tmp_path),
                 "--venue", "kino-odeon", "--jobs", "1") == 0


# --- messages about a selection of screenings point at the film file's lines --------------------


@pytest.mark.parametrize("args", [["--format", "a4", "--from", "2019-03-20"],
                                  ["--format", "flyer-a6", "--per", "venue", "--jobs", "1"]])
def test_a_problem_in_a_selected_screening_names_its_own_line(tmp_path: Path, capsys, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    anchor = "    venue: kino-odeon\n    note: {bg: "
    text = edit(leto_text(), anchor, anchor + "☃ ")
    film = write(tmp_path, "film.yaml", text)
    assert build(*args, "--data", str(film), "--out", str(tmp_path / "out")) == 1
    err = capsys.readouterr().err
    line = text.splitlines().index("    venue: kino-odeon") + 2
    assert "U+2603" in err and f"film.yaml:{line}:" in err
    assert files(tmp_path / "out") == []
