"""A batch built again (issue #10, batchcache.py): with the same inputs, code and date its files come
from the cache without loading, composing, rendering, finishing or preflighting; the bytes are a
full build's, and any changed input, date or missing file builds the batch as usual."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from printprog import batch, batchcache
from printprog import build as B
from printprog.render import images
from tests.conftest import DATA, ROOT


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1552694400")
    monkeypatch.delenv("PRINTPROG_PLAN_CACHE", raising=False)
    return tmp_path / "cache"


def _files(out: Path) -> dict[str, str]:
    """sha256 of every file published: the PDFs, the manifest, the job sheet."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def _batch(film: Path, out: Path) -> batch.Result:
    return batch.build_per_venue(B.Request("flyer-a6", film, "bg", out, job_sheet=True), jobs=1)


def _film(tmp_path: Path) -> Path:
    """A private copy of the film and its pictures, to change."""
    shutil.copytree(DATA.parent, tmp_path / "data")
    return tmp_path / "data" / DATA.name


def _nothing_made(m: pytest.MonkeyPatch) -> None:
    m.setattr(batch, "prepare", lambda req: pytest.fail("loaded again"))
    m.setattr(batch, "_produce", lambda task: pytest.fail("rendered again"))


def _made_again(m: pytest.MonkeyPatch) -> list[str]:
    """Records every file rendered (the full build) instead of taken from batchcache."""
    made: list[str] = []
    produce = batch._produce

    def spy(task: batch.Task) -> tuple[batch.Done, str]:
        made.append(task[0].target.name)
        return produce(task)

    m.setattr(batch, "_produce", spy)
    return made


