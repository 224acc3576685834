"""A wheel carries fonts, layouts and the sample film, and builds from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    [whl] = out.glob("printprog-*.whl")
    return whl


def test_wheel_contains_assets(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "printprog/_assets/layouts/a4.yaml" in names
    assert "printprog/_assets/data/leto.yaml" in names
    assert "printprog/labels.yaml" in names
    fonts = [n for n in names if n.startswith("printprog/_assets/fonts/") and n.endswith(".ttf")]
    assert len(fonts) == len(list((ROOT / "fonts").glob("*/*.ttf")))
    assert any(n.endswith("OFL.txt") for n in names)


def test_installed_wheel_builds_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run([sys.executable, "-c", "import printprog, sys; "
                           "assert printprog.__file__.startswith(sys.argv[1]), printprog.__file__; "
                           "from printprog.cli import main; sys.exit(main(['build', '--format', 'a4', '--out', 'out']))",
                           str(site)], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (elsewhere / "out" / "leto-a4-bg.pdf").stat().st_size > 50_000
