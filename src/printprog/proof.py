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


def focus_points(plan: Any, film: Any) -> list[list[tuple[float, float]]]:
    """Per page, where each placed picture's focus point (from the film file) lies: points from the
    trimmed page's top-left, y down; only points inside the picture's clip (visible on the page)."""
    focus = {str(img.file): img.focus for img in film.images.values()}
    pages = []
    for page in plan.pages:
        points = []
        for placement in page.placements:
            for item in placement.items:
                f = focus.get(getattr(item, "path", None) or "") if hasattr(item, "clip") else None
                if f is None:
                    continue
                x, y = item.x + f[0] * item.width, item.y + f[1] * item.height
                cx, cy, cw, ch = item.clip
                if cx <= x <= cx + cw and cy <= y <= cy + ch:
                    points.append((x, y))
        pages.append(points)
    return pages


def mark_focus(png: bytes, points: list[tuple[float, float]], dpi: float = 100.0) -> bytes:
    """The proof with a cross-hair ring at each point (points from the trim's top-left): a marker for
    people, drawn on the PNG only, never in the PDF."""
    if not points:
        return png
    from PIL import Image, ImageDraw

    image = Image.open(io.BytesIO(png)).convert("RGB")
    draw = ImageDraw.Draw(image)
    scale = dpi / 72
    r = max(8, round(min(image.size) / 40))
    for x, y in points:
        px, py = round(x * scale), round(y * scale)
        for colour, width in (((255, 255, 255), 5), ((255, 0, 128), 2)):  # a light halo under magenta
            draw.ellipse((px - r, py - r, px + r, py + r), outline=colour, width=width)
            draw.line((px - 2 * r, py, px + 2 * r, py), fill=colour, width=width)
            draw.line((px, py - 2 * r, px, py + 2 * r), fill=colour, width=width)
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
