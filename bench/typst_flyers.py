#!/usr/bin/env python3
"""The per-venue A5 flyers of a film file as ONE Typst document, for bench/batch.py.

    python bench/typst_flyers.py FILM.yaml OUT.typ            # write OUT.typ (+ the key art beside it)
    python bench/typst_flyers.py FILM.yaml OUT.typ --compile  # ... and compile OUT.pdf (needs `typst`)

The document reproduces the flyer-a5 design closely enough to be a fair workload: one page per
venue with screenings, 154 × 216 mm (A5 plus 3 mm bleed on every side, since Typst has no bleed
box), the key art across the top 44 % with `fit: "cover"`, the director line, the title in Oswald
SemiBold, the other titles, the venue name and address, the venue's screenings (day, month and
weekday from Babel through printprog.i18n, as printprog prints them), a QR code of the venue's
URL drawn as one rectangle per run of dark modules (segno, like printprog's QR block) and the
production footer. The title, venue and screenings shrink to fit their regions, as they do in
the layout (`fit: shrink`), with a measure loop in Typst.

All text is taken from the film file through printprog's loader, so the strings are exactly the
ones printprog typesets; everything else (positions, type scale) is computed here from the
numbers in layouts/_flyer.yaml. This runs in a child of bench/batch.py and is not timed there:
only `typst.compile` of the written document is.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT_DIRS = [ROOT / "fonts" / "oswald", ROOT / "fonts" / "sofia-sans"]

# layouts/_flyer.yaml at A5 (148 × 210 mm): margins 7 %w, 12 columns with 3 %w gutters,
# type scale base 2 %w and ratio 1.25.
W_MM, H_MM, BLEED_MM = 148.0, 210.0, 3.0
MARGIN_MM = 0.07 * W_MM
GUTTER_MM = 0.03 * W_MM
COL_MM = (W_MM - 2 * MARGIN_MM - 11 * GUTTER_MM) / 12
BASE_PT = 0.02 * W_MM / 25.4 * 72
QR_SIZE_MM = 0.22 * W_MM
QUIET = 4  # QR quiet zone in modules, as printprog keeps it


def size(step: float) -> float:
    """A step of the type scale in points (s0 = base)."""
    return BASE_PT * 1.25 ** step


def col_x(col: int) -> float:
    return MARGIN_MM + (col - 1) * (COL_MM + GUTTER_MM)


def span_w(span: int) -> float:
    return span * COL_MM + (span - 1) * GUTTER_MM


def q(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ------------------------------------------------------------------ data from the film file

def flyer_data(film_path: Path, lang: str = "bg") -> dict:
    """Everything printed, as strings: the shared parts once, then one record per venue."""
    from printprog.i18n import clock, label, month, weekday
    from printprog.load import load_film

    film, _ = load_film(film_path)

    def t(text) -> str:  # noqa: ANN001 - printprog's Text
        return text.get(lang)[0]

    directors = [c for c in film.credits if c.role == "director"]
    director_line = label("film_by", lang)
    if directors:
        director_line += " " + ", ".join(t(n) for n in directors[0].names)
    shown = t(film.title)
    seen, others = {shown.casefold()}, []
    for text in [film.original_title.get(film.original_language)[0]] + [x for x, _ in film.title.all_texts()]:
        if text.casefold() not in seen:
            seen.add(text.casefold())
            others.append(text)
    footer = []
    if film.production:
        footer.append((label("production", lang).upper(), ", ".join(t(p) if not isinstance(p, str) else p
                                                                    for p in film.production)))
    if film.producers:
        footer.append((label("producers", lang).upper(), ", ".join(t(p) for p in film.producers)))
    image = film.images["keyart"].file if hasattr(film.images["keyart"], "file") else film.images["keyart"]

    by_venue: dict[str, list] = {}
    for s in sorted(film.screenings, key=lambda s: (s.date, s.time)):
        by_venue.setdefault(s.venue, []).append(s)
    venues = []
    for v in film.venues:
        shows = by_venue.get(v.id)
        if not shows:
            continue  # printprog writes no flyer for a venue without screenings
        address = ", ".join(t(f) for f in (v.address, v.city) if f)
        rows = [{"day": f"{s.date.day:02d}", "month": month(s.date, lang).upper(), "weekday": weekday(s.date, lang),
                 "time": clock(s.time, lang), "note": t(s.note) if s.note else ""} for s in shows]
        venues.append({"id": v.id, "name": t(v.name), "address": address, "url": v.url, "rows": rows})
    return {"director": director_line.upper(), "title": shown.upper(), "others": " · ".join(others),
            "footer": footer, "tickets": label("tickets", lang).upper(), "image": str(image), "venues": venues}


def qr_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    """(modules per side incl. quiet zone, [(column, row, run length)] of dark modules): the same
    runs printprog's QR block draws."""
    from printprog.compose.blocks.qr import dark_runs

    return dark_runs(url)


