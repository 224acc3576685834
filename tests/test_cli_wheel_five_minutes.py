"""The README's "Your own film in five minutes", from a built wheel: the wheel is installed into a
fresh virtual environment (offline: its dependencies come from this environment's site-packages,
without printprog) and every line of the README block runs as a command in a folder outside the
checkout. Runs in CI with the rest (under 10 s here; it fails past 60 s)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import sysconfig
import time
import venv
from pathlib import Path

from tests.conftest import ROOT
from tests.test_readme_five_minutes import _steps


def _deps_without_printprog(tmp: Path) -> Path:
    """A folder of links to this environment's packages, except printprog (editable here)."""
    site = Path(sysconfig.get_paths()["purelib"])
    deps = tmp / "deps"
    deps.mkdir()
    for entry in site.iterdir():
        if entry.name.lower().startswith(("printprog", "_editable_impl_printprog", "__editable__")) \
                or entry.suffix == ".pth":
            continue
        (deps / entry.name).symlink_to(entry)
    return deps


def test_the_five_minute_steps_work_from_the_wheel(tmp_path: Path) -> None:
    start = time.monotonic()
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(wheels)], cwd=ROOT, check=True, capture_output=True)
    [wheel] = wheels.glob("printprog-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--find-links", str(wheels), "-q", "printprog"], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(_deps_without_printprog(tmp_path)),
           "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    env.pop("VIRTUAL_ENV", None)
    work = tmp_path / "work"  # outside the checkout: nothing from it can be found by accident
    work.mkdir()
    where = subprocess.run(["printprog", "--version"], cwd=work, env=env, capture_output=True, text=True)
    assert where.returncode == 0 and where.stdout.startswith("printprog "), where.stderr
    found = subprocess.run([str(python), "-c", "import printprog; print(printprog.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert found.startswith(str(env_dir)), f"printprog came from {found}, not the wheel"
    for step in _steps():
        argv = shlex.split(step) + (["--jobs", "2"] if "--per" in step else [])
        proc = subprocess.run(argv, cwd=work, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, f"{step}\n{proc.stdout}\n{proc.stderr}"
        assert "Traceback" not in proc.stderr
    built = sorted(p.name for p in (work / "build").iterdir())
    assert any(n.endswith("-a4-bg.pdf") for n in built) and any(n.endswith("-a4-bg-p1.png") for n in built)
    assert any("-flyer-a5-bg-" in n for n in built)
    assert {"contact-sheet.png", "contact-sheet.pdf", "job-sheet-a4-bg.txt", "job-sheet-flyer-a5-bg.pdf"} <= set(built)
    assert "Кино Одеон" in (work / "my-film" / "film.yaml").read_text(encoding="utf-8")
    assert time.monotonic() - start < 60, "the wheel's five minutes must stay under a minute in CI"
