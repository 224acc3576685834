"""CMYK output profiles: find, check and load them; build the RGB → CMYK transforms images go through.

An output profile is a file in `icc/` (the shop profile's `output_profile`, e.g.
"printprog-FOGRA39L.icc") or a user's own file (`--icc FILE`). `validate_profile` explains in
plain words what is wrong with a file that is not a usable CMYK press profile; it reads the ICC
header itself, so a file LittleCMS cannot parse still gets a clear message.

Transforms are LittleCMS (Pillow's ImageCms) with black point compensation and relative
colorimetric intent by default: printprog's shipped profile has no real perceptual table (its
perceptual and saturation tables are the relative colorimetric one), so "perceptual" would only
pretend to compress the gamut.

Grey images are not separated: they print as K only (DeviceGray). `grey_tone_curve` gives the
256-entry table that makes each grey level print with the lightness it has on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported where it is used: builds without pictures never load it
    import numpy as np

import hashlib
import struct
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageCms

from printprog.assets import asset_dir

Intent = Literal["relative", "perceptual", "saturation", "absolute"]

_INTENTS: dict[str, ImageCms.Intent] = {
    "relative": ImageCms.Intent.RELATIVE_COLORIMETRIC,
    "perceptual": ImageCms.Intent.PERCEPTUAL,
    "saturation": ImageCms.Intent.SATURATION,
    "absolute": ImageCms.Intent.ABSOLUTE_COLORIMETRIC,
}

_HEADER = 128
_CLASSES = {
    "scnr": "input (scanner or camera) profile",
    "mntr": "display profile",
    "prtr": "output (printer) profile",
    "link": "device link (a conversion between two devices)",
    "spac": "colour space conversion profile",
    "abst": "abstract (effect) profile",
    "nmcl": "named colour profile",
}
_SPACES = {
    "RGB ": "RGB", "GRAY": "greyscale", "CMYK": "CMYK", "Lab ": "Lab", "XYZ ": "XYZ", "CMY ": "CMY",
}
_FIX = "ask the print shop for its CMYK press profile (for example FOGRA39 / ISO Coated v2) and pass it with --icc"


class ProfileError(ValueError):
    """An output profile that cannot be used; `problems` are `validate_profile`'s messages."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.path = path
        self.problems = problems


@dataclass(frozen=True)
class OutputProfile:
    """A checked CMYK output profile. `data` is the file's bytes, embedded as the PDF/X DestOutputProfile."""

    path: Path
    data: bytes = field(repr=False)
    description: str
    sha256: str
    cms: ImageCms.ImageCmsProfile = field(repr=False, compare=False)

    @property
    def bytes(self) -> bytes:  # the brief's name for `data`
        return self.data

    @property
    def name(self) -> str:
        return self.path.name


# --- finding and checking -----------------------------------------------------------------------


def resolve_profile(name_or_path: str | Path) -> Path:
    """A bare file name found in printprog's icc/ folder, else the path as given."""
    text = str(name_or_path)
    if "/" not in text and "\\" not in text:
        try:
            packaged = asset_dir("icc") / text
        except FileNotFoundError:  # pragma: no cover - broken installation
            packaged = None
        if packaged is not None and packaged.is_file():
            return packaged
    return Path(name_or_path).expanduser()


def shipped_profiles() -> list[str]:
    """File names of the profiles in printprog's icc/ folder."""
    try:
        folder = asset_dir("icc")
    except FileNotFoundError:  # pragma: no cover
        return []
    return sorted(p.name for p in folder.iterdir() if p.suffix.lower() in (".icc", ".icm"))


def _sig(header: bytes, at: int) -> str:
    return header[at:at + 4].decode("latin-1")


def _describe_space(sig: str) -> str:
    return _SPACES.get(sig, repr(sig))


def _article(phrase: str) -> str:
    word = phrase.split()[0]
    return "an" if word in ("RGB", "XYZ") or word[0] in "aeiouAEIOU" else "a"


def validate_profile(path: str | Path) -> list[str]:
    """Problems that make `path` unusable as a CMYK output profile, each with how to fix it; [] if fine."""
    path = Path(path)
    name = path.name or str(path)
    if not path.exists():
        hint = ""
        if "/" not in str(path) and "\\" not in str(path):
            shipped = ", ".join(shipped_profiles()) or "none"
            hint = f" (profiles shipped with printprog: {shipped})"
        return [f"{path}: no such file{hint} — check the path given with --icc or the shop's output_profile"]
    if path.is_dir():
        return [f"{name} is a folder, not an ICC profile file — give the path of the .icc file itself"]
    try:
        data = path.read_bytes()
    except OSError as e:
        return [f"{name} cannot be read ({e.strerror or e}) — check its permissions"]
    return _validate_bytes(name, data)


