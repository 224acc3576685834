"""The picture cache (printprog.imagecache): the PDF never depends on it, its key covers the code
and settings, entries are checked before use, it is bounded and can be cleared, and no build
leaves folders in the system's temporary folder."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from printprog import imagecache
from printprog.build import Request, build
from printprog.render.images import ImageSettings, _prepared, prepared, prepared_bytes
from tests.conftest import DATA

SETTINGS = ImageSettings("printprog-FOGRA39L.icc")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("PRINTPROG_CACHE", str(cache))
    _prepared.cache_clear()
    yield cache
    _prepared.cache_clear()


@pytest.fixture
def picture(tmp_path: Path) -> str:
    path = tmp_path / "p.png"
    Image.radial_gradient("L").convert("RGB").save(path)
    return str(path)


def entry(picture: str, width: float = 72.0):  # type: ignore[no-untyped-def]
    _prepared.cache_clear()  # the disk, not this process's memo
    return prepared(picture, (0, 0, 256, 256), width, width, None, SETTINGS)


def test_the_pdf_does_not_depend_on_the_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1552694400")
    own_tmp = tmp_path / "tmp"
    own_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own_tmp))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    digests = {}
    for name, cache in (("first", tmp_path / "one"), ("second", tmp_path / "two" / "deeper"),
                        ("unwritable", blocker / "cache")):
        monkeypatch.setenv("PRINTPROG_CACHE", str(cache))
        _prepared.cache_clear()
        pdf = build(Request("poster-a2", DATA, "bg", tmp_path / f"out-{name}")).pdf
        digests[name] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert len(set(digests.values())) == 1, digests
    assert list((tmp_path / "one" / "images").glob("*.jpg"))
    # an unwritable cache keeps pictures in memory: nothing is left in the temporary folder
    assert not list(own_tmp.iterdir())


def test_entries_are_named_by_key_and_content_digest(picture: str, _own_cache: Path) -> None:
    e = entry(picture)
    assert e.path is not None and e.path.parent == _own_cache / "images"
    data = e.path.read_bytes()
    assert e.path.name.endswith(f"-{hashlib.sha256(data).hexdigest()}.jpg") and e.read() == data
    assert data == prepared_bytes(picture, (0, 0, 256, 256), 72.0, 72.0, None, SETTINGS)
    assert entry(picture).path == e.path  # found again


def test_changing_the_jpeg_quality_makes_a_new_entry(picture: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from printprog import images

    before = entry(picture)
    monkeypatch.setattr(images, "JPEG_QUALITY", 60)
    after = entry(picture)
    assert after.path != before.path and after.read() != before.read()
    assert after.read() == prepared_bytes(picture, (0, 0, 256, 256), 72.0, 72.0, None, SETTINGS)


def test_the_key_covers_the_preparing_code(picture: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from printprog.render import images as render_images

    before = entry(picture)
    monkeypatch.setattr(render_images, "code_digest", lambda: "another version of the code")
    assert entry(picture).path.name[:32] != before.path.name[:32]  # type: ignore[union-attr]


def test_the_key_covers_the_source_pictures_bytes(picture: str) -> None:
    before = entry(picture)
    Image.linear_gradient("L").convert("RGB").save(picture, "PNG")
    after = entry(picture)
    assert after.path != before.path and after.read() != before.read()


@pytest.mark.parametrize("damage", ["truncated", "replaced", "flipped"])
def test_a_damaged_entry_is_never_used(picture: str, damage: str) -> None:
    good = entry(picture)
    assert good.path is not None
    data = good.path.read_bytes()
    if damage == "truncated":
        good.path.write_bytes(data[: len(data) // 2])
    elif damage == "replaced":  # someone else's valid JPEG under this name
        buf = Path(good.path).with_suffix(".other")
        Image.new("RGB", (8, 8), (255, 0, 0)).save(buf, "JPEG")
        good.path.write_bytes(buf.read_bytes())
        buf.unlink()
    else:
        good.path.write_bytes(data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    assert good.read() is None  # the old entry no longer matches its digest
    again = entry(picture)
    assert again.read() == data  # prepared again, the damaged file replaced


def test_the_cache_is_bounded_oldest_first(picture: str, _own_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    sizes = []
    for i, width in enumerate((20.0, 30.0, 40.0)):
        e = entry(picture, width)
        assert e.path is not None
        os.utime(e.path, (1_000_000 + i, 1_000_000 + i))  # used in this order
        sizes.append(e.path.stat().st_size)
    monkeypatch.setattr(imagecache, "LIMIT_BYTES", sizes[1] + sizes[2] + sizes[-1] // 2)
    newest = entry(picture, 50.0)
    left = sorted(p.name for p in (_own_cache / "images").iterdir())
    assert newest.path is not None and newest.path.name in left
    assert len(left) <= 3 and sum(p.stat().st_size for p in (_own_cache / "images").iterdir()) <= imagecache.LIMIT_BYTES
    assert entry(picture, 20.0).path is not None  # the oldest went first: prepared again
    monkeypatch.setattr(imagecache, "LIMIT_BYTES", 1)
    assert imagecache.prune() >= 1 and not list((_own_cache / "images").iterdir())


def test_clear_cache_reports_what_it_removed(picture: str, _own_cache: Path) -> None:
    a, b = entry(picture, 20.0), entry(picture, 30.0)
    total = a.path.stat().st_size + b.path.stat().st_size  # type: ignore[union-attr]
    assert imagecache.clear_cache() == (2, total)
    assert not list((_own_cache / "images").iterdir())
    assert imagecache.clear_cache() == (0, 0)


def test_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PRINTPROG_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert imagecache.cache_dir() == tmp_path / "xdg" / "printprog" / "images"
    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path / "own"))
    assert imagecache.cache_dir() == tmp_path / "own" / "images"


def test_an_unwritable_cache_keeps_the_picture_in_memory(picture: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("PRINTPROG_CACHE", str(blocker / "cache"))
    e = entry(picture)
    assert e.path is None and e.read() == prepared_bytes(picture, (0, 0, 256, 256), 72.0, 72.0, None, SETTINGS)


def test_the_cache_command_reports_and_clears(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from printprog.cli import main

    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path / "c"))
    (tmp_path / "c" / "images").mkdir(parents=True)
    (tmp_path / "c" / "images" / "x-0.jpg").write_bytes(b"\xff\xd8" + b"0" * 2000 + b"\xff\xd9")
    assert main(["cache"]) == 0
    assert "1 prepared pictures" in capsys.readouterr().out
    assert main(["cache", "--clear"]) == 0
    assert "removed 1 prepared picture " in capsys.readouterr().out
    assert not list((tmp_path / "c" / "images").glob("*.jpg"))
