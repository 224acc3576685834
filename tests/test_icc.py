"""The shipped output profile is what its recipe says it is."""

from __future__ import annotations

import hashlib
import re

from PIL import Image, ImageCms

from tests.conftest import ROOT

ICC = ROOT / "icc" / "printprog-FOGRA39L.icc"


def test_profile_matches_the_recipe() -> None:
    recipe = (ROOT / "tools" / "build_icc.sh").read_text(encoding="utf-8")
    desc = re.search(r'^DESC="([^"]+)"', recipe, re.M).group(1)  # type: ignore[union-attr]
    profile = ImageCms.getOpenProfile(str(ICC)).profile
    assert profile.profile_description == desc
    assert profile.device_class == "prtr" and profile.xcolor_space.strip() == "CMYK"
    assert "-l 300" in recipe and "-l300" in desc
    header = ICC.read_bytes()[:128]
    assert header[36:40] == b"acsp" and header[12:16] == b"prtr" and header[16:20] == b"CMYK"


def test_checksum_and_licence_are_recorded() -> None:
    sources = (ROOT / "icc" / "SOURCES.md").read_text(encoding="utf-8")
    assert hashlib.sha256(ICC.read_bytes()).hexdigest() in sources
    assert "Zlib" in (ROOT / "icc" / "LICENSE-FOGRA39L.txt").read_text(encoding="utf-8")


def test_rich_black_stays_under_the_default_ink_limit() -> None:
    out = ImageCms.ImageCmsProfile(str(ICC))
    transform = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), out, "RGB", "CMYK",
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    black = ImageCms.applyTransform(Image.new("RGB", (1, 1), (0, 0, 0)), transform).getpixel((0, 0))
    tac = sum(black) / 255 * 100
    assert 250 < tac <= 300, tac
