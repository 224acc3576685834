"""Issue #8: `printprog check` on hostile files ends, within bounds, with a finding.

Each check runs in a subprocess with a timeout and an address-space limit, so a regression
fails here instead of hanging CI or swapping the machine.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from tests import hostile_pdfs as h

TIMEOUT = 20  # s
ADDRESS_SPACE = 1536 << 20  # bytes


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _check(path: Path) -> tuple[int, dict, str]:
    code = "import sys; from printprog.cli import main; sys.exit(main(['check', sys.argv[1], '--json']))"
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=TIMEOUT,
                         preexec_fn=_limit)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        report = {}
    return run.returncode, report, run.stderr


def _failures(report: dict, rule: str) -> list[str]:
    return [f["message"] for f in report.get("findings", []) if f["rule"] == rule and not f["ok"]]


CASES: list[tuple[str, Callable[[], bytes], str, str]] = [
    ("cyclic-forms", h.cyclic_forms, "syntax", "draws itself"),
    ("deep-forms", h.deep_forms, "syntax", "nest deeper than 32 levels"),
    ("dag-shifted", lambda: h.form_dag(shift=True), "syntax", "the file is not checked further"),
    ("16M-operators", h.many_operators, "syntax", "decodes to more than 64 MB"),
    ("2GB-image", h.huge_image, "ink-coverage", "more than 512 MB is not measured"),
    ("truncated", h.truncated, "syntax", "not a readable PDF"),
    ("garbage", h.garbage_with_header, "syntax", "not a readable PDF"),
    ("encrypted", h.encrypted, "forbidden", "encrypted"),
    ("encrypted-password", lambda: h.encrypted("user"), "forbidden", "encrypted"),
]


@pytest.mark.parametrize("name,make,rule,message", CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_a_failure_not_a_hang(tmp_path: Path, name: str, make: Callable[[], bytes], rule: str,
                                              message: str) -> None:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make())
    code, report, err = _check(path)
    assert code == 3, err[-2000:]
    assert any(message in m for m in _failures(report, rule)), report
    assert "BytesIO" not in json.dumps(report)


def test_a_dag_of_forms_drawn_in_place_is_checked_once_per_form(tmp_path: Path) -> None:
    # 4^30 visits as a tree; every copy has the same context, so each form runs once
    path = tmp_path / "dag.pdf"
    path.write_bytes(h.form_dag())
    code, report, err = _check(path)
    assert code == 0, (err, [f for f in report.get("findings", []) if not f["ok"]])


@pytest.mark.parametrize("data", [b"", b"hello, world\n", h.png()], ids=["empty", "text", "png"])
def test_not_a_pdf_raises_a_clear_error(data: bytes) -> None:
    from printprog.load import load_shop
    from printprog.prepress.preflight import NotAPDF, check

    with pytest.raises(NotAPDF, match=r"^<bytes>: not a PDF \(") as e:
        check(data, load_shop("default"))
    assert "\n" not in str(e.value) and isinstance(e.value, ValueError)


def test_impose_refuses_an_encrypted_file(tmp_path: Path) -> None:
    import datetime as dt

    from printprog.impose import impose

    path = tmp_path / "locked.pdf"
    for password in ("", "user"):
        path.write_bytes(h.encrypted(password))
        with pytest.raises(ValueError, match="is encrypted; printprog cannot impose it"):
            impose([path], shop=None, intent=None, when=dt.datetime(2026, 1, 1))
