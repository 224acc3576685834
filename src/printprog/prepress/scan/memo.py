"""What a content stream recorded, kept by the digest of everything the run read.

The editing loop preflights a file whose pages mostly did not change since the last build; a page
whose content bytes and resources are the same records the same things, so its records are
replayed instead of interpreting its operators again. Only self-contained runs are kept: one
that ran a form, pattern or soft mask, placed an image or shading, or found a problem runs again
every time. The budget is charged as the run did, and a replay that would cross a bound runs
for real, so the scan (and each finding) is the same as without the memo.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pikepdf

from printprog.prepress.scan.colourspaces import ColourSpace, lookup
from printprog.prepress.scan.limits import MAX_OPERATORS, MAX_RECORDS, MAX_TOKENS
from printprog.prepress.scan.records import Found, PathPaint, TextShow

if TYPE_CHECKING:
    from printprog.prepress.scan.interpreter import _Run

REMEMBER = 32  # runs kept (an A4 has 2 pages; a few products in one session)
MAX_OBJECTS = 5_000  # indirect objects hashed per run; a larger tree is not memoised
_VERSION = b"memo 1"


@dataclass(frozen=True)
class _Kept:
    texts: tuple[TextShow, ...]
    paths: tuple[PathPaint, ...]
    gstates: tuple[tuple[str, str], ...]  # (resource name, where) of each `gs`, re-resolved on replay
    uses: tuple[tuple[int, ColourSpace, str], ...]  # every Scan.use call, in order
    tokens: int
    ops: int
    records: int


_KEPT: OrderedDict[str, _Kept] = OrderedDict()


class _TooBig(Exception):
    pass


_REF = re.compile(rb"(\d+) (\d+) R")


def _hash_resources(res: Any, pdf: pikepdf.Pdf, h: Any) -> None:
    """Every object reachable from res: each unparsed by qpdf (one call, not one per number of a
    /Widths array), streams by their raw bytes, references followed from the unparsed text."""
    todo, seen = [res], set()
    while todo:
        obj = todo.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
            h.update(b"%d %d obj" % obj.objgen)
        if len(seen) > MAX_OBJECTS:
            raise _TooBig
        if isinstance(obj, pikepdf.Stream):
            text = obj.stream_dict.unparse()
            h.update(text)
            # a kept run never read an image's samples (placing one is not self-contained): skip the MBs
            if obj.stream_dict.get("/Subtype") != "/Image":
                h.update(hashlib.sha256(obj.read_raw_bytes()).digest())
        else:
            text = obj.unparse()
            h.update(text)
        for m in _REF.finditer(text):  # a string that reads like a reference adds an object: harmless
            todo.append(pdf.get_object(int(m[1]), int(m[2])))


def _key(run: _Run, stream: Any) -> str | None:
    """sha256 of the decoded content, the resources (deep) and the run's context; None: don't memoise."""
    if run.sc.pdf is None or run.chain[:-1] or run.paints != "all":
        return None  # top-level runs only (pages, printed annotation appearances): the common case
    h = hashlib.sha256(_VERSION)
    h.update(repr((run.page, run.base_ctm, run.gs.clip, run.where, run.paints)).encode())
    try:
        parts = stream.obj.get("/Contents") if isinstance(stream, pikepdf.Page) else stream
        for part in (list(parts) if isinstance(parts, pikepdf.Array) else [parts]):
            if not isinstance(part, pikepdf.Stream):
                return None
            h.update(b"C" + hashlib.sha256(part.read_bytes()).digest())
        h.update(b"R")
        _hash_resources(run.res, run.sc.pdf, h)
    except Exception:  # noqa: BLE001 - whatever a damaged file does here, the run itself reports it
        return None
    return h.hexdigest()


def run(run: _Run, stream: Any) -> None:
    """run.run(stream), or the records a run of the same stream with the same resources made."""
    key = _key(run, stream)
    kept = _KEPT.get(key) if key else None
    budget, scan = run.sc.budget, run.scan
    if key is not None and kept is not None and budget.ops + kept.ops <= MAX_OPERATORS \
            and budget.tokens + kept.tokens <= MAX_TOKENS and budget.records + kept.records <= MAX_RECORDS:
        try:
            found = [Found(run.page, name[1:], lookup(run.res, "/ExtGState", name), where)
                     for name, where in kept.gstates]
        except pikepdf.PdfError:
            found = [Found(run.page, "", None)]  # cannot be resolved: run it
        if all(f.obj is not None for f in found):
            _KEPT[key] = _KEPT.pop(key, kept)  # most recently used last
            budget.ops, budget.tokens, budget.records = (budget.ops + kept.ops, budget.tokens + kept.tokens,
                                                         budget.records + kept.records)
            scan.texts += kept.texts
            scan.paths += kept.paths
            scan.gstates_used += found
            for page, space, where in kept.uses:
                scan.use(page, space, where)
            scan.streams += 1
            return
    if key is None:
        run.run(stream)
        return
    before = (len(scan.texts), len(scan.paths), len(scan.gstates_used), budget.ops, budget.tokens, budget.records)
    others = (len(scan.images), len(scan.shadings), len(scan.forms), len(scan.placed), len(scan.groups),
              len(scan.errors), scan.streams)
    uses: list[tuple[int, ColourSpace, str]] = []
    nested: list[str] = []
    use, sc = scan.use, run.sc

    def recorded(page: int, space: ColourSpace, where: str) -> None:
        uses.append((page, space, where))
        use(page, space, where)

    def watch(name: str) -> Any:
        real = getattr(sc, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            nested.append(name)  # it reached another stream: its records depend on more than this one
            return real(*args, **kwargs)
        return call

    # instance attributes over the methods, for this run only (removed below)
    setattr(scan, "use", recorded)  # noqa: B010
    for name in ("form", "content", "first_on_page"):
        setattr(sc, name, watch(name))
    try:
        run.run(stream)
    finally:
        del scan.use
        for name in ("form", "content", "first_on_page"):
            delattr(sc, name)
    if nested or others != (len(scan.images), len(scan.shadings), len(scan.forms), len(scan.placed),
                            len(scan.groups), len(scan.errors), scan.streams - 1):
        return  # not self-contained, or it found a problem
    _KEPT[key] = _Kept(tuple(scan.texts[before[0]:]), tuple(scan.paths[before[1]:]),
                       tuple(("/" + g.name, g.where) for g in scan.gstates_used[before[2]:]), tuple(uses),
                       budget.tokens - before[4], budget.ops - before[3], budget.records - before[5])
    while len(_KEPT) > REMEMBER:
        _KEPT.popitem(last=False)
