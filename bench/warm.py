"""How fast is a warm rebuild (printprog serve / watch) after one edit to the film file?

A benchmark, not a test: it always exits 0. It copies data/ to a temporary folder, builds once
(cold, in this process), then edits the film N times and rebuilds with one warm Session:

  pdf  the A4 PDF (finished PDF/X, preflight passed), no pictures      target <= 15 ms
  png  the same plus a refreshed PNG of the changed page               target <= 150 ms

Edits alternate between a screening's time (a flowing block: always composed again) and a word
of the synopsis (one block composed again, the others from the cache). Prints the medians and
where the time goes (median seconds per stage).

    .venv/bin/python bench/warm.py --runs 20
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

EDITS = [('time: "20:30"', 'time: "20:35"'), ("кипи.", "ври."), ('time: "20:35"', 'time: "20:30"'), ("ври.", "кипи.")]


def run(runs: int, fmt: str, kind: str) -> list[dict[str, float]]:
    from printprog.preview.session import Product, Session

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "data", Path(tmp) / "data")
        film = Path(tmp) / "data" / "leto.yaml"
        product = Product(fmt)
        session = Session(film, [product], pngs=kind == "png")
        session.build(product)  # cold: parse, compose every block, draw every page
        rows = []
        for n in range(runs):
            old, new = EDITS[n % len(EDITS)]
            film.write_text(film.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
            out = session.build(product)
            assert out is not None and out.ok, out and [d.format() for d in out.diagnostics]
            rows.append({"total": out.seconds, **out.times})
        return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--format", default="a4")
    args = ap.parse_args()
    for kind, target in (("pdf", 0.015), ("png", 0.150)):
        rows = run(args.runs, args.format, kind)
        med = statistics.median(r["total"] for r in rows)
        print(f"{args.format} {kind}: median {med * 1000:.1f} ms over {len(rows)} edits "
              f"(target {target * 1000:.0f} ms: {'met' if med <= target else 'not met'})")
        if kind == "pdf":
            upto = statistics.median(sum(r.get(k, 0.0) for k in ("load", "compose", "render", "finish")) for r in rows)
            print(f"  finished PDF bytes, before preflight: median {upto * 1000:.1f} ms")
        for edit in (0, 1):
            sub = rows[edit::2]
            stages = sorted({k for r in sub for k in r if k != "total"})
            parts = ", ".join(f"{k} {statistics.median(r.get(k, 0.0) for r in sub) * 1000:.1f}" for k in stages)
            what = "screening time" if edit == 0 else "synopsis word"
            print(f"  {what:15s} median {statistics.median(r['total'] for r in sub) * 1000:6.1f} ms: {parts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
