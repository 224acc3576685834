"""User-facing problems: collected, then reported together (never a traceback)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    file: str
    line: int  # 1-based
    col: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    message: str
    mark: Mark | None = None
    path: str = ""  # dotted field path, e.g. "cast[3].bg"
    hint: str = ""
    severity: str = "error"  # or "warning": reported, but the build goes on (unless --strict)

    def format(self) -> str:
        where = f"{self.mark}: " if self.mark else ""
        what = f"{self.path}: " if self.path else ""
        kind = "warning: " if self.severity == "warning" else ""
        text = f"{where}{what}{kind}{self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class InputError(Exception):
    """Raised once, after collecting, when the user's input has problems."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(diagnostics)} problem(s)")
        self.diagnostics = diagnostics


def format_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class SourceMap:
    """Where each value of a YAML file came from, keyed by its path in the data."""

    file: str
    marks: dict[Loc, Mark] = field(default_factory=dict)

    def find(self, loc: Loc) -> Mark | None:
        """The mark of loc, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while True:
            if loc in self.marks:
                return self.marks[loc]
            if not loc:
                return Mark(self.file, 1, 1)
            loc = loc[:-1]


@dataclass
class Collector:
    """Gathers diagnostics from every stage so all of them are shown at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, *, mark: Mark | None = None, path: str = "", hint: str = "") -> None:
        self.items.append(Diagnostic(message, mark, path, hint))

    def warn(self, message: str, *, mark: Mark | None = None, path: str = "", hint: str = "") -> None:
        self.items.append(Diagnostic(message, mark, path, hint, severity="warning"))

    def extend(self, diags: list[Diagnostic]) -> None:
        self.items.extend(diags)

    def raise_if_any(self) -> None:
        """Raise when there is an error; warnings alone do not stop a build (they ride along)."""
        if any(d.severity != "warning" for d in self.items):
            raise InputError(list(self.items))


def display_path(path: Path | str) -> str:
    """A path relative to the working directory when it is inside it (shorter messages)."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
