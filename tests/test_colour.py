"""Output profiles: finding, checking, loading; the RGB → CMYK transform; the grey → K tone curve."""

from __future__ import annotations

import hashlib
import io
import os
import struct

import numpy as np
import pytest
from PIL import Image, ImageCms

from printprog.assets import asset_dir
from printprog.colour import (
    OutputProfile,
    display_profile,
    s15,
    ProfileError,
    grey_tone_curve,
    load_output_profile,
    resolve_profile,
    rgb_to_cmyk_transform,
    source_grey_profile,
    validate_profile,
)

SHIPPED = "printprog-FOGRA39L.icc"

# sRGB primaries adapted to D50 (the columns of sRGB's ICC matrix)
SRGB_R, SRGB_G, SRGB_B = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)


def matrix_rgb_profile(red, green, blue, gamma: float = 2.2, desc: str = "test RGB") -> bytes:  # type: ignore[no-untyped-def]
    """A minimal ICC v2 matrix/TRC RGB display profile (Pillow can only create sRGB itself)."""
    def xyz(v) -> bytes:  # type: ignore[no-untyped-def]
        return b"XYZ " + bytes(4) + b"".join(s15(c) for c in v)

    trc = b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256)) + bytes(2)
    data = display_profile(b"RGB ", desc, [
        (b"cprt", b"text" + bytes(4) + b"public domain\0"),
        (b"rXYZ", xyz(red)), (b"gXYZ", xyz(green)), (b"bXYZ", xyz(blue)),
        (b"rTRC", trc), (b"gTRC", trc), (b"bTRC", trc),
    ])
    assert data[36:40] == b"acsp"
    return data


@pytest.fixture(scope="module")
def profile() -> OutputProfile:
    return load_output_profile(SHIPPED)


def cmyk_of(rgb: list[tuple[int, int, int]], transform: ImageCms.ImageCmsTransform) -> np.ndarray:
    im = Image.new("RGB", (len(rgb), 1))
    im.frombytes(bytes(np.array(rgb, np.uint8).tobytes()))
    out = ImageCms.applyTransform(im, transform)
    assert out is not None
    return np.asarray(out).reshape(-1, 4).astype(int)


# --- loading ------------------------------------------------------------------------------------


def test_shipped_profile_loads_by_name_and_by_path(profile: OutputProfile) -> None:
    path = asset_dir("icc") / SHIPPED
    assert profile.path == path
    assert profile.data == path.read_bytes() == profile.bytes
    assert profile.sha256 == hashlib.sha256(profile.data).hexdigest()
    assert profile.description.startswith("printprog FOGRA39L")
    assert profile.cms.profile.device_class == "prtr"
    assert profile.cms.profile.xcolor_space.strip() == "CMYK"
    by_path = load_output_profile(str(path))
    assert by_path == profile and by_path is profile  # cached


def test_a_users_profile_loads_from_its_path(tmp_path, profile: OutputProfile) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "shop.icc"
    mine.write_bytes(profile.data)
    loaded = load_output_profile(mine)
    assert loaded.path == mine and loaded.sha256 == profile.sha256
    assert resolve_profile(SHIPPED) == asset_dir("icc") / SHIPPED
    assert resolve_profile(str(mine)) == mine


# --- validation ---------------------------------------------------------------------------------


def test_shipped_profile_is_valid() -> None:
    assert validate_profile(asset_dir("icc") / SHIPPED) == []


