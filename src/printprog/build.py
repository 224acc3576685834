"""The orchestrator: the only module that knows the order of the stages.

load → compose → render → prepress → write
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from printprog.assets import asset_dir
from printprog.diagnostics import Collector, Diagnostic, InputError, display_path

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
        where = display_path(path)
        raise InputError([Diagnostic(f"{where}: {p}", hint="pass the shop's CMYK press profile (.icc) with --icc")
                          for p in problems])
    data = path.read_bytes()
    return shop, Intent(shop.output_condition, shop.output_condition_info, data, path.name)


def _profile_problems(path: Path) -> list[str]:
    try:
        from printprog.colour import validate_profile
    except ImportError:  # pragma: no cover - until colour.py lands
        return [] if path.is_file() else ["file not found"]
    return validate_profile(path)


def build(req: Request, progress: Progress = lambda s: None) -> Output:
    from printprog.compose import PrintSettings, compose
    from printprog.prepress import Meta, finish
    from printprog.render import ImageSettings, render
    from printprog.write import write_atomic

    problems: list[Diagnostic] = []
    inputs = shop_intent = None
    for step in (lambda: load_inputs(req), lambda: load_print(req)):
        try:
            result = step()
        except InputError as e:
            problems += e.diagnostics
            continue
        if inputs is None:
            inputs = result
        else:
            shop_intent = result
    if problems or inputs is None or shop_intent is None:
        raise InputError(problems)
    (film, film_map), (layout, layout_map), lpath = inputs
    shop, intent = shop_intent
    progress(f"loaded {display_path(req.data)}, layout {layout.name}, shop {shop.name}")
    diags = Collector()
    settings = PrintSettings(shop.bleed, max(shop.safe, layout.safe), shop.marks, shop.min_ppi_for(*layout.size))
    plan = compose(film, layout, req.lang, film_map, layout_map, diags, settings)
    diags.raise_if_any()
    profile = str(req.icc) if req.icc else shop.output_profile
    pdf = render(plan, ImageSettings(profile, shop.max_ppi, shop.target_ppi))
    meta = Meta(plan.title, plan.author, plan.subject, req.lang, plan.keywords)
    pdf = finish(pdf, flavour=shop.pdfx, meta=meta, intent=intent, when=source_date([req.data, lpath]))
    target = req.out / f"{film.id}-{layout.name}-{req.lang}.pdf"
    proofs: list[Path] = []
    if req.proof:
        from printprog.proof import page_pngs

        pngs = page_pngs(pdf, crop_to_trim=True)
        for n, png in enumerate(pngs, 1):
            p = target.with_name(f"{target.stem}-p{n}.png")
            write_atomic(p, png)
            proofs.append(p)
    write_atomic(target, pdf)
    return Output(target, len(plan.pages), len(pdf), tuple(proofs))
