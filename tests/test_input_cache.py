"""The input cache (issue #10, inputcache.py): a layout that loaded cleanly is not validated again,
gives exactly the models and source map of a full load, and any change to it is noticed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from printprog import inputcache, load
from printprog.build import layout_path
from printprog.diagnostics import InputError
from printprog.text.fonts import font_names
from tests.conftest import DATA, ROOT


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("PRINTPROG_INPUT_CACHE", raising=False)
    return tmp_path / "cache"


def _layouts(tmp_path: Path) -> Path:
    """A private copy of the shipped layouts, to edit."""
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    return tmp_path / "layouts"


def _full(path: Path):  # type: ignore[no-untyped-def]
    return load.load_layout(path, font_names())


def _no_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "load_layout", lambda *a: pytest.fail("the layout was validated again"))


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "images").glob("*.bin"))


@pytest.mark.parametrize("name", ["a4", "flyer-a5", "poster-a3-type"])  # no extends, one, two deep
def test_a_cached_layout_is_exactly_the_full_load(cache: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    path = layout_path(name)
    full = _full(path)
    assert inputcache.load_layout(path) == full  # stored
    _no_full_load(monkeypatch)
    layout, smap = inputcache.load_layout(path)
    assert (layout, smap) == full
    assert smap.marks == full[1].marks and smap.file == full[1].file  # messages point at the same lines
    # the same types and fields set all the way down, not only equal values
    assert json.dumps(inputcache._encode(layout)) == json.dumps(inputcache._encode(full[0]))
    assert layout.model_dump_json() == full[0].model_dump_json()


def test_an_edited_layout_is_loaded_again(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _layouts(tmp_path) / "a4.yaml"
    before, _ = inputcache.load_layout(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("margins: 15mm", "margins: 16mm"), encoding="utf-8")
    after, _ = inputcache.load_layout(path)
    assert after != before and after == _full(path)[0]
    path.write_text(text, encoding="utf-8")  # back to the first bytes: the first entry again
    _no_full_load(monkeypatch)
    assert inputcache.load_layout(path)[0] == before


def test_an_edit_of_a_layout_it_extends_is_noticed(cache: Path, tmp_path: Path) -> None:
    folder = _layouts(tmp_path)
    path, base = folder / "poster-a3-type.yaml", folder / "_poster.yaml"  # extends poster-a3, which extends _poster
    before, _ = inputcache.load_layout(path)
    text = base.read_text(encoding="utf-8")
    assert "bleed: 3mm" in text
    base.write_text(text.replace("bleed: 3mm", "bleed: 4mm", 1), encoding="utf-8")
    after, _ = inputcache.load_layout(path)
    assert after.bleed != before.bleed and after == _full(path)[0]


def test_a_moved_link_in_the_extends_chain_is_noticed(cache: Path, tmp_path: Path) -> None:
    """`extends: _poster.yaml` names a link; pointed at another design, the same bytes of every file
    it named before must not bring the old layout back."""
    folder = _layouts(tmp_path)
    text = (folder / "_poster.yaml").read_text(encoding="utf-8")
    (folder / "_poster-a.yaml").write_text(text, encoding="utf-8")
    (folder / "_poster-b.yaml").write_text(text.replace("bleed: 3mm", "bleed: 5mm", 1), encoding="utf-8")
    link = folder / "_poster.yaml"
    link.unlink()
    link.symlink_to("_poster-a.yaml")
    path = folder / "poster-a3.yaml"
    before, _ = inputcache.load_layout(path)
    link.unlink()
    link.symlink_to("_poster-b.yaml")
    after, _ = inputcache.load_layout(path)
    assert after.bleed != before.bleed and after == _full(path)[0]


def test_other_fonts_or_another_folder_are_other_entries(cache: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = layout_path("a4")
    inputcache.load_layout(path)
    with pytest.raises(InputError) as e:  # without the fonts its styles name, the layout is wrong
        inputcache.load_layout(path, frozenset({"oswald/regular"}))
    assert e.value.diagnostics and len(_entries(cache)) == 1
    monkeypatch.chdir(tmp_path)  # marks name files relative to the working directory
    assert inputcache.load_layout(path) == _full(path)
    assert len(_entries(cache)) == 2


def test_a_layout_with_a_problem_is_never_stored_and_says_the_same(cache: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = _layouts(tmp_path) / "a4.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("size: A4", "size: A9"), encoding="utf-8")
    with pytest.raises(InputError) as cached:
        inputcache.load_layout(path)
    monkeypatch.setenv("PRINTPROG_INPUT_CACHE", "0")
    with pytest.raises(InputError) as full:
        inputcache.load_layout(path)
    assert [str(d) for d in cached.value.diagnostics] == [str(d) for d in full.value.diagnostics]
    assert "layouts/a4.yaml:6:" in str(cached.value.diagnostics[0].mark) and _entries(cache) == []


def test_damaged_entries_are_refused(cache: Path) -> None:
    path = layout_path("a4")
    full = inputcache.load_layout(path)
    [entry] = _entries(cache)
    for forged in (b"not json", json.dumps({"format": inputcache.FORMAT, "key": entry.name[:32]}).encode()):
        data = zlib.compress(forged)
        for old in _entries(cache):
            old.unlink()
        (cache / "images" / f"{entry.name[:32]}-{hashlib.sha256(data).hexdigest()}.bin").write_bytes(data)
        assert inputcache.load_layout(path) == full
    entry = _entries(cache)[-1]
    entry.write_bytes(entry.read_bytes()[:-1] + b"x")  # bytes that are not what the name says
    assert inputcache.load_layout(path) == full


def _build(out: Path, cache: Path, layout: Path, input_cache: bool = True) -> str:
    """sha256 of the PDF a fresh `printprog build` process writes; the plan cache is off, so the
    layout is loaded (from the input cache, when on) on every build."""
    env = dict(os.environ, PRINTPROG_CACHE=str(cache), SOURCE_DATE_EPOCH="1552694400", PYTHONHASHSEED="0",
               PRINTPROG_PLAN_CACHE="0", PRINTPROG_INPUT_CACHE="1" if input_cache else "0")
    subprocess.run([sys.executable, "-m", "printprog", "build", "--data", str(DATA), "--format", str(layout),
                    "--out", str(out), "--no-job-sheet"], check=True, cwd=ROOT, env=env, capture_output=True)
    [pdf] = out.glob("*.pdf")
    return hashlib.sha256(pdf.read_bytes()).hexdigest()


def test_builds_with_and_without_the_input_cache_are_byte_identical_and_never_stale(tmp_path: Path) -> None:
    layout = _layouts(tmp_path) / "a4.yaml"
    cache = tmp_path / "cache"
    cold = _build(tmp_path / "cold", cache, layout)  # the layout validated and stored
    assert list((cache / "images").glob("*.bin"))
    warm = _build(tmp_path / "warm", cache, layout)  # the layout from the cache
    off = _build(tmp_path / "off", cache, layout, input_cache=False)
    assert cold == warm == off
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("paper: [0, 0, 0, 0]", "paper: [0, 0, 5, 0]") if "paper:" in text
                      else text.replace("margins: 15mm", "margins: 15mm\npaper: [0, 0, 5, 0]"), encoding="utf-8")
    edited = _build(tmp_path / "edited", cache, layout)  # a stale entry would give `cold` again
    assert edited != cold
    assert edited == _build(tmp_path / "edited-off", cache, layout, input_cache=False)



def test_messages_about_a_cached_layout_name_its_lines_as_before(tmp_path: Path) -> None:
    """An overflow found in compose points at the layout's block: the same text from a cached layout."""
    from tests.helpers_load import leto_text, synopsis_section

    text = leto_text()
    start, end = synopsis_section(text)
    long = text[:start] + "".join(ln * 20 if ln.startswith("    ") else ln
                                  for ln in text[start:end].splitlines(keepends=True)) + text[end:]
    film = tmp_path / "data" / "long.yaml"
    shutil.copytree(DATA.parent, film.parent)
    film.write_text(long, encoding="utf-8")

    def build(data: Path, input_cache: bool) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, PRINTPROG_CACHE=str(tmp_path / "cache"), SOURCE_DATE_EPOCH="1552694400",
                   PRINTPROG_PLAN_CACHE="0", PRINTPROG_INPUT_CACHE="1" if input_cache else "0")
        return subprocess.run([sys.executable, "-m", "printprog", "build", "--data", str(data), "--format", "a4",
                               "--out", str(tmp_path / "out"), "--no-job-sheet"], cwd=ROOT, env=env,
                              capture_output=True, text=True)

    assert build(DATA, True).returncode == 0  # the layout is now in the cache
    cached, full = build(film, True), build(film, False)
    assert cached.returncode == full.returncode == 1
    assert "a4.yaml:" in cached.stderr and cached.stderr == full.stderr