@lru_cache(maxsize=8)  # a build checks its profile twice (shop, pictures); callers never mutate the list
def _validate_bytes(name: str, data: bytes) -> list[str]:
    if len(data) < _HEADER:
        return [f"{name} is only {len(data)} bytes, shorter than the 128-byte header every ICC profile "
                "starts with — the file is empty or cut short; copy or download it again"]
    header = data[:_HEADER]
    if header[36:40] != b"acsp":
        kind = _sniff(data)
        return [f"{name} is not an ICC profile (no 'acsp' signature at byte 36{kind}) — "
                f"an output profile is a .icc or .icm file; {_FIX}"]
    declared = int.from_bytes(header[0:4], "big")
    if declared > len(data):
        return [f"{name} is truncated: its header says {declared} bytes but the file has {len(data)} — "
                "copy or download it again"]
    if declared < _HEADER:
        return [f"{name} has a damaged ICC header (it declares a size of {declared} bytes) — "
                "copy or download it again"]
    problems = []
    cls, space, pcs = _sig(header, 12), _sig(header, 16), _sig(header, 20)
    if cls != "prtr":
        what = _CLASSES.get(cls, "profile of an unknown class")
        if cls in ("mntr", "scnr", "spac", "prtr"):
            what = f"{_describe_space(space)} {what}"
        what = _article(what) + " " + what
        problems.append(f"{name} is {what}: class {cls!r}, colour space {space!r}; a print shop's output "
                        f"profile has class 'prtr' and colour space CMYK — {_FIX}")
    elif space != "CMYK":
        space_name = _describe_space(space)
        problems.append(f"{name} is an output profile for {_article(space_name)} {space_name} device (colour space "
                        f"{space!r}), not for CMYK printing; a print shop's output profile has class 'prtr' "
                        f"and colour space CMYK — {_FIX}")
    if not problems and pcs not in ("XYZ ", "Lab "):
        problems.append(f"{name} has an unusual connection space {pcs!r} (expected 'XYZ ' or 'Lab ') — {_FIX}")
    if problems:
        return problems
    try:
        cms = ImageCms.ImageCmsProfile(_bytes_io(data))
    except (OSError, ImageCms.PyCMSError, ValueError) as e:
        return [f"{name} has a valid ICC header but LittleCMS cannot read it ({e}) — the file is damaged; "
                "copy or download it again"]
    try:
        ImageCms.buildTransform(_srgb(), cms, "RGB", "CMYK", _INTENTS["relative"],
                                ImageCms.Flags.BLACKPOINTCOMPENSATION)
    except (ImageCms.PyCMSError, ValueError, OSError) as e:
        return [f"{name} is a CMYK output profile but LittleCMS cannot build an sRGB → CMYK conversion "
                f"with it ({e}) — it probably lacks its BToA (PCS → device) tables; {_FIX}"]
    return []


def _sniff(data: bytes) -> str:
    """A guess at what a non-ICC file is, for the message."""
    magic = {
        b"\x89PNG": "; it looks like a PNG image", b"\xff\xd8\xff": "; it looks like a JPEG image",
        b"%PDF": "; it looks like a PDF", b"PK\x03\x04": "; it looks like a ZIP archive",
        b"<": "; it looks like an HTML or XML page — a failed download?",
    }
    for start, text in magic.items():
        if data.lstrip()[:len(start)] == start:
            return text
    return ""


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)


# --- loading ------------------------------------------------------------------------------------

_lock = threading.Lock()
_profiles: dict[tuple[str, int, int], OutputProfile] = {}
_transforms: dict[tuple[str, str, str, str], ImageCms.ImageCmsTransform] = {}
_srgb_profile: list[ImageCms.ImageCmsProfile] = []