# ------------------------------------------------------------------ the Typst document

PREAMBLE = """\
// Generated by bench/typst_flyers.py: {n} A5 flyers, one page each, 3 mm bleed around the trim.
#let K = cmyk(0%, 0%, 0%, 100%)
#set page(width: {pw}mm, height: {ph}mm, margin: 0pt)
#set text(font: "Sofia Sans", lang: "{lang}", fill: K, size: {s0}pt, hyphenate: false)
#set par(justify: false)

#let W = {w}mm
#let H = {h}mm
#let B = {b}mm
#let M = {m}mm
#let at(x, y, w, h, body) = place(top + left, dx: B + x, dy: B + y, box(width: w, height: h, body))

// fit: shrink: the largest scale k in 1.0, 0.95, ... (not below kmin) at which body(k) fits the box
#let shrink(w, h, kmin, body) = context {{
  let k = 1.0
  while k > kmin and measure(body(k), width: w).height > h {{ k = k - 0.05 }}
  body(k)
}}

#let title-block(k) = {{
  text(font: "Sofia Sans", weight: 600, size: {s_m1}pt * k, tracking: 0.2em)[{director}]
  v({s_m1}pt * k * 0.2)
  block(spacing: 0pt, text(font: "Oswald", weight: 600, size: {s10}pt * k, tracking: 0.01em,
                           top-edge: "cap-height", bottom-edge: "baseline")[{title}])
  v({gap}mm * k)
  text(font: "Oswald", weight: 300, size: {s2}pt * k, tracking: 0.04em)[{others}]
}}

#let venue-block(name, address, k) = {{
  text(weight: 800, size: {s4}pt * k)[#name]
  linebreak()
  text(weight: 400, size: {s0}pt * k)[#address]
}}

#let screenings-block(rows, k) = {{
  let cells = ()
  for (i, r) in rows.enumerate() {{
    if i > 0 {{ cells.push(grid.hline(stroke: 0.3pt + K)) }}
    cells.push(text(font: "Oswald", weight: 500, size: {s6_5}pt * k, top-edge: "cap-height")[#r.at(0)])
    cells.push(stack(spacing: 2pt,
      text(weight: 700, size: {s0}pt * k, tracking: 0.12em)[#r.at(1)],
      text(weight: 400, size: {s0_5}pt * k)[#r.at(2)]))
    cells.push(text(font: "Oswald", weight: 400, size: {s4_5}pt * k, top-edge: "cap-height")[#r.at(3)])
    cells.push(text(style: "italic", size: {s_m0_5}pt * k)[#r.at(4)])
  }}
  grid(columns: (auto, auto, auto, 1fr), column-gutter: {s0}pt * k * 1.2, row-gutter: {row_gap}mm * k,
       inset: (y: {row_gap}mm * k / 2), ..cells)
}}

// a QR code: n modules per side (quiet zone included) in a square of side s, dark runs as rectangles
#let qr(n, s, runs, label) = {{
  let m = s / n
  box(width: s, height: s, {{
    for (x, y, w) in runs {{ place(dx: x * m, dy: y * m, rect(width: w * m, height: m, fill: K, stroke: none)) }}
  }})
  v(0pt, weak: true)
  align(right, text(weight: 600, size: {s_m1_5}pt, tracking: 0.08em)[#label])
}}

#let flyer(name, address, rows, code) = page({{
  place(top + left, image("{image}", width: W + 2 * B, height: B + 0.44 * H, fit: "cover"))
  at(M, 0.47 * H, W - 2 * M, 0.15 * H, shrink(W - 2 * M, 0.15 * H, 0.3, title-block))
  at(M, 0.64 * H, W - 2 * M, 0.08 * H, shrink(W - 2 * M, 0.08 * H, 0.4, k => venue-block(name, address, k)))
  at(M, 0.735 * H, {scr_w}mm, 0.17 * H, shrink({scr_w}mm, 0.17 * H, 0.3, k => screenings-block(rows, k)))
  if code != none {{ at({qr_x}mm, 0.735 * H, {qr_w}mm, 0.17 * H, align(right, code)) }}
  at(M, 0.91 * H, W - 2 * M, 0.04 * H, align(bottom, text(size: {s_m2}pt)[{footer}]))
}})

"""


