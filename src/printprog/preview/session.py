"""One warm process for the editing loop: inputs parsed once, only what changed composed again.

The stages are build.py's, called in its order; what the session adds is memory between builds:

- the film is parsed again only when its bytes change; the layouts, the shop and its output
  profile (and every other input: pictures, extended layouts) only when one of those changes,
  and then everything is forgotten (fonts and prepared pictures stay cached by their own modules);
- blocks are composed again only when a film field they read changed (`tracking.BlockCache`);
- an unchanged plan is not drawn again, and an unchanged page keeps its PNG.

None of it changes a byte of output: a warm build gives the cold build's PDF (tests/test_preview.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from printprog import build
from printprog.build import Job
from printprog.diagnostics import Collector, Diagnostic, InputError, SourceMap
from printprog.preview.pages import PageView, page_views
from printprog.preview.tracking import BlockCache, observed

if TYPE_CHECKING:
    from printprog.load.film import Film
    from printprog.load.layout import Layout
    from printprog.load.shop import Shop
    from printprog.prepress import Intent
    from printprog.plan import DocumentPlan, PagePlan

Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Product:
    format: str  # a layout name, or a layout file
    lang: str = "bg"

    @property
    def key(self) -> str:
        return re.sub(r"[^A-Za-z0-9_-]+", "_", f"{Path(self.format).stem}-{self.lang}")


@dataclass(frozen=True)
class Outline:
    """Where a problem is on the pages: diagnostic `diag`, page `page`, box as picture fractions."""

    diag: int
    page: int
    box: tuple[float, float, float, float]


@dataclass
class Outcome:
    product: Product
    ok: bool = False  # composed without errors and passed preflight: may be published
    pdf: bytes | None = None
    name: str = ""  # the file name a build would write (empty when unknown)
    venue: str | None = None  # a per-venue layout is previewed for its first venue
    pages: list[PageView] = field(default_factory=list)
    stale: bool = False  # pages are the last good ones, not of this build
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outlines: list[Outline] = field(default_factory=list)
    preflight: str = ""  # pass, fail, or empty: not checked (the build stopped before)
    findings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    times: dict[str, float] = field(default_factory=dict)  # seconds per stage: where the time goes

    def lap(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.times[stage] = self.times.get(stage, 0.0) + now - since
        return now


@dataclass
class _State:
    """What one product remembers between builds."""

    cache: BlockCache = field(default_factory=BlockCache)
    plan: DocumentPlan | None = None
    when: dt.datetime | None = None
    pdf: bytes = b""
    report: tuple[bool, list[str]] = (False, [])
    pages: list[tuple[PagePlan, PageView]] = field(default_factory=list)


class Session:
    def __init__(self, data: Path, products: list[Product], shop: str = "default", icc: Path | None = None,
                 pngs: bool = True) -> None:
        self.data, self.products, self.shop, self.icc, self.pngs = data, products, shop, icc, pngs
        self._stamps: dict[Path, tuple[tuple[int, int, int], str]] = {}  # path -> (stat, sha256)
        self._others = ""  # signature of every input but the film
        self._film: tuple[str, Film, Film, SourceMap] | None = None  # (sha256, film, observed, map)
        self._layouts: dict[str, tuple[Path, Layout, SourceMap]] = {}
        self._shop: tuple[Shop, Intent] | None = None
        self._states: dict[Product, _State] = {p: _State() for p in products}
        self._pictures: list[Path] = []  # the film's pictures, as of its last parse
        self._chains: dict[str, list[Path]] | None = None  # format -> layout file and what it extends
        self._shop_files: list[Path] = []
        self._shown: dict[Product, list[PageView]] = {}  # pages last drawn, kept through a reset

    # -- inputs -----------------------------------------------------------------------------
    def inputs(self) -> list[Path]:
        """The files a change of which calls for a rebuild (as of the last build)."""
        return list(dict.fromkeys([self.data, *self._pictures, *self._static()]))

    def _hash(self, path: Path) -> str:
        try:
            st = path.stat()
        except OSError:
            return "absent"
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        known = self._stamps.get(path)
        if known and known[0] == stamp:
            return known[1]
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = "unreadable"
        self._stamps[path] = (stamp, digest)
        return digest

    def _static(self) -> list[Path]:
        """Layout chains, shop file and output profile (what build.source_date counts but the film)."""
        if self._chains is None:
            from printprog.load import layout_files, load_shop, shop_path

            self._chains = {}
            for product in self.products:
                lpath = build.layout_path(product.format)
                try:
                    self._chains[product.format] = layout_files(lpath)
                except Exception:  # an unreadable layout: its loading reports why; watch the file
                    self._chains[product.format] = [lpath]
            shop_file = shop_path(self.shop)
            self._shop_files = [shop_file] if shop_file.is_file() else []
            try:
                self._shop_files.append(self.icc or build.asset_dir("icc") / load_shop(self.shop).output_profile)
            except Exception:  # reported by the build
                pass
        return [p for chain in self._chains.values() for p in chain] + self._shop_files

    def _refresh_others(self) -> None:
        """Forget everything parsed when any input but the film changed."""
        def signature() -> str:
            files = [*self._pictures, *self._static()]
            return hashlib.sha256("\n".join(f"{p}:{self._hash(p)}" for p in files).encode()).hexdigest()

        if signature() != self._others:
            self._chains = None  # an `extends:` may have changed
            self._others = signature()
            self._film, self._layouts, self._shop = None, {}, None
            self._states = {p: _State() for p in self.products}

    def _when(self, fmt: str) -> dt.datetime:
        """build.source_date for this product, from the files known (the same files, the same date)."""
        from printprog.inputs import source_date_epoch

        when = source_date_epoch()
        if when is not None:
            return when
        assert self._chains is not None
        paths = [self.data, self.data, *self._pictures, *self._chains[fmt], *self._shop_files]
        newest = max((int(p.stat().st_mtime) for p in paths if p.exists()), default=0)
        return dt.datetime.fromtimestamp(newest, dt.timezone.utc)

    def _load_film(self) -> tuple[Film, Film, SourceMap]:
        from printprog.load import load_film

        digest = self._hash(self.data)
        if self._film is None or self._film[0] != digest:
            film, fmap = load_film(self.data)
            pictures = [Path(image.file) for image in film.images.values()]
            if pictures != self._pictures:  # a new picture: watch it (and date the PDF by it)
                self._pictures = pictures
                self._refresh_others()
            self._stamps.pop(self.data, None)
            seen = observed(film)
            if self._hash(self.data) == digest:  # not changed while it was read: keep it
                self._film = (digest, film, seen, fmap)
            return film, seen, fmap
        return self._film[1], self._film[2], self._film[3]

    def _load_layout(self, fmt: str) -> tuple[Path, Layout, SourceMap]:
        from printprog.load import load_layout
        from printprog.text.fonts import font_names

        if fmt not in self._layouts:
            path = build.layout_path(fmt)
            if not path.is_file() and path.parent == build.asset_dir("layouts"):
                raise InputError([Diagnostic(f"unknown format {fmt!r}",
                                             hint=f"choose one of: {', '.join(build.layout_names())}")])
            if path.parent != build.asset_dir("layouts"):  # a layout of one's own may name its fonts
                from printprog.ownfonts import register_layout_fonts

                register_layout_fonts(path)
            self._layouts[fmt] = (path, *load_layout(path, font_names()))
        return self._layouts[fmt]

    # -- a build ----------------------------------------------------------------------------
    def build(self, product: Product, cancelled: Cancelled = lambda: False) -> Outcome | None:
        """One product, as `printprog build` would make it; None when `cancelled()` said stop."""
        start = time.perf_counter()
        out = self._build(product, cancelled)
        if out is not None:
            out.seconds = time.perf_counter() - start
        return out

    def _build(self, product: Product, cancelled: Cancelled) -> Outcome | None:
        self._refresh_others()
        out = Outcome(product, pages=self._shown.get(product, []), stale=True)  # the last good pages
        t = time.perf_counter()
        problems: list[Diagnostic] = []
        film = watched = fmap = layout = lmap = shop_intent = None
        lpath = build.layout_path(product.format)
        for step in ("film", "layout", "shop"):
            try:
                if step == "film":
                    film, watched, fmap = self._load_film()
                elif step == "layout":
                    lpath, layout, lmap = self._load_layout(product.format)
                else:
                    self._shop = self._shop or build.load_shop_intent(self.shop, self.icc)
                    shop_intent = self._shop
            except InputError as e:
                problems += e.diagnostics
        state = self._states.setdefault(product, _State())  # after loading: a change may have reset it
        if problems or film is None or watched is None or fmap is None or layout is None or lmap is None \
                or shop_intent is None:
            out.diagnostics = problems
            return out
        warnings = build.edition_warnings(film, fmap, product.lang)
        when = self._when(product.format)
        req = build.Request(product.format, self.data, product.lang, shop=self.shop, icc=self.icc)
        job = Job(req, film, fmap, layout, lmap, *shop_intent, when, tuple(warnings))
        if cancelled():
            return None
        t = out.lap("load", t)
        plan, diags = self._compose(job, watched, state, out)
        t = out.lap("compose", t)
        out.diagnostics = list(warnings) + [d for d in diags if d not in warnings]
        errors = any(d.severity != "warning" for d in diags)
        if cancelled():
            return None
        self._finish(job, plan, state, out, errors, cancelled)
        return None if cancelled() else out

    def _compose(self, job: Job, watched: Film, state: _State, out: Outcome) -> tuple[DocumentPlan, list[Diagnostic]]:
        from printprog.compose import compose
        from printprog.names import output_name, venue_slug

        film, fmap, venue, slug = watched, job.film_map, None, None
        if job.layout.per == "venue":
            used = {s.venue for s in job.film.screenings}
            first = next(v for v in job.film.venues if v.id in used)
            venue, slug = first.id, venue_slug(first.name.get("bg")[0], first.id)
            film, fmap = build.select_screenings(watched, fmap, lambda s: s.venue == venue)
        try:
            out.name = output_name(job.film.id, job.layout.name, job.req.lang, slug)
        except ValueError:
            out.name = ""
        out.venue = venue
        diags = Collector()
        state.cache.use(film)
        plan = compose(film, job.layout, job.req.lang, fmap, job.layout_map, diags, job.settings,
                       venue=venue, cache=state.cache)
        state.cache.use(job.film)  # stop observing
        return plan, diags.items

    def _finish(self, job: Job, plan: DocumentPlan, state: _State, out: Outcome, errors: bool,
                cancelled: Cancelled) -> None:
        from printprog.render import render

        if state.plan == plan and state.when == job.when and state.pdf:
            pdf, (ok, findings) = state.pdf, state.report  # nothing on the pages changed
        else:
            t = time.perf_counter()
            try:
                raw = render(plan, job.images)
            except InputError as e:
                out.diagnostics += e.diagnostics
                return
            except Exception:  # a plan with errors may not draw; its problems are reported
                if errors:
                    return
                raise
            if errors:
                self._draw_pages(raw, plan, job, state, out)
                out.outlines = outlines(out.diagnostics, plan, job.layout, out.pages)
                return
            t = out.lap("render", t)
            pdf = build.finish_job_from(job, plan, raw)
            if cancelled():
                return
            t = out.lap("finish", t)
            report = build.preflight(job, pdf)
            out.lap("preflight", t)
            ok, findings = report.ok, [f"{f.rule}: {f.message}" for f in report.findings if not f.ok]
            state.plan, state.when, state.pdf, state.report = plan, job.when, pdf, (ok, findings)
        if errors:
            return
        out.pdf, out.ok, out.preflight, out.findings = pdf, ok, "pass" if ok else "fail", findings
        self._draw_pages(pdf, plan, job, state, out)

    def _draw_pages(self, pdf: bytes, plan: DocumentPlan, job: Job, state: _State, out: Outcome) -> None:
        if not self.pngs:
            return
        t = time.perf_counter()
        state.pages = page_views(pdf, plan.pages, job.settings.safe, state.pages)
        out.lap("png", t)
        out.pages, out.stale = [v for _, v in state.pages], False
        self._shown[out.product] = out.pages


_BLOCK = re.compile(r"^pages\[(\d+)\]\.blocks\[(\d+)\]")
_REGION = re.compile(r"(\w+) block in region '([^']+)'")


def outlines(diags: list[Diagnostic], plan: DocumentPlan, layout: Layout, pages: list[PageView]) -> list[Outline]:
    """The region boxes of the blocks the problems are about (found by the layout path of the
    problem, or the `… block in region '…'` of its hint), as fractions of the page pictures."""
    out: list[Outline] = []
    for n, d in enumerate(diags):
        wanted: set[tuple[str, str, str | None]] = set()  # (block type, region, page name or any)
        m = _BLOCK.match(d.path)
        if m and int(m[1]) < len(layout.pages) and int(m[2]) < len(layout.pages[int(m[1])].blocks):
            page = layout.pages[int(m[1])]
            block = page.blocks[int(m[2])]
            wanted.add((block.type, block.region, page.name))
        for kind, region in _REGION.findall(d.hint):
            wanted.add((kind, region, None))
        for p, pg in enumerate(plan.pages[:len(pages)]):
            for pl in pg.placements:
                if any(pl.block == k and pl.region == r and (name is None or name == pg.name) for k, r, name in wanted):
                    out.append(Outline(n, p, pages[p].frac(pl.box)))
    return out
