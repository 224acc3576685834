"""The orchestrator: the only module that knows the order of the stages.

load → compose → render → prepress → write
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from printprog.assets import asset_dir
from printprog.diagnostics import Collector, Diagnostic, InputError, SourceMap, display_path
from printprog.selection import SelectedMap, in_period, period_text, select_screenings  # noqa: F401 (re-exported)

if TYPE_CHECKING:  # the stages are imported where they are used: start-up time matters
    from printprog import plancache
    from printprog.compose import PrintSettings
    from printprog.load.film import Film, Screening
    from printprog.load.layout import Layout
    from printprog.load.shop import Shop
    from printprog.plan import DocumentPlan
    from printprog.prepress import Intent
    from printprog.prepress.preflight import Report
    from printprog.render import ImageSettings

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
    out_file: Path | None = None  # --out x.pdf: exactly this file (single builds), else out/<name>
    job_sheet: bool = False  # also publish job-sheet-<format>-<lang>.txt/.pdf (jobsheet.py)
    show_focus: bool = False  # proofs mark the pictures' focus points (PNG only)


@dataclass(frozen=True)
class Output:
    pdf: Path
    pages: int
    size: int
    proofs: tuple[Path, ...] = field(default=())
    job_sheet: tuple[Path, ...] = field(default=())  # the .txt and .pdf, when asked for


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


def source_date(paths: list[Path], *, film: Film | None = None, layout: Path | None = None,
                shop: str | None = None, icc: Path | None = None) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the newest input's modification time (stable rebuilds).

    For a build, pass the film, layout, shop and --icc too: its pictures, the layouts it extends,
    the shop file and the output profile count as inputs. A malformed SOURCE_DATE_EPOCH raises
    inputs.EnvironmentProblem (an OSError: a usage problem, exit 2)."""
    from printprog.inputs import source_date_epoch

    when = source_date_epoch()
    if when is not None:
        return when
    if film is not None and layout is not None and shop is not None:
        from printprog.load import input_files, load_shop

        profile = icc or asset_dir("icc") / load_shop(shop).output_profile
        paths = [*paths, *input_files(paths[0], film, layout, shop, profile)]
    newest = max((int(p.stat().st_mtime) for p in paths if p.exists()), default=0)
    return dt.datetime.fromtimestamp(newest, dt.timezone.utc)


def load_inputs(req: Request) -> tuple[tuple[Film, SourceMap], tuple[Layout, SourceMap], Path]:
    """Load and check film, layout and shop together, so problems in all are reported at once."""
    from printprog.inputcache import load_layout  # a layout unchanged since an earlier load is not validated again
    from printprog.load import load_film

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
        layout = load_layout(lpath)
    except InputError as e:
        problems += e.diagnostics
    if problems or film is None or layout is None:
        raise InputError(problems)
    return film, layout, lpath


def load_print(req: Request) -> tuple[Shop, Intent]:
    """The request's shop profile and output profile: `load_shop_intent(req.shop, req.icc)`."""
    return load_shop_intent(req.shop, req.icc)


def load_shop_intent(shop: str, icc: Path | None = None) -> tuple[Shop, Intent]:
    """Stage 1 for anything printed (a build, imposed sheets): the shop profile and its output
    profile (or the user's --icc), checked before any drawing.

    With --icc the OutputIntent names the condition after the profile's own description: the
    shop's condition (FOGRA39) would tell the printer the wrong thing."""
    from printprog.load import load_shop
    from printprog.prepress import Intent
    from printprog.prepress.pdfx import profile_description

    profile = load_shop(shop)
    path = icc if icc else asset_dir("icc") / profile.output_profile
    problems, data = _profile_problems(path)
    if problems:
        raise InputError([Diagnostic(p, hint="pass the shop's CMYK press profile (.icc) with --icc")
                          for p in problems])
    if icc:
        desc = profile_description(data) or path.stem
        return profile, Intent(desc, desc, data, path.name)
    return profile, Intent(profile.output_condition, profile.output_condition_info, data, path.name)


def _profile_problems(path: Path) -> tuple[list[str], bytes]:
    """(problems, the profile's bytes): read once, bounded, so a device or a FIFO cannot hang us."""
    from printprog.colour import _validate_bytes
    from printprog.inputs import read_input

    try:
        data = read_input(path, "icc")
    except InputError as e:
        if not path.exists():
            from printprog.colour import validate_profile

            return validate_profile(path), b""  # its message lists the shipped profiles
        return [d.message for d in e.diagnostics], b""
    return _validate_bytes(path.name or str(path), data), data