def test_a_batch_again_is_published_from_the_cache_with_a_full_builds_bytes(cache: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    first = _batch(DATA, tmp_path / "one")
    said: list[tuple[int, int, str]] = []
    with monkeypatch.context() as m:
        _nothing_made(m)
        again = batch.build_per_venue(B.Request("flyer-a6", DATA, "bg", tmp_path / "two", job_sheet=True), jobs=1,
                                      progress=lambda *a: said.append(a))
    assert _files(tmp_path / "one") == _files(tmp_path / "two") and len(_files(tmp_path / "two")) == 6
    assert [(d.item.venue, d.item.name, d.item.target.name, d.pages, d.sha256, d.size, d.preflight, d.colours)
            for d in again.written] == [(d.item.venue, d.item.name, d.item.target.name, d.pages, d.sha256, d.size,
                                         d.preflight, d.colours) for d in first.written]
    assert again.manifest and again.manifest.parent == tmp_path / "two" and len(again.job_sheet) == 2
    assert said == [(n, 3, d.item.target.name) for n, d in enumerate(first.written, 1)]
    monkeypatch.setenv("PRINTPROG_PLAN_CACHE", "0")  # no cache at all: everything made, the same bytes
    _batch(DATA, tmp_path / "three")
    assert _files(tmp_path / "three") == _files(tmp_path / "one")


def test_a_changed_picture_is_never_served_from_the_cache(cache: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    film = _film(tmp_path)
    _batch(film, tmp_path / "before")
    picture = film.parent / "images" / "leto-keyart.jpg"  # not in the key: one of the recorded inputs
    with Image.open(picture) as im:
        im.load()
    im.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(picture, quality=85)
    made = _made_again(monkeypatch)
    _batch(film, tmp_path / "after")
    assert len(made) == 3
    before, after = _files(tmp_path / "before"), _files(tmp_path / "after")
    assert {n for n in before if n.endswith(".pdf") and before[n] != after[n]} >= set(made)
    monkeypatch.setenv("PRINTPROG_PLAN_CACHE", "0")
    _batch(film, tmp_path / "expected")
    assert _files(tmp_path / "expected") == after


def test_a_changed_date_is_never_served_from_the_cache(cache: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Without SOURCE_DATE_EPOCH the newest input dates the files: touching one changes their bytes."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    film = _film(tmp_path)
    _batch(film, tmp_path / "before")
    later = int(time.time()) + 2 * 86400  # newer than every input: the date of the files
    os.utime(film.parent / "images" / "leto-keyart.jpg", (later, later))  # the same bytes, a later date
    made = _made_again(monkeypatch)
    _batch(film, tmp_path / "after")
    assert len(made) == 3
    before, after = _files(tmp_path / "before"), _files(tmp_path / "after")
    assert all(before[n] != after[n] for n in made)
    monkeypatch.setenv("PRINTPROG_PLAN_CACHE", "0")
    _batch(film, tmp_path / "expected")
    assert _files(tmp_path / "expected") == after


def test_a_changed_film_is_never_served_from_the_cache(cache: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    film = _film(tmp_path)
    _batch(film, tmp_path / "before")
    film.write_text(film.read_text(encoding="utf-8").replace('time: "20:30"', 'time: "21:30"', 1), encoding="utf-8")
    made = _made_again(monkeypatch)
    _batch(film, tmp_path / "after")
    assert len(made) == 3 and _files(tmp_path / "before") != _files(tmp_path / "after")
    monkeypatch.setenv("PRINTPROG_PLAN_CACHE", "0")
    _batch(film, tmp_path / "expected")
    assert _files(tmp_path / "expected") == _files(tmp_path / "after")


def test_a_finished_file_gone_from_the_cache_builds_the_batch_again(cache: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    first = _batch(DATA, tmp_path / "one")
    gone = [p for p in (cache / "images").glob("*.bin") if p.read_bytes().startswith(b'{"colours"')]
    assert len(gone) == 3  # the three finished flyers
    gone[1].unlink()
    made = _made_again(monkeypatch)
    again = _batch(DATA, tmp_path / "two")
    assert len(made) == 3 and not list((tmp_path / "two").glob(".*"))  # no temporary file left behind
    assert _files(tmp_path / "one") == _files(tmp_path / "two") and len(again.written) == len(first.written)


def test_warnings_proofs_and_venues_as_in_a_full_build(cache: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    film = _film(tmp_path)
    text = film.read_text(encoding="utf-8")
    film.write_text(text.replace(", en: in Russian with Bulgarian subtitles}", "}", 1), encoding="utf-8")
    seen: list[list[str]] = []
    for n in range(2):
        batch.build_per_venue(B.Request("flyer-a6", film, "en", tmp_path / f"w{n}"), jobs=1,
                              warn=lambda ds: seen.append([d.format() for d in ds]))
    assert len(seen) == 2 and seen[0] and seen[0] == seen[1]
    assert batchcache.lookup(B.Request("flyer-a6", film, "en", tmp_path / "x"),
                             batchcache.batch_files_key(B.Request("flyer-a6", film, "en"), None)) is not None
    # --proof draws the proofs: a full build; one --venue is a batch of its own
    made = _made_again(monkeypatch)
    proofs = batch.build_per_venue(B.Request("flyer-a6", film, "en", tmp_path / "p", proof=True), jobs=1)
    assert len(made) == 3 and all(d.proofs and d.proofs[0].exists() for d in proofs.written)
    one = batch.build_per_venue(B.Request("flyer-a6", film, "en", tmp_path / "v"), venue="kino-odeon", jobs=1)
    assert len(made) == 4 and [d.item.venue for d in one.written] == ["kino-odeon"]
    assert batch.build_per_venue(B.Request("flyer-a6", film, "en", tmp_path / "v2"), venue="kino-odeon",
                                 jobs=1).written[0].sha256 == one.written[0].sha256
    assert len(made) == 4


def test_a_large_batch_is_not_kept(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "REMEMBER_FILES", 2)  # the finished files are not kept either
    _batch(DATA, tmp_path / "one")
    made = _made_again(monkeypatch)
    _batch(DATA, tmp_path / "two")
    assert len(made) == 3 and _files(tmp_path / "one") == _files(tmp_path / "two")


def test_a_finished_entry_with_other_bytes_is_refused(cache: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A well-formed entry under a file's key whose bytes are not the ones the batch published: not
    replayed. (The full build's finished-file cache trusts a well-formed entry; only damage is caught.)"""
    from printprog import plancache

    _batch(DATA, tmp_path / "one")
    req = B.Request("flyer-a6", DATA, "bg", tmp_path / "two", job_sheet=True)
    entry, _ = batchcache.lookup(req, batchcache.batch_files_key(req, None)) or pytest.fail("not kept")
    first, other = entry["files"][0], entry["files"][1]
    for p in (cache / "images").glob(f"{first['finished']}-*.bin"):
        p.unlink()
    plancache.keep(first["finished"], (tmp_path / "one" / other["file"]).read_bytes(), colours=first["colours"])
    made = _made_again(monkeypatch)
    batch.build_per_venue(req, jobs=1)
    assert len(made) == 3


def test_a_batch_again_imports_no_loader_typesetter_renderer_or_pikepdf(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONHASHSEED="0", PRINTPROG_CACHE=str(tmp_path / "cache"), SOURCE_DATE_EPOCH="1552694400")
    env.pop("PRINTPROG_PLAN_CACHE", None)
    cmd = [sys.executable, "-X", "importtime", "-m", "printprog", "build", "--format", "flyer-a6", "--per", "venue",
           "--data", str(DATA), "--out", str(tmp_path / "out")]
    first = subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
    second = subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time")}
    assert not imported & {"pydantic", "yaml", "babel", "pikepdf", "reportlab", "PIL", "printprog.load",
                           "printprog.compose", "printprog.render", "printprog.prepress"}
    assert second.stdout == first.stdout  # the same progress and `wrote` lines
