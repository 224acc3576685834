"""Speed and size (issue #10): caches never change a file's bytes, subsets hold only the glyphs
drawn, the shipped output profile carries only what a colour management module reads."""

from __future__ import annotations

import hashlib
import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from printprog import imagecache, imageinfo
from printprog.plan import DocumentPlan, PagePlan, Placement, TextRun
from printprog.prepress import pdfx
from printprog.render.pdf import render
from tests.conftest import DATA, ROOT

ICC = ROOT / "icc" / "printprog-FOGRA39L.icc"


def _build(out: Path, cache: Path, *args: str, plan_cache: bool = True) -> dict[str, str]:
    """sha256 of every PDF a fresh `printprog build` process writes with this cache folder."""
    env = dict(os.environ, PRINTPROG_CACHE=str(cache), SOURCE_DATE_EPOCH="1552694400", PYTHONHASHSEED="0",
               PRINTPROG_PLAN_CACHE="1" if plan_cache else "0")
    subprocess.run([sys.executable, "-m", "printprog", "build", "--data", str(DATA), "--out", str(out), *args],
                   check=True, cwd=ROOT, env=env, capture_output=True)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.pdf"))}


def _tamper(cache: Path) -> int:
    """Replace every non-picture cache entry by other bytes under a name that matches them."""
    n = 0
    for entry in (cache / "images").glob("*.bin"):
        key = entry.name.split("-")[0]
        forged = zlib.compress(b"not what was cached" + entry.read_bytes()[:64], 1)
        entry.unlink()
        (cache / "images" / f"{key}-{hashlib.sha256(forged).hexdigest()}.bin").write_bytes(forged)
        n += 1
    return n


@pytest.mark.parametrize("args", [("--format", "a4"), ("--format", "flyer-a5", "--per", "venue")])
def test_builds_with_and_without_caches_are_byte_identical(tmp_path: Path, args: tuple[str, ...]) -> None:
    cold = _build(tmp_path / "cold", tmp_path / "cache", *args)  # empty cache: everything made
    warm = _build(tmp_path / "warm", tmp_path / "cache", *args)  # the same cache: everything reused
    other = _build(tmp_path / "other", tmp_path / "elsewhere", *args)  # another user's folder
    planless = _build(tmp_path / "planless", tmp_path / "cache", *args, plan_cache=False)  # plancache.py off
    assert cold and cold == warm == other == planless
    # the key art's decode check, the plan (or a batch's plans), the finished files and the job
    # sheet: every one forged, every one refused (the shipped profile's deflated copy is in icc/)
    assert _tamper(tmp_path / "cache") >= 4
    assert _build(tmp_path / "tampered", tmp_path / "cache", *args) == cold


def test_deflated_profile_comes_from_the_cache_only_when_it_inflates_to_the_profile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path))
    data = ICC.read_bytes()[:-4] + b"\0\0\0\1"  # a profile passed with --icc: no shipped copy
    pdfx._compressed.cache_clear()
    made = pdfx._compressed(data)
    assert zlib.decompress(made) == data and made == zlib.compress(data, 9)
    [entry] = (tmp_path / "images").glob("*.bin")
    wrong = zlib.compress(data[:-1] + b"x", 9)  # a valid entry for other bytes
    entry.unlink()
    (tmp_path / "images" / f"{entry.name[:32]}-{hashlib.sha256(wrong).hexdigest()}.bin").write_bytes(wrong)
    pdfx._compressed.cache_clear()
    assert pdfx._compressed(data) == made
    pdfx._compressed.cache_clear()


def test_a_damaged_picture_is_never_marked_as_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path / "cache"))
    good, bad = tmp_path / "good.jpg", tmp_path / "bad.jpg"
    Image.new("L", (640, 480), 90).save(good, quality=90)
    bad.write_bytes(good.read_bytes()[:900])
    for _ in range(2):  # the second time from a cleared memo: the disk cache must not hide it
        imageinfo._verify.cache_clear()
        imageinfo._inspect.cache_clear()
        with pytest.raises(imageinfo.ImageError, match="damaged"):
            imageinfo.validate(bad)
    imageinfo.validate(good)
    assert len(list((tmp_path / "cache" / "images").glob("*.bin"))) == 1
    imageinfo._verify.cache_clear()
    monkeypatch.setattr(imageinfo, "_decode", lambda path: pytest.fail("decoded again"))
    imageinfo.validate(good)  # marked: not decoded again
    imageinfo._verify.cache_clear()


def _glyph_count(program: bytes) -> int:
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(program))["maxp"].numGlyphs


def _needed(font: str, text: str) -> int:
    """.notdef, the space reportlab always keeps, the characters' glyphs and their components."""
    from fontTools.ttLib import TTFont

    from printprog.text.fonts import catalogue

    ttf = TTFont(catalogue()[font])
    cmap, glyf = ttf.getBestCmap(), ttf["glyf"]
    todo, seen = [".notdef", cmap[32], *(cmap[ord(c)] for c in text)], set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += glyf[name].getComponentNames(glyf) if glyf[name].isComposite() else []
    return len(seen)