@dataclass(frozen=True)
class Job:
    """Everything loaded and checked once, shared by every file of a build or a batch."""

    req: Request
    film: Film
    film_map: SourceMap  # a SelectedMap with --from/--until
    layout: Layout
    layout_map: SourceMap
    shop: Shop
    intent: Intent
    when: dt.datetime
    warnings: tuple[Diagnostic, ...] = ()  # edition warnings for req.lang, reported before building

    @property
    def settings(self) -> PrintSettings:
        from printprog.compose import PrintSettings

        layout, shop = self.layout, self.shop
        return PrintSettings(shop.bleed, max(shop.safe, layout.safe), shop.marks,
                             shop.min_ppi_for(*layout.size), shop.min_font, shop.overprint_black,
                             shop.min_reversed_sans, shop.min_reversed_serif, shop.tac, shop.k_only_below)

    @property
    def images(self) -> ImageSettings:
        from printprog.render import ImageSettings

        shop = self.shop
        profile = str(self.req.icc) if self.req.icc else shop.output_profile
        return ImageSettings(profile, shop.max_ppi, shop.target_ppi)


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
    return Job(req, film, film_map, layout, layout_map, *shop_intent, source_date([req.data], film=film, layout=lpath, shop=req.shop, icc=req.icc),
               tuple(warnings))


def edition_warnings(film: Film, film_map: SourceMap, lang: str) -> list[Diagnostic]:
    """Texts the film lacks in `lang` (printed in another language): warnings, errors with --strict."""
    from printprog.load.editions import missing_texts

    return missing_texts(film, film_map, lang)


def compose_job(job: Job, film: Film | None = None, venue: str | None = None, cache: dict | None = None,
                film_map: SourceMap | None = None) -> DocumentPlan:
    """Stage 2: page plans, or an InputError with every overflow and missing glyph."""
    from printprog.compose import compose

    diags = Collector()
    plan = compose(film or job.film, job.layout, job.req.lang, film_map or job.film_map, job.layout_map, diags,
                   job.settings, venue=venue, cache=cache)
    diags.raise_if_any()
    return plan


def finish_job(job: Job, plan: DocumentPlan) -> bytes:
    """Stages 3 and 4: draw, then finish as PDF/X."""
    from printprog.render import render

    return finish_job_from(job, plan, render(plan, job.images))


def finish_job_from(job: Job, plan: DocumentPlan, pdf: bytes) -> bytes:
    """Stage 4: reportlab's PDF finished as the shop's PDF/X flavour."""
    from printprog.prepress import Meta, finish

    meta = Meta(plan.title, plan.author, plan.subject, job.req.lang, plan.keywords)
    return finish(pdf, flavour=job.shop.pdfx, meta=meta, intent=job.intent, when=job.when)


def preflight(job: Job, pdf: bytes) -> Report:
    """Stage 4b: the independent check every build runs before anything is published."""
    from printprog.prepress.preflight import check

    return check(pdf, job.shop)


class PreflightFailed(Exception):
    """A finished file failed preflight: nothing is published (exit 3)."""

    def __init__(self, reports: list[Report]) -> None:
        super().__init__("preflight failed")
        self.reports = reports


Warn = Callable[[list[Diagnostic]], None]


