"""The orchestrator: the only module that knows the order of the stages.

load → compose → render → prepress → write
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from printprog.assets import asset_dir
from printprog.diagnostics import Collector, Diagnostic, InputError, Mark, SourceMap, display_path

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Request:
    format: str
    data: Path
    lang: str = "bg"
    out: Path = Path("build")
    proof: bool = False
    shop: str = "default"
    icc: Path | None = None  # the shop's own output profile instead of the shop profile's
    since: dt.date | None = None  # only screenings on or after this day
    until: dt.date | None = None  # only screenings on or before this day
    strict: bool = False  # edition warnings (texts missing in `lang`) are errors


@dataclass(frozen=True)
class Output:
    pdf: Path
    pages: int
    size: int
    proofs: tuple[Path, ...] = field(default=())


def layout_path(name: str) -> Path:
    """A layout by name (`a4`) from layouts/, or a path to a YAML file."""
    if name.endswith((".yaml", ".yml")) or os.sep in name:
        return Path(name)
    return asset_dir("layouts") / f"{name}.yaml"


def layout_names() -> list[str]:
    return sorted(p.stem for p in asset_dir("layouts").glob("*.yaml") if not p.stem.startswith("_"))


def layout_description(name: str) -> str:
    """The layout's `description`, read without validating the whole file."""
    import yaml

    try:
        data = yaml.safe_load(layout_path(name).read_text(encoding="utf-8"))
        return str(data.get("description", ""))
    except Exception:  # a broken layout still gets listed; `validate` explains it
        return "(cannot be read: run printprog validate on it)"


def default_data() -> Path:
    """data/leto.yaml in the working directory, else the copy shipped with printprog."""
    local = Path("data") / "leto.yaml"
    return local if local.is_file() else asset_dir("data") / "leto.yaml"


def source_date(paths: list[Path]) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the newest input's modification time (stable rebuilds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    newest = max(int(p.stat().st_mtime) for p in paths if p.exists())
    return dt.datetime.fromtimestamp(newest, dt.timezone.utc)


def load_inputs(req: Request):  # type: ignore[no-untyped-def]
    """Load and check film, layout and shop together, so problems in all are reported at once."""
    from printprog.load import load_film, load_layout
    from printprog.text.fonts import font_names

    problems: list[Diagnostic] = []
    film = layout = None
    lpath = layout_path(req.format)
    if not lpath.is_file() and lpath.parent == asset_dir("layouts"):
        raise InputError([Diagnostic(f"unknown format {req.format!r}",
                                     hint=f"choose one of: {', '.join(layout_names())}")])
    try:
        film = load_film(req.data)
    except InputError as e:
        problems += e.diagnostics
    try:
        layout = load_layout(lpath, font_names())
    except InputError as e:
        problems += e.diagnostics
    if problems:
        raise InputError(problems)
    return film, layout, lpath


def load_print(req: Request):  # type: ignore[no-untyped-def]
    """The shop profile and its output profile (or the user's --icc), checked before any drawing."""
    from printprog.load import load_shop
    from printprog.prepress import Intent

    shop = load_shop(req.shop)
    path = req.icc if req.icc else asset_dir("icc") / shop.output_profile
    problems = _profile_problems(path)
    if problems:
        raise InputError([Diagnostic(p, hint="pass the shop's CMYK press profile (.icc) with --icc")
                          for p in problems])
    data = path.read_bytes()
    return shop, Intent(shop.output_condition, shop.output_condition_info, data, path.name)


def _profile_problems(path: Path) -> list[str]:
    from printprog.colour import validate_profile

    return validate_profile(path)


@dataclass(frozen=True)
class Job:
    """Everything loaded and checked once, shared by every file of a build or a batch."""

    req: Request
    film: object  # Film
    film_map: object  # SourceMap (a SelectedMap with --from/--until)
    layout: object  # Layout
    layout_map: object
    shop: object  # Shop
    intent: object  # prepress.Intent
    when: dt.datetime
    warnings: tuple[Diagnostic, ...] = ()  # edition warnings for req.lang, reported before building

    @property
    def settings(self):  # type: ignore[no-untyped-def]
        from printprog.compose import PrintSettings

        layout, shop = self.layout, self.shop
        return PrintSettings(shop.bleed, max(shop.safe, layout.safe), shop.marks,  # type: ignore[attr-defined]
                             shop.min_ppi_for(*layout.size), shop.min_font)  # type: ignore[attr-defined]

    @property
    def images(self):  # type: ignore[no-untyped-def]
        from printprog.render import ImageSettings

        shop = self.shop
        profile = str(self.req.icc) if self.req.icc else shop.output_profile  # type: ignore[attr-defined]
        return ImageSettings(profile, shop.max_ppi, shop.target_ppi)  # type: ignore[attr-defined]


def prepare(req: Request) -> Job:
    """Stage 1 for a whole build: film, layout, shop and output profile, every problem at once."""
    problems: list[Diagnostic] = []
    inputs = shop_intent = None
    try:
        inputs = load_inputs(req)
    except InputError as e:
        problems += e.diagnostics
    try:
        shop_intent = load_print(req)
    except InputError as e:
        problems += e.diagnostics
    if problems or inputs is None or shop_intent is None:
        raise InputError(problems)
    (film, film_map), (layout, layout_map), lpath = inputs
    warnings = edition_warnings(film, film_map, req.lang)
    if req.strict:
        problems += [dataclasses.replace(d, severity="error", hint=d.hint or "add the text, or build without --strict")
                     for d in warnings]
    try:
        film, film_map = in_period(film, film_map, req.since, req.until)
    except InputError as e:
        problems += e.diagnostics
    if problems:
        raise InputError(problems)
    return Job(req, film, film_map, layout, layout_map, *shop_intent, source_date([req.data, lpath]),
               tuple(warnings))


