#!/usr/bin/env python3
"""Sizes: every product of data/leto.yaml against its size target (issue #10).

    python bench/sizes.py                 # builds into a temporary folder, prints a table
    python bench/sizes.py --json out.json

For each product the table shows the file size, the target, and what the bytes are: the output
profile (the OutputIntent's ICC stream), fonts (embedded programs), pictures (image XObjects,
with their effective ppi at the placed size) and the rest (page content, structure). Targets:
A4 <= 120 KB, one flyer <= 250 KB, posters <= 4 MB with no picture above the shop's target ppi
(KB = 1000 bytes). Like the other benchmarks it always exits 0; builds run in a child process
with SOURCE_DATE_EPOCH fixed, so the sizes are the ones a user gets.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KB, MB = 1000, 1000 * 1000
PRODUCTS = [  # (label, build arguments, target bytes)
    ("A4 programme", ["--format", "a4"], 120 * KB),
    ("flyer A5 (per venue)", ["--format", "flyer-a5", "--per", "venue"], 250 * KB),
    ("flyer A6 (per venue)", ["--format", "flyer-a6", "--per", "venue"], 250 * KB),
    ("flyer DL (per venue)", ["--format", "flyer-dl", "--per", "venue"], 250 * KB),
    ("poster A3", ["--format", "poster-a3"], 4 * MB),
    ("poster A2", ["--format", "poster-a2"], 4 * MB),
    ("poster 70x100", ["--format", "poster-70x100"], 4 * MB),
    ("poster B1", ["--format", "poster-b1"], 4 * MB),
]

# In a child: what the bytes of each PDF are. argv: the PDFs.
ANATOMY = """\
import json, sys
import pikepdf
out = {}
for path in sys.argv[1:]:
    parts = {"profile": 0, "fonts": 0, "pictures": 0, "rest": 0}
    ppi = []
    with pikepdf.open(path) as doc:
        icc = {o.DestOutputProfile.objgen for o in doc.Root.get("/OutputIntents", [])}
        fonts = set()
        for o in doc.objects:
            if isinstance(o, pikepdf.Dictionary) and "/FontFile2" in o:
                fonts.add(o.FontFile2.objgen)
        for o in doc.objects:
            if not isinstance(o, pikepdf.Stream):
                continue
            n = len(o.read_raw_bytes())
            if o.objgen in icc:
                parts["profile"] += n
            elif o.objgen in fonts:
                parts["fonts"] += n
            elif o.get("/Subtype") == "/Image":
                parts["pictures"] += n
            else:
                parts["rest"] += n
        for page in doc.pages:
            ctm = [[1, 0, 0, 1, 0, 0]]
            for operands, op in pikepdf.parse_content_stream(page, "q Q cm Do"):
                op = str(op)
                if op == "q":
                    ctm.append(list(ctm[-1]))
                elif op == "Q" and len(ctm) > 1:
                    ctm.pop()
                elif op == "cm":
                    a, b, c, d, e, f = (float(v) for v in operands)
                    A, B, C, D, E, F = ctm[-1]
                    ctm[-1] = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                               e * A + f * C + E, e * B + f * D + F]
                elif op == "Do":
                    xo = page.Resources.XObject.get(str(operands[0]))
                    if xo is not None and xo.get("/Subtype") == "/Image":
                        w_pt = (ctm[-1][0] ** 2 + ctm[-1][1] ** 2) ** 0.5
                        h_pt = (ctm[-1][2] ** 2 + ctm[-1][3] ** 2) ** 0.5
                        ppi.append(min(int(xo.Width) / w_pt * 72, int(xo.Height) / h_pt * 72))
    out[path] = {"bytes": sum(parts.values()), "parts": parts, "ppi": ppi}
print(json.dumps(out))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    ap.add_argument("--shop", default="default", help="shop profile (default: default)")
    args = ap.parse_args(argv)
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1700000000"), PYTHONHASHSEED="0")
    target_ppi = 300.0
    try:
        target_ppi = float(json.loads(subprocess.run(
            [sys.executable, "-c", "import json,sys; from printprog.load import load_shop; "
             "print(json.dumps(load_shop(sys.argv[1]).target_ppi))", args.shop],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout))
    except (subprocess.CalledProcessError, ValueError) as e:
        print(f"  (could not read the shop's target ppi, using {target_ppi:g}: {e})")
    rows, results = [], []
    with tempfile.TemporaryDirectory(prefix="printprog-sizes-") as tmp:
        for label, build_args, target in PRODUCTS:
            out = Path(tmp) / label.split()[0] / build_args[1]
            p = subprocess.run([sys.executable, "-m", "printprog", "build", *build_args, "--shop", args.shop,
                                "--out", str(out), "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True)
            pdfs = sorted(out.glob("*.pdf"))
            pdfs = [f for f in pdfs if not f.name.startswith("job-sheet")]
            if p.returncode != 0 or not pdfs:
                print(f"{label}: build failed ({p.returncode}): {(p.stderr or p.stdout).strip()[:300]}")
                continue
            a = subprocess.run([sys.executable, "-c", ANATOMY, *map(str, pdfs)], cwd=ROOT, env=env,
                               capture_output=True, text=True)
            anatomy = json.loads(a.stdout) if a.returncode == 0 else {}
            for pdf in pdfs:
                info = anatomy.get(str(pdf), {"parts": {}, "ppi": []})
                size = pdf.stat().st_size
                ppi = max(info["ppi"], default=None)
                ok = size <= target and (ppi is None or ppi <= target_ppi + 0.5)
                name = label if len(pdfs) == 1 else f"{label.split(' (')[0]}: {pdf.stem.split('-bg-')[-1]}"
                rows.append((name, size, target, info["parts"], ppi, ok))
                results.append({"product": name, "file": pdf.name, "bytes": size, "target": target,
                                "parts": info["parts"], "max_ppi": ppi, "met": ok})
    print(f"{'product':34}{'size':>10}{'target':>10}  {'profile':>8}{'fonts':>8}{'pictures':>10}{'rest':>8}"
          f"{'max ppi':>9}  verdict")
    for name, size, target, parts, ppi, ok in rows:
        k = lambda n: f"{n / KB:.0f}K"  # noqa: E731
        sz = f"{size / KB:.0f} KB" if size < MB else f"{size / MB:.2f} MB"
        tg = f"{target / KB:.0f} KB" if target < MB else f"{target / MB:.0f} MB"
        ppi_s = f"{ppi:.0f}" if ppi is not None else "-"
        print(f"{name:34}{sz:>10}{tg:>10}  {k(parts.get('profile', 0)):>8}{k(parts.get('fonts', 0)):>8}"
              f"{k(parts.get('pictures', 0)):>10}{k(parts.get('rest', 0)):>8}{ppi_s:>9}  {'met' if ok else 'MISSED'}")
    print(f"(KB = 1000 bytes; max ppi: the highest effective resolution of a picture, target <= {target_ppi:g})")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"shop": args.shop, "target_ppi": target_ppi, "products": results},
                                        indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