def build(req: Request, progress: Progress = lambda s: None, warn: Warn = lambda ds: None) -> Output:
    from printprog import plancache
    from printprog.names import output_name, period_suffix
    from printprog.render import render

    hit = plancache.lookup(req)  # the same inputs and code as a build before: its plan (plancache.py)
    out = _build_planned(req, hit, progress, warn) if hit is not None else None
    if out is not None:
        return out
    job = prepare(req)
    warn(list(job.warnings))
    if job.layout.per == "venue":
        raise InputError([Diagnostic(f"{job.layout.name} makes one file per venue",
                                     hint=f"run: printprog build --format {req.format} --per venue")])
    progress(f"loaded {display_path(req.data)}, layout {job.layout.name}, shop {job.shop.name}")
    plan = compose_job(job)
    rendered = render(plan, job.images)
    pdf = finish_job_from(job, plan, rendered)
    report = preflight(job, pdf)
    if not report.ok:
        raise PreflightFailed([report])
    name = output_name(job.film.id, job.layout.name, req.lang, period=period_suffix(req.since, req.until))
    target = req.out_file or req.out / name
    extra: dict[Path, bytes] = {}
    if req.job_sheet:
        from printprog.jobsheet import job_sheet_files

        extra = job_sheet_files(job, target.parent, [(target, len(plan.pages))], [pdf],
                                period_suffix(req.since, req.until), report.colours or None)
    focus = None
    if req.show_focus:
        from printprog.proof import focus_points

        focus = focus_points(plan, job.film)
    proofs = publish(target, pdf, req.proof, extra, focus)
    plancache.store(req, job, plan, name, report.colours)
    key = plancache.finished_key(rendered, plan, req.lang, job.shop.pdfx, plancache.intent_parts(job.intent), job.when,
                                 job.shop.model_dump_json())
    plancache.remember(key, pdf, report.colours)
    return Output(target, len(plan.pages), len(pdf), proofs, tuple(extra))


def _build_planned(req: Request, hit: plancache.Hit, progress: Progress, warn: Warn) -> Output | None:
    """build() from a cached plan: render (while the inputs are checked); finish and preflight unless
    a file made from the same bytes with the same settings passed before (then its bytes); publish
    as build() does. None, having done nothing visible, when an input changed after all."""
    from printprog import plancache
    from printprog.names import period_suffix
    from printprog.render import ImageSettings, render

    info, plan = hit.info, hit.plan
    when = hit.when(req)  # a malformed SOURCE_DATE_EPOCH stops the build first, as in prepare()
    try:
        rendered = render(plan, ImageSettings(*info["images"]))
    except Exception:
        if hit.confirmed():
            raise
        return None  # a picture changed under the plan: the full build says what is wrong
    if not hit.confirmed():
        return None
    warn(list(hit.warnings))
    progress(f"loaded {display_path(req.data)}, layout {info['layout']}, shop {info['shop']}")
    key = plancache.finished_key(rendered, plan, req.lang, info["pdfx"], hit.intent(), when, info["shop_settings"])
    done = plancache.finished(key)
    if done is None:
        job = prepare(req)
        pdf = finish_job_from(job, plan, rendered)
        report = preflight(job, pdf)
        if not report.ok:
            raise PreflightFailed([report])
        plancache.remember(key, pdf, report.colours)
        done = pdf, report.colours
    pdf, colours = done
    target = req.out_file or req.out / info["target"]
    extra: dict[Path, bytes] = {}
    if req.job_sheet:
        from printprog.jobsheet import JobSheet, sheet_files, sheet_name

        period = period_suffix(req.since, req.until)
        sheet = JobSheet(**{**info["sheet"], "files": ((target.name, len(plan.pages)),), "colours": colours,
                            "trim_mm": tuple(info["sheet"]["trim_mm"])})
        extra = sheet_files(sheet, target.parent, sheet_name(info["layout"], req.lang, period), when)
    proofs = publish(target, pdf, req.proof, extra)
    return Output(target, len(plan.pages), len(pdf), proofs, tuple(extra))


def publish(target: Path, pdf: bytes, proof: bool, extra: dict[Path, bytes] | None = None,
            focus: list[list[tuple[float, float]]] | None = None) -> tuple[Path, ...]:
    """Stage 5: the PDF, its proofs (`focus`: points to mark on each page's PNG) and the `extra`
    files (the job sheet) as one unit (all appear, or the previous versions stay); temporary files
    a killed run left in the folder are removed first. Returns the proofs."""
    from printprog.names import proof_name
    from printprog.write import Publication, check_target, remove_stale

    check_target(target)  # a folder in the way is reported before the proofs are drawn
    remove_stale(target.parent)
    proofs: list[Path] = []
    with Publication() as pub:
        if proof:
            from printprog.proof import page_pngs

            for n, png in enumerate(page_pngs(pdf, crop_to_trim=True), 1):
                proofs.append(target.with_name(proof_name(target.name, n)))
                if focus:
                    from printprog.proof import mark_focus

                    png = mark_focus(png, focus[n - 1])
                pub.add(proofs[-1], png)
        for path, data in (extra or {}).items():  # the job sheet
            pub.add(path, data)
        pub.add(target, pdf)  # last, so a PDF in place always has its proofs beside it
        pub.commit()
    return tuple(proofs)
