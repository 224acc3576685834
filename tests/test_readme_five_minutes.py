"""The README's "Your own film in five minutes" works as written: each line of its code block is
run in a fresh folder (printprog lines through the CLI, the edit with sed)."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest

from printprog.cli import main
from tests.conftest import ROOT


def _steps() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Your own film in five minutes", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the section has a sh code block"
    return [line.split("  #", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_five_minute_steps_work_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    steps = _steps()
    assert [s.split()[0] for s in steps] == ["printprog", "sed", "printprog", "printprog", "printprog", "printprog"]
    for step in steps:
        argv = shlex.split(step)
        if argv[0] == "printprog":
            code = main(argv[1:] + (["--jobs", "1"] if "--per" in argv else []))
            assert code == 0, f"{step}\n{capsys.readouterr().err}"
        else:
            subprocess.run(argv, check=True)
    film = (tmp_path / "my-film" / "film.yaml").read_text(encoding="utf-8")
    assert "Кино Одеон" in film
    built = sorted(p.name for p in (tmp_path / "build").iterdir())
    assert any(n.endswith("-a4-bg.pdf") for n in built) and any(n.endswith("-a4-bg-p1.png") for n in built)
    assert any("-flyer-a5-bg-" in n and n.endswith(".pdf") for n in built)
    assert "contact-sheet.png" in built and "contact-sheet.pdf" in built
    from tests.conftest import page_texts

    a4 = next((tmp_path / "build").glob("*-a4-bg.pdf"))
    text = " ".join(page_texts(a4))
    assert "УРОК" in text and "Кино Одеон" in text
