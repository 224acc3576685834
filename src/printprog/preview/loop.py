"""The editing loop: watch the inputs, rebuild on a change, never race a build against an edit.

A watcher thread polls the session's inputs (modification time, size and content hash) every
`interval` seconds and bumps a generation counter when one changed. The builder thread builds
every product for the newest generation; a build that sees the counter move stops between stages
and starts again, so what it reports (and publishes) is always of the files as they are now.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Callable

from printprog.diagnostics import Diagnostic
from printprog.preview.session import Outcome, Product, Session

Report = Callable[[int, Outcome], None]  # (generation, one product's outcome), as each is ready


class Loop:
    def __init__(self, session: Session, report: Report, interval: float = 0.1) -> None:
        self.session, self.report, self.interval = session, report, interval
        self.generation = 0  # bumped by the watcher on every change seen
        self.built = -1  # the generation of the last complete report
        self.stop = threading.Event()
        self._changed = threading.Condition()
        self._seen: dict[Path, tuple[int, int, int] | None] = {}
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        self._scan()
        for target, name in ((self._watch, "printprog-watch"), (self._build, "printprog-build")):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)

    def close(self, timeout: float = 30.0) -> None:
        """Stop both threads; a build under way finishes its current stage (a publication is whole)."""
        self.stop.set()
        with self._changed:
            self._changed.notify_all()
        for t in self._threads:
            t.join(timeout)

    def bump(self) -> None:
        with self._changed:
            self.generation += 1
            self._changed.notify_all()

    def _scan(self) -> bool:
        """Whether an input's (mtime, size, inode) changed since the last scan."""
        now: dict[Path, tuple[int, int, int] | None] = {}
        for path in self.session.inputs():
            try:
                st = path.stat()
                now[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
            except OSError:
                now[path] = None
        changed = now != self._seen
        self._seen = now
        return changed

    def _watch(self) -> None:
        while not self.stop.wait(self.interval):
            if self._scan():
                self.bump()

    def _build(self) -> None:
        while not self.stop.is_set():
            with self._changed:
                while self.generation == self.built and not self.stop.is_set():
                    self._changed.wait(1.0)
                gen = self.generation
            if self.stop.is_set():
                return
            if self.run_once(gen):
                self.built = gen
                self._scan()  # the inputs may now include new files (a new picture)

    def run_once(self, gen: int) -> bool:
        """Build every product for generation `gen`, reporting each as it is ready; False when a
        newer change arrived meanwhile (what was reported stays: it was true of its files)."""
        def cancelled() -> bool:
            return self.generation != gen or self.stop.is_set()

        for product in self.session.products:
            try:
                out = self.session.build(product, cancelled)
            except Exception as e:  # a programming error: shown, and the loop goes on
                out = Outcome(product, diagnostics=[Diagnostic(f"internal error: {type(e).__name__}: {e}",
                                                               hint="please report it, with the film and layout")])
            if out is None or cancelled():
                return False
            try:
                self.report(gen, out)
            except Exception as e:  # the loop outlives a failed report; say what happened
                print(f"printprog: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        return True


def products(formats: list[str], lang: str) -> list[Product]:
    return [Product(f, lang) for f in formats]
