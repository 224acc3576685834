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
    global _JOB
    job = prepare(req)
    film, chosen = venues_to_build(job, venue, since)
    items = plan_items(job, chosen)

    # compose everything first: no file is written while any flyer still has a problem
    cache: dict = {}
    plans, result, problems = [], Result(), []
    for item in items:
        view = film.model_copy(update={"screenings": tuple(s for s in film.screenings if s.venue == item.venue)})  # type: ignore[attr-defined]
        try:
            plans.append((item, compose_job(job, view, item.venue, cache)))
        except InputError as e:
            tagged = [dataclasses.replace(d, message=f"{d.message} (flyer for {item.venue})") for d in e.diagnostics]
            problems += tagged
            result.failed.append((item, "input", [d.format() for d in tagged]))
    if problems and not keep_going:
        raise InputError(problems)

    tasks = [(item, plan, temp_beside(item.target)) for item, plan in plans]
    _JOB = job
    try:
        done = _run(tasks, jobs, progress)
    except BaseException:
        for _, _, tmp in tasks:
            Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        _JOB = None
    bad = [d for d in done if d.preflight == "fail"]
    result.failed += [(d.item, "preflight", list(d.findings)) for d in bad]
    publish = [d for d in done if d.preflight != "fail"]
    if (bad or result.failed) and not keep_going:
        publish = []
    tmp_of = {item.target: tmp for item, _, tmp in tasks}
    for d in done:
        tmp = tmp_of[d.item.target]
        if d in publish:
            os.replace(tmp, d.item.target)
        else:
            Path(tmp).unlink(missing_ok=True)
    result.written = publish
    if publish:
        result.manifest = write_manifest(req, job, publish)
    return result


def _run(tasks: list[tuple[Item, object, str]], jobs: int | None, progress: Progress) -> list[Done]:
    workers = min(jobs or os.cpu_count() or 1, len(tasks))
    done: list[Done] = []
    if workers <= 1:
        for n, task in enumerate(tasks, 1):
            done.append(_produce(task))
            progress(n, len(tasks), task[0].target.name)
        return done
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _warm(tasks)
    # fork: workers inherit the parsed fonts, the layout and the prepared key art
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        for n, d in enumerate(pool.map(_produce, tasks, chunksize=max(1, len(tasks) // (workers * 8))), 1):
            done.append(d)
            progress(n, len(tasks), d.item.target.name)
    return done


def _warm(tasks: list[tuple[Item, object, str]]) -> None:
    """Prepare what every flyer shares (the key art) once, before the workers fork."""
    from printprog.render.images import warm

    if tasks and _JOB is not None:
        warm(tasks[0][1], _JOB.images)


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
