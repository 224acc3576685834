"""A batch built again with the same inputs and code (issue #10): its files straight from the cache.

After a batch in which every file passed preflight, `store` keeps one entry (in plancache's
folder), keyed by `plancache.plan_key` (the request, printprog's code, the film and layout bytes,
the fonts) and the --venue choice. It holds what the batch published: each file's name, venue,
pages, size, sha256 and inks and the key of its finished entry (plancache.finished_key, which
keeps the PDF/X bytes), the edition warnings, the manifest's and the job sheet's fields, the build's
date and the sha256 of every other input (pictures, the layouts it extends, shop, output profile,
fonts).

`lookup` gives the entry only when every recorded input still has its bytes and the date is the
same; `replay` then publishes the same files without loading, composing, rendering, finishing or
preflighting, provided every finished file is still in the cache with the recorded sha256. Anything
else (a changed input, a file pushed out of the cache, --proof, --show-focus) builds the batch as
usual. Every byte published is a function of the key, the inputs and the date, and so the same as a
full build's (tests/test_batch_cache.py).
"""

from __future__ import annotations

import dataclasses
import json
import os
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from printprog import plancache

if TYPE_CHECKING:
    import datetime as dt

    from printprog.batch import Done, Progress, Result
    from printprog.build import Job, Request, Warn
    from printprog.jobsheet import JobSheet

FORMAT = 1
Stats = list[tuple[str, int, int]]  # (path, size, mtime_ns) of every input


def batch_files_key(req: Request, venue: str | None) -> str | None:
    """None when the cache is off, or the film or layout cannot be read (the build says why)."""
    if req.show_focus or not plancache.enabled():  # --show-focus: its proofs need the film's focus points
        return None
    try:
        return plancache.sha(repr((FORMAT, plancache.plan_key(req), "batch files", venue)).encode())[:32]
    except OSError:
        return None


def published_again(req: Request, key: str | None, progress: Progress, warn: Warn) -> Result | None:
    """The batch published again from the cache (`lookup`, `replay`), or None: build it."""
    hit = lookup(req, key)
    return replay(req, *hit, progress, warn) if hit is not None else None


def lookup(req: Request, key: str | None) -> tuple[dict[str, Any], dt.datetime] | None:
    """The entry for `key` and the build's date, when every recorded input still has its bytes and
    the date is the one the files carry. Proofs are drawn by a full build."""
    if key is None or req.proof:
        return None
    try:
        for raw in plancache.read_entries(key):
            try:
                entry = json.loads(zlib.decompress(raw))
                if entry.get("format") != FORMAT or entry.get("key") != key:
                    continue
                when = plancache.source_when(req, entry["dated"])
                if entry["when"] != when.isoformat():
                    return None  # an input was touched: the files would carry another date
                if not plancache.unchanged(tuple((str(p), str(d)) for p, d in entry["inputs"])):
                    return None
                return entry, when
            except (ValueError, KeyError, TypeError, zlib.error):
                continue  # a damaged entry is as good as none
    except OSError:  # also a malformed SOURCE_DATE_EPOCH: the full build reports it
        pass
    return None


