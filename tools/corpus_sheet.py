"""Contact sheet of the test corpus: every film of tests/films/ as the A4 (all pages), the A2
poster and the first venue's A5 and DL flyers, one row per film -> docs/img/corpus.png.

    .venv/bin/python tools/corpus_sheet.py [--out docs/img/corpus.png] [--lang bg]
"""

from __future__ import annotations

import argparse
import io
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from printprog.batch import build_per_venue
from printprog.build import Request, build
from printprog.proof import page_pngs
from printprog.text.fonts import catalogue

ROOT = Path(__file__).resolve().parent.parent
HEIGHT = 220  # px of a thumbnail
GAP = 12


def thumbs(pdf: Path, height: int = HEIGHT, dpi: float = 30) -> list[Image.Image]:
    """Every page of a PDF, cut to the trim, `height` px tall."""
    out = []
    for png in page_pngs(pdf.read_bytes(), dpi=dpi, crop_to_trim=True):
        im = Image.open(io.BytesIO(png)).convert("RGB")
        out.append(im.resize((max(1, round(im.width * height / im.height)), height), Image.LANCZOS))
    return out


def film_row(film: Path, lang: str, work: Path) -> list[Image.Image]:
    ims: list[Image.Image] = []
    for fmt in ("a4", "poster-a2"):
        ims += thumbs(build(Request(fmt, film, lang, work)).pdf)
    for fmt in ("flyer-a5", "flyer-dl"):
        result = build_per_venue(Request(fmt, film, lang, work / fmt), jobs=1)
        ims += thumbs(result.written[0].item.target)
    return ims


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "corpus.png")
    ap.add_argument("--lang", default="bg")
    args = ap.parse_args()
    films = sorted((ROOT / "tests" / "films").glob("*.yaml"))
    label_w = 150
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for film in films:
            rows.append((film.stem, film_row(film, args.lang, Path(d) / film.stem)))
    width = label_w + max(sum(i.width + GAP for i in ims) for _, ims in rows)
    sheet = Image.new("RGB", (width, len(rows) * (HEIGHT + GAP) + GAP), (150, 150, 150))
    draw = ImageDraw.Draw(sheet)
    from PIL import ImageFont

    font = ImageFont.truetype(str(catalogue()["sofia-sans/semibold"]), 16)
    for r, (name, ims) in enumerate(rows):
        y = GAP + r * (HEIGHT + GAP)
        draw.text((10, y + HEIGHT // 2 - 8), name, fill=(255, 255, 255), font=font)
        x = label_w
        for im in ims:
            sheet.paste(im, (x, y))
            x += im.width + GAP
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(f"wrote {args.out} ({len(rows)} films)")


if __name__ == "__main__":
    main()