# --- hyphenation patterns (text/hyphen.py) ---------------------------------------------------------

@pytest.mark.parametrize("lang", ["bg", "ru", "en"])
def test_cached_hyphenation_patterns_are_exactly_pyphens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        lang: str) -> None:
    import pyphen

    from printprog.text import hyphen

    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path))
    path = pyphen.LANGUAGES[hyphen._DICTS[lang]]
    parsed = pyphen.HyphDict(Path(path))
    stored = hyphen._load_patterns(path)  # parsed and kept
    [entry] = tmp_path.glob("hyph*.json")
    loaded = hyphen._load_patterns(path)  # from the file
    for hd in (stored, loaded):
        assert hd.maxlen == parsed.maxlen and list(hd.patterns) == list(parsed.patterns)
        assert all(type(a[1]) is tuple and a == b and [type(v) for v in a[1]] == [type(v) for v in b[1]]
                   for a, b in zip(hd.patterns.values(), parsed.patterns.values()))
    words = ["програма", "фестивал", "киносалон", "programme", "festival", "хореография"]
    assert [loaded.positions(w) for w in words] == [parsed.positions(w) for w in words]
    record = json.loads(entry.read_bytes())
    record["index"][0] = len(record["table"])  # damaged: points past the table
    entry.write_text(json.dumps(record), encoding="utf-8")
    assert hyphen._valid(record, record["digest"]) is None
    assert hyphen._load_patterns(path).patterns == parsed.patterns  # parsed again
