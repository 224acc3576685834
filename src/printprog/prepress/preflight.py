"""Preflight: check a finished PDF against a shop profile, independently of how it was made.

Each rule is a small function over the records of `pdfscan.scan` (and the pikepdf document)
that returns one failing Finding per problem, or exactly one passing Finding, so a report
always lists every rule. "Checked against these rules" is what a pass means, not "certified".
"""

from __future__ import annotations

import io
import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

import pikepdf

from printprog.load.shop import Shop
from printprog.prepress import pdfscan
from printprog.prepress.inkmemo import kept_ink
from printprog.prepress.inks import inks
from printprog.prepress.overprint import black_text_overprints, k_only
from printprog.prepress.pdfscan import Box, ColourSpace, Scan, overlaps
from printprog.prepress.scan.integrity import qpdf_check
from printprog.prepress.scan.limits import MAX_SMALL_BYTES, read_small
from printprog.prepress.scan.metadata import pdf_date, same_instant, xmp_date

FLAVOURS = {"x4": "PDF/X-4", "x1a": "PDF/X-1a:2003"}
MAX_VERSION = {"x4": (1, 6), "x1a": (1, 4)}
TOL = 0.01  # pt


@dataclass(frozen=True)
class Finding:
    rule: str
    ok: bool
    message: str
    page: int | None = None  # 1-based; None = the whole document

    def line(self) -> str:
        where = f" p{self.page}" if self.page is not None else ""
        return f"{'ok  ' if self.ok else 'FAIL'} {self.rule}{where}: {self.message}"


@dataclass(frozen=True)
class Report:
    file: str
    flavour: str
    findings: tuple[Finding, ...]
    colours: str = ""  # the inks used (prepress.inks), for the job sheet

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    @property
    def failures(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.ok)

    def failed(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule and not f.ok]

    def format_text(self) -> str:
        lines = [f.line() for f in self.findings]
        rules = list(dict.fromkeys(f.rule for f in self.findings))
        bad = list(dict.fromkeys(f.rule for f in self.failures))
        flavour = FLAVOURS.get(self.flavour, self.flavour)
        if bad:
            lines.append(f"{self.file}: {len(self.failures)} problem(s) in {len(bad)} of {len(rules)} rules "
                         f"({flavour}): {', '.join(bad)}")
        else:
            lines.append(f"{self.file}: passed all {len(rules)} rules checked for {flavour}")
        return "\n".join(lines)

    def to_json(self) -> str:
        data = {"file": self.file, "flavour": self.flavour, "ok": self.ok,
                "findings": [asdict(f) for f in self.findings]}
        return json.dumps(data, ensure_ascii=False, indent=2)


Rule = Callable[[Scan, pikepdf.Pdf, Shop], list[Finding]]
RULES: dict[str, Rule] = {}


Problems = list[tuple[int | None, str]]  # (page, message)


