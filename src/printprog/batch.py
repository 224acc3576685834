"""Batches: one file per venue, all validated and laid out before anything is written.

1. prepare once (film, layout, shop, fonts: loaded once per process);
2. compose every venue's flyer (venue-independent blocks once for all) and name its file;
3. render, finish and preflight in parallel worker processes, each writing a temporary file;
4. publish: rename every temporary file into place (all or nothing, or the good ones with
   keep_going) and write manifest.json.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from printprog.build import Job, Request, compose_job, finish_job, preflight, prepare
from printprog.diagnostics import Diagnostic, InputError, format_path
from printprog.write import temp_beside

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Item:
    venue: str  # venue id
    name: str  # venue name as printed
    target: Path


@dataclass(frozen=True)
class Done:
    item: Item
    pages: int
    sha256: str
    size: int
    preflight: str  # "pass" or "fail"
    findings: tuple[str, ...] = ()


@dataclass
class Result:
    written: list[Done] = field(default_factory=list)
    failed: list[tuple[Item, str, list[str]]] = field(default_factory=list)  # (item, "input"|"preflight", why)
    manifest: Path | None = None


def venues_to_build(job: Job, venue: str | None, since: dt.date | None) -> tuple[object, list[tuple[int, object]]]:
    """The film with only screenings on or after `since`, and the venues that still have one."""
    film = job.film
    screenings = tuple(s for s in film.screenings if since is None or s.date >= since)  # type: ignore[attr-defined]
    film = film.model_copy(update={"screenings": screenings})  # type: ignore[attr-defined]
    used = {s.venue for s in screenings}
    chosen = [(i, v) for i, v in enumerate(film.venues) if v.id in used]  # type: ignore[attr-defined]
    if venue is not None:
        ids = [v.id for v in film.venues]  # type: ignore[attr-defined]
        if venue not in ids:
            import difflib

            close = difflib.get_close_matches(venue, ids, n=1)
            raise InputError([Diagnostic(f"no venue with id {venue!r}",
                                         hint=f"did you mean {close[0]!r}?" if close else f"venues: {', '.join(ids)}")])
        chosen = [(i, v) for i, v in chosen if v.id == venue]
        if not chosen:
            raise InputError([Diagnostic(f"venue {venue!r} has no screenings" + (f" from {since}" if since else ""),
                                         hint="check the screenings' dates and --from")])
    if not chosen:
        raise InputError([Diagnostic("no screenings to print" + (f" from {since}" if since else ""),
                                     hint="check the screenings' dates and --from")])
    return film, chosen


def plan_items(job: Job, chosen: list[tuple[int, object]]) -> list[Item]:
    """File names from the venue names (Bulgarian transliteration); clashes are errors."""
    from printprog.names import check_collisions, output_name, slug

    items, problems = [], []
    for i, venue in chosen:
        name, _, _ = venue.name.get("bg")  # type: ignore[attr-defined]
        loc = ("venues", i, "name")
        try:
            venue_slug = slug(name)
        except ValueError as e:
            problems.append(Diagnostic(f"venue {venue.id!r}: {e}", job.film_map.find(loc), format_path(loc),  # type: ignore[attr-defined]
                                       "give the venue a name with letters or digits"))
            continue
        file = output_name(job.film.id, job.layout.name, job.req.lang, venue_slug)  # type: ignore[attr-defined]
        items.append(Item(venue.id, job.film.venues[i].name.get(job.req.lang)[0], job.req.out / file))  # type: ignore[attr-defined]
    index = {v.id: i for i, v in enumerate(job.film.venues)}  # type: ignore[attr-defined]
    for file, ids in check_collisions([(it.venue, it.target.name) for it in items]):
        for vid in ids:
            loc = ("venues", index[vid], "name")
            problems.append(Diagnostic(f"venues {', '.join(ids)} would all be written to {file}",
                                       job.film_map.find(loc), format_path(loc),  # type: ignore[attr-defined]
                                       "rename one of them: file names come from the venue names"))
    if problems:
        raise InputError(problems)
    return items


_JOB: Job | None = None  # set before the worker processes fork, so they share it
_FILM: object = None  # the film with the screenings that are printed
_CACHE: dict = {}  # venue-independent blocks, composed once per process


def _compose(item: Item) -> tuple[Item, object, list[Diagnostic]]:
    """In a worker (or here): one flyer's page plan, or its problems."""
    assert _JOB is not None
    film = _FILM
    view = film.model_copy(update={"screenings": tuple(s for s in film.screenings if s.venue == item.venue)})  # type: ignore[attr-defined]
    try:
        return item, compose_job(_JOB, view, item.venue, _CACHE), []
    except InputError as e:
        return item, None, [dataclasses.replace(d, message=f"{d.message} (flyer for {item.venue})")
                            for d in e.diagnostics]


