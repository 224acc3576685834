#!/usr/bin/env python3
"""Benchmark: `printprog build --format a4` against the floor of any reportlab tool.

Every measured thing is a whole, fresh Python process. For each one we record wall time
(perf_counter around spawn..reap) and the child's own peak RSS (ru_maxrss from os.wait4).

    python bench/run.py --runs 15 --stages

See bench/README.md for what the numbers mean. Not a test: always exits 0 and only prints
"target met" / "target missed" for the 1.5x wall-time target.

This parent process deliberately imports nothing but the standard library: on Linux a
child's ru_maxrss can never be lower than the parent's peak RSS at spawn time (the child
inherits the parent's high-water mark at exec), so a heavy parent would inflate every
memory number. Everything that needs printprog runs in a child.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET = 1.5
DEFAULT_EPOCH = "1700000000"  # 2023-11-14; any fixed value keeps the output bytes stable

# Environment variables that would distort a timing; removed from the children's environment.
DISTORTING = ("PYTHONPROFILEIMPORTTIME", "PYTHONTRACEMALLOC", "PYTHONDEVMODE", "PYTHONMALLOC",
              "PYTHONMALLOCSTATS", "PYTHONASYNCIODEBUG", "PYTHONINSPECT", "PYTHONBREAKPOINT")

# --- child programs ---------------------------------------------------------------------

# The floor: import reportlab's canvas and register exactly the TrueType files the build
# registers (paths in argv). Nothing else.
FLOOR = """\
import sys
import reportlab.pdfgen.canvas
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
for i, path in enumerate(sys.argv[1:]):
    pdfmetrics.registerFont(TTFont("f%d" % i, path))
"""

# Which fonts does the build register? render() registers DocumentPlan.fonts, the fonts of
# the composed text runs; we also report the layout's style fonts for comparison.
FONTS = """\
import json, sys
from pathlib import Path
import printprog, reportlab
from printprog.build import Request, compose_job, default_data, prepare
from printprog.text.fonts import catalogue

job = prepare(Request(sys.argv[1], default_data()))
layout = job.layout
plan = compose_job(job)
cat = catalogue()
print(json.dumps({
    "plan_fonts": {n: str(cat[n]) for n in plan.fonts},
    "style_fonts": {n: str(cat[n]) for n in sorted({s.font for s in layout.styles.values()})},
    "printprog": printprog.__version__,
    "reportlab": reportlab.Version,
}))
"""

# One build, stage by stage, in the order of printprog.build.build(); then the same stages
# again in the same process ("warm": caches filled, modules imported) to separate first-use
# cost (imports, font parsing) from steady-state work. argv: format, out dir.
STAGES = """\
import time
_t = time.perf_counter
T0 = _t()
import hashlib, json, sys
from pathlib import Path

def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

cold, warm, rss_after, mods = {}, {}, {}, {}

def stage(name, fn, into):
    n0, t0 = len(sys.modules), _t()
    result = fn()
    into[name] = (_t() - t0) * 1000
    if into is cold:
        rss_after[name] = rss()
        mods[name] = len(sys.modules) - n0
    return result

def imports():
    # what the CLI and build() import before the first stage runs
    from printprog import build, cli
    from printprog.render import render
    from printprog.write import write_atomic
    return build, render, write_atomic

B, render, write_atomic = stage("import", imports, cold)
req = B.Request(sys.argv[1], B.default_data(), out=Path(sys.argv[2]))

def one(into):
    # the steps of printprog.build.build(), one by one
    job = stage("load", lambda: B.prepare(req), into)
    plan = stage("compose", lambda: B.compose_job(job), into)
    pdf = stage("render", lambda: render(plan, job.images), into)
    pdf = stage("finish", lambda: B.finish_job_from(job, plan, pdf), into)
    report = stage("preflight", lambda: B.preflight(job, pdf), into)
    assert report is None or report.ok
    target = req.out / f"{job.film.id}-{job.layout.name}-{req.lang}.pdf"
    stage("write", lambda: write_atomic(target, pdf), into)
    return pdf

pdf = one(cold)
T1 = _t()
one(warm)
T2 = _t()
print(json.dumps({"cold": cold, "warm": warm, "rss_after_kib": rss_after, "new_modules": mods,
                  "cold_total_ms": (T1 - T0) * 1000, "in_process_ms": (T2 - T0) * 1000,
                  "sha256": hashlib.sha256(pdf).hexdigest()}))
