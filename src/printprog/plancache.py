"""The plan cache (issue #10): a build whose inputs and code are unchanged skips load and compose.

A single build (`build.build`) stores, in the picture cache's folder (`imagecache`, `.bin`
entries, so `printprog cache --clear` and the 1 GB bound cover it too):

- a **plan entry**, keyed by the request, printprog's own code (`code_digest`: every file of the
  package and the installed distributions' versions), the film and layout files' bytes and the
  font catalogue. It holds the composed `DocumentPlan` as JSON (dataclasses by name from a fixed
  list; no pickle), the edition warnings, what the rest of the build needs from the film, layout
  and shop (names, the shop's PDF/X flavour and image settings, the job sheet's rows), and the
  sha256 of every other input (the layouts it extends, the shop file, the output profile, the
  pictures, every font). An entry is used only when its own sha256 (the name) and every input's
  sha256 still match; a hit never imports pydantic, yaml, babel, uharfbuzz or pikepdf;
- a **batch entry** (`batch_plans`), keyed like a plan entry plus the venues: every flyer's plan,
  used when the recorded inputs still have their bytes (the batch still loads the film: it needs
  it for the file names and the manifest);
- a **finished entry**, keyed by the sha256 of reportlab's PDF and everything `finish` and
  `preflight` read (flavour, metadata, output intent and profile bytes, date, the shop's settings,
  the code): the PDF/X bytes of a file that passed preflight and the inks it uses. Finishing and
  preflight are functions of exactly that, so the same key gives the same bytes and the same pass;
- a **batch files entry** (`batchcache.py`): what a batch published, so the same batch again (same
  key, inputs and date) only copies its finished files from here.

Every entry is checked before use and rebuilt when damaged; the bytes written never depend on the
cache (`tests/test_speed_caches.py`, `tests/test_plan_cache.py`, `tests/test_batch_cache.py`).
`PRINTPROG_PLAN_CACHE=0` turns all of it off. A batch keeps its plans and finished files only up
to `batch.REMEMBER_FILES` flyers, so a large batch neither pushes the prepared pictures out of the
1 GB cache nor holds all its plans twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import zlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from printprog import plan as P
from printprog.diagnostics import Diagnostic, Mark

if TYPE_CHECKING:
    import datetime as dt

    from printprog.build import Job, Request
    from printprog.prepress import Intent

FORMAT = 1
_CLASSES: dict[str, type] = {c.__name__: c for c in (P.TextRun, P.Path, P.Rect, P.Image, P.Placement, P.PagePlan,
                                                      P.DocumentPlan, Diagnostic, Mark)}


# --- the plan as JSON -----------------------------------------------------------------------------

def encode(obj: Any) -> Any:
    """Plain JSON data for a plan (or diagnostics): dataclasses of the fixed list, tuples, scalars."""
    kind = type(obj)
    if dataclasses.is_dataclass(obj) and _CLASSES.get(kind.__name__) is kind:
        return {"@": kind.__name__, **{f.name: encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}}
    if kind is tuple:
        return [encode(v) for v in obj]
    if obj is None or kind in (str, int, float, bool):
        return obj
    raise TypeError(f"not a plan value: {kind.__name__}")


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return tuple(decode(v) for v in data)
    if isinstance(data, dict):
        cls = _CLASSES[data["@"]]
        return cls(**{k: decode(v) for k, v in data.items() if k != "@"})
    return data


# --- digests --------------------------------------------------------------------------------------

def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha(path: str | Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """printprog's own files and the installed distributions (names carry their versions)."""
    root = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256(repr((FORMAT, sys.version, sys.platform)).encode())
    for folder, dirs, files in os.walk(root):  # os.walk: a tenth of Path.rglob's time
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(f for f in files if f.endswith((".py", ".yaml", ".json", ".txt"))):
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                h.update(os.path.relpath(path, root).encode() + b"\0" + f.read())
    for site in sorted({str(Path(p)) for p in sys.path if p.endswith("-packages")}):
        try:
            h.update("\n".join(sorted(n for n in os.listdir(site) if n.endswith((".dist-info", ".egg-info")))).encode())
        except OSError:
            pass
    return h.hexdigest()


def _catalogue() -> list[tuple[str, str]]:
    from printprog.text.fonts import catalogue

    return sorted((name, str(path)) for name, path in catalogue().items())


def _yaml_sha(path: Path) -> str:
    """A film's or layout's sha256, read only if it is a regular file of a YAML's size (a FIFO or a
    device is left to the loader, which says what is wrong with it)."""
    import stat

    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode) or st.st_size > 2 << 20:
        raise OSError(f"{path}: not for the plan cache")
    return file_sha(path)


def enabled() -> bool:
    """PRINTPROG_PLAN_CACHE=0 turns the plan cache and the finished files off (for measuring; the
    output is the same)."""
    return os.environ.get("PRINTPROG_PLAN_CACHE", "1") != "0"


