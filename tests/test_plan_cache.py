"""The plan cache (issue #10, plancache.py): a build whose inputs and code are unchanged skips load
and compose, never imports pydantic, and writes the same bytes; any changed input is noticed."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from printprog import build as B
from printprog import plancache
from tests.conftest import DATA, ROOT


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1552694400")
    return tmp_path / "cache"


def _digests(out: B.Output) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (out.pdf, *out.job_sheet)}


def _film(tmp_path: Path) -> Path:
    """A private copy of the film and its pictures, to change."""
    shutil.copytree(DATA.parent, tmp_path / "data")
    return tmp_path / "data" / DATA.name


def _no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(B, "prepare", lambda req: pytest.fail("loaded and composed again"))


def test_a_second_build_uses_the_plan_and_writes_the_same_bytes(cache: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    req = B.Request("a4", DATA, out=tmp_path / "one", job_sheet=True)
    first = B.build(req)
    with monkeypatch.context() as m:
        _no_loading(m)
        again = B.build(B.Request("a4", DATA, out=tmp_path / "two", job_sheet=True))
    assert _digests(first) == _digests(again) and again.pages == first.pages
    shutil.rmtree(cache)  # without any cache: the same bytes again
    assert _digests(B.build(B.Request("a4", DATA, out=tmp_path / "three", job_sheet=True))) == _digests(first)


def test_a_changed_input_is_never_served_from_the_plan(cache: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    film = _film(tmp_path)
    B.build(B.Request("a4", film, out=tmp_path / "before"))
    text = film.read_text(encoding="utf-8")
    film.write_text(text.replace("Лято", "Лято!", 1), encoding="utf-8")  # the film itself: another key
    changed = B.build(B.Request("a4", film, out=tmp_path / "film"))
    fresh = tmp_path / "nocache"
    monkeypatch.setenv("PRINTPROG_CACHE", str(fresh))
    expected = B.build(B.Request("a4", film, out=tmp_path / "expected"))
    assert _digests(changed) == _digests(expected)


def test_a_changed_font_or_shop_is_noticed_after_the_key_matched(cache: Path, tmp_path: Path) -> None:
    film = _film(tmp_path)
    req = B.Request("a4", film, out=tmp_path / "a")
    B.build(req)
    hit = plancache.lookup(req)
    assert hit is not None and hit.confirmed()
    recorded = dict(hit.inputs)
    assert any(p.endswith(".ttf") for p in recorded) and any(p.endswith(".icc") for p in recorded)
    assert any(p.endswith("default.yaml") for p in recorded) and any(p.endswith("a4.yaml") for p in recorded)
    # an input with other bytes under the same name: the entry is refused after its key matched
    path, digest = next(iter(hit.inputs))
    forged = plancache.Hit(hit.plan, hit.warnings, hit.info, ((path, "0" * 64), *hit.inputs[1:]))
    assert not forged.confirmed()


def test_a_damaged_plan_entry_is_ignored(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = B.build(B.Request("a4", DATA, out=tmp_path / "a"))
    key = plancache.plan_key(B.Request("a4", DATA, out=tmp_path / "b"))
    [entry] = (cache / "images").glob(f"{key}-*.bin")
    forged = zlib.compress(b'{"format": 1, "key": "' + key.encode() + b'", "plan": ')  # cut short
    entry.unlink()
    (cache / "images" / f"{key}-{hashlib.sha256(forged).hexdigest()}.bin").write_bytes(forged)
    assert plancache.lookup(B.Request("a4", DATA, out=tmp_path / "b")) is None
    assert _digests(B.build(B.Request("a4", DATA, out=tmp_path / "b"))) == _digests(first)


def test_warnings_are_reported_from_the_plan_as_from_a_full_build(cache: Path, tmp_path: Path) -> None:
    film = _film(tmp_path)
    seen: list[list[str]] = []
    for n in range(2):
        out = B.build(B.Request("a4", film, "en", tmp_path / f"o{n}"), warn=lambda ds: seen.append([d.format() for d in ds]))
        assert out.pages
    assert plancache.lookup(B.Request("a4", film, "en", tmp_path / "o2")) is not None
    assert len(seen) == 2 and seen[0] == seen[1]


def test_the_plan_survives_json_exactly(cache: Path) -> None:
    job = B.prepare(B.Request("flyer-a5", DATA))
    from printprog.batch import venues_to_build

    film, chosen = venues_to_build(job, None)
    view, view_map = B.select_screenings(film, job.film_map, lambda s: s.venue == chosen[0][1].id)
    plan = B.compose_job(job, view, chosen[0][1].id, None, view_map)
    back = plancache.decode(plancache.encode(plan))
    assert back == plan and type(back.pages[0].placements[0].items) is tuple


def test_a_hit_imports_no_pydantic_yaml_babel_or_pikepdf(cache: Path, tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONHASHSEED="0")
    cmd = [sys.executable, "-X", "importtime", "-m", "printprog", "build", "--format", "a4", "--data", str(DATA),
           "--out", str(tmp_path / "out")]
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True)
    second = subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
    imported = {line.split("|")[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time")}
    assert not imported & {"pydantic", "yaml", "babel", "pikepdf", "printprog.load", "printprog.compose"}


def test_a_batch_again_takes_its_plans_and_finished_files_from_the_cache(cache: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from printprog import batch

    def files(out: Path) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}

    batch.build_per_venue(B.Request("flyer-a6", DATA, "bg", tmp_path / "one", job_sheet=True), jobs=1)
    with monkeypatch.context() as m:
        m.setattr(batch, "_compose", lambda item: pytest.fail("composed again"))
        m.setattr(B, "finish_job_from", lambda *a: pytest.fail("finished again"))
        batch.build_per_venue(B.Request("flyer-a6", DATA, "bg", tmp_path / "two", job_sheet=True), jobs=1)
    assert files(tmp_path / "one") == files(tmp_path / "two")
    monkeypatch.setenv("PRINTPROG_PLAN_CACHE", "0")  # off: everything made again, the same bytes
    monkeypatch.setattr(batch, "_compose", batch._compose)
    batch.build_per_venue(B.Request("flyer-a6", DATA, "bg", tmp_path / "three", job_sheet=True), jobs=1)
    assert files(tmp_path / "three") == files(tmp_path / "one")
