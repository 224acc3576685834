"""Per-venue flyers: one file per venue with only its screenings, safe names, all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path

import pytest

from printprog.batch import build_per_venue
from printprog.build import Request
from printprog.cli import main
from printprog.diagnostics import InputError
from tests.conftest import DATA, page_texts, words
from tests.helpers_load import edit, leto_text, line_of, write

DATES = {"dom-na-kinoto": ("16", "събота", "17:30 ч."), "lumiere-lidl": ("18", "понеделник", "20:30 ч."),
         "kino-odeon": ("25", "понеделник", "20:45 ч.")}
NAMES = {"dom-na-kinoto": "Дом на киното", "lumiere-lidl": "Lumière Lidl", "kino-odeon": "Кино Одеон"}


@pytest.fixture(scope="module")
def flyers(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("flyers")
    result = build_per_venue(Request("flyer-a5", DATA, "bg", out), jobs=2)
    assert not result.failed
    return out


def test_one_flyer_per_venue_with_a_safe_transliterated_name(flyers: Path) -> None:
    names = sorted(p.name for p in flyers.glob("*.pdf"))
    assert names == ["leto-flyer-a5-bg-dom-na-kinoto.pdf", "leto-flyer-a5-bg-kino-odeon.pdf",
                     "leto-flyer-a5-bg-lumiere-lidl.pdf"]


@pytest.mark.parametrize("venue", list(DATES))
def test_each_flyer_lists_exactly_its_own_screenings(flyers: Path, venue: str) -> None:
    text = words(page_texts(flyers / f"leto-flyer-a5-bg-{venue}.pdf")[0])
    assert NAMES[venue] in text
    day, weekday, time = DATES[venue]
    assert f"{day} МАРТ {weekday} {time}" in text
    assert "на руски език с български субтитри" in text  # the screening's note
    for other, (_, _, other_time) in DATES.items():
        if other != venue:
            assert other_time not in text and NAMES[other] not in text


def test_manifest_describes_every_file(flyers: Path) -> None:
    records = json.loads((flyers / "manifest-flyer-a5-bg.json").read_text(encoding="utf-8"))
    assert [r["venue"] for r in records] == ["dom-na-kinoto", "kino-odeon", "lumiere-lidl"]
    for r in records:
        data = (flyers / r["file"]).read_bytes()
        assert r["sha256"] == hashlib.sha256(data).hexdigest() and r["bytes"] == len(data)
        assert r["format"] == "flyer-a5" and r["pages"] == 1 and r["preflight"] == "pass"


def test_qr_code_only_where_the_venue_has_a_site_and_it_reads_back(flyers: Path) -> None:
    """Render the Odeon flyer, sample every module of the code, compare with the URL's QR matrix."""
    import pypdfium2 as pdfium
    import segno

    from printprog.batch import plan_items, venues_to_build
    from printprog.build import compose_job, prepare
    from printprog.plan import Path as PathItem

    job = prepare(Request("flyer-a5", DATA, "bg", flyers))
    film, chosen = venues_to_build(job, "kino-odeon")
    view = film.model_copy(update={"screenings": tuple(s for s in film.screenings if s.venue == "kino-odeon")})
    plan = compose_job(job, view, "kino-odeon")
    qr = next(pl for pl in plan.pages[0].placements if pl.block == "qr")
    [path] = [i for i in qr.items if isinstance(i, PathItem)]  # the code is one vector path
    matrix = segno.make("http://bnf.bg/en/odeon/program", error="m", micro=False).matrix
    n = len(matrix)
    module = path.segments[2][2] - path.segments[0][2]  # each run is a rectangle one module high
    # the finder patterns put dark modules in the first row and column: the code starts 4 modules before
    x0 = min(s[1] for s in path.segments if s[0] == "M") - 4 * module
    y0 = min(s[2] for s in path.segments if s[0] == "M") - 4 * module
    scale = 600 / 72  # 600 dpi
    page = pdfium.PdfDocument(str(flyers / "leto-flyer-a5-bg-kino-odeon.pdf"))[0]
    img = page.render(scale=scale).to_pil().convert("L")
    trim_x, trim_y = page.get_trimbox()[0], page.get_mediabox()[3] - page.get_trimbox()[3]
    bad = 0
    for r in range(-4, n + 4):
        for c in range(-4, n + 4):
            dark = 0 <= r < n and 0 <= c < n and bool(matrix[r][c])
            px = (trim_x + x0 + (c + 4.5) * module) * scale
            py = (trim_y + y0 + (r + 4.5) * module) * scale
            seen = img.getpixel((round(px), round(py))) < 128
            bad += seen != dark
    assert bad == 0
    for venue in ("dom-na-kinoto", "lumiere-lidl"):
        plan = compose_job(job, view.model_copy(update={"screenings": tuple(
            s for s in film.screenings if s.venue == venue)}), venue)
        qr = next(pl for pl in plan.pages[0].placements if pl.block == "qr")
        assert not qr.items, f"{venue} has no site: no code"


