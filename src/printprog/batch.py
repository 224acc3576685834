"""Batches: one file per venue, all validated and laid out before anything is written.

Any layout can be split: a per-venue layout (flyers) is composed for its venue; any other (the
A4, posters) is composed as it is, from only that venue's screenings.

0. a batch built before with the same inputs, code and date: its files from the cache (batchcache);
1. prepare once (film, layout, shop, fonts: loaded once per process; screenings outside
   --from/--until already dropped);
2. compose every venue's file (venue-independent blocks once for all) and name it;
3. render, finish, preflight (and draw the proofs) in parallel worker processes, each writing
   temporary files;
4. publish every file (or, with keep_going, the good ones), their proofs and the manifest
   (`manifest-<format>-<lang>[-<period>].json`) as one unit (write.Publication).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import os
import pickle
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator
from typing import TYPE_CHECKING, Callable, TypeVar

from printprog.build import Job, Request, Warn, compose_job, period_text, preflight, prepare, select_screenings
from printprog.diagnostics import Diagnostic, InputError, format_path
from printprog.write import Publication, remove_stale

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from printprog.load.film import Film, Venue
    from printprog.plan import DocumentPlan

Progress = Callable[[int, int, str], None]
T = TypeVar("T")
R = TypeVar("R")
Task = tuple["Item", bytes, str, tuple[str, ...]]  # item, packed page plan, temporary PDF, temporary PNGs


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
    colours: str = ""  # the inks the file uses (the preflight scan's), for the job sheet


@dataclass
class Result:
    written: list[Done] = field(default_factory=list)
    failed: list[tuple[Item, str, list[str]]] = field(default_factory=list)  # (item, "input"|"preflight", why)
    manifest: Path | None = None
    job_sheet: tuple[Path, ...] = ()  # job-sheet-<format>-<lang>.txt/.pdf, with Request.job_sheet


def venues_to_build(job: Job, venue: str | None) -> tuple[Film, list[tuple[int, Venue]]]:
    """The film (its screenings already limited to --from/--until) and the venues that have one."""
    film = job.film
    period = period_text(job.req.since, job.req.until)
    used = {s.venue for s in film.screenings}
    chosen = [(i, v) for i, v in enumerate(film.venues) if v.id in used]
    if venue is not None:
        ids = [v.id for v in film.venues]
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


def plan_items(job: Job, chosen: list[tuple[int, Venue]]) -> list[Item]:
    """File names from the venue names (Bulgarian transliteration, else the venue id) and the
    period; clashes are errors."""
    from printprog.names import check_collisions, output_name, period_suffix, venue_slug

    items, problems = [], []
    period = period_suffix(job.req.since, job.req.until)
    for i, venue in chosen:
        name, _, _ = venue.name.get("bg")
        file = output_name(job.film.id, job.layout.name, job.req.lang, venue_slug(name, venue.id),
                           period=period)
        items.append(Item(venue.id, job.film.venues[i].name.get(job.req.lang)[0], job.req.out / file))
    index = {v.id: i for i, v in enumerate(job.film.venues)}
    for file, ids in check_collisions([(it.venue, it.target.name) for it in items]):
        for vid in ids:
            loc = ("venues", index[vid], "name")
            problems.append(Diagnostic(f"venues {', '.join(ids)} would all be written to {file}",
                                       job.film_map.find(loc), format_path(loc),
                                       "rename one of them: file names come from the venue names"))
    if problems:
        raise InputError(problems)
    return items


_JOB: Job | None = None  # set before the worker processes fork, so they share it
_FILM: Film | None = None  # the film with the screenings that are printed
_CACHE: dict = {}  # venue-independent blocks, composed once per process
_KEPT: dict[str, DocumentPlan] = {}  # the batch's plans from the plan cache (plancache.batch_plans)
# plans and finished files are kept in the cache for batches up to this size: a batch of 1,000
# flyers would fill most of the cache's 1 GB, pushing out the prepared pictures, which take longer
# to make again, and writing or reading all its plans at once would double the parent's memory
REMEMBER_FILES = 250
_REMEMBER = True


def _compose(item: Item) -> tuple[Item, DocumentPlan | None, list[Diagnostic]]:
    """In a worker (or here): one venue's page plan, or its problems."""
    assert _JOB is not None and _FILM is not None
    view, view_map = select_screenings(_FILM, _JOB.film_map, lambda s: s.venue == item.venue)
    # only a per-venue layout is composed "for" its venue (venue block, QR, no venue column);
    # the A4 or a poster keeps its venue column, now with one venue's screenings
    venue = item.venue if _JOB.layout.per == "venue" else None
    try:
        return item, compose_job(_JOB, view, venue, _CACHE, view_map), []
    except InputError as e:
        return item, None, [dataclasses.replace(d, message=f"{d.message} (flyer for {item.venue})")
                            for d in e.diagnostics]


def _compose_packed(item: Item) -> tuple[Item, bytes | None, int, list[Diagnostic]]:
    """_compose, the plan pickled: the parent holds every plan of a batch until all are checked, and
    7 KB of bytes per flyer instead of 60 KB of objects keeps it small (1,000 flyers: 60 MB less).
    Only our own processes pickle and unpickle them, as the worker pool does with every task."""
    item, plan, diags = _compose(item)
    return _pack(item, plan, diags)


