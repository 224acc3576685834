"""PNG proofs of PDF pages for people (pypdfium2: a wheel, no system packages)."""

from __future__ import annotations

import io
from typing import Any


def page_pngs(pdf: bytes, dpi: float = 100.0, crop_to_trim: bool = False) -> list[bytes]:
    """One PNG per page, rendered at `dpi`; `crop_to_trim` shows the page as it will be cut."""
    import pypdfium2 as pdfium

    out = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            crop: tuple[float, float, float, float] = (0, 0, 0, 0)
            if crop_to_trim:
                # pdfium renders the CropBox turned by /Rotate: crop in that view
                view_w, view_h = page.get_size()
                x, y, w, h = trim_in_view(page)
                crop = (x, view_h - y - h, view_w - x - w, y)
            image = page.render(scale=dpi / 72, crop=crop, may_draw_forms=False).to_pil()
            buf = io.BytesIO()
            image.convert("RGB").save(buf, format="PNG", optimize=True)
            out.append(buf.getvalue())
            page.close()
    finally:
        doc.close()
    return out


def trim_in_view(page: Any) -> tuple[float, float, float, float]:
    """The TrimBox as (x, y, width, height) in points from the top-left of what pdfium renders.

    pdfium renders the CropBox, turned by /Rotate; the trim is clipped to the CropBox and turned
    the same way (a TrimBox-less page falls back to its CropBox, i.e. the whole rendering).
    """
    cl, cb, cr, ct = page.get_cropbox()
    tl, tb, tr, tt = page.get_trimbox()
    w, h = cr - cl, ct - cb
    u0, u1 = max(tl - cl, 0.0), min(tr - cl, w)
    v0, v1 = max(ct - tt, 0.0), min(ct - tb, h)
    if u1 - u0 < 1 or v1 - v0 < 1:  # a TrimBox outside the CropBox: show the whole page
        u0, v0, u1, v1 = 0.0, 0.0, w, h
    rotation = page.get_rotation() % 360
    corners = [(u0, v0), (u1, v1)]
    if rotation == 90:
        corners = [(h - v, u) for u, v in corners]
    elif rotation == 180:
        corners = [(w - u, h - v) for u, v in corners]
    elif rotation == 270:
        corners = [(v, w - u) for u, v in corners]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)