def rule(name: str) -> Callable[[Callable[[Scan, pikepdf.Pdf, Shop], tuple[Problems, str]]], Rule]:
    """Register a rule under `name`. The function returns (problems, ok_message): one failing
    Finding is made per distinct problem, or the single passing Finding when there are none."""

    def register(fn: Callable[..., Any]) -> Rule:
        def run(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> list[Finding]:
            problems, ok_message = fn(scan, pdf, shop)
            if not problems:
                return [Finding(name, True, ok_message)]
            unique = dict.fromkeys((page, msg) for page, msg in problems)
            return [Finding(name, False, msg, page) for page, msg in unique]

        run.__name__ = run.__qualname__ = fn.__name__
        run.__doc__ = fn.__doc__
        RULES[name] = run
        return run

    return register


# ---------------------------------------------------------------- helpers

def _num(v: float, nd: int = 2) -> str:
    s = f"{v:.{nd}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _mm(points: float) -> str:
    return _num(points * 25.4 / 72, 1)


def _colour(space: ColourSpace, colour: tuple[float, ...]) -> str:
    if space.family == "DeviceCMYK" and len(colour) == 4:
        return " ".join(f"{ch}{_num(v * 100, 1)}" for ch, v in zip("CMYK", colour, strict=False))
    if space.family == "DeviceGray" and colour:
        return f"gray {_num(colour[0], 3)} (K{_num((1 - colour[0]) * 100, 1)})"
    return f"{space.label} {' '.join(_num(v, 3) for v in colour)}"


def _quote(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    return f"'{text[:limit]}…'" if len(text) > limit else f"'{text}'"


def _inside(inner: Box, outer: Box, tol: float = TOL) -> bool:
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def _sticks_out(inner: Box, outer: Box) -> str:
    sides = {"left": outer[0] - inner[0], "bottom": outer[1] - inner[1],
             "right": inner[2] - outer[2], "top": inner[3] - outer[3]}
    return ", ".join(f"{_mm(d)} mm {s}" for s, d in sides.items() if d > TOL)


def _fmt_box(b: Box) -> str:
    return "[" + " ".join(_num(v) for v in b) + "]"


def _version(v: Any) -> tuple[int, int]:
    m = re.match(r"/?(\d+)\.(\d+)", str(v))
    return (int(m[1]), int(m[2])) if m else (0, 0)


def _text(obj: Any) -> str | None:
    if obj is None:
        return None
    try:
        return str(obj)
    except (ValueError, UnicodeDecodeError):
        return None


# ---------------------------------------------------------------- 1-2: PDF/X identity and output intent

@rule("pdfx-version")
def pdfx_version(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Header version and the PDF/X identification keys of the shop's flavour."""
    want, limit = FLAVOURS[shop.pdfx], MAX_VERSION[shop.pdfx]
    problems: Problems = []
    version = _version(pdf.pdf_version)
    if version > limit:
        problems.append((None, f"PDF version {pdf.pdf_version} is above {limit[0]}.{limit[1]}, the most {want} allows"))
    if "/Version" in pdf.Root and _version(pdf.Root.Version) > limit:
        problems.append((None, f"catalog /Version {pdf.Root.Version} is above {limit[0]}.{limit[1]} ({want})"))
    info: Any = pdf.trailer.get("/Info", pikepdf.Dictionary())
    info_version = _text(info.get("/GTS_PDFXVersion"))
    xmp_version = (scan.xmp or {}).get("pdfxid:GTS_PDFXVersion")
    if shop.pdfx == "x4":
        if scan.xmp is None:
            problems.append((None, "no XMP metadata stream: PDF/X-4 is identified by pdfxid:GTS_PDFXVersion in XMP"))
        elif xmp_version != want:
            problems.append((None, f"XMP pdfxid:GTS_PDFXVersion is {xmp_version!r}, expected {want!r}"))
        if info_version is not None and info_version != want:
            problems.append((None, f"Info GTS_PDFXVersion is {info_version!r}, contradicting {want!r}"))
    else:
        if info_version != want:
            problems.append((None, f"Info GTS_PDFXVersion is {info_version!r}, expected {want!r}"))
        conformance = _text(info.get("/GTS_PDFXConformance"))
        if conformance != want:
            problems.append((None, f"Info GTS_PDFXConformance is {conformance!r}, expected {want!r}"))
        if xmp_version is not None and xmp_version != want:
            problems.append((None, f"XMP pdfxid:GTS_PDFXVersion is {xmp_version!r}, contradicting {want!r}"))
    return problems, f"{want}, PDF {pdf.pdf_version}"


def _icc_header(profile: Any) -> tuple[str, str, int, int]:
    data = read_small(profile)
    if data is None:
        return "", "", 0, -1
    head = data[:128]
    size = int.from_bytes(head[0:4], "big") if len(head) >= 4 else 0
    return head[12:16].decode("latin-1"), head[16:20].decode("latin-1"), size, len(data)


@rule("output-intent")
def output_intent(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Exactly one GTS_PDFX OutputIntent, naming a condition and (X-4) embedding a CMYK printer profile."""
    intents = [oi for oi in pdf.Root.get("/OutputIntents", []) if oi.get("/S") == pikepdf.Name.GTS_PDFX]
    problems: Problems = []
    if len(intents) != 1:
        problems.append((None, f"{len(intents)} OutputIntents with /S /GTS_PDFX, expected exactly one"))
        return problems, ""
    oi = intents[0]
    condition = _text(oi.get("/OutputConditionIdentifier"))
    if not condition:
        problems.append((None, "the OutputIntent has no OutputConditionIdentifier"))
    profile = oi.get("/DestOutputProfile")
    if profile is None:
        if shop.pdfx == "x4":
            problems.append((None, "no DestOutputProfile: PDF/X-4 requires the output ICC profile to be embedded"))
        return problems, f"{condition} (registered condition, no embedded profile)"
    cls, space, size, length = _icc_header(profile)
    if cls != "prtr":
        problems.append((None, f"the output profile's class is {cls!r}, not 'prtr' (an output/printer profile)"))
    if space != "CMYK":
        problems.append((None, f"the output profile's colour space is {space.strip()!r}, not 'CMYK'"))
    if int(profile.get("/N", 0)) != 4:
        problems.append((None, f"the output profile stream has /N {profile.get('/N')}, expected 4"))
    if length < 0:
        problems.append((None, f"the output profile decodes to more than {MAX_SMALL_BYTES >> 20} MB"))
    elif size != length:
        problems.append((None, f"the output profile is damaged: header says {size} bytes, stream has {length}"))
    return problems, f"{condition}, embedded profile {cls!r} {space!r} ({length} bytes)"


# ---------------------------------------------------------------- 3: page boxes

@rule("boxes")
def boxes(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """TrimBox (or ArtBox, not both) and BleedBox on every page; MediaBox ⊇ BleedBox ⊇ TrimBox."""
    problems: Problems = []
    for p in scan.pages:
        media, bleed, trim, art = (p.boxes[k] for k in ("/MediaBox", "/BleedBox", "/TrimBox", "/ArtBox"))
        if trim is None and art is None:
            problems.append((p.number, "no TrimBox (nor ArtBox): the shop cannot tell the final size"))
        if trim is not None and art is not None:
            problems.append((p.number, "both TrimBox and ArtBox are set; PDF/X wants one of them"))
        if bleed is None:
            problems.append((p.number, "no BleedBox"))
        if media is None:
            problems.append((p.number, "no MediaBox"))
            continue
        final = trim or art
        if bleed is not None and not _inside(bleed, media):
            problems.append((p.number, f"BleedBox {_fmt_box(bleed)} is not inside the MediaBox {_fmt_box(media)} "
                                       f"(sticks out {_sticks_out(bleed, media)})"))
        if final is not None:
            outer, outer_name = (bleed, "BleedBox") if bleed is not None else (media, "MediaBox")
            name = "TrimBox" if trim is not None else "ArtBox"
            if not _inside(final, outer):
                problems.append((p.number, f"{name} {_fmt_box(final)} is not inside the {outer_name} "
                                           f"{_fmt_box(outer)} (sticks out {_sticks_out(final, outer)})"))
    first = scan.pages[0].trim if scan.pages else None
    size = f"trim {_mm(first[2] - first[0])} × {_mm(first[3] - first[1])} mm" if first else "no pages"
    return problems, f"{len(scan.pages)} page(s), {size}, MediaBox ⊇ BleedBox ⊇ TrimBox"


# ---------------------------------------------------------------- 4: fonts

@rule("fonts-embedded")
def fonts_embedded(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Every font reachable from the pages is embedded (Type3 fonts are their own glyphs)."""
    problems: Problems = []
    for f in scan.fonts:
        if not pdfscan.font_is_embedded(f.obj):
            base = str(f.obj.get("/BaseFont", "?"))[1:]
            std = " (a standard-14 font: still must be embedded)" if base in pdfscan.STD14 else ""
            where = "" if f.where == "page" else f" in {f.where}"
            problems.append((f.page, f"font {f.name} ({base}){where} is not embedded{std}"))
    return problems, f"{len(scan.fonts)} font(s), all embedded"


# ---------------------------------------------------------------- 5-6: colour and transparency

def _space_problem(space: ColourSpace, flavour: str, role: str = "") -> str | None:
    """Why a colour space is not allowed in this flavour, or None."""
    fam = space.family
    if fam in ("DeviceCMYK", "DeviceGray"):
        return None
    if fam == "ICCBased":
        if flavour == "x4" and space.n in (1, 4):
            return None
        return f"{space.label}{role} is not allowed in {FLAVOURS[flavour]}"
    if fam in ("Separation", "DeviceN"):
        alt = space.base
        if alt is None:
            return f"{space.label} has no alternate space"
        if flavour == "x1a" and alt.family not in ("DeviceCMYK", "DeviceGray"):
            return f"{space.label}: the alternate must be DeviceCMYK or DeviceGray in PDF/X-1a"
        return _space_problem(alt, flavour, f" (alternate of {space.label})")
    if fam in ("Indexed", "Pattern"):
        return None if space.base is None else _space_problem(space.base, flavour, f" (base of {fam})")
    return f"{space.label}{role} is not allowed in {FLAVOURS[flavour]}"


@rule("colour-spaces")
def colour_spaces(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Only CMYK, gray, Separation/DeviceN (and ICC N=1/4 in X-4) in every stream, image, shading, group."""
    problems: Problems = []
    for use in scan.colour_uses.values():
        why = _space_problem(use.space, shop.pdfx)
        if why:
            problems.append((use.page, f"{use.where}: {why}"))
    used = sorted({u.space.label for u in scan.colour_uses.values()})
    return problems, f"uses {', '.join(used) or 'no colour operators'}"


def _below_one(v: Any) -> bool:
    try:
        return float(v) < 1
    except (TypeError, ValueError):
        return False


@rule("transparency")
def transparency(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """PDF/X-1a: no soft masks, groups, constant alpha or blend modes. PDF/X-4 allows them."""
    if shop.pdfx != "x1a":
        return [], f"transparency allowed in {FLAVOURS[shop.pdfx]}"
    problems: Problems = []
    for g in scan.gstates_used:
        egs, where = g.obj, f"ExtGState {g.name}" + ("" if g.where == "page" else f" in {g.where}")
        smask = egs.get("/SMask")
        if smask is not None and smask != pikepdf.Name.None_:
            problems.append((g.page, f"{where} sets a soft mask (SMask)"))
        for key in ("/CA", "/ca"):
            if _below_one(egs.get(key, 1)):
                problems.append((g.page, f"{where} sets {key[1:]} {_num(float(egs[key]), 3)} (constant alpha below 1)"))
        bm = egs.get("/BM")
        modes = [str(m) for m in (bm if isinstance(bm, pikepdf.Array) else [bm] if bm is not None else [])]
        if any(m not in ("/Normal", "/Compatible") for m in modes):
            problems.append((g.page, f"{where} sets blend mode {' '.join(modes)}"))
    for img in scan.images:
        d = img.obj.obj if img.inline else img.obj
        if "/SMask" in d or int(d.get("/SMaskInData", 0)) > 0:
            problems.append((img.page, f"image {img.name} has a soft mask (SMask)"))
    for grp in scan.groups:
        if grp.obj.get("/S") == pikepdf.Name.Transparency:
            problems.append((grp.page, f"{grp.where} is a transparency group (/Group /S /Transparency)"))
    return problems, "no transparency (PDF/X-1a)"


# ---------------------------------------------------------------- 7-8: images and ink

def _ppi(v: float) -> str:
    return str(math.floor(v + 1e-6)) if math.isfinite(v) else "unlimited"  # 249.7 is "249", never "250"


def min_ppi(shop: Shop, page: pdfscan.PageInfo) -> float:
    """The shop's lowest resolution for this page (lower for large formats, when the shop says so)."""
    trim = page.trim or page.boxes["/MediaBox"]
    for_size = getattr(shop, "min_ppi_for", None)
    return float(for_size(trim[2] - trim[0], trim[3] - trim[1])) if for_size and trim else shop.min_ppi


@rule("image-resolution")
def image_resolution(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Effective ppi of every image placement (pixels per placed inch, the smaller axis)."""
    problems: Problems = []
    for img in scan.images:
        limit = min_ppi(shop, scan.pages[img.page - 1])
        if img.ppi < limit:
            where = "" if img.where == "page" else f" in {img.where}"
            large = "" if limit == shop.min_ppi else " for a page this large"
            problems.append((img.page, f"image {img.name}{where} is {_ppi(img.ppi)} ppi effective "
                                       f"(shop minimum {_num(limit)}{large})"))
    if not scan.images:
        return problems, "no images"
    low = min(scan.images, key=lambda i: i.ppi)
    return problems, f"{len(scan.images)} image placement(s), lowest {_ppi(low.ppi)} ppi ({low.name}, p{low.page})"


def _paints(scan: Scan) -> list[tuple[int, str, ColourSpace, tuple[float, ...], Box | None]]:
    """(page, what, space, colour, bbox) for every painted colour: path fills and strokes, text."""
    out = [(p.page, f"{p.op} {p.where}" if p.where != "page" else p.op, p.space, p.colour, p.bbox)
           for p in scan.paths]
    for t in scan.texts:
        if t.visible:
            out += [(t.page, f"text {_quote(t.text, 20)}", cs, c, t.bbox) for cs, c in t.paints]
    return out


def is_press_sheet(scan: Scan, page: int) -> bool:
    """A press sheet: the BleedBox is the whole MediaBox (no room for marks outside it) and the page
    draws other pages as form XObjects. Its cut marks lie between the placed pages."""
    info = scan.pages[page - 1]
    media, bleed = info.boxes["/MediaBox"], info.bleed
    return bool(media and bleed and _inside(media, bleed) and any(p == page for p, _ in scan.placed))


def on_product(scan: Scan, page: int, bbox: Box) -> bool:
    """Whether bbox touches what will be the product: the BleedBox, or on a press sheet a placed page."""
    if is_press_sheet(scan, page):
        return any(p == page and overlaps(bbox, box) for p, box in scan.placed)
    bleed = scan.pages[page - 1].bleed
    return bleed is not None and overlaps(bbox, bleed)


def _shading_inks(scan: Scan) -> list[tuple[int, str, float]]:
    """Ink at both ends of shadings with an exponential (type 2) function; others are not sampled."""
    out = []
    for sh in scan.shadings:
        fn = sh.obj.get("/Function")
        if isinstance(fn, pikepdf.Dictionary) and int(fn.get("/FunctionType", -1)) == 2:
            for key, default in (("/C0", [0.0]), ("/C1", [1.0])):
                value = pdfscan.ink(sh.space, [float(v) for v in fn.get(key, default)])
                if value is not None:
                    out.append((sh.page, f"shading {sh.name}", float(value)))
    return out


def _image_ink_p999(img: Any) -> float | None:
    tac = pdfscan.image_ink(img)
    if tac is None or tac.size == 0:
        return None
    import numpy as np  # only pages with pictures need it

    return float(np.percentile(tac, 99.9))


@rule("ink-coverage")
def ink_coverage(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Total area coverage of every painted colour and every image (99.9th percentile) within the limit."""
    over: list[tuple[float, int, str]] = []
    worst: tuple[float, str] = (0.0, "nothing painted")
    for page, what, space, colour, bbox in _paints(scan):
        if space.is_registration:
            if bbox is not None and on_product(scan, page, bbox):
                where = "on a placed page" if is_press_sheet(scan, page) else "inside the bleed box"
                over.append((1e9, page, f"registration colour (Separation /All) {where}: {what} at {_fmt_box(bbox)}"))
            continue
        value = pdfscan.ink(space, colour) if len(colour) == space.n else None
        if value is None:
            continue
        desc = f"{what} {_colour(space, colour)} = {_num(float(value), 1)}%"
        worst = max(worst, (float(value), f"{desc} (p{page})"))
        if value > shop.tac + 1e-6:
            over.append((float(value), page, f"{desc} total ink (shop limit {_num(shop.tac)}%)"))
    for page, what, value in _shading_inks(scan):
        worst = max(worst, (value, f"{what} = {_num(value, 1)}% (p{page})"))
        if value > shop.tac + 1e-6:
            over.append((value, page, f"{what} reaches {_num(value, 1)}% total ink (shop limit {_num(shop.tac)}%)"))
    cache: dict[Any, float | None] = {}
    for img in scan.images:
        key = id(img.obj) if img.inline else img.obj.objgen
        if key not in cache:
            try:  # measured once per picture, kept by its content (every flyer of a batch, the next build)
                cache[key] = kept_ink(img, _image_ink_p999)
            except Exception as e:  # an image we cannot decode is reported, not fatal
                over.append((0.0, img.page, f"image {img.name} cannot be decoded to measure its ink ({e})"))
                cache[key] = None
        value = cache[key]
        if value is None:
            continue
        desc = f"image {img.name} reaches {_num(value, 1)}% total ink (99.9th percentile)"
        worst = max(worst, (value, f"{desc} (p{img.page})"))
        if value > shop.tac + 1e-6:
            over.append((value, img.page, f"{desc}, shop limit {_num(shop.tac)}%"))
    over.sort(key=lambda o: -o[0])  # the worst first
    return [(page, msg) for _, page, msg in over], f"max {_num(worst[0], 1)}%: {worst[1]} (limit {_num(shop.tac)}%)"


# ---------------------------------------------------------------- 9-11: text

@rule("small-text-k-only")
def small_text_k_only(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Text below shop.k_only_below is painted in K only (gray, or CMYK with C=M=Y=0)."""
    groups: dict[tuple[int, str], list[Any]] = {}
    small = 0
    for t in scan.texts:
        if not t.visible or t.size_eff >= shop.k_only_below - 1e-6:
            continue
        small += 1
        for space, colour in t.paints:
            if not k_only(space, colour):
                groups.setdefault((t.page, _colour(space, colour)), []).append(t)
    problems: Problems = []
    for (page, label), texts in groups.items():
        first = texts[0]
        more = f" (and {len(texts) - 1} more run(s))" if len(texts) > 1 else ""
        problems.append((page, f"text {_quote(first.text)} at {_num(first.size_eff)} pt{more} is {label}, "
                               f"not K only (text below {_num(shop.k_only_below)} pt)"))
    return problems, f"{small} text run(s) below {_num(shop.k_only_below)} pt, all K only"


@rule("overprint")
def overprint(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """100 % K text overprints when the shop asks for it (shop.overprint_black)."""
    return black_text_overprints(scan, shop)


@rule("min-font-size")
def min_font_size(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Effective text size at least shop.min_font."""
    problems: Problems = []
    visible = [t for t in scan.texts if t.visible]
    groups: dict[tuple[int, str], list[Any]] = {}
    for t in visible:
        if t.size_eff < shop.min_font - 1e-6:
            groups.setdefault((t.page, _num(t.size_eff)), []).append(t)
    for (page, size), texts in groups.items():
        more = f", and {len(texts) - 1} more run(s) at this size" if len(texts) > 1 else ""
        problems.append((page, f"text {_quote(texts[0].text)} is {size} pt{more} "
                               f"(shop minimum {_num(shop.min_font)} pt)"))
    if not visible:
        return problems, "no text"
    return problems, f"smallest text {_num(min(t.size_eff for t in visible))} pt (minimum {_num(shop.min_font)} pt)"


@rule("safe-zone")
def safe_zone(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Every glyph box lies inside the TrimBox inset by shop.safe (images and fills are exempt)."""
    problems: Problems = []
    for t in scan.texts:
        trim = scan.pages[t.page - 1].trim
        if not t.visible or t.bbox is None or trim is None:
            continue
        s = shop.safe
        safe = (trim[0] + s, trim[1] + s, trim[2] - s, trim[3] - s)
        if not overlaps(t.bbox, trim, 0.0):
            problems.append((t.page, f"text {_quote(t.text)} lies outside the TrimBox, at {_fmt_box(t.bbox)}"))
        elif not _inside(t.bbox, safe):
            problems.append((t.page, f"text {_quote(t.text)} crosses the {_mm(s)} mm safe zone "
                                     f"({_sticks_out(t.bbox, safe)} beyond it)"))
    return problems, f"all text at least {_mm(shop.safe)} mm inside the trim"


# ---------------------------------------------------------------- 12: lines

@rule("line-width")
def line_width(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Stroked lines at least shop.min_line wide (crop marks in registration outside the bleed exempt)."""
    problems: Problems = []
    widths = []
    for p in scan.paths:
        if p.op != "stroke":
            continue
        if p.space.is_registration and p.bbox is not None and not on_product(scan, p.page, p.bbox):
            continue  # a crop mark
        widths.append(p.line_width_eff)
        if p.line_width_eff < shop.min_line - 1e-6:  # 0 w is a device hairline: too thin to print
            where = "" if p.where == "page" else f" in {p.where}"
            at = f" at {_fmt_box(p.bbox)}" if p.bbox else ""
            problems.append((p.page, f"stroke {_num(p.line_width_eff, 3)} pt wide{where}{at} "
                                     f"(shop minimum {_num(shop.min_line)} pt)"))
    if not widths:
        return problems, "no stroked lines (crop marks aside)"
    return problems, f"{len(widths)} stroke(s), thinnest {_num(min(widths), 3)} pt (minimum {_num(shop.min_line)} pt)"


# ---------------------------------------------------------------- 13: metadata

@rule("metadata")
def metadata(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """Info Title and dates, trailer /ID, Trapped; for X-4 the XMP identifiers and matching dates."""
    problems: Problems = []
    info = pdf.trailer.get("/Info", pikepdf.Dictionary())
    if not _text(info.get("/Title")):
        problems.append((None, "Info has no Title"))
    dates = {}
    for key in ("/CreationDate", "/ModDate"):
        raw = _text(info.get(key))
        dates[key] = pdf_date(raw)
        if raw is None:
            problems.append((None, f"Info has no {key[1:]}"))
        elif dates[key] is None:
            problems.append((None, f"Info {key[1:]} {raw!r} is not a PDF date"))
    ids = pdf.trailer.get("/ID")
    if not isinstance(ids, pikepdf.Array) or len(ids) != 2:
        problems.append((None, "the trailer has no /ID"))
    trapped = info.get("/Trapped")
    if not isinstance(trapped, pikepdf.Name) or str(trapped) not in ("/True", "/False"):
        shown = ("missing" if trapped is None else f"the name {trapped}" if isinstance(trapped, pikepdf.Name)
                 else f"{getattr(trapped, '_type_name', type(trapped).__name__).lower()} {_text(trapped)!r}")
        problems.append((None, f"Info Trapped is {shown}, expected the name /True or /False"))
    xmp = scan.xmp
    if xmp is not None:
        xmp_trapped = xmp.get("pdf:Trapped")
        if xmp_trapped is not None and isinstance(trapped, pikepdf.Name) and xmp_trapped != str(trapped)[1:]:
            problems.append((None, f"XMP pdf:Trapped is {xmp_trapped!r} but Info Trapped is {trapped}"))
    if shop.pdfx == "x4" and xmp is None:
        problems.append((None, "no XMP metadata stream (PDF/X-4 requires one)"))
    elif shop.pdfx == "x4" and xmp is not None:
        required = ("xmpMM:DocumentID", "xmpMM:RenditionClass", "xmp:CreateDate", "xmp:ModifyDate", "dc:title")
        for key in required:
            if not xmp.get(key):
                problems.append((None, f"XMP has no {key}"))
        if not (xmp.get("xmpMM:InstanceID") or xmp.get("xmpMM:VersionID")):
            problems.append((None, "XMP has neither xmpMM:InstanceID nor xmpMM:VersionID"))
    if xmp:
        for info_key, xmp_key in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
            a, raw = dates.get(info_key), xmp.get(xmp_key)
            b = xmp_date(raw)
            if raw and b is None:
                problems.append((None, f"XMP {xmp_key} {raw!r} is not an ISO 8601 date"))
            elif a is not None and b is not None and not same_instant(a, b):
                problems.append((None, f"XMP {xmp_key} {raw} and Info {info_key[1:]} "
                                       f"{_text(info.get(info_key))} are different instants"))
    return problems, f"Title, dates, /ID, Trapped {trapped}" + (", XMP consistent" if xmp else "")


# ---------------------------------------------------------------- 14-15: forbidden things, syntax

_FORBIDDEN_ANNOTS = {"Movie", "Sound", "Screen", "3D", "RichMedia", "FileAttachment"}


def _javascript(action: Any, depth: int = 0, seen: set[tuple[int, int]] | None = None) -> bool:
    if not isinstance(action, pikepdf.Dictionary) or depth > 16:
        return False
    seen = set() if seen is None else seen
    if action.objgen != (0, 0):
        if action.objgen in seen:  # /Next chains may share actions: a DAG of them is exponential
            return False
        seen.add(action.objgen)
    if action.get("/S") == pikepdf.Name.JavaScript:
        return True
    nxt = action.get("/Next")
    return any(_javascript(a, depth + 1, seen) for a in (nxt if isinstance(nxt, pikepdf.Array) else [nxt]))


@rule("forbidden")
def forbidden(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """No encryption, JavaScript, actions, embedded files, multimedia, OPI or transfer functions."""
    problems: Problems = []
    root = pdf.Root
    if pdf.is_encrypted:
        problems.append((None, "the file is encrypted"))
    names: Any = root.get("/Names", pikepdf.Dictionary())
    if "/JavaScript" in names:
        problems.append((None, "document-level JavaScript (Names /JavaScript)"))
    if "/EmbeddedFiles" in names:
        problems.append((None, "embedded files (Names /EmbeddedFiles)"))
    if _javascript(root.get("/OpenAction")):
        problems.append((None, "JavaScript in the OpenAction"))
    if "/AA" in root:
        problems.append((None, "document additional actions (AA)"))
    for p in scan.pages:
        if "/AA" in p.obj:
            problems.append((p.number, "page additional actions (AA)"))
    for a in scan.annots:
        if a.name in _FORBIDDEN_ANNOTS:
            problems.append((a.page, f"{a.name} annotation"))
        if _javascript(a.obj.get("/A")):
            problems.append((a.page, f"JavaScript action on a {a.name} annotation"))
        if "/AA" in a.obj:
            problems.append((a.page, f"additional actions (AA) on a {a.name} annotation"))
    for form in scan.forms:
        if "/OPI" in form.obj:
            problems.append((form.page, f"OPI link in form {form.name}"))
    for img in scan.images:
        if not img.inline and "/OPI" in img.obj:
            problems.append((img.page, f"OPI link in image {img.name}"))
    for g in scan.gstates:
        for key in ("/TR", "/TR2"):
            if key in g.obj and g.obj[key] != pikepdf.Name.Default:
                problems.append((g.page, f"ExtGState {g.name} sets a transfer function ({key[1:]})"))
    return problems, "no encryption, JavaScript, embedded files, multimedia, OPI or transfer functions"


@rule("syntax")
def syntax(scan: Scan, pdf: pikepdf.Pdf, shop: Shop) -> tuple[Problems, str]:
    """qpdf finds the file sound, every content stream parses, and the file is within the scan's bounds."""
    problems: Problems = [(None, f"qpdf: {m}") for m in qpdf_check(pdf)]
    problems += list(scan.errors)
    if scan.stopped:
        problems.append((None, scan.stopped))
    return problems, f"qpdf check clean, {scan.streams} content stream(s) interpreted"


# ---------------------------------------------------------------- entry point

class NotAPDF(ValueError):
    """The input is not a PDF at all (no %PDF- header): a usage problem, not a preflight failure."""


def check(path_or_bytes: str | Path | bytes, shop: Shop) -> Report:
    """Preflight a finished PDF against a shop profile.

    Raises NotAPDF when the input has no PDF header. A hostile PDF cannot make this hang or run
    out of memory: the scan stops at the bounds in `prepress.scan.limits` and says so (a finding)."""
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    name = "<bytes>" if isinstance(path_or_bytes, bytes) else str(path_or_bytes)
    if b"%PDF-" not in data[:1024]:  # readers allow junk before the header, within the first 1 KB
        what = "an empty file" if not data else "no %PDF- header in its first 1024 bytes"
        raise NotAPDF(f"{name}: not a PDF ({what})")
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return Report(name, shop.pdfx, (Finding("forbidden", False, "the file is encrypted with a password"),))
    except pikepdf.PdfError as e:
        message = re.sub(r"^(stream )?<_io\.BytesIO object at 0x[0-9a-fA-F]+>:?\s*", "", str(e)) or type(e).__name__
        return Report(name, shop.pdfx, (Finding("syntax", False, f"not a readable PDF: {message}"),))
    with pdf:
        scan = pdfscan.scan(pdf)
        findings: list[Finding] = []
        for rule_name, fn in RULES.items():
            try:
                findings += fn(scan, pdf, shop)
            except pikepdf.PdfError as e:  # a damaged object: report it, check the rest
                findings.append(Finding(rule_name, False, f"cannot be checked, the file is damaged: {e}"))
    return Report(name, shop.pdfx, tuple(findings), inks(scan))
