"""Page pictures for the preview: PNGs of the bleed area, drawn only for pages that changed."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from printprog.plan import PagePlan

LONG_SIDE = 1400  # pixels on a page's longer side, at most
DPI = 100.0


@dataclass(frozen=True)
class PageView:
    """One page as the page shows it: a PNG of the bleed box, and where trim and safe zone are
    in it (fractions of the picture: x, y, width, height)."""

    id: str  # sha256 of the PNG, first 24 hex digits: the name the server knows it by
    png: bytes
    width: int
    height: int
    trim: tuple[float, float, float, float]
    safe: tuple[float, float, float, float]
    bleed_pt: float
    size_pt: tuple[float, float]  # the trimmed page, points

    def frac(self, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A box in points from the trimmed page's top-left as fractions of the picture."""
        b, (w, h) = self.bleed_pt, self.size_pt
        W, H = w + 2 * b, h + 2 * b
        x, y, bw, bh = box
        return ((x + b) / W, (y + b) / H, bw / W, bh / H)


def page_views(pdf: bytes, plans: tuple[PagePlan, ...], safe: float, previous: list[tuple[PagePlan, PageView]],
               ) -> list[tuple[PagePlan, PageView]]:
    """(plan, view) per page; a page whose plan equals the previous plan at its place keeps its PNG."""
    import pypdfium2 as pdfium

    out: list[tuple[PagePlan, PageView]] = []
    doc = None
    try:
        for n, plan in enumerate(plans):
            if n < len(previous) and previous[n][0] == plan:
                out.append(previous[n])
                continue
            if doc is None:
                doc = pdfium.PdfDocument(pdf)
            out.append((plan, _draw(doc[n], plan, safe)))
    finally:
        if doc is not None:
            doc.close()
    return out


def _draw(page: object, plan: PagePlan, safe: float) -> PageView:
    """The page's bleed box as a PNG (pages are never turned: /Rotate is not used)."""
    cl, cb, cr, ct = page.get_cropbox()  # type: ignore[attr-defined]
    bl, bb, br, bt = page.get_bleedbox()  # type: ignore[attr-defined]
    w, h, b = plan.width, plan.height, plan.bleed
    scale = min(DPI / 72, LONG_SIDE / max(w + 2 * b, h + 2 * b))
    image = page.render(scale=scale, crop=(bl - cl, bb - cb, cr - br, ct - bt),  # type: ignore[attr-defined]
                        may_draw_forms=False).to_pil().convert("RGB")
    page.close()  # type: ignore[attr-defined]
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    png = buf.getvalue()
    W, H = w + 2 * b, h + 2 * b
    return PageView(hashlib.sha256(png).hexdigest()[:24], png, image.width, image.height,
                    (b / W, b / H, w / W, h / H), ((b + safe) / W, (b + safe) / H, (w - 2 * safe) / W, (h - 2 * safe) / H),
                    b, (w, h))