def _produce(args: tuple[Item, object, str]) -> Done:
    """In a worker: render, finish and check one flyer, and leave it in a temporary file."""
    item, plan, tmp = args
    assert _JOB is not None
    pdf = finish_job(_JOB, plan)
    report = preflight(_JOB, pdf)
    with open(tmp, "wb") as f:
        f.write(pdf)
        f.flush()
        os.fsync(f.fileno())
    status = "pass" if report.ok else "fail"
    findings = tuple(f"{f.rule}: {f.message}" for f in report.findings if not f.ok)
    return Done(item, len(plan.pages), hashlib.sha256(pdf).hexdigest(), len(pdf), status, findings)  # type: ignore[attr-defined]


def build_per_venue(req: Request, *, venue: str | None = None, since: dt.date | None = None,
                    keep_going: bool = False, jobs: int | None = None,
                    progress: Progress = lambda done, total, name: None) -> Result:
    global _JOB, _FILM
    job = prepare(req)
    film, chosen = venues_to_build(job, venue, since)
    items = plan_items(job, chosen)
    _JOB, _FILM = job, film
    _CACHE.clear()
    tasks: list[tuple[Item, object, str]] = []
    done: list[Done] = []
    try:
        with _Workers(min(jobs or os.cpu_count() or 1, len(items))) as workers:
            # 1. lay out every flyer: nothing is written while any of them has a problem
            result, problems, plans = Result(), [], []
            for item, plan, diags in workers.map(_compose, items):
                if diags:
                    problems += diags
                    result.failed.append((item, "input", [d.format() for d in diags]))
                else:
                    plans.append((item, plan))
            if problems and not keep_going:
                raise InputError(problems)
            # 2. render, finish and preflight into temporary files beside the targets
            tasks = [(item, plan, temp_beside(item.target)) for item, plan in plans]
            for n, d in enumerate(workers.map(_produce, tasks), 1):
                done.append(d)
                progress(n, len(tasks), d.item.target.name)
    except BaseException:
        for _, _, tmp in tasks:
            Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _JOB, _FILM = None, None
    # 3. publish: every file, or (keep_going) the good ones
    bad = [d for d in done if d.preflight == "fail"]
    result.failed += [(d.item, "preflight", list(d.findings)) for d in bad]
    publish = [d for d in done if d.preflight != "fail"]
    if result.failed and not keep_going:
        publish = []
    tmp_of = {item.target: tmp for item, _, tmp in tasks}
    for d in done:
        if d in publish:
            os.replace(tmp_of[d.item.target], d.item.target)
        else:
            Path(tmp_of[d.item.target]).unlink(missing_ok=True)
    result.written = publish
    if publish:
        result.manifest = write_manifest(req, job, publish)
    return result


class _Workers:
    """map() over forked worker processes, or in this process for one job.

    Forking after `prepare` and warming means every worker inherits the parsed fonts, the
    layout, the shop and the prepared key art instead of loading them again.
    """

    def __init__(self, n: int) -> None:
        self.n = max(1, n)
        self.pool = None

    def __enter__(self) -> "_Workers":
        if self.n > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _warm()
            self.pool = ProcessPoolExecutor(self.n, mp_context=multiprocessing.get_context("fork"))
        return self

    def map(self, fn, items: list):  # type: ignore[no-untyped-def,type-arg]
        if self.pool is None:
            return map(fn, items)
        return self.pool.map(fn, items, chunksize=max(1, len(items) // (self.n * 8)))

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _warm() -> None:
    """Before the workers fork: compose one flyer (filling the shared-block cache) and prepare its
    pictures, so every worker inherits them."""
    from printprog.render.images import warm

    assert _JOB is not None
    used = {s.venue for s in _FILM.screenings}  # type: ignore[attr-defined]
    first = next((v for v in _FILM.venues if v.id in used), None)  # type: ignore[attr-defined]
    if first is None:
        return
    _, plan, _ = _compose(Item(first.id, "", Path(".")))
    if plan is not None:  # a problem is reported when that flyer is composed again
        warm(plan, _JOB.images)


def write_manifest(req: Request, job: Job, done: list[Done]) -> Path:
    from printprog.write import write_atomic

    records = [{
        "file": d.item.target.name,
        "venue": d.item.venue,
        "venue_name": d.item.name,
        "format": job.layout.name,  # type: ignore[attr-defined]
        "lang": req.lang,
        "pages": d.pages,
        "bytes": d.size,
        "sha256": d.sha256,
        "preflight": d.preflight,
        "shop": job.shop.name,  # type: ignore[attr-defined]
    } for d in sorted(done, key=lambda d: d.item.target.name)]
    path = req.out / "manifest.json"
    write_atomic(path, (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path