def test_one_venue_and_from_date(tmp_path: Path) -> None:
    one = build_per_venue(Request("flyer-a6", DATA, "bg", tmp_path / "one"), venue="lumiere-lidl", jobs=1)
    assert [d.item.target.name for d in one.written] == ["leto-flyer-a6-bg-lumiere-lidl.pdf"]
    later = build_per_venue(Request("flyer-a6", DATA, "bg", tmp_path / "later"), since=dt.date(2019, 3, 17), jobs=1)
    assert sorted(d.item.venue for d in later.written) == ["kino-odeon", "lumiere-lidl"]
    with pytest.raises(InputError) as e:
        build_per_venue(Request("flyer-a6", DATA, "bg", tmp_path / "none"), venue="kino-odeom", jobs=1)
    assert "did you mean 'kino-odeon'" in e.value.diagnostics[0].hint


def test_two_venues_with_the_same_file_name_are_an_error_before_anything_is_written(tmp_path: Path) -> None:
    text = edit(leto_text(), "    name: Lumière Lidl\n", "    name: Kino Odeon\n")
    film = write(tmp_path, "film.yaml", text)
    out = tmp_path / "out"
    with pytest.raises(InputError) as e:
        build_per_venue(Request("flyer-a5", film, "bg", out), jobs=1)
    messages = [d.format() for d in e.value.diagnostics]
    assert len(messages) == 2 and all("would all be written to leto-flyer-a5-bg-kino-odeon.pdf" in m for m in messages)
    assert {d.mark.line for d in e.value.diagnostics} == {line_of(text, "name: Kino Odeon"),
                                                           line_of(text, "name: {bg: Кино Одеон")}
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("hostile", ["../../etc/passwd", "/abs/olute", "con", "Кино ** Лош ::",
                                     "Кинотеатър Перла Голямата зала Културен дом Младост София Център"])
def test_hostile_venue_names_become_plain_file_names(tmp_path: Path, hostile: str) -> None:
    import json as _json

    text = edit(leto_text(), "    name: Lumière Lidl\n", f"    name: {_json.dumps(hostile)}\n")
    film = write(tmp_path, "film.yaml", text)
    out = tmp_path / "out"
    result = build_per_venue(Request("flyer-a6", film, "bg", out), venue="lumiere-lidl", jobs=1)
    [done] = result.written
    assert done.item.target.parent == out and done.item.target.exists()
    name = done.item.target.name
    assert "/" not in name and ".." not in name and len(name) < 120 and name.isascii()
    assert sorted(p.name for p in tmp_path.rglob("*.pdf")) == [name]


