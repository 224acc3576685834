"""Black text and overprint: 100 % K text must overprint on an offset press, or misregistration
leaves a white halo where the plates under it were knocked out."""

from __future__ import annotations

from printprog.load.shop import Shop
from printprog.prepress.scan.colourspaces import ColourSpace
from printprog.prepress.scan.records import Scan

Problems = list[tuple[int | None, str]]


def k_only(space: ColourSpace, colour: tuple[float, ...]) -> bool:
    """Painted with black ink alone (gray, or CMYK with C = M = Y = 0)."""
    if space.family == "DeviceGray":
        return True
    return space.family == "DeviceCMYK" and len(colour) == 4 and max(colour[:3]) <= 1e-6


def solid_black(space: ColourSpace, colour: tuple[float, ...]) -> bool:
    return space.family == "DeviceCMYK" and len(colour) == 4 and max(colour[:3]) <= 1e-6 and colour[3] >= 1 - 1e-6


def black_text_overprints(scan: Scan, shop: Shop) -> tuple[Problems, str]:
    """With shop.overprint_black, every 100 % K text run is filled with overprint on (mode 1)."""
    if not shop.overprint_black:
        return [], "the shop does not ask for overprint"
    black = [t for t in scan.texts if t.visible and t.mode in (0, 2, 4, 6) and solid_black(t.fill_cs, t.fill_colour)]
    knocked = [t for t in black if not t.overprint]
    by_page: dict[int, list[str]] = {}
    for t in knocked:
        by_page.setdefault(t.page, []).append(t.text)
    problems: Problems = [(page, f"100 % K text {' '.join(texts[0].split())[:32]!r}"
                                 f"{f' (and {len(texts) - 1} more run(s))' if len(texts) > 1 else ''} knocks out "
                                 "instead of overprinting (set /op true and /OPM 1)") for page, texts in by_page.items()]
    return problems, f"{len(black)} run(s) of 100 % K text, all overprinting"
