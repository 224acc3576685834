"""How long does a cold poster build take next to the cold A4? (issue #10: poster <= 2x the A4)

A benchmark, not a test: it always exits 0. Every measured build is a fresh
`python -m printprog build --format F --out <tmp>` process, as a user runs it. The picture cache
is warm (a warm-up build of every format fills it, so the key art is already separated and
resampled), which is what the target asks for. Two rows per format, interleaved with the A4 so
machine drift hits every row alike:

  rebuild        the plan cache and finished files warm too: what building again costs
  after an edit  PRINTPROG_PLAN_CACHE=0: load, compose, render, finish and preflight every time

    .venv/bin/python bench/poster.py --runs 7
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ["a4", "poster-a3", "poster-a2", "poster-b1", "poster-70x100"]


def _run_helpers():  # type: ignore[no-untyped-def]
    """bench/run.py as a module (child_env: the same environment for every benchmark's children)."""
    spec = importlib.util.spec_from_file_location("printprog_bench_run", ROOT / "bench" / "run.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def build(fmt: str, env: dict[str, str], out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "printprog", "build", "--format", fmt, "--out", str(out), "-q"],
                   cwd=ROOT, env=env, check=True, stdin=subprocess.DEVNULL, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base, _ = _run_helpers().child_env("cache")  # the children as bench/run.py treats them
        base["PRINTPROG_CACHE"] = str(Path(tmp) / "cache")
        modes = {"rebuild": dict(base, PRINTPROG_PLAN_CACHE="1"), "after an edit": dict(base, PRINTPROG_PLAN_CACHE="0")}
        times: dict[tuple[str, str], list[float]] = {}
        for fmt in FORMATS:  # warm-up: fills the picture cache, the plan cache and the bytecode
            for mode, env in modes.items():
                build(fmt, env, Path(tmp) / "out")
        for _ in range(args.runs):
            for mode, env in modes.items():
                for fmt in FORMATS:
                    times.setdefault((mode, fmt), []).append(build(fmt, env, Path(tmp) / "out"))
    print(f"cold builds, fresh process each, picture cache warm; medians of {args.runs} interleaved runs")
    print(f"{'':16}{'format':16}{'median ms':>10}{'min ms':>9}{'x A4':>7}  target <= 2x the A4")
    for mode in modes:
        a4 = statistics.median(times[(mode, "a4")])
        for fmt in FORMATS:
            med = statistics.median(times[(mode, fmt)])
            verdict = "" if fmt == "a4" else ("met" if med <= 2 * a4 else "MISSED")
            print(f"{mode:16}{fmt:16}{med * 1000:10.0f}{min(times[(mode, fmt)]) * 1000:9.0f}{med / a4:7.2f}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
