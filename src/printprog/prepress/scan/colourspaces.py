"""Colour spaces as the content stream names them, and total ink of a colour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pikepdf

_DEVICE = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}
_CIE = {"/CalGray": 1, "/CalRGB": 3, "/Lab": 3, "/CalCMYK": 4}


@dataclass(frozen=True)
class ColourSpace:
    family: str  # DeviceCMYK, DeviceGray, DeviceRGB, ICCBased, Separation, DeviceN, Indexed, Pattern, Lab, ...
    n: int
    names: tuple[str, ...] = ()  # colorants of Separation/DeviceN
    base: ColourSpace | None = None  # alternate (Separation/DeviceN), base (Indexed), underlying (Pattern)

    @property
    def label(self) -> str:
        if self.family == "ICCBased":
            return f"ICCBased (N={self.n})"
        if self.family == "Separation":
            return f"Separation /{self.names[0]}" + (f" (alternate {self.base.label})" if self.base else "")
        if self.family == "DeviceN":
            return f"DeviceN [{' '.join(self.names)}]" + (f" (alternate {self.base.label})" if self.base else "")
        if self.family in ("Indexed", "Pattern") and self.base:
            return f"{self.family} (base {self.base.label})"
        return self.family

    @property
    def is_registration(self) -> bool:
        return self.family == "Separation" and self.names == ("All",)


GRAY = ColourSpace("DeviceGray", 1)
RGB = ColourSpace("DeviceRGB", 3)
CMYK = ColourSpace("DeviceCMYK", 4)


def lookup(resources: Any, kind: str, name: str) -> Any:
    try:
        return resources[kind][name]
    except (KeyError, TypeError, AttributeError, IndexError):
        return None


def resolve_space(obj: Any, resources: Any, depth: int = 0) -> ColourSpace:
    """A colour space operand, image /ColorSpace or resource name, as a ColourSpace."""
    if depth > 8 or obj is None:
        return ColourSpace("Unknown", 0)
    if isinstance(obj, pikepdf.Name):
        name = str(obj)
        if name in _DEVICE:
            return ColourSpace(name[1:], _DEVICE[name])
        if name == "/Pattern":
            return ColourSpace("Pattern", 0)
        named = lookup(resources, "/ColorSpace", name)
        return ColourSpace(f"undefined {name}", 0) if named is None else resolve_space(named, resources, depth + 1)
    if not isinstance(obj, pikepdf.Array) or len(obj) == 0:
        return ColourSpace("Unknown", 0)
    fam = str(obj[0])
    sub = lambda i: resolve_space(obj[i], resources, depth + 1) if len(obj) > i else None  # noqa: E731
    if fam in _DEVICE or len(obj) == 1:
        return resolve_space(obj[0], resources, depth + 1)
    if fam == "/ICCBased":
        return ColourSpace("ICCBased", int(obj[1].get("/N", 0)))
    if fam == "/Separation":
        return ColourSpace("Separation", 1, (str(obj[1])[1:],), sub(2))
    if fam == "/DeviceN":
        names = tuple(str(x)[1:] for x in obj[1])
        return ColourSpace("DeviceN", len(names), names, sub(2))
    if fam == "/Indexed":
        return ColourSpace("Indexed", 1, base=sub(1))
    if fam == "/Pattern":
        return ColourSpace("Pattern", 0, base=sub(1))
    if fam in _CIE:
        return ColourSpace(fam[1:], _CIE[fam])
    return ColourSpace(f"unknown family {fam}", 0)


def initial_colour(space: ColourSpace) -> tuple[float, ...]:
    if space.family == "DeviceCMYK":
        return (0.0, 0.0, 0.0, 1.0)
    if space.family in ("Separation", "DeviceN"):
        return (1.0,) * space.n
    return (0.0,) * space.n


def ink(space: ColourSpace, values: Any) -> Any:
    """Total ink in percent for colour values (last axis = components; numpy or tuple).

    None when the space has no ink meaning here (RGB, Lab: the colour rule rejects them).
    Registration (/All) and /None colorants count as no ink.
    """
    fam, n = space.family, space.n
    if isinstance(values, (tuple, list)):  # one colour: plain Python, no numpy on a picture-less page
        v1 = [float(x) for x in values]
        if fam == "DeviceCMYK" or (fam == "ICCBased" and n == 4):
            return sum(v1[:4]) * 100
        if fam in ("DeviceGray", "CalGray") or (fam == "ICCBased" and n == 1):
            return (1 - v1[0]) * 100
        if fam in ("Separation", "DeviceN"):
            return sum(x for x, c in zip(v1, space.names) if c not in ("All", "None")) * 100
        return None
    import numpy as np

    v = np.asarray(values, dtype=float)
    if fam == "DeviceCMYK" or (fam == "ICCBased" and n == 4):
        return v[..., :4].sum(-1) * 100
    if fam in ("DeviceGray", "CalGray") or (fam == "ICCBased" and n == 1):
        return (1 - v[..., 0]) * 100
    if fam in ("Separation", "DeviceN"):
        keep = [i for i, c in enumerate(space.names) if c not in ("All", "None")]
        return v[..., keep].sum(-1) * 100 if keep else v[..., 0] * 0
    return None