"""

STAGE_NAMES = ("import", "load", "compose", "render", "finish", "preflight", "write")


# --- running children -------------------------------------------------------------------

class ChildFailed(RuntimeError):
    pass


def run_child(cmd: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """(wall seconds, peak RSS KiB, stdout) of one whole process; raises ChildFailed."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace")
        if p.returncode != 0:
            shown = ["<snippet>" if i and cmd[i - 1] == "-c" else a for i, a in enumerate(cmd)]
            raise ChildFailed(f"{' '.join(shown)} exited {p.returncode}\n{err.read().decode(errors='replace')}")
    return wall, usage.ru_maxrss, stdout  # ru_maxrss is KiB on Linux


def child_env(bytecode: str) -> tuple[dict[str, str], dict[str, object]]:
    env = dict(os.environ)
    notes: dict[str, object] = {"removed": [k for k in DISTORTING if k in env]}
    for k in DISTORTING:
        env.pop(k, None)
    env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    env["PYTHONHASHSEED"] = "0"
    if bytecode == "cache":
        # Compiled bytecode in a private cache, so that a PYTHONDONTWRITEBYTECODE in the
        # environment (or a read-only checkout) does not make every run recompile printprog's
        # sources. The first (warm-up) run fills it; floor and build are treated alike.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(RESULTS / "pycache")
    notes["SOURCE_DATE_EPOCH"] = env["SOURCE_DATE_EPOCH"]
    notes["PYTHONPYCACHEPREFIX"] = env.get("PYTHONPYCACHEPREFIX")
    notes["PYTHONDONTWRITEBYTECODE"] = env.get("PYTHONDONTWRITEBYTECODE")
    return env, notes


def self_hwm_kib() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def edited_film(folder: Path):
    """A function n -> a copy of data/leto.yaml in `folder` whose runtime is 100 + n minutes: one
    changed line, as a user's edit (it is printed, so every run's PDF differs), and never the bytes
    of an earlier run. The key art's folder is linked beside it."""
    source = (ROOT / "data" / "leto.yaml").read_text(encoding="utf-8")
    if "\nruntime: 126\n" not in source:
        raise ChildFailed("data/leto.yaml has no `runtime: 126` line to edit")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "images").symlink_to(ROOT / "data" / "images", target_is_directory=True)
    path = folder / "leto.yaml"

    def write(n: int) -> Path:
        path.write_text(source.replace("\nruntime: 126\n", f"\nruntime: {100 + n % 900}\n"), encoding="utf-8")
        return path
    return write


# --- statistics and printing ------------------------------------------------------------

def summary(samples: list[dict]) -> dict:
    walls = [s["wall_ms"] for s in samples]
    rss = [s["maxrss_kib"] / 1024 for s in samples]
    if len(walls) >= 2:
        q1, _, q3 = statistics.quantiles(walls, n=4, method="inclusive")
    else:
        q1 = q3 = walls[0]
    return {"wall_median_ms": statistics.median(walls), "wall_min_ms": min(walls), "wall_iqr_ms": q3 - q1,
            "rss_median_mib": statistics.median(rss), "rss_max_mib": max(rss), "n": len(walls)}


def machine() -> dict:
    info = {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "loadavg_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "ci": os.environ.get("CI"),
    }
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu_model"] = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), None)
    except OSError:
        pass
    try:  # read-only git queries; GIT_OPTIONAL_LOCKS=0 keeps `status` from touching the index
        genv = dict(os.environ, GIT_OPTIONAL_LOCKS="0")
        info["git_commit"] = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, env=genv,
                                            capture_output=True, text=True, timeout=10).stdout.strip() or None
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, env=genv,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        info["git_dirty"] = bool(dirty)
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def print_table(rows: list[tuple[str, dict]], parent_hwm_mib: float) -> None:
    print(f"{'':34}{'median':>10}{'min':>10}{'IQR':>9}{'peak RSS':>12}")
    print(f"{'':34}{'ms':>10}{'ms':>10}{'ms':>9}{'MiB':>12}")
    flagged = False
    for label, s in rows:
        bounded = s["rss_median_mib"] <= parent_hwm_mib + 0.5
        flagged |= bounded
        rss = f"{s['rss_median_mib']:.1f}" + ("*" if bounded else " ")
        print(f"{label:34}{s['wall_median_ms']:10.1f}{s['wall_min_ms']:10.1f}{s['wall_iqr_ms']:9.1f}{rss:>12}")
    if flagged:
        print(f"  * at or below this script's own peak RSS ({parent_hwm_mib:.1f} MiB), which Linux reports as the"
              " child's floor: the true value may be lower")


