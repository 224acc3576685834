"""Stage 5: publish files atomically, alone or as one unit.

A file is written to a temporary file beside its target (`.<name>.<pid>.<random>.part`) and
renamed into place. `Publication` renames several at once, all or nothing: every target is
checked first, the previous versions are kept aside (`.<name>.<pid>.<random>.old`) until every
rename has worked, and put back if one fails. The pid in the names lets a later run remove what
a killed run left behind without touching the files of a run still going.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import tempfile
import time
from pathlib import Path

# .<target name>.<pid>.<mkstemp's 8 characters>.part|.old
_OURS = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.(?P<rand>[a-z0-9_]{8})\.(?P<kind>part|old)$")
_LEGACY = re.compile(r"^\.(?P<name>.+)\.(?P<rand>[a-z0-9_]{8})\.part$")  # before the pid was in the name
STALE_AGE = 24 * 3600  # a live pid this old belongs to another process (pid reuse): its files are stale
LEGACY_AGE = 10 * 60
_commits = 0  # publications completed in this process (the CLI's message after Ctrl-C)


class TargetError(OSError):
    """A file cannot be published at `path` (exit 2), found before anything was renamed."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(errno.EEXIST, why, str(path))
        self.path, self.why = path, why

    def __str__(self) -> str:
        return f"{self.path}: {self.why}"


def temp_beside(path: Path) -> str:
    """A new, empty temporary file next to `path`, with the permissions a normal file would get."""
    check_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _temp(path, ".part")


def _temp(path: Path, suffix: str) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; a PDF for the shop is not secret
    return tmp


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_target(path: Path) -> None:
    """TargetError when `path` cannot be replaced: a folder at its name, or a folder we cannot write."""
    if path.is_dir():
        raise TargetError(path, "a folder has this name; move it away or choose another --out")
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    if folder is None:
        return
    if not folder.is_dir():
        raise TargetError(folder, "not a folder; choose another --out")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise TargetError(folder, "this folder is not writable")


def fill(tmp: str, data: bytes) -> None:
    """Write `data` into an existing temporary file and fsync it. Never creates the file: a worker
    must not bring back a temporary file its run has already removed."""
    fd = os.open(tmp, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_BINARY", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Either the whole new file appears at `path`, or nothing changes."""
    with Publication() as pub:
        pub.add(path, data)
        pub.commit()


class Publication:
    """Files that appear together or not at all.

    `stage` makes a temporary file for a target (filled by anyone, e.g. a worker process);
    `commit` renames them all into place in the order staged; leaving the `with` block without
    a commit (or after a failed one) removes every temporary file.
    """

    def __init__(self) -> None:
        self.staged: list[tuple[str, Path]] = []

    def __enter__(self) -> "Publication":
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def stage(self, target: Path) -> str:
        tmp = temp_beside(target)
        self.staged.append((tmp, target))
        return tmp

    def add(self, target: Path, data: bytes) -> None:
        fill(self.stage(target), data)

    def drop(self, tmp: str) -> None:
        """Leave one staged file out (a flyer that is not published)."""
        Path(tmp).unlink(missing_ok=True)
        self.staged = [(t, p) for t, p in self.staged if t != tmp]

    def discard(self) -> None:
        for tmp, _ in self.staged:
            Path(tmp).unlink(missing_ok=True)
        self.staged = []

    def commit(self) -> None:
        for _, target in self.staged:  # every target, before the first rename
            check_target(target)
        done: list[tuple[Path, str | None]] = []  # (target, its previous version or None if new)
        try:
            for tmp, target in self.staged:
                done.append((target, _keep_aside(target)))
                os.replace(tmp, target)
        except BaseException:
            _roll_back(done)
            raise
        global _commits
        _commits += 1
        self.staged = []
        for _, backup in done:
            if backup is not None:
                Path(backup).unlink(missing_ok=True)


def _keep_aside(target: Path) -> str | None:
    """The previous version of `target` under a hidden name, or None when there is none. A hard link
    keeps the target in place until the new file replaces it; a rename is the fallback."""
    if not os.path.lexists(target):
        return None
    backup = _temp(target, ".old")
    os.unlink(backup)
    try:
        os.link(target, backup, follow_symlinks=False)
    except (OSError, NotImplementedError):
        os.replace(target, backup)
    return backup


def _roll_back(done: list[tuple[Path, str | None]]) -> None:
    for target, backup in reversed(done):
        try:
            if backup is None:
                target.unlink(missing_ok=True)
            elif os.path.lexists(target) and os.path.samestat(os.lstat(backup), os.lstat(target)):
                os.unlink(backup)  # a hard link to the target, which was never replaced (rename would do nothing)
            else:
                os.replace(backup, target)
        except OSError:  # keep going: a backup left behind is restored by the next run's clean-up
            pass


def commits() -> int:
    """How many publications this process has completed."""
    return _commits


def remove_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Remove temporary files a killed run left in `folder`: ours whose process is gone (or that
    are a day old), and old-style ones older than ten minutes. A previous version kept aside is put
    back when its target is missing. Returns what was removed or restored."""
    if not folder.is_dir():
        return []
    now = time.time() if now is None else now
    gone: list[Path] = []
    for path in folder.iterdir():
        m = _OURS.match(path.name)
        legacy = None if m else _LEGACY.match(path.name)
        if not (m or legacy):
            continue
        try:
            age = now - path.lstat().st_mtime
        except OSError:
            continue
        if m:
            pid = int(m["pid"])
            if pid == os.getpid() or (_alive(pid) and age < STALE_AGE):
                continue
        elif age < LEGACY_AGE:
            continue
        name = (m or legacy)["name"]  # type: ignore[index]
        try:
            if m and m["kind"] == "old" and not os.path.lexists(folder / name):
                os.replace(path, folder / name)
            else:
                path.unlink()
            gone.append(path)
        except OSError:
            pass
    return gone


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there; rely on the age
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
