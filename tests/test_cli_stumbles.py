"""Stumbles of issue #11, each as a CLI test: own fonts, a missing picture's hint, TIFF and 16-bit
key art with --show-focus, impose of several trim sizes, --out everywhere, exit codes of a
missing input, shell completion, and the job sheet beside every build."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from printprog.cli import main
from tests.conftest import DATA, ROOT
from tests.helpers_load import edit

Cap = pytest.CaptureFixture[str]
OSWALD = ROOT / "fonts" / "oswald" / "Oswald_600SemiBold.ttf"
COMMANDS = ("build", "new", "impose", "proof", "check", "layouts", "fonts", "cache", "validate", "schema", "completion")


def run(argv: list[str], capsys: Cap) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _own_catalogue() -> object:
    """Own fonts join a process-wide catalogue: each test starts and ends without them."""
    from printprog.text import fonts

    saved = dict(fonts._OWN)
    yield
    fonts._OWN.clear()
    fonts._OWN.update(saved)
    fonts.catalogue.cache_clear()


# --- 1. own fonts ------------------------------------------------------------------------------


def brand_fonts(folder: Path) -> Path:
    (folder / "brand").mkdir(parents=True)
    shutil.copy(OSWALD, folder / "brand" / "Brand-Bold.ttf")
    (folder / "brand" / "LICENSE.txt").write_text("Brand licence\n")
    return folder


def test_fonts_lists_fonts_from_font_path(tmp_path: Path, capsys: Cap) -> None:
    code, out, _ = run(["fonts", "--font-path", str(brand_fonts(tmp_path / "own"))], capsys)
    assert code == 0
    assert "brand/brand-bold" in out and "Brand-Bold.ttf" in out and "LICENSE.txt" in out
    assert "oswald/semibold" in out  # the shipped ones still
    code, out, _ = run(["fonts"], capsys)
    assert "brand/" not in out


def brand_layout(folder: Path) -> Path:
    """folder/brand-a4.yaml: the A4 with `fonts: [fonts/brand]` and its title in brand/brand-bold."""
    brand_fonts(folder / "fonts")
    text = (ROOT / "layouts" / "a4.yaml").read_text(encoding="utf-8")
    text = edit(text, "\nname: a4\n", "\nname: brand-a4\nfonts: [fonts/brand]\n")
    text = edit(text, "title:       {font: oswald/semibold", "title:       {font: brand/brand-bold")
    layout = folder / "brand-a4.yaml"
    layout.write_text(text, encoding="utf-8")
    return layout


def test_a_layout_names_its_own_fonts(tmp_path: Path, capsys: Cap) -> None:
    layout = brand_layout(tmp_path)
    code, out, err = run(["validate", str(layout)], capsys)
    assert code == 0 and "layout OK" in out, err
    code, out, err = run(["build", "--format", str(layout), "--data", str(DATA), "--out", str(tmp_path / "out"),
                          "--no-job-sheet"], capsys)
    assert code == 0, err
    import pikepdf

    with pikepdf.open(tmp_path / "out" / "leto-brand-a4-bg.pdf") as pdf:
        names = {str(f.get("/BaseFont")) for page in pdf.pages for f in page.Resources.Font.values()}
    # Brand-Bold.ttf is a copy of Oswald SemiBold, a face the shipped Bulgarian A4 never embeds (its
    # Oswald title is set in Sofia Sans Extra Condensed Title): it is there because the layout named it
    assert any(n.endswith("+Oswald-SemiBold") for n in names), names


@pytest.mark.parametrize("bad, words", [
    (b"OTTO" + b"\0" * 200, ["CFF", "TrueType (.ttf)"]),
    (OSWALD.read_bytes()[:3000], ["damaged", "another copy"]),
    (b"hello, not a font", ["not a TrueType font"]),
])
def test_a_cff_or_damaged_font_says_what_to_do(tmp_path: Path, capsys: Cap, bad: bytes, words: list[str]) -> None:
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "Face_700Bold.otf").write_bytes(bad)
    code, _, err = run(["fonts", "--font-path", str(tmp_path / "own")], capsys)
    assert code == 1
    line = err.splitlines()[0]
    assert line.startswith(f"{tmp_path / 'own' / 'Face_700Bold.otf'}: ") and "; " in line
    assert all(w in err for w in words) and "Traceback" not in err


def test_a_missing_font_path_is_an_input_error(tmp_path: Path, capsys: Cap) -> None:
    code, _, err = run(["build", "--format", "a4", "--font-path", str(tmp_path / "nowhere"), "--out",
                        str(tmp_path / "out")], capsys)
    assert code == 1 and "--font-path: no such file or folder" in err and "hint:" in err
    assert not (tmp_path / "out").exists()


# --- 2. a missing picture says where it looked --------------------------------------------------


def test_a_missing_image_says_where_it_looked_and_what_to_do(tmp_path: Path, capsys: Cap) -> None:
    film = tmp_path / "film" / "leto.yaml"
    film.parent.mkdir()
    film.write_text(edit(DATA.read_text(encoding="utf-8"), "file: images/leto-keyart.jpg",
                         "file: images/keyart.jpg"), encoding="utf-8")
    code, _, err = run(["validate", str(film)], capsys)
    assert code == 1
    assert f"looked for {film.parent / 'images' / 'keyart.jpg'}" in err
    assert "hint: the folder" in err and "relative to the film file" in err
    (film.parent / "images").mkdir()
    Image.new("L", (10, 10)).save(film.parent / "images" / "keyart.jpeg")
    code, _, err = run(["validate", str(film)], capsys)
    assert "hint: did you mean 'images/keyart.jpeg'?" in err
    assert "nothing was written" not in err  # validate writes nothing anyway


# --- 3. TIFF and 16-bit key art, --show-focus ---------------------------------------------------


def tiff_rgb16(path: Path, w: int, h: int) -> Path:
    """An uncompressed 16-bit RGB TIFF (Pillow cannot write one): a colour gradient."""
    y, x = np.mgrid[0:h, 0:w]
    a = np.stack([x * 65535 // w, y * 65535 // h, np.full_like(x, 20000)], axis=-1).astype("<u2")
    data = a.tobytes()
    bits = 8 + 2 + 12 * 10 + 4  # after the header and the IFD of 10 entries: bits per sample, then the pixels
    tags = [(256, 3, 1, w), (257, 3, 1, h), (258, 3, 3, bits), (259, 3, 1, 1), (262, 3, 1, 2),
            (273, 4, 1, bits + 6), (277, 3, 1, 3), (278, 3, 1, h), (279, 4, 1, len(data)), (284, 3, 1, 1)]
    ifd = struct.pack("<H", len(tags)) + b"".join(struct.pack("<HHII", *t) if t[1] == 4 or t[0] == 258 else
                                                   struct.pack("<HHIHH", t[0], t[1], t[2], t[3], 0) for t in tags)
    path.write_bytes(b"II*\0" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + struct.pack("<HHH", 16, 16, 16)
                     + data)
    return path


@pytest.fixture
def film_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path / "cache"))

    def make(picture: Path, focus: str = "[0.25, 0.3]") -> Path:
        film = tmp_path / "leto.yaml"
        text = edit(DATA.read_text(encoding="utf-8"), "file: images/leto-keyart.jpg", f"file: {picture.name}")
        film.write_text(edit(text, "focus: [0.536, 0.599]", f"focus: {focus}"), encoding="utf-8")
        return film

    return make


@pytest.mark.parametrize("kind", ["rgb16.tif", "grey16.tif", "cmyk.tif", "rgb.png"])
def test_key_art_in_tiff_png_16_bit_builds_and_the_focus_shows_on_the_proof(tmp_path: Path, capsys: Cap,
                                                                             film_with, kind: str) -> None:  # type: ignore[no-untyped-def]
    w, h = 1400, 2000
    picture = tmp_path / kind
    if kind == "rgb16.tif":
        tiff_rgb16(picture, w, h)
        with Image.open(picture) as im:
            assert im.mode == "RGB"
    elif kind == "grey16.tif":
        Image.fromarray((np.mgrid[0:h, 0:w][1] * 30).astype(np.uint16)).save(picture)
        with Image.open(picture) as im:
            assert im.mode.startswith("I;16")
    elif kind == "cmyk.tif":
        Image.new("CMYK", (w, h), (0, 180, 200, 0)).save(picture)
    else:
        Image.new("RGB", (w, h), (30, 90, 200)).save(picture)
    film = film_with(picture)
    out = tmp_path / "out"
    args = ["build", "--format", "flyer-a6", "--per", "venue", "--venue", "kino-odeon", "--data", str(film), "--out",
            str(out), "--proof", "--jobs", "1"]
    code, _, err = run(args, capsys)
    assert code == 0, err
    [png] = out.glob("*-p1.png")
    plain = out / "plain.png"
    shutil.copy(png, plain)
    pdf = next(out.glob("leto-*.pdf")).read_bytes()
    code, _, err = run([*args, "--show-focus"], capsys)
    assert code == 0, err
    assert next(out.glob("leto-*.pdf")).read_bytes() == pdf, "the marker is never in the PDF"
    a, b = np.asarray(Image.open(plain).convert("RGB")), np.asarray(Image.open(png).convert("RGB"))
    ys, xs = np.nonzero((np.abs(a.astype(int) - b.astype(int)).sum(axis=2) > 60))
    assert len(xs) > 50, "a marker is drawn on the PNG"
    # the marker sits around a quarter of the picture's width (focus x 0.25) in the flyer's top part
    assert xs.mean() < a.shape[1] * 0.5 and ys.mean() < a.shape[0] * 0.7
    sheet = (out / "job-sheet-flyer-a6-bg.txt").read_text(encoding="utf-8")
    assert ("K only" in sheet) == (kind == "grey16.tif")


def test_show_focus_without_proof_is_a_usage_error(tmp_path: Path, capsys: Cap) -> None:
    code, _, err = run(["build", "--format", "a4", "--show-focus", "--out", str(tmp_path)], capsys)
    assert code == 2 and "add --proof" in err and not any(tmp_path.iterdir())


# --- 4. impose: several sizes, skipped sheets, --out ---------------------------------------------


@pytest.fixture(scope="module")
def products(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("products")
    assert main(["build", "--format", "a4", "--data", str(DATA), "--out", str(out), "--quiet"]) == 0
    assert main(["build", "--format", "flyer-a6", "--per", "venue", "--data", str(DATA), "--out", str(out),
                 "--quiet", "--jobs", "1"]) == 0
    assert main(["proof", str(out)]) == 0
    return out


def test_impose_groups_trim_sizes_skips_sheets_and_writes_into_a_folder(products: Path, tmp_path: Path,
                                                                        capsys: Cap) -> None:
    capsys.readouterr()
    given = sorted(products.glob("*.pdf"))
    assert any(p.name.startswith("job-sheet-") for p in given) and any(p.name == "contact-sheet.pdf" for p in given)
    code, out, err = run(["impose", *map(str, given), "--out", str(tmp_path / "sheets")], capsys)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "sheets").iterdir()) == ["imposed-sra3-105x148mm.pdf",
                                                                       "imposed-sra3-210x297mm.pdf"]
    assert "skipped" in out and "contact-sheet.pdf (a contact sheet" in out and "job-sheet-a4-bg.pdf (a job sheet" in out
    # the imposed sheets beside the products are skipped the next time, whole folders work too
    code, out, err = run(["impose", str(products), str(tmp_path / "sheets"), "--out", str(tmp_path / "again")], capsys)
    assert code == 0, err
    assert "imposed-sra3-105x148mm.pdf (an imposed sheet" in out
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == ["imposed-sra3-105x148mm.pdf",
                                                                      "imposed-sra3-210x297mm.pdf"]
    code, _, err = run(["impose", str(tmp_path / "sheets")], capsys)
    assert code == 1 and "nothing to impose" in err and "Traceback" not in err
    code, out, err = run(["impose", str(products), "--out", str(tmp_path / "one.pdf")], capsys)
    assert code == 1 and "2 trim sizes" in err and "--out is a folder" in err and "hint: pass a folder" in err
    assert not (tmp_path / "one.pdf").exists()


def test_impose_one_size_into_a_file_and_proof_out(products: Path, tmp_path: Path, capsys: Cap) -> None:
    flyers = sorted(str(p) for p in products.glob("leto-flyer-a6-*.pdf"))
    code, _, err = run(["impose", *flyers, "--out", str(tmp_path / "x" / "sheet.pdf")], capsys)
    assert code == 0, err
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["sheet.pdf"]
    code, out, err = run(["proof", str(products), "--out", str(tmp_path / "review")], capsys)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "review").iterdir()) == ["contact-sheet.pdf", "contact-sheet.png"]
    code, out, err = run(["proof", str(products), "--out", str(tmp_path / "r" / "all.pdf")], capsys)
    assert code == 0 and sorted(p.name for p in (tmp_path / "r").iterdir()) == ["all.pdf", "all.png"]


# --- 5. exit codes and wording ------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["validate", "absent.yaml"], ["check", "absent.pdf"], ["impose", "absent.pdf"],
                                  ["proof", "absent-folder"], ["build", "--format", "a4", "--data", "absent.yaml"],
                                  ["fonts", "--check", "absent.yaml"]])
def test_a_missing_input_is_exit_1_everywhere(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: Cap) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(argv, capsys)
    assert code == 1, err
    assert "absent" in err and "Traceback" not in err
    assert ("nothing was written" in err) == (argv[0] in ("build", "impose", "proof"))


# --- 6. shell completion ------------------------------------------------------------------------


def test_bash_completion_knows_every_command_and_bash_accepts_it(tmp_path: Path, capsys: Cap) -> None:
    code, script, _ = run(["completion", "bash"], capsys)
    assert code == 0
    for name in COMMANDS:
        assert f" {name}) opts=" in script and name in script.split("compgen -W", 1)[1].split("\n")[0]
    assert "--format) COMPREPLY" in script and "flyer-a5" in script and "conservative-x1a" in script
    (tmp_path / "c.bash").write_text(script)
    assert subprocess.run(["bash", "-n", str(tmp_path / "c.bash")], capture_output=True).returncode == 0
    # the script completes: `printprog bu<Tab>` and `printprog build --form<Tab>`
    probe = (f"source {tmp_path / 'c.bash'}; COMP_WORDS=(printprog bu); COMP_CWORD=1; _printprog; "
             "echo ${COMPREPLY[@]}; COMP_WORDS=(printprog build --form); COMP_CWORD=2; _printprog; echo ${COMPREPLY[@]}; "
             "COMP_WORDS=(printprog build --format flyer); COMP_CWORD=3; _printprog; echo ${COMPREPLY[@]}; "
             "COMP_WORDS=(printprog completion z); COMP_CWORD=2; _printprog; echo ${COMPREPLY[@]}")
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True)
    lines = done.stdout.split("\n")
    assert lines[:2] == ["build", "--format"] and lines[3] == "zsh", done.stderr
    assert "flyer-a5" in lines[2].split() and all(w.startswith("flyer") for w in lines[2].split())


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_completion_know_every_command(shell: str, tmp_path: Path, capsys: Cap) -> None:
    code, script, _ = run(["completion", shell], capsys)
    assert code == 0 and all(name in script for name in COMMANDS) and "font-path" in script
    if shutil.which(shell):
        (tmp_path / "c").write_text(script)
        assert subprocess.run([shell, "-n", str(tmp_path / "c")], capture_output=True).returncode == 0


def test_an_unknown_shell_is_a_usage_error(capsys: Cap) -> None:
    code, _, err = run(["completion", "tcsh"], capsys)
    assert code == 2 and "bash" in err


# --- 7. the job sheet -----------------------------------------------------------------------------


def test_a_build_publishes_its_job_sheet(tmp_path: Path, capsys: Cap) -> None:
    code, out, err = run(["build", "--format", "a4", "--data", str(DATA), "--out", str(tmp_path / "a"),
                          "--shop", "conservative-x1a"], capsys)
    assert code == 0, err
    assert "wrote" in out and "job-sheet-a4-bg.txt" in out and "job-sheet-a4-bg.pdf" in out
    text = (tmp_path / "a" / "job-sheet-a4-bg.txt").read_text(encoding="utf-8")
    for line in ("film:             Лято", "product:          a4: ", "trim size:        210 × 297 mm",
                 "bleed:            3 mm on every side", "PDF:              PDF/X-1a:2003", "output condition: FOGRA39",
                 "pages:            2", "quantity:         ____", "paper:            150 g/m² matt coated",
                 "finishing:        trim to size", "colours:          K only"):
        assert line in text, line
    from tests.conftest import page_texts

    pdf = tmp_path / "a" / "job-sheet-a4-bg.pdf"
    assert "Лято" in page_texts(pdf)[0] and "PDF/X-1a:2003" in page_texts(pdf)[0]
    # same inputs, same bytes
    assert main(["build", "--format", "a4", "--data", str(DATA), "--out", str(tmp_path / "b"), "--shop",
                 "conservative-x1a", "-q"]) == 0
    for name in ("job-sheet-a4-bg.txt", "job-sheet-a4-bg.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_batch_has_one_job_sheet_and_no_job_sheet_leaves_it_out(tmp_path: Path, capsys: Cap) -> None:
    code, out, err = run(["build", "--format", "flyer-a6", "--per", "venue", "--data", str(DATA), "--out",
                          str(tmp_path / "a"), "--from", "2019-03-16", "--jobs", "1"], capsys)
    assert code == 0, err
    [sheet] = (tmp_path / "a").glob("job-sheet-*.txt")
    assert sheet.name == "job-sheet-flyer-a6-bg-from-2019-03-16.txt"
    text = sheet.read_text(encoding="utf-8")
    flyers = sorted(p.name for p in (tmp_path / "a").glob("leto-*.pdf"))
    assert len(flyers) >= 2 and all(f in text for f in flyers) and f"in {len(flyers)} files" in text
    import json

    code, out, err = run(["build", "--format", "flyer-a6", "--per", "venue", "--data", str(DATA), "--out",
                          str(tmp_path / "a"), "--from", "2019-03-16", "--jobs", "1", "--json"], capsys)
    assert code == 0 and [Path(p).name for p in json.loads(out)["job_sheet"]] == [
        "job-sheet-flyer-a6-bg-from-2019-03-16.txt", "job-sheet-flyer-a6-bg-from-2019-03-16.pdf"]
    code, _, err = run(["build", "--format", "a4", "--data", str(DATA), "--out", str(tmp_path / "b"),
                        "--no-job-sheet"], capsys)
    assert code == 0 and sorted(p.name for p in (tmp_path / "b").iterdir()) == ["leto-a4-bg.pdf"]


def test_a_failed_build_writes_no_job_sheet(tmp_path: Path, capsys: Cap) -> None:
    film = tmp_path / "leto.yaml"
    film.write_text(edit(DATA.read_text(encoding="utf-8"), "venue: kino-odeon", "venue: nowhere"), encoding="utf-8")
    code, _, err = run(["build", "--format", "a4", "--data", str(film), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and "nowhere" in err and not (tmp_path / "out").exists()


def test_check_and_proof_leave_job_sheets_out(products: Path, capsys: Cap) -> None:
    from printprog.contact import pdf_files

    code, out, _ = run(["check", str(products)], capsys)
    assert code == 0 and "job-sheet" not in out and "contact-sheet" not in out
    assert (products / "job-sheet-a4-bg.pdf").is_file()
    assert [p.name for p in pdf_files(products)] == sorted(p.name for p in products.glob("leto-*.pdf"))
    # `check build/*.pdf` names the job sheets too: they are skipped with a note, the products checked
    code, out, err = run(["check", *map(str, sorted(products.glob("*.pdf")))], capsys)
    assert code == 0 and "job-sheet-a4-bg.pdf (a job sheet" in err and "contact-sheet.pdf (a contact sheet" in err
    assert out.count("passed all") == len(list(products.glob("leto-*.pdf")))


def test_a_base_layouts_fonts_count_for_the_layouts_extending_it(tmp_path: Path, capsys: Cap) -> None:
    brand_fonts(tmp_path / "base" / "fonts")
    text = (ROOT / "layouts" / "a4.yaml").read_text(encoding="utf-8")
    text = edit(text, "\nname: a4\n", "\nname: base-a4\nfonts: [fonts/brand]\n")
    (tmp_path / "base" / "base-a4.yaml").write_text(text, encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("extends: base/base-a4.yaml\nname: child-a4\nstyles:\n  title: {font: brand/brand-bold, "
                     "size: 230pt, leading: 0.9, tracking: -10, case: upper}\n", encoding="utf-8")
    code, out, err = run(["validate", str(child)], capsys)
    assert code == 0 and "layout OK" in out, err


def test_a_one_file_build_leaves_the_callers_collector_as_it_was(tmp_path: Path, capsys: Cap) -> None:
    """build switches the cyclic collector off for its own run (a one-shot process), and main()
    called as a library function turns it back on."""
    import gc

    assert gc.isenabled()
    code, _, err = run(["build", "--format", "a4", "--data", str(DATA), "--out", str(tmp_path), "-q"], capsys)
    assert code == 0, err
    assert gc.isenabled()