def print_stages(stage_samples: list[dict], build_wall_median: float) -> dict:
    out: dict[str, dict] = {}
    print()
    print(f"per-stage, median of {len(stage_samples)} fresh processes (ms); 'warm' = the same stages run again")
    print("in the same process (modules imported, fonts parsed): the difference is first-use cost")
    print(f"{'stage':12}{'cold':>9}{'warm':>9}{'cold-warm':>11}{'RSS after':>12}{'+modules':>10}")
    for name in STAGE_NAMES:
        cold = statistics.median(s["cold"][name] for s in stage_samples)
        warm = statistics.median(s["warm"][name] for s in stage_samples) if name in stage_samples[0]["warm"] else None
        rss = statistics.median(s["rss_after_kib"][name] for s in stage_samples) / 1024
        mods = statistics.median(s["new_modules"][name] for s in stage_samples)
        out[name] = {"cold_ms": cold, "warm_ms": warm, "rss_after_mib": rss, "new_modules": mods}
        w = f"{warm:9.1f}" if warm is not None else f"{'-':>9}"
        d = f"{cold - warm:11.1f}" if warm is not None else f"{'-':>11}"
        print(f"{name:12}{cold:9.1f}{w}{d}{rss:12.1f}{mods:10.0f}")
    cold_total = statistics.median(s["cold_total_ms"] for s in stage_samples)
    warm_total = statistics.median(sum(s["warm"].values()) for s in stage_samples)
    rest = statistics.median(s["wall_ms"] - s["in_process_ms"] for s in stage_samples)
    print(f"{'total':12}{cold_total:9.1f}{warm_total:9.1f}{cold_total - warm_total:11.1f}")
    print(f"interpreter start-up + exit (process wall - in-process time): {rest:.1f} ms;"
          f" CLI build median for comparison: {build_wall_median:.1f} ms")
    out["total"] = {"cold_ms": cold_total, "warm_ms": warm_total}
    out["interpreter_startup_exit_ms"] = {"median": rest}
    return out


