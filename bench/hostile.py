"""Hostile and broken inputs through the real command line: exit code, first line, time, memory.

Each case runs `printprog` in a fresh process with a 60 s timeout and a 2 GiB address-space
limit, in a temporary folder, and prints one row of a Markdown table:

    .venv/bin/python bench/hostile.py > /tmp/hostile.md
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LETO = ROOT / "data" / "leto.yaml"
CLI = [str(Path(sys.executable).parent / "printprog")]
Case = tuple[str, str, Callable[[Path], list[str]]]


def _leto(d: Path, old: str = "", new: str = "") -> Path:
    text = LETO.read_text(encoding="utf-8")
    if old:
        assert old in text, old
        text = text.replace(old, new, 1)
    (d / "images").exists() or (d / "images").symlink_to(LETO.parent / "images", target_is_directory=True)
    (d / "film.yaml").write_text(text, encoding="utf-8")
    return d / "film.yaml"


def _write(d: Path, name: str, data: str | bytes) -> Path:
    p = d / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def build(fmt: str = "a4", *extra: str) -> Callable[[Path], list[str]]:
    return lambda d: ["build", "--format", fmt, "--data", str(_leto(d)), "--out", str(d / "out"), *extra]


def film(old: str, new: str, fmt: str = "a4", *extra: str) -> Callable[[Path], list[str]]:
    return lambda d: ["build", "--format", fmt, "--data", str(_leto(d, old, new)), "--out", str(d / "out"), *extra]


def raw_film(text: str | bytes) -> Callable[[Path], list[str]]:
    return lambda d: ["build", "--format", "a4", "--data", str(_write(d, "film.yaml", text)), "--out", str(d / "out")]


def layout(edit: Callable[[str], str]) -> Callable[[Path], list[str]]:
    def make(d: Path) -> list[str]:
        text = edit((ROOT / "layouts" / "a4.yaml").read_text(encoding="utf-8"))
        return ["build", "--format", str(_write(d, "l.yaml", text)), "--data", str(_leto(d)), "--out", str(d / "out")]
    return make


def check(make: Callable[[], bytes]) -> Callable[[Path], list[str]]:
    return lambda d: ["check", str(_write(d, "x.pdf", make()))]


def _fifo(d: Path, suffix: str = "") -> str:
    os.mkfifo(d / f"fifo{suffix}")
    return str(d / f"fifo{suffix}")


def _picture(d: Path, kind: str) -> None:
    from PIL import Image

    if kind == "truncated":
        data = (LETO.parent / "images" / "leto-keyart.jpg").read_bytes()
        _write(d, "bad.jpg", data[: len(data) // 3])
    elif kind == "text":
        _write(d, "bad.jpg", "not a picture")
    elif kind == "small":
        Image.new("RGB", (120, 170), (90, 90, 90)).save(d / "bad.jpg")
    elif kind == "huge":
        Image.new("L", (13000, 13000), 0).save(d / "bad.jpg".replace(".jpg", ".png"))
    elif kind == "exif":
        im = Image.new("RGB", (3400, 2400), (120, 60, 30))
        exif = Image.Exif()
        exif[0x0112] = 6
        im.save(d / "bad.jpg", exif=exif, quality=80)


def picture(kind: str, fmt: str = "poster-a2") -> Callable[[Path], list[str]]:
    def make(d: Path) -> list[str]:
        _picture(d, kind)
        name = "bad.png" if kind == "huge" else "bad.jpg"
        f = _leto(d, "file: images/leto-keyart.jpg", f"file: {name}")
        return ["build", "--format", fmt, "--data", str(f), "--out", str(d / "out")]
    return make


def cases() -> list[Case]:
    from tests import hostile_pdfs as hp

    deep = "a:\n" + "".join("  " * i + "- \n" for i in range(1, 995))
    laughs = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    return [
        ("film YAML", "unclosed quote", raw_film('title: "Лято\nyear: 2018\n')),
        ("film YAML", "tab indentation", raw_film("title: X\nvenues:\n\t- id: a\n")),
        ("film YAML", "anchors and aliases", raw_film(laughs)),
        ("film YAML", "python tag", raw_film("title: !!python/object/apply:os.system [ls]\n")),
        ("film YAML", "duplicate key", film("year: 2018\n", "year: 2018\nyear: 2019\n")),
        ("film YAML", "merge key", raw_film("base: &b {title: X}\nfilm:\n  <<: *b\n")),
        ("film YAML", "nesting 995 deep", raw_film(deep)),
        ("film YAML", "3 MB film file", raw_film("# " + "x" * (3 << 20) + "\n")),
        ("film YAML", "binary garbage", raw_film(bytes(range(256)) * 40)),
        ("film YAML", "empty file", raw_film("")),
        ("film YAML", "a list, not a map", raw_film("- title: X\n")),
        ("film file", "/dev/zero as --data", lambda d: ["build", "--format", "a4", "--data", "/dev/zero"]),
        ("film file", "FIFO as --data", lambda d: ["build", "--format", "a4", "--data", _fifo(d)]),
        ("film file", "folder as --data", lambda d: ["build", "--format", "a4", "--data", str(d)]),
        ("film file", "missing --data", lambda d: ["build", "--format", "a4", "--data", str(d / "nope.yaml")]),
        ("film fields", "misspelt field", film("year: 2018", "yaer: 2018")),
        ("film fields", "year is text", film("year: 2018", "year: двайсет")),
        ("film fields", "30 February", film("date: 2019-03-16", "date: 2019-02-30")),
        ("film fields", "time 25:00", film('time: "17:30"', 'time: "25:00"')),
        ("film fields", "unknown venue", film("venue: lumiere-lidl", "venue: lumiere")),
        ("film fields", "duplicate venue id", film("id: kino-odeon", "id: lumiere-lidl")),
        ("film fields", "control character", film("title:\n  bg: Лято", "title:\n  bg: \"Ля\\x1bто\"")),
        ("film fields", "bidi override", film("name: Lumière Lidl", "name: \"Lumi\\u202eère\"")),
        ("film fields", "javascript: URL", film("url: http://bnf.bg/en/odeon/program", "url: javascript:alert(1)")),
        ("film fields", "billing -1", film("black_and_white: true", "black_and_white: true\nbilling: -1")),
        ("venue names", "../../etc/passwd", film("name: Lumière Lidl", "name: ../../etc/passwd", "flyer-a5",
                                                 "--per", "venue")),
        ("venue names", "CON", film("name: Lumière Lidl", "name: CON", "flyer-a5", "--per", "venue")),
        ("venue names", "«» (no letters)", film("name: Lumière Lidl", "name: «»", "flyer-a5", "--per", "venue")),
        ("venue names", "clash Кино Одеон / Kino Odeon", film("name: Lumière Lidl", "name: Kino Odeon",
                                                               "flyer-a5", "--per", "venue")),
        ("text", "snowman (no glyph)", film("Ъндърграунд рок", "Ъндърграунд ☃ рок")),
        ("text", "5,000-word synopsis", film("  bg: >-\n    Ленинград,", "  bg: >-\n    " + "дума " * 5000 + "Ленинград,")),
        ("text", "300-letter title", film("  bg: Лято\n", "  bg: " + "Лято" * 75 + "\n")),
        ("text", "150 screenings, A6", lambda d: _many(d, 150)),
        ("pictures", "missing file", film("file: images/leto-keyart.jpg", "file: images/nope.jpg", "poster-a2")),
        ("pictures", "truncated JPEG", picture("truncated")),
        ("pictures", "text named .jpg", picture("text")),
        ("pictures", "120 px for a poster", picture("small")),
        ("pictures", "13000² PNG", picture("huge")),
        ("pictures", "EXIF-rotated photo", picture("exif")),
        ("layout", "type step s5000", layout(lambda t: t.replace("size: 8.5pt", "size: s5000", 1))),
        ("layout", "bleed 1000mm", layout(lambda t: t.replace("bleed: 3mm", "bleed: 1000mm"))),
        ("layout", "extends itself", layout(lambda t: "extends: l.yaml\n" + t)),
        ("layout", "unknown block type", layout(lambda t: t.replace("{type: rule,", "{type: rulez,", 1))),
        ("layout", "alternate misspelt", layout(lambda t: t.replace("{row_gap: 3mm}", "{row_gapp: 3mm}", 1))),
        ("layout", "two fill rows", layout(lambda t: t.replace("{height: auto, max_height: 56mm}", "{height: fill}"))),
        ("layout", "FIFO as layout", lambda d: ["build", "--format", _fifo(d, ".yaml"), "--data", str(_leto(d))]),
        ("shop / ICC", "/dev/zero as --icc", build("a4", "--icc", "/dev/zero")),
        ("shop / ICC", "a JPEG as --icc", build("a4", "--icc", str(LETO.parent / "images" / "leto-keyart.jpg"))),
        ("shop / ICC", "unknown shop", build("a4", "--shop", "kopirka")),
        ("shop / ICC", "tac: nan", lambda d: _shop(d, "tac: 300", "tac: nan")),
        ("shop / ICC", "shop bleed 1000mm", lambda d: _shop(d, "bleed: 3mm", "bleed: 1000mm")),
        ("environment", "SOURCE_DATE_EPOCH=abc", build("a4")),
        ("environment", "--out is a file", lambda d: ["build", "--format", "a4", "--data", str(_leto(d)),
                                                      "--out", str(_write(d, "f", "x"))]),
        ("environment", "folder at the PDF's name", lambda d: _blocked(d)),
        ("CLI", "--format A4 (case)", build("A4")),
        ("CLI", "--lang de", build("a4", "--lang", "de")),
        ("CLI", "--jobs -1", build("flyer-a5", "--per", "venue", "--jobs", "-1")),
        ("check", "forms drawing each other", check(hp.cyclic_forms)),
        ("check", "DAG 30 levels × 4", check(hp.form_dag)),
        ("check", "forms 40 deep", check(hp.deep_forms)),
        ("check", "16 M operators", check(hp.many_operators)),
        ("check", "2 GB image in 2 MB", check(hp.huge_image)),
        ("check", "truncated PDF", check(hp.truncated)),
        ("check", "garbage after %PDF", check(hp.garbage_with_header)),
        ("check", "encrypted (no password)", check(hp.encrypted)),
        ("check", "encrypted (user password)", check(lambda: hp.encrypted("secret"))),
        ("check", "a PNG", check(hp.png)),
        ("check", "empty file", check(lambda: b"")),
        ("impose", "encrypted PDF", lambda d: ["impose", str(_write(d, "e.pdf", hp.encrypted("secret")))]),
    ]


def _many(d: Path, n: int) -> list[str]:
    from tests.test_any_film import _film

    return ["build", "--format", "flyer-a6", "--per", "venue", "--data", str(_film(d, n)), "--out", str(d / "o")]


def _shop(d: Path, old: str, new: str) -> list[str]:
    text = (ROOT / "shops" / "default.yaml").read_text(encoding="utf-8")
    text = re.sub(re.escape(old).replace("300", r"\d+").replace("3mm", r"[\d.]+mm"), new, text, count=1)
    return ["build", "--format", "a4", "--data", str(_leto(d)), "--out", str(d / "o"),
            "--shop", str(_write(d, "shop.yaml", text))]


def _blocked(d: Path) -> list[str]:
    (d / "o" / "leto-a4-bg.pdf").mkdir(parents=True)
    return ["build", "--format", "a4", "--data", str(_leto(d)), "--out", str(d / "o")]


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def run(case: Case) -> str:
    kind, name, make = case
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        argv = make(d)
        env = dict(os.environ, PRINTPROG_CACHE=str(d / "cache"))
        if name.startswith("SOURCE_DATE_EPOCH"):
            env["SOURCE_DATE_EPOCH"] = "abc"
        t = time.perf_counter()
        try:
            p = subprocess.run(["/usr/bin/time", "-f", "%M", *CLI, *argv], capture_output=True, text=True,
                               timeout=60, env=env, cwd=d, preexec_fn=_limit)
            code, err = str(p.returncode), p.stderr
            # `check` writes its report to standard output: its first failing rule is the answer
            fails = [ln for ln in p.stdout.splitlines() if ln.startswith("FAIL")]
            err = "\n".join(fails[:1]) + "\n" + err if fails else err
        except subprocess.TimeoutExpired:
            code, err = "timeout", ""
        secs = time.perf_counter() - t
        lines = [ln for ln in err.splitlines() if ln.strip()]
        peak = lines.pop() if lines and lines[-1].strip().isdigit() else "?"
        lines = [ln for ln in lines if not ln.startswith(("loaded", "wrote", "[", "Command exited"))]
        msg = lines[0] if lines else "(built)" if code == "0" else ""
        msg = msg.replace(str(d), "…").replace("|", "\\|")[:150]
        leftovers = [p.name for p in d.rglob("*") if ".part" in p.name or p.name.endswith(".old")]
        note = f" · leftovers: {leftovers}" if leftovers else ""
        mb = f"{int(peak) / 1024:.0f}" if peak.isdigit() else "?"
        return f"| {kind} | {name} | {code} | {msg}{note} | {secs:.2f} | {mb} |"


def main() -> None:
    print("| class | input | exit | first line of the answer | s | peak MB |")
    print("|---|---|---|---|---|---|")
    for case in cases():
        print(run(case), flush=True)
    shutil.rmtree(ROOT / "bench" / "__pycache__", ignore_errors=True)


if __name__ == "__main__":
    main()
