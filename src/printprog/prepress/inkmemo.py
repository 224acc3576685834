"""An image's ink coverage, kept in the picture cache by the digest of its stored bytes.

Measuring a picture's ink means decoding it. Every flyer of a batch embeds the key art, in as
many crops as the venue blocks have heights, and the first build after an edit of the film embeds
the very same pictures again, so the measurement is kept on disk (`imagecache`, a `.bin` entry)
under the image's content digest and the code that measures it. An entry holds that digest and
a number or `None`; anything else (an entry made for another picture, a damaged one) is refused
and the picture measured again. A picture that cannot be
decoded raises, and nothing is kept for it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

_VERSION = "image-ink 1"


@lru_cache(maxsize=1)
def _code() -> str:
    """The sources that decode and measure an image, and the libraries they decode with."""
    import numpy
    import pikepdf
    from PIL import Image

    h = hashlib.sha256(repr((_VERSION, numpy.__version__, pikepdf.__version__, Image.__version__)).encode())
    scan = Path(__file__).parent / "scan"
    for name in ("images.py", "colourspaces.py", "limits.py"):
        h.update((scan / name).read_bytes())
    return h.hexdigest()


_SEEN: dict[str, float | None] = {}  # this process: content digest -> measurement


def image_key(img: Any) -> str | None:
    """A digest of an image's stored bytes and the keys that change how they decode."""
    if img.inline:
        return None
    d = img.obj
    try:
        raw = d.read_raw_bytes()
    except Exception:
        return None
    keys = tuple(repr(d.get(k)) for k in ("/Filter", "/DecodeParms", "/Decode", "/ColorSpace",
                                          "/BitsPerComponent", "/Width", "/Height"))
    return hashlib.sha1(raw + repr(keys).encode()).hexdigest()


def kept_ink(img: Any, measure: Callable[[Any], float | None]) -> float | None:
    """measure(img) (the 99.9th percentile of its ink, or None), kept under the image's content."""
    content = image_key(img)
    if content is None:
        return measure(img)
    if content in _SEEN:
        return _SEEN[content]
    from printprog import imagecache

    key = hashlib.sha256(repr((content, _code())).encode()).hexdigest()[:32]
    entry = imagecache.get(key, lambda: f"{content} {measure(img)!r}".encode(), ext="bin")
    value = _parse(entry.read(), content)
    if value is _REFUSED:
        value = measure(img)
    if len(_SEEN) < 64:
        _SEEN[content] = value
    return value


_REFUSED = object()


def _parse(data: bytes | None, content: str) -> Any:
    """The number (or None) an entry for this picture holds; _REFUSED for anything else, such as an
    entry made for another picture."""
    if data is None:
        return _REFUSED
    owner, _, text = data.decode("ascii", "replace").partition(" ")
    if owner != content:
        return _REFUSED
    if text == "None":
        return None
    try:
        value = float(text)
    except ValueError:
        return _REFUSED
    return value if repr(value) == text and 0.0 <= value <= 1e4 else _REFUSED
