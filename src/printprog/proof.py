"""PNG proofs of PDF pages for people (pypdfium2: a wheel, no system packages)."""

from __future__ import annotations

import io


def page_pngs(pdf: bytes, dpi: float = 100.0, crop_to_trim: bool = False) -> list[bytes]:
    """One PNG per page, rendered at `dpi`; `crop_to_trim` shows the page as it will be cut."""
    import pypdfium2 as pdfium

    out = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            crop = (0, 0, 0, 0)
            if crop_to_trim:
                ml, mb, mr, mt = page.get_mediabox()
                tl, tb, tr, tt = page.get_trimbox()
                crop = (tl - ml, tb - mb, mr - tr, mt - tt)
            image = page.render(scale=dpi / 72, crop=crop, may_draw_forms=False).to_pil()
            buf = io.BytesIO()
            image.convert("RGB").save(buf, format="PNG", optimize=True)
            out.append(buf.getvalue())
            page.close()
    finally:
        doc.close()
    return out
