"""One reading of a picture (imageinfo.ImageInfo) shared by load, compose and render: EXIF-rotated,
CMYK, 16-bit, palette and grey+alpha pictures print with their shown aspect and pass preflight;
damaged and oversized files are load errors at the film's line; big JPEGs are decoded reduced."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from printprog.build import Request, compose_job, finish_job, prepare, preflight
from printprog.diagnostics import InputError
from printprog.imageinfo import PIXEL_LIMIT, ImageError, inspect, validate
from printprog.plan import Image as PlacedImage
from tests.conftest import DATA, ROOT, content_operators
from tests.test_images import strip_adobe

MM = 72 / 25.4


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from printprog.render.images import _prepared

    monkeypatch.setenv("PRINTPROG_CACHE", str(tmp_path / "cache"))
    _prepared.cache_clear()


def gradient(w: int, h: int) -> np.ndarray:
    """A picture whose every pixel differs, so a wrong orientation or stretch changes it."""
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 255 // max(1, w - 1), y * 255 // max(1, h - 1), (x + y) % 256], axis=-1).astype(np.uint8)


def exif_rotated(path: Path) -> Path:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown portrait (rotated 90° clockwise)
    Image.fromarray(gradient(600, 400), "RGB").save(path, "JPEG", exif=exif, quality=90)
    return path


def cmyk(w: int, h: int) -> np.ndarray:
    """CMYK ink (0 = none) within the shop's 300 % limit."""
    g = gradient(w, h).astype(np.uint16)
    return np.dstack([g[..., 0] * 9 // 10, g[..., 1] * 9 // 10, g[..., 2] // 3, g[..., 0] // 4]).astype(np.uint8)


def cmyk_jpeg(path: Path) -> Path:
    """A CMYK JPEG as Photoshop writes it: Adobe-inverted samples, APP14 marker."""
    Image.fromarray(cmyk(400, 600), "CMYK").save(path, "JPEG", quality=90)
    return path


def plain_cmyk_jpeg(path: Path) -> Path:
    """A CMYK JPEG without the Adobe marker: plain samples (Pillow inverts on writing)."""
    Image.fromarray(255 - cmyk(400, 600), "CMYK").save(path, "JPEG", quality=90)
    path.write_bytes(strip_adobe(path.read_bytes()))
    return path


def grey16_png(path: Path) -> Path:
    a = (gradient(400, 560)[..., 0].astype(np.uint16) * 257)
    Image.fromarray(a).save(path)
    with Image.open(path) as im:
        assert im.mode.startswith("I")
    return path


def palette_png(path: Path) -> Path:
    Image.fromarray(gradient(420, 600), "RGB").convert("P", palette=Image.Palette.ADAPTIVE).save(path)
    return path


def grey_alpha_png(path: Path) -> Path:
    g = gradient(400, 600)
    Image.fromarray(np.dstack([g[..., 0], g[..., 1]]), "LA").save(path)
    return path


PICTURES = {"exif-rotated.jpg": exif_rotated, "cmyk.jpg": cmyk_jpeg, "plain-cmyk.jpg": plain_cmyk_jpeg,
            "grey16.png": grey16_png, "palette.png": palette_png, "grey-alpha.png": grey_alpha_png}


def film_with(picture: Path, tmp_path: Path) -> Path:
    """data/leto.yaml with `picture` as its key art."""
    text = DATA.read_text(encoding="utf-8").replace("file: images/leto-keyart.jpg", f"file: {picture}")
    target = tmp_path / "film.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def low_res_shop(tmp_path: Path) -> str:
    """The default shop accepting small test pictures (the rules under test are not resolution)."""
    text = (ROOT / "shops" / "default.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(large_format_)?min_ppi: .*$", lambda m: f"{m.group(1) or ''}min_ppi: 20", text)
    target = tmp_path / "test-shop.yaml"
    target.write_text(text, encoding="utf-8")
    return str(target)


@pytest.mark.parametrize("name", list(PICTURES))
def test_every_kind_of_picture_prints_with_its_shown_aspect(name: str, tmp_path: Path) -> None:
    picture = PICTURES[name](tmp_path / name)
    info = inspect(picture)
    job = prepare(Request("poster-a3", film_with(picture, tmp_path), "bg", tmp_path / "out", shop=low_res_shop(tmp_path)))
    plan = compose_job(job)
    [placed] = [i for p in plan.pages for pl in p.placements for i in pl.items if isinstance(i, PlacedImage)]
    # compose placed the picture with the aspect it is shown with (EXIF orientation applied)
    assert placed.width / placed.height == pytest.approx(info.width_px / info.height_px, rel=1e-6)
    pdf = finish_job(job, plan)
    report = preflight(job, pdf)
    assert report.ok, [f for f in report.findings if not f.ok]
    # render drew the embedded pixels unstretched: drawn width/height = XObject width/height
    out = tmp_path / "poster.pdf"
    out.write_bytes(pdf)
    with pikepdf.open(out) as doc:
        xobjects = {str(k): (int(v.Width), int(v.Height)) for k, v in doc.pages[0].Resources.XObject.items()
                    if v.get("/Subtype") == "/Image"}
    ops = content_operators(out)
    draws = [(ops[i - 1][2], str(operands[0])) for i, (_, op, operands) in enumerate(ops)
             if op == "Do" and str(operands[0]) in xobjects]
    assert draws
    for cm, xobject in draws:
        a, _, _, d = (float(v) for v in cm[:4])
        px_w, px_h = xobjects[xobject]
        assert a / d == pytest.approx(px_w / px_h, rel=0.01), (name, a, d, px_w, px_h)


def test_exif_rotated_picture_is_shown_portrait(tmp_path: Path) -> None:
    info = inspect(exif_rotated(tmp_path / "r.jpg"))
    assert (info.width_px, info.height_px, info.orientation) == (400, 600, 6)


def test_one_reading_is_shared(tmp_path: Path) -> None:
    picture = palette_png(tmp_path / "p.png")
    assert inspect(picture) is inspect(str(picture)) is validate(picture)


def test_a_cut_short_jpeg_is_a_load_error_at_the_films_line(tmp_path: Path) -> None:
    whole = cmyk_jpeg(tmp_path / "whole.jpg").read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    inspect(cut)  # the header alone reads fine…
    film = film_with(cut, tmp_path)
    with pytest.raises(InputError) as e:
        prepare(Request("poster-a3", film, "bg", tmp_path / "out"))
    [d] = [d for d in e.value.diagnostics if d.path == "images.keyart.file"]
    assert "damaged or cut short" in d.message and str(cut) in d.message
    assert d.mark is not None and "file: " in film.read_text(encoding="utf-8").splitlines()[d.mark.line - 1]


def test_a_damaged_png_is_a_load_error(tmp_path: Path) -> None:
    png = bytearray(palette_png(tmp_path / "p.png").read_bytes())
    png[len(png) // 2] ^= 0xFF  # one flipped byte inside the pixel data: its chunk's CRC fails
    bad = tmp_path / "bad.png"
    bad.write_bytes(bytes(png))
    with pytest.raises(ImageError, match="damaged or cut short"):
        validate(bad)


def test_a_huge_png_is_refused_before_decoding_with_a_size_to_aim_for(tmp_path: Path) -> None:
    huge = tmp_path / "huge.png"
    Image.new("1", (13000, 13000)).save(huge)  # 169 MP in a few hundred KB
    film = film_with(huge, tmp_path)
    with pytest.raises(InputError) as e:
        prepare(Request("poster-a3", film, "bg", tmp_path / "out"))
    [d] = [d for d in e.value.diagnostics if d.path == "images.keyart.file"]
    assert "is 13000×13000 px (169 MP)" in d.message
    assert f"accepts up to {PIXEL_LIMIT // 10**6} MP" in d.message
    w, h = (int(v) for v in re.search(r"scale it down to about (\d+)×(\d+) px", d.message).groups())  # type: ignore[union-attr]
    assert w == h and w * h <= PIXEL_LIMIT and w >= 706 / 25.4 * 300 * 0.99  # covers the largest poster
    # the preparing code refuses it too, before decoding anything
    from printprog.colour import load_output_profile
    from printprog.images import prepare as prepare_image

    with pytest.raises(ImageError, match="169 MP"):
        prepare_image(huge, 100, 100, load_output_profile("printprog-FOGRA39L.icc"), 450, 300)


def test_a_big_jpeg_is_decoded_reduced_for_a_small_placement(tmp_path: Path) -> None:
    from printprog.colour import load_output_profile
    from printprog.images import prepare as prepare_image

    big = tmp_path / "big.jpg"
    Image.fromarray(gradient(4000, 3000), "RGB").save(big, quality=90)
    p = prepare_image(big, 100 * MM, 75 * MM, load_output_profile("printprog-FOGRA39L.icc"), 450, 300)
    assert "decoded at 1/2 scale" in p.note  # 1016 ppi placed: 1/2 still holds the 300 ppi it needs
    assert (p.width_px, p.height_px) == (1182, 886) and 299 <= p.effective_ppi <= 301
    # with a crop, the crop box scales with the reduced decode
    q = prepare_image(big, 50 * MM, 50 * MM, load_output_profile("printprog-FOGRA39L.icc"), 450, 300,
                      crop=(2000, 0, 4000, 2000))
    assert "decoded at 1/2 scale" in q.note and (q.width_px, q.height_px) == (591, 591)
    im = np.asarray(Image.open(__import__("io").BytesIO(q.data)).convert("CMYK")).astype(int)
    assert im.shape[:2] == (591, 591)
