"""CMYK output profiles: find, check and load them; build the RGB → CMYK transforms images go through.

An output profile is a file in `icc/` (the shop profile's `output_profile`, e.g.
"printprog-FOGRA39L.icc") or a user's own file (`--icc FILE`). `validate_profile` explains in
plain words what is wrong with a file that is not a usable CMYK press profile; it reads the ICC
header itself, so a file LittleCMS cannot parse still gets a clear message.

Transforms are LittleCMS (Pillow's ImageCms) with black point compensation and relative
colorimetric intent by default: printprog's shipped profile has no real perceptual table (its
perceptual and saturation tables are the relative colorimetric one), so "perceptual" would only
pretend to compress the gamut.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PIL import ImageCms

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


def _bytes_io(data: bytes):  # type: ignore[no-untyped-def]
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


def source_rgb_profile(icc: bytes | None) -> tuple[ImageCms.ImageCmsProfile, str, str]:
    """(profile, key, description) for an image's embedded ICC profile, or sRGB when it has none.

    An embedded profile that is not an RGB profile, or that LittleCMS cannot read, is ignored
    (sRGB is assumed); the description then says so, for the log.
    """
    if icc:
        header = icc[:_HEADER]
        if len(icc) >= _HEADER and header[36:40] == b"acsp" and _sig(header, 16) == "RGB ":
            try:
                cms = ImageCms.ImageCmsProfile(_bytes_io(icc))
                desc = ImageCms.getProfileDescription(cms).strip() or "unnamed"
                return cms, hashlib.sha256(icc).hexdigest(), f"embedded profile '{desc}'"
            except (OSError, ImageCms.PyCMSError, ValueError):
                return _srgb(), "sRGB", "sRGB (the embedded profile is damaged and was ignored)"
        return _srgb(), "sRGB", "sRGB (the embedded profile is not an RGB profile and was ignored)"
    return _srgb(), "sRGB", "sRGB (no embedded profile)"


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
