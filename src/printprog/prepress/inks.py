"""Which inks a finished file uses, read from the preflight scan (for the job sheet).

Kept beside preflight so the batch learns it from the scan every file already gets, instead of
opening and scanning each file again at the end (which held every flyer in memory)."""

from __future__ import annotations

from printprog.prepress.pdfscan import Scan

K_ONLY = "K only (black)"
CMYK = "CMYK (four colours)"


def inks(sc: Scan) -> str:
    """`K only (black)` when nothing but black ink is used, else `CMYK (four colours)`; registration
    colour (crop marks, Separation /All) does not count."""
    paints = [(p.space, p.colour) for p in sc.paths] + [pc for t in sc.texts if t.visible for pc in t.paints]
    for space, colour in paints:
        if space.family == "Separation":
            continue
        if space.n >= 3 and any(v > 0.001 for v in colour[:3]):
            return CMYK
    if any(im.space is not None and im.space.n >= 3 for im in sc.images) or \
            any(sh.space.n >= 3 for sh in sc.shadings):
        return CMYK
    return K_ONLY


def combined(colours: list[str]) -> str:
    """The inks of several files together."""
    return CMYK if CMYK in colours else K_ONLY
