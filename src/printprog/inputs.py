"""Bounded reading of the files a user names, and the one reading of SOURCE_DATE_EPOCH.

A device (/dev/zero), a FIFO or a huge file given as a film, layout, shop or ICC profile must
become a clear input error, not a hang or a MemoryError.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

from printprog.diagnostics import Diagnostic, InputError, display_path

MB = 1024 * 1024
# what each kind of input may weigh; real files are far below (a film is ~20 kB, an ICC ~1 MB)
LIMITS: dict[str, int] = {
    "film": 2 * MB,
    "layout": 2 * MB,
    "shop": 2 * MB,
    "yaml": 2 * MB,
    "icc": 10 * MB,
}
_WHAT = {"film": "film file", "layout": "layout file", "shop": "shop file", "yaml": "YAML file",
         "icc": "ICC profile"}


def _size(n: int) -> str:
    return f"{n / MB:g} MB" if n >= MB else f"{n} bytes"


def read_input(path: Path, kind: str) -> bytes:
    """The bytes of a regular file of at most LIMITS[kind]; InputError naming the file otherwise."""
    limit = LIMITS[kind]
    name = display_path(path)
    what = _WHAT[kind]
    a_what = ("an " if what[0] in "AEIOU" else "a ") + what

    def problem(message: str, hint: str) -> InputError:
        return InputError([Diagnostic(f"{name}: {message}", hint=hint)])

    try:
        # O_NONBLOCK: opening a FIFO without a writer must not wait; fstat then rejects it
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise problem("file not found", "check the path and the working directory") from None
    except IsADirectoryError:
        raise problem(f"is a folder, not {a_what}", f"give the path of the {what} itself") from None
    except OSError as e:
        raise problem(f"cannot be read ({e.strerror or e})", "check the file's permissions") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise problem(f"is a folder, not {a_what}", f"give the path of the {what} itself")
        if not stat.S_ISREG(info.st_mode):
            raise problem(f"is not a regular file (a device, pipe or socket); {a_what} must be a file",
                          f"save the {what} to a file and give its path")
        if info.st_size > limit:
            raise problem(f"is {_size(info.st_size)}, more than the {_size(limit)} {a_what} may have",
                          f"is this the right file? {a_what} is much smaller")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # the file may grow after fstat: never read past the limit
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise problem(f"grew past the {_size(limit)} {a_what} may have while being read",
                          "is another program writing it? try again when it is done")
        return b"".join(chunks)
    except OSError as e:
        raise problem(f"cannot be read ({e.strerror or e})", "check the file and the disk") from None
    finally:
        os.close(fd)


class EnvironmentProblem(OSError):
    """A setting of the environment is unusable: a usage problem (exit 2), not the input's."""


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, None when unset or empty.

    The reproducible-builds spec asks to fail on a malformed value rather than silently use today.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit():
        raise EnvironmentProblem(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, "
                                 f"not {raw[:40]!r}; unset it or write e.g. SOURCE_DATE_EPOCH=1552694400")
    try:
        return dt.datetime.fromtimestamp(int(raw), dt.timezone.utc)
    except (OverflowError, ValueError, OSError):
        raise EnvironmentProblem(f"SOURCE_DATE_EPOCH={raw[:40]} is too far in the future; "
                                 "give seconds since 1970, e.g. 1552694400") from None