def replay(req: Request, entry: dict[str, Any], when: dt.datetime, progress: Progress, warn: Warn) -> Result | None:
    """Publish the batch `entry` records, as build_per_venue would; None, having published nothing
    and said nothing, when any of its files is no longer in the cache (or cannot be staged)."""
    from printprog.batch import Done, Item, Result, write_manifest
    from printprog.imagecache import cache_dir
    from printprog.write import Publication, fill, remove_stale

    result = Result()
    with Publication() as pub:
        try:
            remove_stale(req.out)
            listing = os.listdir(cache_dir())  # once, not once per file
            temps = []
            for f in entry["files"]:
                if Path(f["file"]).name != f["file"]:
                    return None  # only ever a name in --out
                item = Item(f["venue"], f["name"], req.out / f["file"])
                temps.append(pub.stage(item.target))  # in order: the order of publishing
                result.written.append(Done(item, f["pages"], f["sha256"], f["size"], "pass", (), (), f["colours"]))

            def copy(n: int) -> bool:
                f = entry["files"][n]
                got = plancache.recall(f["finished"], listing)  # its bytes match the sha256 in its header
                if got is None or got[0].get("sha256") != f["sha256"] or len(got[1]) != f["size"]:
                    return False
                fill(temps[n], got[1])
                return True

            # threads: reading, hashing and fsync release the GIL, and the file system merges the fsyncs
            with ThreadPoolExecutor(8) as threads:
                if not all(threads.map(copy, range(len(temps)))):
                    return None
            sheet = _sheet(entry["sheet"])
        except (OSError, KeyError, TypeError, ValueError):
            return None  # the full build says what is wrong
        warn(list(plancache.decode(entry["warnings"])))
        for n, d in enumerate(result.written, 1):
            progress(n, len(result.written), d.item.target.name)
        result.manifest = write_manifest(pub, req, entry["layout"], entry["shop"], result.written)
        if req.job_sheet:
            from printprog.jobsheet import sheet_files

            files = sheet_files(sheet, req.out, entry["sheet_name"], when)
            for path, data in files.items():
                pub.add(path, data)
            result.job_sheet = tuple(files)
        pub.commit()
    return result


def input_stats(req: Request, job: Job) -> Stats | None:
    """Taken when the batch starts and again when it is stored: an input edited while the batch ran
    is not recorded with bytes the files were not made from."""
    try:
        return [(p, (st := os.stat(p)).st_size, st.st_mtime_ns) for p in plancache.input_paths(req, job)]
    except OSError:
        return None


def store(req: Request, job: Job, venue: str | None, key: str | None, stats: Stats | None,
          done: list[tuple[Done, str]]) -> None:
    """Keep what a batch in which every file passed published (`done`: each file and the key of its
    finished entry); never fails the batch."""
    from printprog.jobsheet import job_sheet, sheet_name
    from printprog.names import period_suffix
    from printprog.prepress.inks import combined

    if key is None or stats is None or not done or any(not k or d.preflight != "pass" or not d.colours or d.findings
                                                       for d, k in done):
        return
    try:
        if input_stats(req, job) != stats or batch_files_key(req, venue) != key:
            return  # an input changed while the batch ran
        # the job sheet add_batch_sheet makes from the same files
        sheet = job_sheet(job, sorted((d.item.target, d.pages) for d, _ in done), (),
                          combined([d.colours for d, _ in done]))
        fields = json.loads(json.dumps(dataclasses.asdict(sheet)))
        if _sheet(fields) != sheet or plancache.decode(plancache.encode(job.warnings)) != job.warnings:
            return
        entry = {"format": FORMAT, "key": key, "inputs": plancache.input_digests(req, job),
                 "dated": plancache.dated_inputs(req, job), "when": job.when.isoformat(),
                 "warnings": plancache.encode(job.warnings), "layout": job.layout.name, "shop": job.shop.name,
                 "sheet": fields, "sheet_name": sheet_name(job.layout.name, req.lang, period_suffix(req.since, req.until)),
                 "files": [{"venue": d.item.venue, "name": d.item.name, "file": d.item.target.name, "pages": d.pages,
                            "sha256": d.sha256, "size": d.size, "colours": d.colours, "finished": k} for d, k in done]}
        if any(Path(f["file"]).name != f["file"] for f in entry["files"]):
            return
        plancache.write_entry(key, zlib.compress(json.dumps(entry, ensure_ascii=False, sort_keys=True).encode(), 6))
    except (OSError, TypeError, ValueError):
        pass


def _sheet(fields: dict[str, Any]) -> JobSheet:
    """A JobSheet from its fields as JSON gives them back (lists where it has tuples)."""
    from printprog.jobsheet import JobSheet

    return JobSheet(**{**fields, "files": tuple((str(n), int(p)) for n, p in fields["files"]),
                       "trim_mm": tuple(fields["trim_mm"])})