@pytest.fixture
def bad_profiles(tmp_path, profile: OutputProfile) -> dict:  # type: ignore[no-untyped-def,type-arg]
    files = {
        "srgb": ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
        "random": np.random.default_rng(7).integers(0, 256, 4000, dtype=np.uint8).tobytes(),
        "truncated": profile.data[:5000],
        "stub": profile.data[:100],
        "grey-printer": profile.data[:16] + b"GRAY" + profile.data[20:],
        "damaged-tags": profile.data[:128] + b"\xff" * 4 + profile.data[132:],
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.icc"
        paths[name].write_bytes(data)
    paths["missing"] = tmp_path / "missing.icc"
    return paths


def test_each_kind_of_bad_profile_has_its_own_clear_message(bad_profiles: dict, profile: OutputProfile) -> None:  # type: ignore[type-arg]
    messages = {}
    for name, path in bad_profiles.items():
        problems = validate_profile(path)
        assert len(problems) == 1, (name, problems)
        messages[name] = problems[0]
        assert " — " in problems[0], f"{name}: no how-to-fix in {problems[0]!r}"

    srgb = messages["srgb"]
    assert "RGB display profile" in srgb and "'mntr'" in srgb and "'prtr'" in srgb and "CMYK" in srgb
    assert "not an ICC profile" in messages["random"] and "'acsp'" in messages["random"]
    assert "truncated" in messages["truncated"] and str(len(profile.data)) in messages["truncated"] and "5000" in messages["truncated"]
    assert "only 100 bytes" in messages["stub"]
    assert "greyscale device" in messages["grey-printer"] and "CMYK" in messages["grey-printer"]
    assert "LittleCMS cannot read it" in messages["damaged-tags"]
    assert "no such file" in messages["missing"] and "missing.icc" in messages["missing"]
    # distinct: the first words already tell the cases apart
    assert len({m.split(" — ")[0].replace(str(bad_profiles["missing"]), "") for m in messages.values()}) == len(messages)


def test_loading_a_bad_profile_raises_with_the_problems(bad_profiles: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ProfileError) as e:
        load_output_profile(bad_profiles["srgb"])
    assert e.value.problems == validate_profile(bad_profiles["srgb"])
    assert "'prtr'" in str(e.value)


def test_a_bare_name_that_is_not_shipped_lists_the_shipped_profiles() -> None:
    problems = validate_profile(resolve_profile("ISOcoated_v2_eci.icc"))
    assert problems and "no such file" in problems[0] and SHIPPED in problems[0]


def test_a_folder_is_not_a_profile(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert "is a folder" in validate_profile(tmp_path)[0]


def test_html_saved_as_icc_is_recognised(tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "shop.icc"
    page.write_bytes(b"<!DOCTYPE html><html><body>" + b"x" * 400)
    assert "HTML" in validate_profile(page)[0]


# --- transforms ---------------------------------------------------------------------------------


def test_transform_is_cached_per_profile_intent_and_source(profile: OutputProfile) -> None:
    t = rgb_to_cmyk_transform(profile)
    assert rgb_to_cmyk_transform(profile, "relative") is t
    assert rgb_to_cmyk_transform(profile, "perceptual") is not t
    other = matrix_rgb_profile(SRGB_B, SRGB_G, SRGB_R)
    assert rgb_to_cmyk_transform(profile, source_icc=other) is not t
    with pytest.raises(ValueError, match="intent"):
        rgb_to_cmyk_transform(profile, "vivid")  # type: ignore[arg-type]


def test_transform_is_relative_colorimetric_with_black_point_compensation(profile: OutputProfile) -> None:
    patches = [(0, 0, 0), (30, 30, 30), (128, 128, 128), (255, 255, 255), (200, 40, 40), (20, 90, 160)]
    srgb = ImageCms.createProfile("sRGB")
    ours = cmyk_of(patches, rgb_to_cmyk_transform(profile))
    with_bpc = ImageCms.buildTransform(srgb, profile.cms, "RGB", "CMYK", ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                       ImageCms.Flags.BLACKPOINTCOMPENSATION)
    without = ImageCms.buildTransform(srgb, profile.cms, "RGB", "CMYK", ImageCms.Intent.RELATIVE_COLORIMETRIC, 0)
    assert (ours == cmyk_of(patches, with_bpc)).all()
    assert (ours[0] != cmyk_of(patches, without)[0]).any()  # BPC changes black
    assert (ours[3] == 0).all()  # white is paper
    # the shipped profile's perceptual table is its relative colorimetric one (icc/SOURCES.md): only
    # LittleCMS's black point estimate for the perceptual intent moves the darkest patches a little
    assert np.abs(cmyk_of(patches, rgb_to_cmyk_transform(profile, "perceptual")) - ours).max() <= 6


def test_grey_is_balanced_with_black_ink_not_cmy_only(profile: OutputProfile) -> None:
    c, m, y, k = cmyk_of([(128, 128, 128)], rgb_to_cmyk_transform(profile))[0]
    assert k > 100 and 40 < c < 80 and 30 < m < 70 and 30 < y < 70, (c, m, y, k)
    naive = Image.new("RGB", (1, 1), (128, 128, 128)).convert("CMYK").getpixel((0, 0))
    assert naive == (127, 127, 127, 0)  # what a profile-less conversion would print: no K at all


def test_embedded_rgb_profile_is_the_source(profile: OutputProfile) -> None:
    # a profile with red and blue primaries swapped: its "red" is sRGB blue
    swapped = matrix_rgb_profile(SRGB_B, SRGB_G, SRGB_R, desc="swapped")
    via_embedded = cmyk_of([(255, 0, 0)], rgb_to_cmyk_transform(profile, source_icc=swapped))[0]
    srgb_blue = cmyk_of([(0, 0, 255)], rgb_to_cmyk_transform(profile))[0]
    srgb_red = cmyk_of([(255, 0, 0)], rgb_to_cmyk_transform(profile))[0]
    assert np.abs(via_embedded - srgb_blue).max() <= 3
    assert np.abs(via_embedded - srgb_red).max() > 100


def test_an_unusable_embedded_profile_falls_back_to_srgb(profile: OutputProfile) -> None:
    srgb = rgb_to_cmyk_transform(profile)
    for junk in (os.urandom(300), profile.data):  # noise; a CMYK profile embedded in an RGB image
        assert rgb_to_cmyk_transform(profile, source_icc=junk) is srgb


def test_profile_bytes_are_usable_by_lcms_directly(profile: OutputProfile) -> None:
    # what prepress embeds as DestOutputProfile is the file, byte for byte
    assert ImageCms.ImageCmsProfile(io.BytesIO(profile.data)).profile.device_class == "prtr"


# --- grey images: the K tone curve --------------------------------------------------------------


def grey_profile(gamma: float = 1.0, desc: str = "test grey") -> bytes:
    """A minimal ICC v2 grey display profile with a gamma TRC (Pillow cannot create grey profiles)."""
    return display_profile(b"GRAY", desc, [
        (b"cprt", b"text" + bytes(4) + b"public domain\0"),
        (b"kTRC", b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256)) + bytes(2)),
    ])


def printed_lstar_of_k(k: list[int], profile: OutputProfile) -> np.ndarray:
    """L* (Lab8 precision, media-relative) that `profile` predicts for 0/0/0/K, built independently."""
    a = np.zeros((1, len(k), 4), np.uint8)
    a[0, :, 3] = k
    t = ImageCms.buildTransform(profile.cms, ImageCms.createProfile("LAB"), "CMYK", "LAB",
                                ImageCms.Intent.RELATIVE_COLORIMETRIC)
    out = ImageCms.applyTransform(Image.fromarray(a, "CMYK"), t)
    assert out is not None
    return np.asarray(out)[0, :, 0] * (100 / 255)


def test_grey_tone_curve_is_monotonic_with_white_as_paper_and_black_as_k100(profile: OutputProfile) -> None:
    curve = grey_tone_curve(profile)
    k = np.array(curve.k)
    assert len(k) == 256 and k.dtype.kind == "i"
    assert (np.diff(k) <= 0).all()  # a lighter grey never gets more ink
    assert k[255] == 0 and k[0] == 255  # paper white stays 0 % K; black is K100
    assert curve.samples == [255 - v for v in k]  # DeviceGray samples: 1 − K
    assert (np.diff(curve.printed_lstar) <= 0).all() and curve.printed_lstar[0] == pytest.approx(100, abs=0.5)
    assert "sRGB" in curve.source and "no embedded profile" in curve.source
    assert grey_tone_curve(profile) is curve  # cached per profile


def test_grey_levels_print_with_their_screen_lightness(profile: OutputProfile) -> None:
    from printprog.colour import SHADOW_KNEE

    curve = grey_tone_curve(profile)
    assert curve.screen_lstar[128] == pytest.approx(53.6, abs=0.1)  # sRGB 128, CIE L* (D50 PCS)
    printed = printed_lstar_of_k([curve.k[v] for v in range(256)], profile)
    assert printed[128] == pytest.approx(53.6, abs=1.5)
    screen = np.array(curve.screen_lstar)
    above_knee = screen >= SHADOW_KNEE
    assert np.abs(printed - screen)[above_knee].max() < 1.5  # mid-tones and highlights print as on screen
    # K = 1 − value (what DeviceGray does untouched) prints mid-grey far too light
    assert printed_lstar_of_k([127], profile)[0] > 63
    # K100 on FOGRA39 is only L* ≈ 17: the shadows are compressed into K100..knee, not clipped,
    # so shadow detail survives and only the very darkest levels print as solid K100
    assert 15 < curve.k100_lstar < 20 and curve.clipped <= 3
    shadows = printed[~above_knee]
    assert np.all(np.diff(shadows) >= -0.01) and shadows[-1] - shadows[0] > 15


def test_an_embedded_grey_profile_is_the_source_of_the_tone_curve(profile: OutputProfile) -> None:
    linear = grey_tone_curve(profile, grey_profile(1.0, "linear grey"))
    srgb = grey_tone_curve(profile)
    assert linear.source == "embedded grey profile 'linear grey'"
    assert linear.screen_lstar[128] == pytest.approx(76.1, abs=0.3)  # Y = 0.502
    assert linear.k[128] < srgb.k[128] - 50  # a linear 128 is much lighter than an sRGB 128
    assert grey_tone_curve(profile, grey_profile(1.0, "linear grey")) is linear
    # a gamma-2.2 grey is close to sRGB grey
    g22 = np.array(grey_tone_curve(profile, grey_profile(2.2, "gamma 2.2")).k)
    assert np.abs(g22[64:] - np.array(srgb.k)[64:]).max() <= 8


def test_an_unusable_embedded_grey_profile_falls_back_to_srgb_grey(profile: OutputProfile) -> None:
    srgb = grey_tone_curve(profile)
    rgb = matrix_rgb_profile(SRGB_R, SRGB_G, SRGB_B)
    assert grey_tone_curve(profile, rgb) is srgb  # an RGB profile in a grey image
    assert "not a grey profile" in source_grey_profile(rgb)[2]
    damaged = grey_profile()[:128] + b"\xff" * 4 + grey_profile()[132:]
    assert grey_tone_curve(profile, damaged) is srgb
    assert "damaged" in source_grey_profile(damaged)[2]