@pytest.mark.parametrize("text", ["Лято", "Leto 2019", "Кино Одеон, 16 март"])
def test_font_subsets_hold_only_the_glyphs_drawn(text: str) -> None:
    font = "sofia-sans/regular"
    page = PagePlan("p", 200, 100, 0, (0, 0, 0, 0), (Placement("text", "r", (0, 0, 200, 100), (0, 0, 200, 100),
                                                                 (TextRun(20, 40, text, font, 12),)),))
    pdf = render(DocumentPlan((page,), "t", "a", "s", "bg", fonts=(font,)))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        [program] = [o.FontDescriptor.FontFile2.read_bytes() for o in doc.objects
                     if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font" and "/FontDescriptor" in o]
    assert _glyph_count(program) <= _needed(font, text)  # not the whole ASCII block besides


def _tags(profile: bytes) -> dict[bytes, tuple[int, int]]:
    n = struct.unpack(">I", profile[128:132])[0]
    return {sig: (off, size) for sig, off, size in
            (struct.unpack(">4sII", profile[132 + 12 * i:144 + 12 * i]) for i in range(n))}


def test_shipped_profile_has_what_a_cmm_reads_and_no_measurement_data() -> None:
    data = ICC.read_bytes()
    tags = _tags(data)
    assert struct.unpack(">I", data[:4])[0] == len(data)
    # ICC.1:2001-04 §6.3: what an output profile needs (A2B0/B2A0/gamt) and the other intents
    assert {b"desc", b"cprt", b"wtpt", b"A2B0", b"A2B1", b"A2B2", b"B2A0", b"B2A1", b"B2A2", b"gamt"} <= set(tags)
    assert not {b"targ", b"DevD", b"CIED"} & set(tags)  # the .ti3 text: half the file, read by no CMM
    assert all(off + size <= len(data) and off % 4 == 0 for off, size in tags.values())
    assert len(data) < 130_000


@pytest.mark.parametrize("quality", [40, 75, 85, 92, 97])
def test_source_quality_reads_libjpeg_tables(quality: int) -> None:
    from printprog.images import source_quality

    buf = io.BytesIO()
    Image.new("L", (32, 32), 100).save(buf, "JPEG", quality=quality)
    assert source_quality(Image.open(buf)) == quality
    buf = io.BytesIO()
    Image.new("L", (32, 32), 100).save(buf, "JPEG", qtables=[[quality] * 64])  # not libjpeg's tables
    assert source_quality(Image.open(buf)) is None


def test_a_picture_kept_pixel_for_pixel_is_not_encoded_finer_than_its_source(tmp_path: Path) -> None:
    import numpy as np

    from printprog.colour import load_output_profile
    from printprog.images import prepare, source_quality

    rng = np.random.default_rng(7)
    grain = rng.normal(128, 40, (600, 800)).clip(0, 255).astype(np.uint8)
    src = tmp_path / "q80.jpg"
    Image.fromarray(grain, "L").resize((800, 600)).save(src, quality=80)
    profile = load_output_profile("printprog-FOGRA39L.icc")
    size = 800 / 300 * 72, 600 / 300 * 72  # 300 ppi: no resampling
    kept = prepare(src, *size, profile, 450, 300)
    assert source_quality(Image.open(io.BytesIO(kept.data))) == 80
    finer = prepare(src, size[0] / 2, size[1] / 2, profile, 450, 300)  # 600 ppi: downsampled to 300
    assert source_quality(Image.open(io.BytesIO(finer.data))) == 85  # new pixels: full quality for grey


def test_grey_pictures_print_on_the_black_plate_and_show_as_its_black(tmp_path: Path) -> None:
    """A grey key art is a tint of Separation /Black (alternate 100 % K), not DeviceGray, so a viewer
    shows its black as the same K as the black band beside it (no seam that print would not have)."""
    import pikepdf

    from printprog.build import Request, build

    out = build(Request("poster-a2", Path(__file__).parents[1] / "data" / "leto.yaml", "bg", tmp_path))
    with pikepdf.open(out.pdf) as pdf:
        [image] = list(pdf.pages[0].get_images().values())
        space = image.ColorSpace
        assert [str(space[0]), str(space[1]), str(space[2])] == ["/Separation", "/Black", "/DeviceCMYK"]
        assert list(space[3].C1) == [0, 0, 0, 1] and list(space[3].C0) == [0, 0, 0, 0]
        assert [int(v) for v in image.Decode] == [1, 0]


def test_an_images_ink_is_measured_once_and_kept_by_its_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ink rule decodes a picture once: a new process (a build after an edit of the film) takes
    the measurement from the cache; a forged entry is refused and the picture measured again."""
    import subprocess

    from printprog.load import load_shop
    from printprog.prepress import inkmemo, preflight

    shop = load_shop("default")
    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path / "cache"))
    subprocess.run([sys.executable, "-m", "printprog", "build", "--format", "poster-a3", "--data", str(DATA),
                    "--out", str(tmp_path / "out"), "--no-job-sheet"], check=True, cwd=ROOT, capture_output=True,
                   env=dict(os.environ, PRINTPROG_PLAN_CACHE="0"))
    [pdf_path] = (tmp_path / "out").glob("*.pdf")
    measured: list[int] = []
    real = preflight._image_ink_p999

    def counting(img):  # type: ignore[no-untyped-def]
        measured.append(1)
        return real(img)

    monkeypatch.setattr(preflight, "_image_ink_p999", counting)
    inkmemo._SEEN.clear()
    report = preflight.check(pdf_path.read_bytes(), shop)
    assert report.ok and not measured  # from the entry the build's preflight left
    entries = [e for e in (tmp_path / "cache" / "images").glob("*.bin") if e.read_bytes()[40:41] == b" "]
    assert entries
    for entry in entries:  # forged: a well-formed entry made for another picture, under this key
        forged = b"0" * 40 + b" 12.5"
        entry.unlink()
        (entry.parent / f"{entry.name[:32]}-{hashlib.sha256(forged).hexdigest()}.bin").write_bytes(forged)
    inkmemo._SEEN.clear()
    again = preflight.check(pdf_path.read_bytes(), shop)
    assert measured and again.ok
    assert [f.message for f in again.findings if f.rule == "ink-coverage"] == \
        [f.message for f in report.findings if f.rule == "ink-coverage"]