def edition_warnings(film: object, film_map: object, lang: str) -> list[Diagnostic]:
    """Texts the film lacks in `lang` (printed in another language): warnings, errors with --strict."""
    from printprog.load.editions import missing_texts

    return missing_texts(film, film_map, lang)  # type: ignore[arg-type]


def period_text(since: dt.date | None, until: dt.date | None) -> str:
    """`from 2019-03-16 until 2019-03-20` for messages; empty without a period."""
    return " ".join(w for w in (since and f"from {since}", until and f"until {until}") if w)


@dataclass(frozen=True)
class SelectedMap:
    """A film's SourceMap seen through a selection of its screenings, so messages about the
    selection's screening i still point at the line where screening kept[i] was written."""

    base: SourceMap
    kept: tuple[int, ...]

    @property
    def file(self) -> str:
        return self.base.file

    def find(self, loc: tuple) -> Mark | None:  # type: ignore[type-arg]
        if len(loc) >= 2 and loc[0] == "screenings" and isinstance(loc[1], int) and loc[1] < len(self.kept):
            loc = ("screenings", self.kept[loc[1]], *loc[2:])
        return self.base.find(loc)


def select_screenings(film, film_map, keep: Callable[[object], bool]):  # type: ignore[no-untyped-def]
    """(film, film_map) with only the screenings `keep` accepts; selections of selections work."""
    base, before = (film_map.base, film_map.kept) if isinstance(film_map, SelectedMap) else \
        (film_map, tuple(range(len(film.screenings))))
    idx = [i for i, s in enumerate(film.screenings) if keep(s)]
    view = film.model_copy(update={"screenings": tuple(film.screenings[i] for i in idx)})
    return view, SelectedMap(base, tuple(before[i] for i in idx))


def in_period(film, film_map, since: dt.date | None, until: dt.date | None):  # type: ignore[no-untyped-def]
    """(film, film_map) with only the screenings from `since` until `until` (both days included)."""
    if since is None and until is None:
        return film, film_map
    film, film_map = select_screenings(film, film_map, lambda s: (since is None or s.date >= since)  # type: ignore[attr-defined]
                                       and (until is None or s.date <= until))  # type: ignore[attr-defined]
    if not film.screenings:
        hint = "--from is after --until" if since and until and since > until else \
            "check the screenings' dates, --from and --until"
        raise InputError([Diagnostic(f"no screenings {period_text(since, until)}", hint=hint)])
    return film, film_map


def compose_job(job: Job, film: object | None = None, venue: str | None = None, cache: dict | None = None,  # type: ignore[type-arg]
                film_map: object | None = None):  # type: ignore[no-untyped-def]
    """Stage 2: page plans, or an InputError with every overflow and missing glyph."""
    from printprog.compose import compose

    diags = Collector()
    plan = compose(film or job.film, job.layout, job.req.lang, film_map or job.film_map, job.layout_map, diags,  # type: ignore[arg-type]
                   job.settings, venue=venue, cache=cache)
    diags.raise_if_any()
    return plan


def finish_job(job: Job, plan) -> bytes:  # type: ignore[no-untyped-def]
    """Stages 3 and 4: draw, then finish as PDF/X."""
    from printprog.render import render

    return finish_job_from(job, plan, render(plan, job.images))


def finish_job_from(job: Job, plan, pdf: bytes) -> bytes:  # type: ignore[no-untyped-def]
    """Stage 4: reportlab's PDF finished as the shop's PDF/X flavour."""
    from printprog.prepress import Meta, finish

    meta = Meta(plan.title, plan.author, plan.subject, job.req.lang, plan.keywords)
    return finish(pdf, flavour=job.shop.pdfx, meta=meta, intent=job.intent, when=job.when)  # type: ignore[attr-defined]


def preflight(job: Job, pdf: bytes):  # type: ignore[no-untyped-def]
    """Stage 4b: the independent check every build runs before anything is published."""
    from printprog.prepress.preflight import check

    return check(pdf, job.shop)


class PreflightFailed(Exception):
    """A finished file failed preflight: nothing is published (exit 3)."""

    def __init__(self, reports: list) -> None:  # type: ignore[type-arg]
        super().__init__("preflight failed")
        self.reports = reports


Warn = Callable[[list[Diagnostic]], None]


def build(req: Request, progress: Progress = lambda s: None, warn: Warn = lambda ds: None) -> Output:
    from printprog.names import output_name, period_suffix, proof_name
    from printprog.write import write_atomic

    job = prepare(req)
    warn(list(job.warnings))
    if job.layout.per == "venue":  # type: ignore[attr-defined]
        raise InputError([Diagnostic(f"{job.layout.name} makes one file per venue",  # type: ignore[attr-defined]
                                     hint=f"run: printprog build --format {req.format} --per venue")])
    progress(f"loaded {display_path(req.data)}, layout {job.layout.name}, shop {job.shop.name}")  # type: ignore[attr-defined]
    plan = compose_job(job)
    pdf = finish_job(job, plan)
    report = preflight(job, pdf)
    if not report.ok:
        raise PreflightFailed([report])
    target = req.out / output_name(job.film.id, job.layout.name, req.lang,  # type: ignore[attr-defined]
                                   period=period_suffix(req.since, req.until))
    proofs: list[Path] = []
    if req.proof:
        from printprog.proof import page_pngs

        for n, png in enumerate(page_pngs(pdf, crop_to_trim=True), 1):
            p = target.with_name(proof_name(target.name, n))
            write_atomic(p, png)
            proofs.append(p)
    write_atomic(target, pdf)
    return Output(target, len(plan.pages), len(pdf), tuple(proofs))
