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


def _compact_icc():
    import importlib.util

    spec = importlib.util.spec_from_file_location("compact_icc", ROOT / "tools" / "compact_icc.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_shipped_profile_is_the_compacted_form() -> None:
    """tools/compact_icc.py is idempotent: the shipped profile has 256-entry curves and a 10-bit
    CLUT in every lut16 tag but the gamut tag, so compacting it again changes nothing."""
    import struct

    data = ICC.read_bytes()
    assert _compact_icc().compact(data) == data
    count = struct.unpack(">I", data[128:132])[0]
    for i in range(count):
        sig, offset, _ = struct.unpack(">4sII", data[132 + 12 * i:144 + 12 * i])
        if data[offset:offset + 4] == b"mft2" and sig != b"gamt":
            assert struct.unpack(">HH", data[offset + 48:offset + 52]) == (256, 256), sig
            ins, outs, grid = data[offset + 8], data[offset + 9], data[offset + 10]
            start = offset + 52 + 512 * ins
            clut = struct.unpack(f">{grid ** ins * outs}H", data[start:start + 2 * grid ** ins * outs])
            assert all(v % 64 == 0 or v == 0xFFFF for v in clut), sig


def test_compaction_keeps_the_tables_within_ten_bits() -> None:
    """A synthetic lut16 tag: curves resampled to 256 entries and CLUT rounded to multiples of 64,
    never further than half a step (32 of 65535) from the original."""
    import random
    import struct

    rng = random.Random(5)
    curve = [round(65535 * (x / 1023) ** 1.8) for x in range(1024)]
    clut = [rng.randrange(65536) for _ in range(3 ** 3 * 4)]
    tag = (b"mft2" + bytes(4) + bytes([3, 4, 3, 0]) + struct.pack(">9i", *(65536 if i % 4 == 0 else 0 for i in range(9)))
           + struct.pack(">HH", 1024, 1024) + struct.pack(">1024H", *curve) * 3
           + struct.pack(f">{len(clut)}H", *clut) + struct.pack(">1024H", *curve) * 4)
    small = _compact_icc().compact_lut16(tag)
    assert struct.unpack(">HH", small[48:52]) == (256, 256)
    got = struct.unpack(f">{len(clut)}H", small[52 + 3 * 512:52 + 3 * 512 + 2 * len(clut)])
    assert all(abs(a - b) <= 32 or (b > 65503 and a == 0xFFFF) for a, b in zip(got, clut))
    assert any(a != b for a, b in zip(got, clut))
    resampled = struct.unpack(">256H", small[52:52 + 512])
    assert max(abs(resampled[x] - curve[round(x * 1023 / 255)]) for x in range(256)) < 160


def test_files_embed_the_shipped_deflated_profile(tmp_path) -> None:
    """The DestOutputProfile stream is the shipped zopfli copy, and it inflates to the profile."""
    import zlib

    import pikepdf

    from printprog.prepress.pdfx import _compressed

    shipped = ICC.with_name(ICC.name + ".zopfli").read_bytes()
    assert zlib.decompress(shipped) == ICC.read_bytes()
    assert _compressed(ICC.read_bytes()) == shipped
    assert "97763be1cfaec18a" in (ROOT / "icc" / "SOURCES.md").read_text(encoding="utf-8")
    assert hashlib.sha256(shipped).hexdigest().startswith("97763be1cfaec18a")
    other = ICC.read_bytes()[:-4] + b"\0\0\0\1"  # another profile: zlib, still exactly its bytes
    assert zlib.decompress(_compressed(other)) == other and _compressed(other) != shipped