def test_all_or_nothing_and_keep_going(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text = edit(leto_text(), "    name: Lumière Lidl\n", "    name: Lumière ☃ Lidl\n")
    film = write(tmp_path, "film.yaml", text)
    out = tmp_path / "out"
    code = main(["build", "--format", "flyer-a5", "--per", "venue", "--data", str(film), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"film.yaml:{line_of(text, 'Lumière ☃ Lidl')}:" in err and "U+2603" in err and "lumiere-lidl" in err
    assert not out.exists() or not list(out.iterdir()), "nothing is written when one flyer fails"
    code = main(["build", "--format", "flyer-a5", "--per", "venue", "--data", str(film), "--out", str(out),
                 "--keep-going", "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 1
    assert sorted(p.name for p in out.glob("leto-*.pdf")) == ["leto-flyer-a5-bg-dom-na-kinoto.pdf",
                                                         "leto-flyer-a5-bg-kino-odeon.pdf"]
    assert "FAILED leto-flyer-a5-bg-lumiere-lidl.pdf" in captured.err and "1 of 3 files failed" in captured.err
    assert not list(out.glob(".*.part"))
    manifest = json.loads((out / "manifest-flyer-a5-bg.json").read_text(encoding="utf-8"))
    assert [r["venue"] for r in manifest] == ["dom-na-kinoto", "kino-odeon"]


def test_russian_edition_uses_russian_letterforms_and_genitive_months(tmp_path: Path) -> None:
    import pikepdf

    result = build_per_venue(Request("flyer-a5", DATA, "ru", tmp_path), venue="kino-odeon", jobs=1)
    pdf = result.written[0].item.target
    text = words(page_texts(pdf)[0])
    assert "25 МАРТА понедельник 20:45" in text and "Кино Одеон" in text, text
    with pikepdf.open(pdf) as doc:
        fonts = {str(f.BaseFont).split("+")[1] for _, f in doc.pages[0].Resources.Font.items()}
    assert any(f.startswith("SofiaSansRU-") for f in fonts)
    assert not any(f.startswith("SofiaSans-") for f in fonts), "Russian text must not use the Bulgarian forms"


def test_progress_lines_without_a_terminal(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(["build", "--format", "flyer-dl", "--per", "venue", "--out", str(tmp_path), "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "[1/3]" in out and "[3/3]" in out and "preflight pass" in out and "manifest-flyer-dl-bg.json" in out
    assert "\r" not in out


@pytest.mark.parametrize("hostile", ["Кино\x1b[31mЛош", "Kino\u202eonedO", "Kino\x00Odeon"])
def test_control_characters_in_names_are_errors_with_their_line(tmp_path: Path, hostile: str) -> None:
    import json as _json

    text = edit(leto_text(), "    name: Lumière Lidl\n", f"    name: {_json.dumps(hostile)}\n")
    film = write(tmp_path, "film.yaml", text)
    with pytest.raises(InputError) as e:
        build_per_venue(Request("flyer-a6", film, "bg", tmp_path / "out"), jobs=1)
    [d] = e.value.diagnostics
    assert d.path == "venues[1].name" and "control character U+" in d.message
    assert d.mark.line == line_of(text, "    name: \"")
    assert not (tmp_path / "out").exists()


def test_a_name_too_long_for_its_region_is_reported_not_clipped(tmp_path: Path) -> None:
    text = edit(leto_text(), "    name: Lumière Lidl\n", "    name: " + "Люмиер " * 400 + "\n")
    film = write(tmp_path, "film.yaml", text)
    with pytest.raises(InputError) as e:
        build_per_venue(Request("flyer-a6", film, "bg", tmp_path / "out"), jobs=1)
    assert any("venue block does not fit" in d.message and "lumiere-lidl" in d.message for d in e.value.diagnostics)


def test_a_name_with_nothing_to_make_a_file_name_from_falls_back_to_the_venue_id(tmp_path: Path) -> None:
    text = edit(leto_text(), "    name: Lumière Lidl\n", '    name: ".."\n')
    film = write(tmp_path, "film.yaml", text)
    result = build_per_venue(Request("flyer-a6", film, "bg", tmp_path / "out"), venue="lumiere-lidl", jobs=1)
    assert [d.item.target.name for d in result.written] == ["leto-flyer-a6-bg-lumiere-lidl.pdf"]