def _pack(item: Item, plan: DocumentPlan | None, diags: list[Diagnostic] | None = None
          ) -> tuple[Item, bytes | None, int, list[Diagnostic]]:
    if plan is None:
        return item, None, 0, diags or []
    return item, pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL), len(plan.pages), diags or []


def _produce(task: Task) -> tuple[Done, str]:
    """In a worker: render, finish and check one file (and its proofs), into temporary files; with
    the key of its finished entry when it is in the cache (batchcache records it), else ""."""
    from printprog.write import fill

    item, packed, tmp, tmp_pngs = task
    plan: DocumentPlan = pickle.loads(packed)
    assert _JOB is not None
    pdf, ok, findings, colours, key = _finished(_JOB, plan)
    fill(tmp, pdf)
    if ok and tmp_pngs:  # a file that fails is never published: no proofs for it
        from printprog.proof import focus_points, mark_focus, page_pngs

        focus = focus_points(plan, _JOB.film) if _JOB.req.show_focus else [[] for _ in plan.pages]
        for png_tmp, png, points in zip(tmp_pngs, page_pngs(pdf, crop_to_trim=True), focus, strict=True):
            fill(png_tmp, mark_focus(png, points))  # --show-focus: a marker on the PNG only
    return Done(item, len(plan.pages), hashlib.sha256(pdf).hexdigest(), len(pdf), "pass" if ok else "fail",
                findings, _proof_targets(item, len(tmp_pngs)), colours), key


def _finished(job: Job, plan: DocumentPlan) -> tuple[bytes, bool, tuple[str, ...], str, str]:
    """(PDF/X bytes, passed, failures, inks, its finished entry or ""): rendered, then finished and
    preflighted, unless a file made from the same rendered bytes with the same settings and code
    passed before (plancache: finishing and preflight are functions of exactly those)."""
    from printprog import plancache
    from printprog.build import finish_job_from
    from printprog.render import render

    rendered = render(plan, job.images)
    key = plancache.finished_key(rendered, plan, job.req.lang, job.shop.pdfx, plancache.intent_parts(job.intent), job.when,
                                 job.shop.model_dump_json())
    kept = plancache.finished(key)
    if kept is not None:
        return kept[0], True, (), kept[1], key
    pdf = finish_job_from(job, plan, rendered)
    report = preflight(job, pdf)
    if report.ok and _REMEMBER:
        plancache.remember(key, pdf, report.colours)
    failures = tuple(f"{f.rule}: {f.message}" for f in report.findings if not f.ok)
    return pdf, report.ok, failures, report.colours, key if report.ok and _REMEMBER else ""


def _proof_targets(item: Item, pages: int) -> tuple[Path, ...]:
    from printprog.names import proof_name

    return tuple(item.target.with_name(proof_name(item.target.name, n)) for n in range(1, pages + 1))


