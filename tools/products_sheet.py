"""The README's picture of the sample film's products: the A4 programme (front and back), the A2
poster and the A5 flyer for Kino Odeon -> docs/img/leto-products.png.

    .venv/bin/python tools/products_sheet.py [--out docs/img/leto-products.png] [--lang bg]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from PIL import Image

from printprog.batch import build_per_venue
from printprog.build import Request, build
from corpus_sheet import thumbs  # tools/ is on the path when a tool runs

ROOT = Path(__file__).resolve().parent.parent
HEIGHT = 560  # px of a product
GAP = 24


def _pages(pdf: Path) -> list[Image.Image]:
    return thumbs(pdf, HEIGHT, dpi=72)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "leto-products.png")
    ap.add_argument("--lang", default="bg")
    args = ap.parse_args()
    film = ROOT / "data" / "leto.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ims = _pages(build(Request("a4", film, args.lang, work, job_sheet=False)).pdf)
        ims += _pages(build(Request("poster-a2", film, args.lang, work, job_sheet=False)).pdf)
        flyers = build_per_venue(Request("flyer-a5", film, args.lang, work / "flyers", job_sheet=False),
                                 venue="kino-odeon", jobs=1)
        ims += _pages(flyers.written[0].item.target)
    sheet = Image.new("RGB", (sum(i.width for i in ims) + GAP * (len(ims) + 1), HEIGHT + 2 * GAP), (236, 236, 236))
    x = GAP
    for im in ims:
        sheet.paste(im, (x, GAP))
        x += im.width + GAP
    sheet.save(args.out, optimize=True)
    print(f"wrote {args.out} ({sheet.width}×{sheet.height})")


if __name__ == "__main__":
    main()