def import_profile(env: dict[str, str], fmt: str, outdir: str, top: int) -> list[dict]:
    """Biggest imports (cumulative) of one CLI build, from `python -X importtime`."""
    cmd = [sys.executable, "-X", "importtime", "-m", "printprog", "build", "--format", fmt, "--out", outdir]
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    rows = []
    for line in p.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cum_us, name = line.split(":", 1)[1].split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        rows.append({"module": name.strip(), "self_ms": int(self_us) / 1000, "cumulative_ms": int(cum_us) / 1000,
                     "depth": depth})
    rows.sort(key=lambda r: -r["cumulative_ms"])
    print()
    print(f"top {top} imports by cumulative time (one cold CLI build, -X importtime; includes nested imports)")
    print(f"{'cumulative':>11}{'self':>9}  module")
    for r in rows[:top]:
        print(f"{r['cumulative_ms']:9.1f}ms{r['self_ms']:7.1f}ms  {r['module']}")
    # the cumulative list is one nested chain; self times add up, so group them by package
    per_pkg: dict[str, float] = {}
    for r in rows:
        pkg = r["module"].split(".")[0]
        per_pkg[pkg] = per_pkg.get(pkg, 0.0) + r["self_ms"]
    total = sum(per_pkg.values())
    print(f"by top-level package (sum of self times; all imports together: {total:.1f} ms)")
    for pkg, ms in sorted(per_pkg.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{ms:9.1f}ms  {pkg}")
    return rows, per_pkg


# --- main -------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="measured runs of each process (default 15)")
    ap.add_argument("--warmup", type=int, default=1, help="discarded runs of each first (default 1)")
    ap.add_argument("--format", default="a4", help="layout to build (default a4)")
    ap.add_argument("--stages", action="store_true", help="also time the build stage by stage")
    ap.add_argument("--imports", type=int, nargs="?", const=10, default=0, metavar="K",
                    help="also list the K biggest imports of a build (default K=10)")
    ap.add_argument("--bytecode", choices=["cache", "inherit"], default="cache",
                    help="cache: children use a private bytecode cache under bench/results/ (default); "
                         "inherit: use the environment as it is (PYTHONDONTWRITEBYTECODE etc.)")
    ap.add_argument("--json", type=Path, default=RESULTS / "latest.json", help="where to write results")
    args = ap.parse_args(argv)
    args.runs = max(1, args.runs)
    args.warmup = max(0, args.warmup)

    RESULTS.mkdir(parents=True, exist_ok=True)
    env, env_notes = child_env(args.bytecode)
    info = machine()
    result: dict = {"machine": info, "env": env_notes, "runs": args.runs, "warmup": args.warmup,
                    "format": args.format, "target_ratio": TARGET, "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    py = sys.executable

    print(f"printprog bench: {args.runs} runs (+{args.warmup} warm-up) each, interleaved;"
          f" Python {info['python']}, {info['platform']}, {info['cpu_count']} CPUs")
    load = info.get("loadavg_at_start")
    if load and load[0] > 0.5 * (info["cpu_affinity"] or info["cpu_count"] or 1):
        print(f"  warning: the machine is busy (load average {load[0]:.2f} on {info['cpu_count']} CPUs);"
              " expect noisy numbers, compare min as well as median")
    if env_notes["removed"]:
        print(f"  removed from the children's environment: {', '.join(env_notes['removed'])}")
    if os.environ.get("PYTHONDONTWRITEBYTECODE") and args.bytecode == "inherit":
        print("  warning: PYTHONDONTWRITEBYTECODE is set, so modules without a .pyc are compiled on every run")

    with tempfile.TemporaryDirectory(prefix="printprog-bench-") as tmp:
        try:
            _, _, fonts_json = run_child([py, "-c", FONTS, args.format], env)
            fonts = json.loads(fonts_json)
            info["printprog"], info["reportlab"] = fonts["printprog"], fonts["reportlab"]
            font_paths = list(fonts["plan_fonts"].values())
            result["fonts"] = fonts["plan_fonts"]
            if set(fonts["plan_fonts"]) != set(fonts["style_fonts"]):
                result["style_fonts_not_drawn"] = sorted(set(fonts["style_fonts"]) - set(fonts["plan_fonts"]))
            print(f"  floor registers the {len(font_paths)} fonts the {args.format} build draws with;"
                  f" SOURCE_DATE_EPOCH={env['SOURCE_DATE_EPOCH']}")

            out_dir = str(Path(tmp) / "out")
            # the builds keep their caches in a private folder: the warm-up fills it (the plan
            # cache, plancache.py), so "build" is a build whose inputs and code are unchanged;
            # "noplan" turns the plan and input caches off (load, compose, finish and preflight every
            # time); "filmedit" builds a film changed since the build before, with every cache on
            env["PRINTPROG_CACHE"] = str(Path(tmp) / "cache")
            build = [py, "-m", "printprog", "build", "--format", args.format, "--out", out_dir]
            film = edited_film(Path(tmp) / "film")
            commands = {
                "python": [py, "-c", "pass"],
                "floor": [py, "-c", FLOOR, *font_paths],
                "build": build,
                "noplan": build,
                # the film changed since the last build (layout, shop, fonts did not): all caches on
                "filmedit": [*build[:-1], str(Path(tmp) / "edited"), "--data", str(film(0))],
            }
            envs = {k: env for k in commands}
            # no plan cache and no input cache: every input loaded, validated and composed again
            envs["noplan"] = dict(env, PRINTPROG_PLAN_CACHE="0", PRINTPROG_INPUT_CACHE="0")
            result["commands"] = {k: (v[:2] + ["<snippet>"] + v[3:] if v[1] == "-c" and k == "floor" else v)
                                  for k, v in commands.items()}
            result["floor_snippet"] = FLOOR
            samples: dict[str, list[dict]] = {k: [] for k in commands}
            for i in range(args.warmup + args.runs):
                for kind in ("floor", "build", "python", "noplan", "filmedit"):  # floor, build, floor, ...
                    if kind == "filmedit":
                        film(i + 1)  # a new film for every run (untimed), so the plan cache never has it
                    wall, rss, _ = run_child(commands[kind], envs[kind])
                    if i >= args.warmup:
                        samples[kind].append({"wall_ms": wall * 1000, "maxrss_kib": rss})
            pdfs = sorted(p for p in Path(out_dir).glob("*.pdf") if not p.name.startswith("job-sheet-"))
            if len(pdfs) != 1:
                raise ChildFailed(f"expected one PDF in the build's output folder, found {len(pdfs)}")
            cli_sha = hashlib.sha256(pdfs[0].read_bytes()).hexdigest()
        except (ChildFailed, OSError, ValueError, KeyError) as e:
            print(f"ERROR: could not measure: {e}")
            print("target not measured")
            result["error"] = str(e)
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(result, indent=2))
            return 0

        parent_hwm = self_hwm_kib() / 1024
        result["parent_peak_rss_mib"] = parent_hwm
        result["samples"] = samples
        stats = {k: summary(v) for k, v in samples.items()}
        result["summary"] = stats
        b, fl = stats["build"], stats["floor"]
        ratio_t = b["wall_median_ms"] / fl["wall_median_ms"]
        ratio_m = b["rss_median_mib"] / fl["rss_median_mib"]
        result["ratio"] = {"time": ratio_t, "memory": ratio_m}
        result["target_met"] = ratio_t <= TARGET

        print()
        print_table([("python -c pass (interpreter only)", stats["python"]),
                     (f"floor: reportlab + {len(font_paths)} fonts", fl),
                     (f"printprog build --format {args.format}", b),
                     ("  after an edit of the film", stats["filmedit"]),
                     ("  no plan or input cache", stats["noplan"])], parent_hwm)
        print()
        print(f"ratio build/floor: time {ratio_t:.2f}x (median), memory {ratio_m:.2f}x (median peak RSS)")
        filmedit = stats["filmedit"]["wall_median_ms"] / fl["wall_median_ms"]
        noplan = stats["noplan"]["wall_median_ms"] / fl["wall_median_ms"]
        result["ratio"]["time_after_film_edit"] = filmedit
        result["ratio"]["time_without_plan_cache"] = noplan
        print(f"  after an edit of the film (film loaded, composed, finished again; layout from the input cache):"
              f" time {filmedit:.2f}x")
        print(f"  without the plan and input caches (every input loaded and composed again): time {noplan:.2f}x")
        print(f"build minus floor: {b['wall_median_ms'] - fl['wall_median_ms']:.1f} ms,"
              f" {b['rss_median_mib'] - fl['rss_median_mib']:.1f} MiB")
        verdict = "target met" if result["target_met"] else "target missed"
        print(f"{verdict}: build time {ratio_t:.2f}x floor (target <= {TARGET}x)")

        if args.stages:
            try:
                stage_samples = []
                sdir = str(Path(tmp) / "stages")
                cmd = [py, "-c", STAGES, args.format, sdir]
                for i in range(args.warmup + args.runs):
                    wall, rss, out = run_child(cmd, env)
                    if i >= args.warmup:
                        s = json.loads(out)
                        s["wall_ms"], s["maxrss_kib"] = wall * 1000, rss
                        stage_samples.append(s)
                result["stages"] = print_stages(stage_samples, b["wall_median_ms"])
                result["stage_samples"] = stage_samples
                same = stage_samples[-1]["sha256"] == cli_sha
                result["stages_match_cli_output"] = same
                print("stage replica " + ("produced the same PDF bytes as the CLI" if same else
                      "did NOT produce the CLI's PDF bytes: build.py changed? update STAGES in bench/run.py"))
            except (ChildFailed, ValueError, KeyError) as e:
                print(f"ERROR: stage breakdown failed: {e}")
                result["stages_error"] = str(e)

        if args.imports:
            rows, per_pkg = import_profile(env, args.format, str(Path(tmp) / "imports"), args.imports)
            result["imports"] = {"top_cumulative": rows[:50], "self_ms_by_package": per_pkg}

    result["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    result["machine"]["loadavg_at_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    print()
    try:
        shown = args.json.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        shown = args.json
    print(f"raw samples and machine info: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