def build_per_venue(req: Request, *, venue: str | None = None, since: dt.date | None = None,
                    keep_going: bool = False, jobs: int | None = None,
                    progress: Progress = lambda done, total, name: None,
                    warn: Warn = lambda ds: None) -> Result:
    global _JOB, _FILM, _REMEMBER
    from printprog import batchcache, plancache

    if since is not None:  # the older keyword for Request.since
        req = dataclasses.replace(req, since=since)
    files_key = batchcache.batch_files_key(req, venue)  # before loading: the film as it is now
    if (again := batchcache.published_again(req, files_key, progress, warn)) is not None:
        return again  # the same inputs, code and date as a batch before: its files
    job = prepare(req)
    warn(list(job.warnings))
    film, chosen = venues_to_build(job, venue)
    items = plan_items(job, chosen)
    _JOB, _FILM = job, film
    _CACHE.clear()
    _KEPT.clear()
    _REMEMBER = len(items) <= REMEMBER_FILES
    stats = batchcache.input_stats(req, job) if files_key and _REMEMBER else None
    tasks: list[Task] = []
    done: list[Done] = []
    kept: list[str] = []  # the finished entry of each file in `done`
    key = plancache.batch_key(req, venue, [(it.venue, it.name) for it in items])
    if _REMEMBER:  # the same inputs and code as before: the plans (not for large batches: memory)
        _KEPT.update(plancache.batch_plans(req, job, key) or {})
    # the publication is left last: the workers are stopped before its temporary files are removed
    with Publication() as pub:
        try:
            with _Workers(min(jobs or os.cpu_count() or 1, len(items))) as workers:
                # 1. lay out every file: nothing is written while any of them has a problem
                result, problems, plans = Result(), [], []
                composed = [_pack(it, _KEPT[it.venue]) for it in items] if _KEPT.keys() == {it.venue for it in items} \
                    else workers.map(_compose_packed, items)
                for item, packed, pages, diags in composed:
                    if diags:
                        problems += diags
                        result.failed.append((item, "input", [d.format() for d in diags]))
                    else:
                        assert packed is not None  # a plan, or the problems that stopped it
                        plans.append((item, packed, pages))
                if problems and not keep_going:
                    raise InputError(problems)
                if not problems and not _KEPT and _REMEMBER:
                    plancache.store_batch(req, job, key, {it.venue: pickle.loads(p) for it, p, _ in plans})
                _KEPT.clear()
                # 2. render, finish and preflight into temporary files beside the targets; every
                # target is checked (a folder in the way, an unwritable folder) before any drawing
                remove_stale(req.out)
                for item, packed, pages in plans:
                    pngs = _proof_targets(item, pages) if req.proof else ()
                    tmp_pngs = tuple(pub.stage(p) for p in pngs)  # proofs before their PDF
                    tasks.append((item, packed, pub.stage(item.target), tmp_pngs))
                del plans
                for n, (d, k) in enumerate(workers.map(_produce, tasks), 1):
                    done.append(d)
                    kept.append(k)
                    progress(n, len(tasks), d.item.target.name)
        finally:
            _JOB, _FILM = None, None
            _KEPT.clear()
        # 3. publish every file, or (keep_going) the good ones, with their proofs and the manifest,
        # as one unit: if any rename fails, the previous versions are put back
        bad = [d for d in done if d.preflight == "fail"]
        result.failed += [(d.item, "preflight", list(d.findings)) for d in bad]
        publish = [d for d in done if d.preflight != "fail"]
        if result.failed and not keep_going:
            publish = []
        temps = {item.target: (tmp, tmp_pngs) for item, _, tmp, tmp_pngs in tasks}
        for d in done:
            if d not in publish:
                for t in (temps[d.item.target][0], *temps[d.item.target][1]):
                    pub.drop(t)
        if publish:
            result.manifest = write_manifest(pub, req, job.layout.name, job.shop.name, publish)
            if req.job_sheet:  # jobsheet.py: the shop's sheet for the whole batch, published with it
                from printprog.jobsheet import add_batch_sheet

                result.job_sheet = add_batch_sheet(pub, job, [(d.item.target, d.pages, temps[d.item.target][0])
                                                              for d in publish], [d.colours for d in publish])
            pub.commit()
        result.written = publish
    if not result.failed:
        batchcache.store(req, job, venue, files_key, stats, list(zip(done, kept, strict=True)))
    return result


class _Workers:
    """map() over forked worker processes, or in this process for one job.

    Forking after `prepare` and warming means every worker inherits the parsed fonts, the
    layout, the shop and the prepared key art instead of loading them again. Workers die with
    this process, even when it is killed.
    """

    def __init__(self, n: int) -> None:
        self.n = max(1, n)
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "_Workers":
        if self.n > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _warm()
            _trim()  # what preparing the pictures freed goes back to the system, not into every worker
            # what the workers inherit is never collected there: no copy-on-write of its GC headers
            gc.freeze()
            self.pool = ProcessPoolExecutor(self.n, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_worker_init, initargs=(os.getpid(),))
        return self

    def map(self, fn: Callable[[T], R], items: list[T]) -> Iterator[R]:
        if self.pool is None:
            return map(fn, items)
        return self.pool.map(fn, items, chunksize=max(1, len(items) // (self.n * 8)))

    def __exit__(self, *exc: object) -> None:
        # interrupted or not: the queued tasks are cancelled and the running ones (one file each)
        # finish, so no worker writes after this returns. Killing them instead races with the
        # executor's own clean-up (InvalidStateError tracebacks on Python 3.11).
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            gc.unfreeze()  # a long-lived caller (the preview server) collects them again


def _trim() -> None:
    """glibc's malloc_trim: return freed heap pages to the system (a decoded key art is tens of MB)."""
    gc.collect()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):
            pass


def _worker_init(parent: int) -> None:
    """In each worker, first: die with the parent; leave Ctrl-C and SIGTERM to the parent, which
    stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _warm() -> None:
    """Before the workers fork: compose one flyer (filling the shared-block cache) and prepare its
    pictures, so every worker inherits them."""
    from printprog.render.images import warm

    assert _JOB is not None and _FILM is not None
    used = {s.venue for s in _FILM.screenings}
    first = next((v for v in _FILM.venues if v.id in used), None)
    if first is None:
        return
    plan = _KEPT.get(first.id) or _compose(Item(first.id, "", Path(".")))[1]
    if plan is not None:  # a problem is reported when that flyer is composed again
        warm(plan, _JOB.images)


def write_manifest(pub: Publication, req: Request, layout: str, shop: str, done: list[Done]) -> Path:
    """Stage `manifest-<format>-<lang>[-<period>].json`; it is published with the files."""
    from printprog.names import manifest_name, period_suffix

    records = [{
        "file": d.item.target.name,
        "venue": d.item.venue,
        "venue_name": d.item.name,
        "format": layout,
        "lang": req.lang,
        "pages": d.pages,
        "bytes": d.size,
        "sha256": d.sha256,
        "preflight": d.preflight,
        "shop": shop,
    } for d in sorted(done, key=lambda d: d.item.target.name)]
    path = req.out / manifest_name(layout, req.lang, period_suffix(req.since, req.until))
    pub.add(path, (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path
