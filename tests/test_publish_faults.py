"""Publishing under faults: a folder in the way, a rename that fails, a full disk, SIGTERM,
Ctrl-C and kill -9. Every file of a build or a batch appears, or the previous versions stay;
no temporary file outlives its run; no worker outlives its parent."""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from printprog.cli import main
from printprog.write import remove_stale
from tests.conftest import DATA, ROOT

MAXIMAL = ROOT / "tests" / "films" / "maximal.yaml"
FLYERS = [f"leto-flyer-a6-bg-{v}.pdf" for v in ("dom-na-kinoto", "kino-odeon", "lumiere-lidl")]
OLD = b"%PDF-previous version"


def batch(out: Path, *extra: str) -> int:
    return main(["build", "--format", "flyer-a6", "--per", "venue", "--data", str(DATA), "--out", str(out),
                 "--jobs", "1", *extra])


def previous_versions(out: Path, names: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        (out / name).write_bytes(OLD)


def listing(out: Path) -> dict[str, bytes | None]:
    """Every entry of the folder, hidden ones included; None for a folder."""
    return {p.name: (None if p.is_dir() else p.read_bytes()) for p in sorted(out.iterdir())
            if not p.name.startswith("job-sheet-")}  # published with the files: tests/test_cli_jobsheet.py


def hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def fail_replace_into(monkeypatch: pytest.MonkeyPatch, name: str, error: OSError) -> None:
    """os.replace refuses to put a file at `name` (a file locked by another program)."""
    real = os.replace

    def replace(src, dst, *a, **k):  # type: ignore[no-untyped-def]
        if Path(dst).name == name and Path(src).name.endswith(".part"):
            raise error
        return real(src, dst, *a, **k)

    monkeypatch.setattr(os, "replace", replace)


def full_disk_for(monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    """ENOSPC when a file whose name contains `word` is flushed to disk."""
    real = os.fsync

    def fsync(fd: int) -> None:
        if word in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.fixture
def fast_proofs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proofs are drawn as stand-ins: these tests are about publishing them, not drawing them."""
    import pikepdf

    import printprog.proof

    def page_pngs(pdf: bytes, **_: object) -> list[bytes]:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            return [b"\x89PNG stand-in %d" % n for n in range(len(doc.pages))]

    monkeypatch.setattr(printprog.proof, "page_pngs", page_pngs)


linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


# --- a batch is one unit --------------------------------------------------------------------------


def test_a_folder_at_one_targets_name_stops_the_batch_before_any_rename(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    previous_versions(tmp_path, [FLYERS[0], FLYERS[2]])
    (tmp_path / FLYERS[1]).mkdir()
    before = listing(tmp_path)
    assert batch(tmp_path) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / FLYERS[1]}: a folder has this name" in err and "Traceback" not in err
    assert listing(tmp_path) == before, "nothing renamed, no temporary file left"


def test_an_unwritable_folder_is_reported_before_anything_is_drawn(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    previous_versions(tmp_path, [FLYERS[0]])
    before = listing(tmp_path)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **k: Path(p) != tmp_path and real(p, mode, **k))
    assert batch(tmp_path) == 2
    assert capsys.readouterr().err == f"printprog: {tmp_path}: this folder is not writable\n"
    assert listing(tmp_path) == before


@pytest.mark.parametrize("victim", [FLYERS[1], "leto-flyer-a6-bg-lumiere-lidl-p1.png", "manifest-flyer-a6-bg.json"])
def test_a_rename_that_fails_puts_every_previous_version_back(tmp_path: Path, capsys, monkeypatch, fast_proofs,  # type: ignore[no-untyped-def]
                                                              victim: str) -> None:
    previous_versions(tmp_path, [*FLYERS, "manifest-flyer-a6-bg.json"])
    before = listing(tmp_path)
    fail_replace_into(monkeypatch, victim, PermissionError(errno.EACCES, "locked by another program", victim))
    assert batch(tmp_path, "--proof") == 2
    err = capsys.readouterr().err
    assert "locked by another program" in err and "Traceback" not in err
    assert listing(tmp_path) == before, "the old flyers and manifest, no new file, no .part or backup"


def test_a_full_disk_while_writing_the_manifest_publishes_nothing(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc/self/fd")
    previous_versions(tmp_path, [FLYERS[0]])
    before = listing(tmp_path)
    full_disk_for(monkeypatch, "manifest-")
    assert batch(tmp_path) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert listing(tmp_path) == before


def test_a_successful_batch_over_previous_versions_leaves_no_backup(tmp_path: Path) -> None:
    previous_versions(tmp_path, FLYERS)
    assert batch(tmp_path) == 0
    assert sorted(listing(tmp_path)) == [*FLYERS, "manifest-flyer-a6-bg.json"]
    assert all(data != OLD for data in listing(tmp_path).values())


# --- a single build: the PDF and its proofs are one unit -----------------------------------------


def single(out: Path) -> int:
    return main(["build", "--format", "a4", "--data", str(DATA), "--out", str(out), "--proof"])


def test_a_single_build_whose_pdf_cannot_be_replaced_leaves_no_new_proof(tmp_path: Path, capsys, monkeypatch,  # type: ignore[no-untyped-def]
                                                                          fast_proofs) -> None:
    previous_versions(tmp_path, ["leto-a4-bg.pdf", "leto-a4-bg-p1.png"])
    before = listing(tmp_path)
    fail_replace_into(monkeypatch, "leto-a4-bg.pdf", PermissionError(errno.EACCES, "locked", "x"))
    assert single(tmp_path) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert listing(tmp_path) == before


def test_a_full_disk_while_writing_a_proof_writes_nothing(tmp_path: Path, capsys, monkeypatch,  # type: ignore[no-untyped-def]
                                                          fast_proofs) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc/self/fd")
    full_disk_for(monkeypatch, "-p2.png")
    assert single(tmp_path) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert listing(tmp_path) == {}


def test_an_interrupt_after_publishing_says_the_files_stay(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import printprog.cli

    def interrupted(path: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(printprog.cli, "display_path", interrupted)  # while printing "wrote …"
    assert main(["build", "--format", "poster-a3", "--data", str(DATA), "--out", str(tmp_path)]) == 130
    err = capsys.readouterr().err
    assert err == "printprog: interrupted; the files already published stay\n"
    assert sorted(listing(tmp_path)) == ["leto-poster-a3-bg.pdf"]


# --- what a killed run left behind ----------------------------------------------------------------


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temporary_files_of_dead_runs_are_removed_and_lost_targets_restored(tmp_path: Path) -> None:
    dead, live = dead_pid(), os.getppid()
    names = {
        f".leto-poster-a3-bg.pdf.{dead}.abcd1234.part": "removed: its run is gone",
        f".leto-poster-a3-bg-p1.png.{dead}.abcd1234.old": "restored: its target is missing",
        f".leto-a4-bg.pdf.{dead}.abcd1234.old": "removed: its target is there",
        f".leto-a4-bg.pdf.{live}.abcd1234.part": "kept: its run may still be going",
        ".leto-a4-bg.pdf.k3j4h5g6.part": "kept: the old pattern, but only a minute old",
        ".leto-a4-bg.pdf.zzzzzzzz.part": "removed: the old pattern, an hour old",
        "notes.part": "kept: not ours",
    }
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "leto-a4-bg.pdf").write_bytes(OLD)
    hour_ago = time.time() - 3600
    os.utime(tmp_path / ".leto-a4-bg.pdf.zzzzzzzz.part", (hour_ago, hour_ago))
    os.utime(tmp_path / ".leto-a4-bg.pdf.k3j4h5g6.part", (time.time() - 60,) * 2)
    remove_stale(tmp_path)
    assert sorted(listing(tmp_path)) == sorted([
        f".leto-a4-bg.pdf.{live}.abcd1234.part", ".leto-a4-bg.pdf.k3j4h5g6.part", "notes.part",
        "leto-a4-bg.pdf", "leto-poster-a3-bg-p1.png"])
    assert (tmp_path / "leto-a4-bg.pdf").read_bytes() == OLD
    # a build cleans its output folder the same way
    (tmp_path / f".leto-poster-a3-bg.pdf.{dead}.abcd1234.part").write_bytes(b"x")
    assert main(["build", "--format", "poster-a3", "--data", str(DATA), "--out", str(tmp_path)]) == 0
    assert hidden(tmp_path) == [f".leto-a4-bg.pdf.{live}.abcd1234.part", ".leto-a4-bg.pdf.k3j4h5g6.part"]


# --- signals, in a real process -------------------------------------------------------------------


def proc_state(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process from /proc, or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
    return state, int(ppid)


def children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            st = proc_state(int(d.name))
            if st and st[1] == pid and st[0] not in "ZX":
                out.append(int(d.name))
    return out


def gone_within(pids: list[int], seconds: float) -> list[int]:
    """The pids still running (not gone, not a zombie) after up to `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        left = [p for p in pids if (st := proc_state(p)) and st[0] not in "ZX"]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


@pytest.fixture
def batch_process() -> Iterator[Callable[[Path], tuple[subprocess.Popen[str], list[int]]]]:
    """start(out): a batch of 15 flyers with proofs on two workers, once its first flyer is done,
    and its workers; whatever is still running at the end of the test is killed."""
    started: list[tuple[subprocess.Popen[str], list[int]]] = []

    def start(out: Path) -> tuple[subprocess.Popen[str], list[int]]:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen([sys.executable, "-m", "printprog", "build", "--format", "flyer-a5", "--per",
                                 "venue", "--jobs", "2", "--proof", "--data", str(MAXIMAL), "--out", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env,
                                start_new_session=True)  # its own process group, for killpg
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("[1/"):
                break
        started.append((proc, children(proc.pid)))
        return started[-1]

    yield start
    for proc, workers in started:
        for pid in [proc.pid, *gone_within(workers, 0)]:
            if (st := proc_state(pid)) and st[0] not in "ZX":
                os.kill(pid, signal.SIGKILL)
        proc.communicate()


@linux
@pytest.mark.parametrize("sig, group", [(signal.SIGTERM, False), (signal.SIGINT, True)],
                         ids=["sigterm", "ctrl-c"])  # Ctrl-C in a terminal signals the whole process group
def test_sigterm_and_ctrl_c_stop_a_batch_cleanly(tmp_path: Path, batch_process, sig: signal.Signals,  # type: ignore[no-untyped-def]
                                                 group: bool) -> None:
    proc, workers = batch_process(tmp_path)
    assert len(workers) == 2, workers
    if group:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode in (130, 0), err  # 0: it finished before the signal arrived
    if proc.returncode == 130:
        assert err.strip().splitlines()[-1] == "printprog: interrupted; nothing was written"
        assert "Traceback" not in err
        assert sorted(tmp_path.iterdir()) == [], "nothing published, no temporary file"
    assert hidden(tmp_path) == []
    assert gone_within(workers, 2) == []


@linux
def test_workers_die_with_a_killed_parent_and_the_next_run_cleans_up(tmp_path: Path, batch_process) -> None:  # type: ignore[no-untyped-def]
    proc, workers = batch_process(tmp_path)
    assert len(workers) == 2, workers
    proc.kill()
    proc.wait(timeout=10)
    assert gone_within(workers, 3) == [], "workers orphaned"
    remove_stale(tmp_path)  # what the next run does first; the killed run's pid is dead
    assert hidden(tmp_path) == []