def plan_key(req: Request) -> str:
    """What is known before loading: the request, the code, the film and layout bytes, the fonts."""
    from printprog.build import layout_path

    layout = layout_path(req.format)
    fields = (req.format, req.lang, str(req.since), str(req.until), req.strict, req.shop, str(req.icc),
              str(req.data), os.getcwd(), str(layout))
    parts = (FORMAT, "plan", code_digest(), fields, _yaml_sha(req.data), _yaml_sha(layout), _catalogue())
    return sha(repr(parts).encode())[:32]


# --- entries --------------------------------------------------------------------------------------

def read_entries(key: str, listing: list[str] | None = None) -> list[bytes]:
    """The valid entries stored for `key`, newest name order (`listing`: the folder's names, when the
    caller looks up many keys)."""
    from printprog import imagecache

    out, folder = [], imagecache.cache_dir()
    try:
        names = sorted(n for n in (os.listdir(folder) if listing is None else listing)
                       if n.startswith(key) and n.endswith(".bin"))
    except OSError:
        return []
    for path in (folder / n for n in names if imagecache._ENTRY.match(n)):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if imagecache._valid(data, path.name[33:97], False):
            imagecache._touch(path)
            out.append(data)
    return out


def write_entry(key: str, data: bytes) -> None:
    from printprog import imagecache

    target = imagecache.cache_dir() / f"{key}-{sha(data)}.bin"
    if not target.exists():
        imagecache._store(target, data)
        imagecache.prune(target.parent, keep=target)


@dataclasses.dataclass
class Hit:
    """A plan entry whose inputs all still match."""

    plan: P.DocumentPlan
    warnings: tuple[Diagnostic, ...]
    info: dict[str, Any]  # see `_summary`
    inputs: tuple[tuple[str, str], ...]  # (path, sha256) of every other input
    _checked: list[bool] = dataclasses.field(default_factory=list, compare=False, repr=False)
    _thread: Any = dataclasses.field(default=None, compare=False, repr=False)

    def start(self) -> None:
        """Check the inputs in a thread (hashing releases the GIL) while the caller renders."""
        import threading

        self._thread = threading.Thread(target=lambda: self._checked.append(unchanged(self.inputs)), daemon=True)
        self._thread.start()

    def confirmed(self) -> bool:
        """Every recorded input still has its bytes: only then may anything made from the plan be used."""
        if self._thread is None:
            self.start()
        self._thread.join()
        return self._checked == [True]

    def when(self, req: Request) -> dt.datetime:
        return source_when(req, self.info["dated"])

    def intent(self) -> IntentParts:
        """The output intent's fields (without importing prepress: a hit may never need it)."""
        condition, info, path, name, digest = self.info["intent"]
        data = Path(path).read_bytes()
        if sha(data) != digest:
            raise OSError("the output profile changed during the build")
        return condition, info, name, data


def lookup(req: Request) -> Hit | None:
    """The plan entry for `req`, its inputs being checked in a thread: nothing made from it may be used
    before `Hit.confirmed()` says they all have the bytes they had."""
    if req.show_focus or not enabled():  # --show-focus needs the film's pictures' focus points
        return None
    try:
        key = plan_key(req)
        for raw in read_entries(key):
            try:
                entry = json.loads(zlib.decompress(raw))
                if entry.get("format") != FORMAT or entry.get("key") != key:
                    continue
                inputs = tuple((str(p), str(d)) for p, d in entry["inputs"])
                hit = Hit(decode(entry["plan"]), decode(entry["warnings"]), entry["info"], inputs)
                hit.start()
                return hit
            except (ValueError, KeyError, TypeError, zlib.error, OSError):
                continue  # a damaged entry is as good as none
    except OSError:
        pass
    return None


def batch_key(req: Request, venue: str | None, items: list[tuple[str, str]]) -> str:
    return sha(repr((plan_key(req), "batch", venue, items)).encode())[:32]


def batch_plans(req: Request, job: Job, key: str) -> dict[str, P.DocumentPlan] | None:
    """The plans of a batch (by venue id) whose inputs all still have the bytes they had, or None."""
    if not enabled():
        return None
    try:
        inputs = tuple(input_digests(req, job))
        for raw in read_entries(key):
            try:
                entry = json.loads(zlib.decompress(raw))
                if entry.get("format") == FORMAT and entry.get("key") == key and \
                        tuple((p, d) for p, d in entry["inputs"]) == inputs:
                    return {venue: decode(plan) for venue, plan in entry["plans"].items()}
            except (ValueError, KeyError, TypeError, zlib.error):
                continue
    except OSError:
        pass
    return None


def store_batch(req: Request, job: Job, key: str, plans: dict[str, P.DocumentPlan]) -> None:
    """Keep the plans of a batch in which every file composed; never fails the batch."""
    try:
        if not enabled() or any(decode(encode(plan)) != plan for plan in plans.values()):
            return
        entry = {"format": FORMAT, "key": key, "inputs": input_digests(req, job),
                 "plans": {venue: encode(plan) for venue, plan in plans.items()}}
        write_entry(key, zlib.compress(json.dumps(entry, ensure_ascii=False, sort_keys=True).encode(), 6))
    except (OSError, TypeError, ValueError):
        pass