def typst_source(data: dict, image_name: str, lang: str = "bg") -> str:
    qr_w = span_w(3)
    qr_side = min(QR_SIZE_MM, qr_w)
    footer = "#h(1em)".join(f'#text(weight: 700, tracking: 0.1em)[{_content(lbl)}] {_content(names)}'
                            for lbl, names in data["footer"])
    out = [PREAMBLE.format(
        n=len(data["venues"]), pw=W_MM + 2 * BLEED_MM, ph=H_MM + 2 * BLEED_MM, lang=lang,
        w=W_MM, h=H_MM, b=BLEED_MM, m=round(MARGIN_MM, 3), image=image_name,
        s0=round(size(0), 3), s_m1=round(size(-1), 3), s10=round(size(10), 3), s2=round(size(2), 3),
        s4=round(size(4), 3), s6_5=round(size(6.5), 3), s0_5=round(size(0.5), 3), s4_5=round(size(4.5), 3),
        s_m0_5=round(size(-0.5), 3), s_m1_5=round(size(-1.5), 3), s_m2=round(size(-2), 3),
        gap=round(0.012 * H_MM, 3), row_gap=round(0.015 * H_MM, 3),
        scr_w=round(span_w(9), 3), qr_x=round(col_x(10), 3), qr_w=round(qr_w, 3),
        director=_content(data["director"]), title=_content(data["title"]), others=_content(data["others"]),
        footer=footer)]
    for v in data["venues"]:
        rows = ", ".join("(" + ", ".join(q(r[k]) for k in ("day", "month", "weekday", "time", "note")) + ",)"
                         for v_r in [v] for r in v_r["rows"])
        if v["url"]:
            n, runs = qr_runs(v["url"])
            code = (f"qr({n}, {qr_side:.3f}mm, ("
                    + ", ".join(f"({x}, {y}, {w})" for x, y, w in runs) + f"), {q(data['tickets'])})")
        else:
            code = "none"
        out.append(f"#flyer({q(v['name'])}, {q(v['address'])}, ({rows},), {code})\n")
    return "".join(out)


def _content(text: str) -> str:
    """Text inside a Typst content block [...], as a string expression (no markup)."""
    return "#" + q(text)


def write(film_path: Path, out_typ: Path, lang: str = "bg", per_file: bool = False) -> dict:
    """Write OUT.typ and copy the key art beside it (Typst reads files only below its root).

    With per_file, also write one single-flyer document per venue beside it (flyer-001.typ, ...),
    for the comparison with 100 separate files.
    """
    t0 = time.perf_counter()
    data = flyer_data(film_path, lang)
    image = Path(data["image"])
    if not image.is_file():  # printprog resolves it against the film file's folder; be safe
        image = film_path.parent / image
    out_typ.parent.mkdir(parents=True, exist_ok=True)
    local = out_typ.parent / image.name
    if not local.exists():
        shutil.copyfile(image, local)
    out_typ.write_text(typst_source(data, local.name, lang), encoding="utf-8")
    if per_file:
        width = max(3, len(str(len(data["venues"]))))
        for i, v in enumerate(data["venues"], 1):
            one = out_typ.parent / f"flyer-{i:0{width}d}.typ"
            one.write_text(typst_source(dict(data, venues=[v]), local.name, lang), encoding="utf-8")
    return {"pages": len(data["venues"]), "qr_codes": sum(1 for v in data["venues"] if v["url"]),
            "typ": str(out_typ), "root": str(out_typ.parent), "image": str(local),
            "typ_bytes": out_typ.stat().st_size, "generate_ms": (time.perf_counter() - t0) * 1000,
            "font_paths": [str(p) for p in FONT_DIRS], "per_file": per_file}


def compile_pdf(typ: Path, pdf: Path) -> None:
    import typst

    typst.compile(str(typ), output=str(pdf), root=str(typ.parent), font_paths=[str(p) for p in FONT_DIRS],
                  ignore_system_fonts=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("film", type=Path)
    ap.add_argument("out", type=Path, help="the .typ file to write")
    ap.add_argument("--lang", default="bg")
    ap.add_argument("--compile", action="store_true", help="also compile it to a PDF beside it")
    ap.add_argument("--per-file", action="store_true", help="also write one document per flyer (flyer-001.typ, ...)")
    args = ap.parse_args(argv)
    info = write(args.film, args.out, args.lang, args.per_file)
    if args.compile:
        t0 = time.perf_counter()
        compile_pdf(args.out, args.out.with_suffix(".pdf"))
        info["compile_ms_in_process"] = (time.perf_counter() - t0) * 1000
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
