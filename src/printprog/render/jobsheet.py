"""The job sheet as a one-page A4 PDF for the shop's docket: a title and a table of rows, in
black (it is paperwork, not a print product: no PDF/X). reportlab's invariant mode and the date
passed in keep the bytes the same for the same job."""

from __future__ import annotations

import datetime as dt
import io

from printprog.lengths import MM

FONT = ("sofia-sans", "SofiaSans_400Regular.ttf")  # Latin and Cyrillic
BOLD = ("sofia-sans", "SofiaSans_700Bold.ttf")


def _font(name: str, parts: tuple[str, str]) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from printprog.assets import asset_dir

    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(asset_dir("fonts").joinpath(*parts))))
    return name


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` broken at spaces into lines no wider than `width` (a long word stays whole)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for word in text.split(" "):
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def draw(title: str, rows: list[tuple[str, str]], when: dt.datetime) -> bytes:
    """One A4 page: `title`, then each (label, value) row; an empty value gets a line to write on."""
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = _font("pp-jobsheet", FONT), _font("pp-jobsheet-bold", BOLD)
    width, height = 210 * MM, 297 * MM
    left, label_w, top = 20 * MM, 45 * MM, height - 25 * MM
    value_w = width - 2 * left - label_w
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width, height), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setCreator("printprog")
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setStrokeColorCMYK(0, 0, 0, 1)
    c.setFont(bold, 18)
    c.drawString(left, top, title)
    y = top - 14 * MM
    for label, value in rows:
        c.setFont(bold, 10)
        c.drawString(left, y, label)
        c.setFont(regular, 10)
        if value:
            for n, line in enumerate(_lines(value, regular, 10, value_w)):
                c.drawString(left + label_w, y - n * 13, line)
            y -= 13 * len(_lines(value, regular, 10, value_w)) + 5
        else:  # to be filled in by hand
            c.setLineWidth(0.5)
            c.line(left + label_w, y - 2, left + label_w + 50 * MM, y - 2)
            y -= 18
    c.setFont(regular, 8)
    c.drawString(left, 15 * MM, f"printprog · {when.astimezone(dt.timezone.utc):%Y-%m-%d}")
    c.showPage()
    c.save()
    return buf.getvalue()