def unchanged(inputs: tuple[tuple[str, str], ...]) -> bool:
    try:
        return all(os.path.isfile(p) and file_sha(p) == d for p, d in inputs)
    except OSError:
        return False


def store(req: Request, job: Job, plan: P.DocumentPlan, target_name: str, colours: str) -> None:
    """Keep the plan of a build that passed: never fails the build it serves."""
    try:
        if req.show_focus or not enabled():
            return
        plan_data, warnings = encode(plan), encode(job.warnings)  # kept only if they decode to themselves
        if decode(plan_data) != plan or decode(warnings) != job.warnings:
            return
        key = plan_key(req)
        entry = {"format": FORMAT, "key": key, "plan": plan_data, "warnings": warnings,
                 "info": _summary(req, job, target_name, colours), "inputs": input_digests(req, job)}
        write_entry(key, zlib.compress(json.dumps(entry, ensure_ascii=False, sort_keys=True).encode(), 6))
    except (OSError, TypeError, ValueError):
        pass


def source_when(req: Request, dated: list[str]) -> dt.datetime:
    """The build's date exactly as `build.source_date` gives it, from the recorded inputs."""
    import datetime as dt

    from printprog.inputs import source_date_epoch

    when = source_date_epoch()
    if when is not None:
        return when
    paths = [req.data, *map(Path, dated)]
    newest = max((int(p.stat().st_mtime) for p in paths if p.exists()), default=0)
    return dt.datetime.fromtimestamp(newest, dt.timezone.utc)


def input_paths(req: Request, job: Job) -> list[str]:
    return list(dict.fromkeys([*dated_inputs(req, job), *(p for _, p in _catalogue())]))


def input_digests(req: Request, job: Job) -> list[tuple[str, str]]:
    return [(p, file_sha(p)) for p in input_paths(req, job)]


def dated_inputs(req: Request, job: Job) -> list[str]:
    """The files `build.source_date` dates a build by (besides the film file)."""
    from printprog.assets import asset_dir
    from printprog.build import layout_path
    from printprog.load import input_files

    profile = req.icc or asset_dir("icc") / job.shop.output_profile
    return [str(p) for p in input_files(req.data, job.film, layout_path(req.format), req.shop, profile)]


def _summary(req: Request, job: Job, target_name: str, colours: str) -> dict[str, Any]:
    from printprog.jobsheet import job_sheet

    intent, images = job.intent, job.images
    profile = req.icc or _profile_path(job)
    sheet = dataclasses.asdict(job_sheet(job, [], [], colours))
    return {"layout": job.layout.name, "per": job.layout.per, "shop": job.shop.name, "target": target_name,
            "pdfx": job.shop.pdfx, "shop_settings": job.shop.model_dump_json(), "dated": dated_inputs(req, job),
            "intent": [intent.condition, intent.info, str(profile), intent.profile_name, sha(intent.profile)],
            "images": [images.profile, images.max_ppi, images.target_ppi], "sheet": sheet}


def _profile_path(job: Job) -> Path:
    from printprog.assets import asset_dir

    return asset_dir("icc") / job.shop.output_profile


# --- finished files -------------------------------------------------------------------------------

IntentParts = tuple[str, str, str, bytes]  # condition, info, profile name, profile bytes


def intent_parts(intent: Intent) -> IntentParts:
    return intent.condition, intent.info, intent.profile_name, intent.profile


def finished_key(rendered: bytes, plan: P.DocumentPlan, lang: str, pdfx: str, intent: IntentParts,
                 when: dt.datetime, shop_settings: str) -> str:
    meta = (plan.title, plan.author, plan.subject, lang, plan.keywords)
    condition, info, name, profile = intent
    parts = (FORMAT, "finished", code_digest(), sha(rendered), pdfx, meta, condition, info, name, sha(profile),
             when.isoformat(), shop_settings)
    return sha(repr(parts).encode())[:32]


def finished(key: str) -> tuple[bytes, str] | None:
    """(PDF/X bytes, inks) of a file that passed preflight with this key, or None."""
    got = recall(key)
    return (got[1], str(got[0]["colours"])) if got and got[1].startswith(b"%PDF-") and "colours" in got[0] else None


def remember(key: str, pdf: bytes, colours: str) -> None:
    keep(key, pdf, colours=colours)


def recall(key: str, listing: list[str] | None = None) -> tuple[dict[str, Any], bytes] | None:
    """(header, bytes) kept under `key`: the entry's name, the key and the bytes' sha256 must all match."""
    if not enabled():
        return None
    try:
        entries = read_entries(key, listing)
    except OSError:
        return None
    for raw in entries:
        head, _, data = raw.partition(b"\n")
        try:
            meta = json.loads(head)
            if isinstance(meta, dict) and meta.get("key") == key and meta.get("sha256") == sha(data):
                return meta, data
        except ValueError:
            continue
    return None


def keep(key: str, data: bytes, **meta: str) -> None:
    """Keep `data` under `key` (a digest of everything it is a function of); never fails the caller."""
    if not enabled():
        return
    try:
        write_entry(key, json.dumps({**meta, "key": key, "sha256": sha(data)}).encode() + b"\n" + data)
    except OSError:
        pass
