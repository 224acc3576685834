"""The picture cache: prepared JPEGs kept between builds.

Preparing key art (separation into CMYK, resampling, fades) takes seconds, and every flyer of a
batch and the next build place the same picture the same way, so the result is kept on disk:

- **where**: `$PRINTPROG_CACHE/images`, else `$XDG_CACHE_HOME/printprog/images`, else
  `~/.cache/printprog/images`;
- **what**: one `<key>-<sha256>.jpg` per prepared picture (and `.bin` for other prepared data,
  such as the deflated output profile that every PDF/X file embeds). The key digests everything the entry
  depends on — the source file's bytes, crop, placed size, fade, the shop's image settings, the
  output profile, and the code and settings that prepare pictures (see `render/images.py`) — so
  a change to any of them makes a new entry instead of returning a stale one. The sha256 is that
  of the entry's bytes and is checked before an entry is used: a damaged or altered file is
  ignored and prepared again, never embedded;
- **how much**: at most `LIMIT_BYTES` (1 GB); the entries used longest ago go first;
- **clearing**: `clear_cache()` (`printprog cache --clear`), or delete the folder: it holds
  nothing that cannot be made again.

Where the folder cannot be written, pictures are kept in memory for this process instead. The
PDF never depends on where (or whether) a picture was cached: it names its resources by content.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

LIMIT_BYTES = 1 << 30
_ENTRY = re.compile(r"^(?P<key>[0-9a-f]{32})-(?P<sha>[0-9a-f]{64})\.(?P<ext>jpg|bin)$")


@dataclass(frozen=True)
class Entry:
    """A prepared picture: its bytes' sha256 and where they are (a cache file, or `data` itself)."""

    sha256: str
    path: Path | None = None
    data: bytes | None = field(default=None, repr=False)

    def read(self) -> bytes | None:
        """The bytes, if they still match the digest (None when the file changed or vanished)."""
        if self.data is not None:
            return self.data
        assert self.path is not None
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        return data if _valid(data, self.sha256, self.path.suffix == ".jpg") else None


def cache_dir() -> Path:
    base = os.environ.get("PRINTPROG_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "printprog")
    return Path(base) / "images"


def get(key: str, make: Callable[[], bytes], ext: str = "jpg") -> Entry:
    """The entry for `key` (32 hex digits): a valid cached one, else `make()` stored (or kept in memory).
    `ext` is "jpg" for pictures (checked to be JPEGs too) or "bin"."""
    folder = cache_dir()
    for path in _entries_for(folder, key, ext):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if _valid(data, _ENTRY.match(path.name)["sha"], ext == "jpg"):  # type: ignore[index]
            _touch(path)
            return Entry(_ENTRY.match(path.name)["sha"], path)  # type: ignore[index]
    data = make()
    sha = hashlib.sha256(data).hexdigest()
    target = folder / f"{key}-{sha}.{ext}"
    try:
        _store(target, data)
    except OSError:
        return Entry(sha, None, data)  # a read-only or full cache: this process keeps the bytes
    prune(folder, keep=target)
    return Entry(sha, target)


def _entries_for(folder: Path, key: str, ext: str = "jpg") -> list[Path]:
    try:
        return sorted(p for p in folder.glob(f"{key}-*.{ext}") if _ENTRY.match(p.name))
    except OSError:
        return []


def _valid(data: bytes, sha: str, jpeg: bool = True) -> bool:
    # bytes that are what the name says (and for a picture, a JPEG: start and end markers)
    return (not jpeg or data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9") and hashlib.sha256(data).hexdigest() == sha


def _touch(path: Path) -> None:
    try:
        os.utime(path)  # the modification time orders entries by last use for pruning
    except OSError:
        pass  # a read-only shared cache


def _store(target: Path, data: bytes) -> None:
    """Write atomically: a temporary file beside the target, renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _files(folder: Path) -> list[tuple[float, int, Path]]:
    """(last use, size, path) of every file in the cache folder."""
    out = []
    try:
        with os.scandir(folder) as it:
            for e in it:
                try:
                    if e.is_file(follow_symlinks=False):
                        st = e.stat(follow_symlinks=False)
                        out.append((st.st_mtime, st.st_size, Path(e.path)))
                except OSError:
                    continue
    except OSError:
        pass
    return sorted(out)


def prune(folder: Path | None = None, limit: int | None = None, keep: Path | None = None) -> int:
    """Remove the entries used longest ago until the folder holds at most `limit` bytes; how many went."""
    folder = folder or cache_dir()
    limit = LIMIT_BYTES if limit is None else limit
    files = _files(folder)
    total, removed = sum(size for _, size, _ in files), 0
    for _, size, path in files:
        if total <= limit:
            break
        if path == keep:
            continue
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed += 1
    return removed


def clear_cache() -> tuple[int, int]:
    """Empty the picture cache: (files removed, bytes freed)."""
    files = bytes_ = 0
    for _, size, path in _files(cache_dir()):
        try:
            path.unlink()
        except OSError:
            continue
        files += 1
        bytes_ += size
    return files, bytes_
