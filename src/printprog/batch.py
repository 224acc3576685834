"""Batches: one file per venue, all validated and laid out before anything is written.

Any layout can be split: a per-venue layout (flyers) is composed for its venue; any other (the
A4, posters) is composed as it is, from only that venue's screenings.

1. prepare once (film, layout, shop, fonts: loaded once per process; screenings outside
   --from/--until already dropped);
2. compose every venue's file (venue-independent blocks once for all) and name it;
3. render, finish, preflight (and draw the proofs) in parallel worker processes, each writing
   temporary files;
4. publish: rename every temporary file into place (all or nothing, or the good ones with
   keep_going) and write the manifest (`manifest-<format>-<lang>[-<period>].json`).
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

from printprog.build import (Job, Request, Warn, compose_job, finish_job, period_text, preflight, prepare,
                             select_screenings)
from printprog.diagnostics import Diagnostic, InputError, format_path
from printprog.write import temp_beside

Progress = Callable[[int, int, str], None]
Task = tuple["Item", object, str, tuple[str, ...]]  # item, page plan, temporary PDF, temporary PNGs


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
    proofs: tuple[Path, ...] = ()  # PNG per page, published with the PDF


@dataclass
class Result:
    written: list[Done] = field(default_factory=list)
    failed: list[tuple[Item, str, list[str]]] = field(default_factory=list)  # (item, "input"|"preflight", why)
    manifest: Path | None = None


def venues_to_build(job: Job, venue: str | None) -> tuple[object, list[tuple[int, object]]]:
    """The film (its screenings already limited to --from/--until) and the venues that have one."""
    film = job.film
    period = period_text(job.req.since, job.req.until)  # type: ignore[attr-defined]
    used = {s.venue for s in film.screenings}  # type: ignore[attr-defined]
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
            raise InputError([Diagnostic(f"venue {venue!r} has no screenings" + (f" {period}" if period else ""),
                                         hint="check the screenings' dates, --from and --until")])
    if not chosen:
        raise InputError([Diagnostic("no screenings to print", hint="add screenings to the film file")])
    return film, chosen


def plan_items(job: Job, chosen: list[tuple[int, object]]) -> list[Item]:
    """File names from the venue names (Bulgarian transliteration, else the venue id) and the
    period; clashes are errors."""
    from printprog.names import check_collisions, output_name, period_suffix, venue_slug

    items, problems = [], []
    period = period_suffix(job.req.since, job.req.until)
    for i, venue in chosen:
        name, _, _ = venue.name.get("bg")  # type: ignore[attr-defined]
        file = output_name(job.film.id, job.layout.name, job.req.lang, venue_slug(name, venue.id),  # type: ignore[attr-defined]
                           period=period)
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
    """In a worker (or here): one venue's page plan, or its problems."""
    assert _JOB is not None
    view, view_map = select_screenings(_FILM, _JOB.film_map, lambda s: s.venue == item.venue)  # type: ignore[attr-defined]
    # only a per-venue layout is composed "for" its venue (venue block, QR, no venue column);
    # the A4 or a poster keeps its venue column, now with one venue's screenings
    venue = item.venue if _JOB.layout.per == "venue" else None  # type: ignore[attr-defined]
    try:
        return item, compose_job(_JOB, view, venue, _CACHE, view_map), []
    except InputError as e:
        return item, None, [dataclasses.replace(d, message=f"{d.message} (flyer for {item.venue})")
                            for d in e.diagnostics]


def _produce(task: Task) -> Done:
    """In a worker: render, finish and check one file (and its proofs), into temporary files."""
    item, plan, tmp, tmp_pngs = task
    assert _JOB is not None
    pdf = finish_job(_JOB, plan)
    report = preflight(_JOB, pdf)
    _write(tmp, pdf)
    if report.ok and tmp_pngs:  # a file that fails is never published: no proofs for it
        from printprog.proof import page_pngs

        for png_tmp, png in zip(tmp_pngs, page_pngs(pdf, crop_to_trim=True), strict=True):
            _write(png_tmp, png)
    status = "pass" if report.ok else "fail"
    findings = tuple(f"{f.rule}: {f.message}" for f in report.findings if not f.ok)
    return Done(item, len(plan.pages), hashlib.sha256(pdf).hexdigest(), len(pdf), status, findings,  # type: ignore[attr-defined]
                _proof_targets(item, len(tmp_pngs)))


def _write(tmp: str, data: bytes) -> None:
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _proof_targets(item: Item, pages: int) -> tuple[Path, ...]:
    from printprog.names import proof_name

    return tuple(item.target.with_name(proof_name(item.target.name, n)) for n in range(1, pages + 1))


def build_per_venue(req: Request, *, venue: str | None = None, since: dt.date | None = None,
                    keep_going: bool = False, jobs: int | None = None,
                    progress: Progress = lambda done, total, name: None,
                    warn: Warn = lambda ds: None) -> Result:
    global _JOB, _FILM
    if since is not None:  # the older keyword for Request.since
        req = dataclasses.replace(req, since=since)
    job = prepare(req)
    warn(list(job.warnings))
    film, chosen = venues_to_build(job, venue)
    items = plan_items(job, chosen)
    _JOB, _FILM = job, film
    _CACHE.clear()
    tasks: list[Task] = []
    done: list[Done] = []
    try:
        with _Workers(min(jobs or os.cpu_count() or 1, len(items))) as workers:
            # 1. lay out every file: nothing is written while any of them has a problem
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
            for item, plan in plans:
                pngs = _proof_targets(item, len(plan.pages)) if req.proof else ()  # type: ignore[attr-defined]
                tasks.append((item, plan, temp_beside(item.target), tuple(temp_beside(p) for p in pngs)))
            for n, d in enumerate(workers.map(_produce, tasks), 1):
                done.append(d)
                progress(n, len(tasks), d.item.target.name)
    except BaseException:
        for _, _, tmp, tmp_pngs in tasks:
            for t in (tmp, *tmp_pngs):
                Path(t).unlink(missing_ok=True)
        raise
    finally:
        _JOB, _FILM = None, None
    # 3. publish: every file, or (keep_going) the good ones; proofs first, so a published PDF
    # always has its proofs beside it
    bad = [d for d in done if d.preflight == "fail"]
    result.failed += [(d.item, "preflight", list(d.findings)) for d in bad]
    publish = [d for d in done if d.preflight != "fail"]
    if result.failed and not keep_going:
        publish = []
    temps = {item.target: (tmp, tmp_pngs) for item, _, tmp, tmp_pngs in tasks}
    for d in done:
        tmp, tmp_pngs = temps[d.item.target]
        if d in publish:
            for t, target in zip(tmp_pngs, d.proofs, strict=True):
                os.replace(t, target)
            os.replace(tmp, d.item.target)
        else:
            for t in (tmp, *tmp_pngs):
                Path(t).unlink(missing_ok=True)
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
    from printprog.names import manifest_name, period_suffix
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
    path = req.out / manifest_name(job.layout.name, req.lang, period_suffix(req.since, req.until))  # type: ignore[attr-defined]
    write_atomic(path, (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path