def _srgb() -> ImageCms.ImageCmsProfile:
    if not _srgb_profile:
        _srgb_profile.append(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")))
    return _srgb_profile[0]


def load_output_profile(name_or_path: str | Path) -> OutputProfile:
    """The checked profile `name_or_path` (a file in icc/ or a path); raises ProfileError with the problems."""
    path = resolve_profile(name_or_path)
    problems = validate_profile(path)
    if problems:
        raise ProfileError(path, problems)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _lock:
        cached = _profiles.get(key)
    if cached is not None:
        return cached
    data = path.read_bytes()
    cms = ImageCms.ImageCmsProfile(_bytes_io(data))
    profile = OutputProfile(
        path=path,
        data=data,
        description=ImageCms.getProfileDescription(cms).strip(),
        sha256=hashlib.sha256(data).hexdigest(),
        cms=cms,
    )
    with _lock:
        _profiles[key] = profile
    return profile


# --- transforms ---------------------------------------------------------------------------------


def _embedded(icc: bytes | None, space: str, check=None):
    """(profile, key, None) for a usable embedded profile of colour space `space`, or
    (None, None, why it was not used) — an image's profile is used only when it fits."""
    if not icc:
        return None, None, "no embedded profile"
    header = icc[:_HEADER]
    if len(icc) < _HEADER or header[36:40] != b"acsp" or _sig(header, 16) != space:
        kind = "an RGB" if space == "RGB " else "a grey"
        return None, None, f"the embedded profile is not {kind} profile and was ignored"
    try:
        cms = ImageCms.ImageCmsProfile(_bytes_io(icc))
        if check is not None:
            check(cms)
        desc = ImageCms.getProfileDescription(cms).strip() or "unnamed"
    except (OSError, ImageCms.PyCMSError, ValueError):
        return None, None, "the embedded profile is damaged and was ignored"
    return cms, hashlib.sha256(icc).hexdigest(), desc


def source_rgb_profile(icc: bytes | None) -> tuple[ImageCms.ImageCmsProfile, str, str]:
    """(profile, key, description) for an image's embedded ICC profile, or sRGB when it has none.

    An embedded profile that is not an RGB profile, or that LittleCMS cannot read, is ignored
    (sRGB is assumed); the description then says so, for the log.
    """
    cms, key, desc = _embedded(icc, "RGB ")
    if cms is None:
        return _srgb(), "sRGB", f"sRGB ({desc})"
    return cms, key, f"embedded profile '{desc}'"


def rgb_to_cmyk_transform(profile: OutputProfile, intent: Intent = "relative",
                          source_icc: bytes | None = None) -> ImageCms.ImageCmsTransform:
    """Cached LittleCMS transform RGB (the image's embedded profile, else sRGB) → `profile`, with BPC."""
    if intent not in _INTENTS:
        raise ValueError(f"unknown rendering intent {intent!r}; use one of {', '.join(_INTENTS)}")
    source, source_key, _ = source_rgb_profile(source_icc)
    key = (profile.sha256, intent, source_key, "RGB")
    with _lock:
        cached = _transforms.get(key)
    if cached is not None:
        return cached
    transform = ImageCms.buildTransform(source, profile.cms, "RGB", "CMYK", _INTENTS[intent],
                                        ImageCms.Flags.BLACKPOINTCOMPENSATION)
    with _lock:
        _transforms.setdefault(key, transform)
        return _transforms[key]


def intent_name(intent: Intent) -> str:
    return {"relative": "relative colorimetric", "absolute": "absolute colorimetric"}.get(intent, intent)



# --- grey images: K-only tone curve -------------------------------------------------------------


@dataclass(frozen=True)
class ToneCurve:
    """How a grey image prints as K only so that each level keeps its screen lightness.

    `k[v]` is the black ink for grey level v (0 = no ink, 255 = K100); `samples` is the same as
    DeviceGray samples (255 − K), the table to give `Image.point`. `screen_lstar[v]` is the L*
    (CIE, D50, via the profile connection space) of level v in the source encoding; `printed_lstar[k]`
    is the media-relative L* that the output profile predicts for C = M = Y = 0 and K = k/255
    (made monotonic). Levels darker than K100 prints cannot be reached: they all print at K100;
    `clipped` is the number of such levels (0 … clipped − 1).
    """

    k: tuple[int, ...] = field(repr=False)
    screen_lstar: tuple[float, ...] = field(repr=False)
    printed_lstar: tuple[float, ...] = field(repr=False)
    source: str  # "sRGB grey (no embedded profile)" or "embedded grey profile '…'"
    k100_lstar: float
    clipped: int

    @property
    def samples(self) -> list[int]:
        return [255 - k for k in self.k]


_curves: dict[tuple[str, str], ToneCurve] = {}
_linear_grey: list[ImageCms.ImageCmsProfile] = []


def s15(v: float) -> bytes:
    """An ICC s15Fixed16 number."""
    return struct.pack(">i", round(v * 65536))


D50 = b"XYZ " + bytes(4) + s15(0.9642) + s15(1.0) + s15(0.8249)


def display_profile(space: bytes, desc: str, tags: list[tuple[bytes, bytes]]) -> bytes:
    """A minimal ICC v2 display profile ("mntr", PCS XYZ, D50 white) of colour space `space`
    (b"GRAY", b"RGB ") with a description and the given tags (TRCs, colorants)."""
    d = desc.encode("ascii") + b"\0"
    tags = [(b"desc", b"desc" + bytes(4) + struct.pack(">I", len(d)) + d + bytes(4 + 4 + 2 + 1 + 67)),
            (b"wtpt", D50), *tags]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        body += bytes(-(offset + len(body)) % 4)  # tags start on 4-byte boundaries
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = (struct.pack(">I", offset + len(body)) + bytes(4) + struct.pack(">I", 0x02100000)
              + b"mntr" + space + b"XYZ " + bytes(12) + b"acsp" + bytes(28) + D50[8:] + bytes(48))
    return header + struct.pack(">I", len(tags)) + table + body


def _linear_grey_profile() -> ImageCms.ImageCmsProfile:
    """A grey display profile with a linear TRC and D50 white: its 16-bit values are luminance Y."""
    if not _linear_grey:
        identity = (b"kTRC", b"curv" + bytes(4) + struct.pack(">I", 0))  # no entries: gamma 1.0
        _linear_grey.append(ImageCms.ImageCmsProfile(_bytes_io(display_profile(b"GRAY", "linear grey", [identity]))))
    return _linear_grey[0]


def _lstar(y: np.ndarray) -> np.ndarray:
    """CIE 1976 L* of relative luminance Y (0 … 1)."""
    import numpy as np

    e, k = 216 / 24389, 24389 / 27
    return np.where(y > e, 116 * np.cbrt(np.clip(y, e, None)) - 16, k * y)


def _lstar_through(source: ImageCms.ImageCmsProfile, mode: str, pixels: Image.Image) -> np.ndarray:
    """L* of `pixels` (one row) in `source`, relative colorimetric through the PCS, 16-bit precise."""
    import numpy as np

    t = ImageCms.buildTransform(source, _linear_grey_profile(), mode, "I;16", _INTENTS["relative"])
    out = ImageCms.applyTransform(pixels, t)
    assert out is not None
    return _lstar(np.asarray(out, dtype=np.float64).reshape(-1) / 65535)


def source_grey_profile(icc: bytes | None) -> tuple[ImageCms.ImageCmsProfile | None, str, str]:
    """(profile or None for sRGB-encoded grey, key, description) for a grey image's embedded ICC."""
    # LittleCMS must be able to use it, not just read it
    cms, key, desc = _embedded(icc, "GRAY", lambda c: _lstar_through(c, "L", Image.new("L", (1, 1))))
    if cms is None:
        return None, "sRGB", f"sRGB grey ({desc})"
    return cms, key, f"embedded grey profile '{desc}'"


SHADOW_KNEE = 40.0  # L*: below this, screen shadows are compressed into what K can print


def grey_tone_curve(profile: OutputProfile, source_icc: bytes | None = None) -> ToneCurve:
    """The K-only tone curve of grey images for `profile` (cached per profile and source profile).

    The source is the image's embedded grey profile, else sRGB-encoded grey (R = G = B = v). For
    each level the K whose printed L* (the profile's CMYK → Lab for 0/0/0/K, relative
    colorimetric) equals the level's screen L* is chosen, by linear interpolation in the 256-step
    K ramp. Paper white (255) prints no ink; shadows below L* 40 are compressed into the range
    K can print (down to K100), not clipped, so only true black prints as K100.
    """
    import numpy as np

    cms, source_key, source_desc = source_grey_profile(source_icc)
    key = (profile.sha256, source_key)
    with _lock:
        cached = _curves.get(key)
    if cached is not None:
        return cached

    levels = np.arange(256, dtype=np.uint8)
    if cms is None:
        screen = _lstar_through(_srgb(), "RGB", Image.fromarray(np.repeat(levels[None, :, None], 3, axis=2), "RGB"))
    else:
        screen = _lstar_through(cms, "L", Image.fromarray(levels[None, :], "L"))
    screen = np.maximum.accumulate(np.clip(screen, 0, 100))  # never darker for a lighter level

    ramp = np.zeros((1, 256, 4), np.uint8)
    ramp[0, :, 3] = levels
    printed = _lstar_through(profile.cms, "CMYK", Image.fromarray(ramp, "CMYK"))
    printed = np.minimum.accumulate(printed)  # more ink never prints lighter

    # Shadows: K100 is far from black (L* ≈ 17), so screen L* 0..KNEE is compressed into
    # K100..KNEE instead of clipped, keeping grain and shadow detail; above the knee, exact.
    black = float(printed[255])
    target = np.where(screen < SHADOW_KNEE, black + (SHADOW_KNEE - black) * screen / SHADOW_KNEE, screen)
    # printed[] falls with K: interpolate K as a function of L* on the reversed (rising) table
    k = np.interp(target, printed[::-1], np.arange(255, -1, -1, dtype=np.float64))
    k = np.clip(np.rint(k), 0, 255).astype(int)
    k[target <= black] = 255
    k[255] = 0  # paper white stays paper
    k = np.minimum.accumulate(k)  # a lighter level never gets more ink
    curve = ToneCurve(
        k=tuple(int(v) for v in k),
        screen_lstar=tuple(float(v) for v in screen),
        printed_lstar=tuple(float(v) for v in printed),
        source=source_desc,
        k100_lstar=round(float(printed[255]), 1),
        clipped=int((k == 255).sum()),
    )
    with _lock:
        _curves.setdefault(key, curve)
        return _curves[key]
