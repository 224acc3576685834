"""Contact sheet of a build folder: one labelled thumbnail per PDF, as PNG and PDF, for people.

`layout()` measures everything (grid, tile rectangles, label strings) without rendering a page;
`contact_sheet()` renders the first page of every PDF with pypdfium2, cropped to its TrimBox, into
that layout. Thumbnails are rendered straight at their final size (no resampling), and every
string is drawn with a shipped TrueType font, so Cyrillic names render and the bytes depend only
on the folder's contents, the arguments and the library versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from PIL import Image, ImageDraw, ImageFont

from printprog.assets import asset_dir
from printprog.inputs import source_date_epoch
from printprog.proof import trim_in_view as _trim_in_view
from printprog.write import write_atomic

SHEET_NAME = "contact-sheet"
MANIFEST = "manifest.json"
MAX_COLUMNS = 8
PDF_DPI = 150  # the PDF page is the PNG at this resolution
MM = 25.4 / 72

# colours: a light neutral ground, grey frames, dark text, green/red only for verdicts
GROUND = (238, 238, 236)
FRAME = (150, 150, 148)
SHEET_BEHIND = (250, 250, 249)
INK = (34, 34, 34)
MUTED = (105, 105, 103)
FAINT = (160, 160, 158)
RULE = (205, 205, 202)
GREEN = (24, 128, 56)
GREEN_TINT = (222, 241, 228)
RED = (197, 34, 31)
RED_TINT = (252, 228, 226)
AMBER = (168, 92, 0)

Verdict = Literal["pass", "fail"]
Rect = tuple[int, int, int, int]  # left, top, right, bottom in pixels (right/bottom exclusive)


# ---------------------------------------------------------------------------------------------
# what is in the folder


@dataclass(frozen=True)
class Entry:
    """One PDF of the folder, as far as it could be read (error set = the tile says so)."""

    path: Path
    size_bytes: int
    pages: int = 0
    trim_pt: tuple[float, float] = (0.0, 0.0)  # first page, as displayed (after /Rotate)
    error: str | None = None
    venue: str | None = None
    verdict: Verdict | None = None
    failures: int | None = None  # failing preflight rules, when the manifest records them
    in_manifest: bool = False
    stale: bool = False  # the manifest's sha256 differs from the file's


def natural_key(name: str) -> tuple[Any, ...]:
    """`flyer-2` before `flyer-10`; case-insensitive, ties broken by the exact name."""
    parts = re.split(r"(\d+)", name.casefold())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p) + (name,)


def pdf_files(folder: Path, skip: tuple[str, ...] = ()) -> list[Path]:
    """The PDFs directly in `folder`, natural order, without hidden files and the sheet itself."""
    skipped = {f"{SHEET_NAME}.pdf", *skip}
    found = [p for p in folder.iterdir()
             if p.suffix.lower() == ".pdf" and not p.name.startswith(".")
             and p.name not in skipped and p.is_file()]
    return sorted(found, key=lambda p: natural_key(p.name))


def _verdict(value: Any) -> tuple[Verdict | None, int | None]:
    """A manifest's `preflight` as pass/fail: a bool, a word, or a preflight report (`ok`, findings)."""
    if isinstance(value, bool):
        return ("pass" if value else "fail"), None
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in {"pass", "passed", "ok", "true", "yes", "✓"}:
            return "pass", None
        if word in {"fail", "failed", "error", "false", "no", "✗"}:
            return "fail", None
        return None, None
    if isinstance(value, dict):
        ok = value.get("ok", value.get("passed"))
        if not isinstance(ok, bool):
            return None, None
        findings = value.get("findings")
        failures = None
        if isinstance(findings, list):
            failures = len({f.get("rule") for f in findings if isinstance(f, dict) and f.get("ok") is False})
        return ("pass" if ok else "fail"), (failures or None)
    return None, None


def read_manifest(folder: Path) -> tuple[dict[str, dict[str, Any]] | None, str | None]:
    """(records by file name, problem) from every manifest of the folder (one per batch:
    manifest-<format>-<lang>.json, or an older manifest.json); (None, None) when there is none."""
    paths = sorted(folder.glob("manifest-*.json")) + ([folder / MANIFEST] if (folder / MANIFEST).is_file() else [])
    if not paths:
        return None, None
    records: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            return {}, f"{path.name} unreadable: {e}"
        if isinstance(data, dict) and isinstance(data.get("files"), list):
            data = data["files"]
        if not isinstance(data, list):
            return {}, f"{path.name}: expected a list of records"
        for record in data:
            if isinstance(record, dict) and isinstance(record.get("file"), str):
                records[Path(record["file"]).name] = record
    return records, None


def _first_page(path: Path) -> tuple[int, tuple[float, float]]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        if len(doc) == 0:
            raise ValueError("the PDF has no pages")
        page = doc[0]
        try:
            _, _, w, h = _trim_in_view(page)
        finally:
            page.close()
        return len(doc), (w, h)
    finally:
        doc.close()


def _error_text(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return re.sub(r"\s+", " ", text)


def scan(folder: Path, skip: tuple[str, ...] = ()) -> tuple[list[Entry], str | None]:
    """Every PDF of the folder with its page count, trim size and manifest record; never raises
    for a broken PDF (its entry carries the error). Also returns a problem with the manifest."""
    files = pdf_files(folder, skip)
    if not files:
        raise ValueError(f"no PDF files in {folder}")
    records, problem = read_manifest(folder)
    entries = []
    for path in files:
        data = path.read_bytes()
        fields: dict[str, Any] = {"path": path, "size_bytes": len(data)}
        try:
            fields["pages"], fields["trim_pt"] = _first_page(path)
        except Exception as e:  # any unreadable file becomes a red tile
            fields["error"] = _error_text(e)
        if records is not None and path.name in records:
            record = records[path.name]
            venue = record.get("venue_name") or record.get("venue")  # the printed name, else the id
            fields["venue"] = str(venue) if venue not in (None, "") else None
            fields["verdict"], fields["failures"] = _verdict(record.get("preflight"))
            fields["in_manifest"] = True
            sha = record.get("sha256")
            fields["stale"] = isinstance(sha, str) and sha.lower() != hashlib.sha256(data).hexdigest()
        entries.append(Entry(**fields))
    if records is not None and problem is None:
        missing = sorted(set(records) - {p.name for p in files}, key=natural_key)
        if missing:
            problem = f"{MANIFEST} lists {len(missing)} missing file{'s' * (len(missing) != 1)}: " \
                      + ", ".join(missing)
    return entries, problem


# ---------------------------------------------------------------------------------------------
# geometry and labels


@dataclass(frozen=True)
class Geometry:
    """Pixel sizes of a sheet: margin + header + rows of cells + margin, across margin + columns.

    A cell is the box the pages are fitted into (as tight as the widest and tallest fitted page
    of the batch: a batch of portrait flyers needs no landscape-wide cells) over the label lines.
    """

    thumb: int  # the longer side of every page's thumbnail
    box_w: int
    box_h: int
    cell_w: int  # box_w, or wider when the labels need it
    lines: int  # label lines: 2, or 3 with a manifest
    margin: int
    gap_x: int
    gap_y: int
    header_h: int  # from the top margin to the first row, rule and space included
    label_gap: int  # box bottom to the first label line's top
    line_h: int
    name_px: int
    meta_px: int
    title_px: int
    sub_px: int
    stack: int  # offset of each sheet drawn behind a multi-page document

    @classmethod
    def for_batch(cls, thumb_px: int, fitted: list[tuple[int, int]], lines: int) -> Geometry:
        s = min(max(thumb_px / 300, 0.75), 1.75)  # text and spacing follow the thumbnail, within reason

        def px(v: float) -> int:
            return max(1, round(v * s))

        box_w = max((w for w, _ in fitted), default=thumb_px)
        box_h = max((h for _, h in fitted), default=thumb_px)
        return cls(thumb=thumb_px, box_w=box_w, box_h=box_h, cell_w=max(box_w, px(220)), lines=lines,
                   margin=px(40), gap_x=px(32), gap_y=px(36), header_h=px(92), label_gap=px(12),
                   line_h=px(20), name_px=px(15), meta_px=px(13), title_px=px(26), sub_px=px(14), stack=px(4))

    @property
    def cell_h(self) -> int:
        return self.box_h + self.label_gap + self.lines * self.line_h

    def size(self, n: int, columns: int) -> tuple[int, int]:
        rows = math.ceil(n / columns)
        w = 2 * self.margin + columns * self.cell_w + (columns - 1) * self.gap_x
        h = 2 * self.margin + self.header_h + rows * self.cell_h + (rows - 1) * self.gap_y
        return w, h


@dataclass(frozen=True)
class Tile:
    file: str
    cell: Rect  # the whole tile, thumbnail box and labels
    box: Rect  # the thumb_px square the page is fitted into
    image: Rect  # where the (trimmed) first page goes; for a broken file, the red panel
    labels: tuple[str, ...]  # name, size/pages/KiB, and venue/verdict when there is a manifest
    verdict: Verdict | None = None
    error: str | None = None
    pages: int = 0


@dataclass(frozen=True)
class Layout:
    size: tuple[int, int]
    columns: int
    geometry: Geometry
    title: str
    subtitle: str
    tiles: tuple[Tile, ...]
    notice: str | None = None  # a manifest problem, shown in the header
    has_manifest: bool = False


@cache
def font(px: int, weight: str = "400Regular") -> ImageFont.FreeTypeFont:
    path = asset_dir("fonts") / "sofia-sans" / f"SofiaSans_{weight}.ttf"
    # BASIC layout: the same glyph positions with or without libraqm installed
    return ImageFont.truetype(str(path), px, layout_engine=ImageFont.Layout.BASIC)


def _bold(px: int) -> ImageFont.FreeTypeFont:
    return font(px, "600SemiBold")


def ellipsize(text: str, f: ImageFont.FreeTypeFont, width: float, where: str = "middle") -> str:
    """`text`, shortened with … (in the middle keeps a file's number and extension) to fit."""
    if f.getlength(text) <= width:
        return text
    lo, hi = 0, len(text)
    best = "…"
    while lo <= hi:  # the longest cut that fits
        keep = (lo + hi) // 2
        if where == "middle":
            head = (keep + 1) // 2
            candidate = text[:head].rstrip() + "…" + text[len(text) - (keep - head):].lstrip() if keep else "…"
        else:
            candidate = text[:keep].rstrip() + "…"
        if f.getlength(candidate) <= width:
            best, lo = candidate, keep + 1
        else:
            hi = keep - 1
    return best


def mm(points: float) -> str:
    v = points * MM
    return f"{v:.0f}" if abs(v - round(v)) < 0.05 else f"{v:.1f}"


def kib(size: int) -> str:
    return f"{size / 1024:,.0f} KiB" if size >= 1024 else f"{size} B"


def meta_label(entry: Entry) -> str:
    if entry.error:
        return f"cannot open · {kib(entry.size_bytes)}"
    w, h = entry.trim_pt
    pages = "1 page" if entry.pages == 1 else f"{entry.pages} pages (+{entry.pages - 1})"
    return f"{mm(w)} × {mm(h)} mm · {pages} · {kib(entry.size_bytes)}"


def verdict_text(entry: Entry) -> str:
    if entry.verdict == "pass":
        return "✓ pass"
    if entry.verdict == "fail":
        return "✗ fail" + (f" ({entry.failures})" if entry.failures else "")
    return ""


def manifest_parts(entry: Entry) -> tuple[str, str, str]:
    """(venue or note, verdict, warning) for the third label line."""
    if not entry.in_manifest:
        return "not in manifest", "", ""
    warning = "changed since manifest" if entry.stale else ""
    return entry.venue or "—", verdict_text(entry), warning


def _fit(trim: tuple[float, float], thumb: int) -> tuple[int, int]:
    w, h = trim
    scale = thumb / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def default_when(entries: list[Entry]) -> dt.datetime:
    epoch = source_date_epoch()  # SOURCE_DATE_EPOCH (UTC) dates the sheet as it dates the PDFs
    newest = max(e.path.stat().st_mtime for e in entries)
    return epoch.replace(tzinfo=None) if epoch else dt.datetime.fromtimestamp(newest).replace(microsecond=0)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def build_layout(folder: Path, entries: list[Entry], *, columns: int | None = None, thumb_px: int = 300,
                 when: dt.datetime | None = None, notice: str | None = None,
                 has_manifest: bool = False) -> Layout:
    if thumb_px < 32:
        raise ValueError(f"thumb_px must be at least 32, not {thumb_px}")
    if columns is not None and columns < 1:
        raise ValueError(f"columns must be at least 1, not {columns}")
    n = len(entries)
    cols = min(columns if columns is not None else min(math.ceil(math.sqrt(n)), MAX_COLUMNS), n)
    fitted = [_fit(e.trim_pt, thumb_px) if e.error is None else (0, 0) for e in entries]
    if any(e.error for e in entries):  # a broken file's panel: at least a portrait A-series page
        fitted.append((round(thumb_px / math.sqrt(2)), thumb_px))
    g = Geometry.for_batch(thumb_px, fitted, 3 if has_manifest else 2)
    size = g.size(n, cols)
    when = when or default_when(entries)

    name_font, meta_font = _bold(g.name_px), font(g.meta_px)
    tiles = []
    for i, (entry, (w, h)) in enumerate(zip(entries, fitted, strict=False)):
        row, col = divmod(i, cols)
        x0 = g.margin + col * (g.cell_w + g.gap_x)
        y0 = g.margin + g.header_h + row * (g.cell_h + g.gap_y)
        cell = (x0, y0, x0 + g.cell_w, y0 + g.cell_h)
        bx = x0 + (g.cell_w - g.box_w) // 2
        box = (bx, y0, bx + g.box_w, y0 + g.box_h)
        if entry.error:
            image = box
        else:  # centred, standing on the bottom of the box so that all labels line up
            ix = bx + (g.box_w - w) // 2
            image = (ix, y0 + g.box_h - h, ix + w, y0 + g.box_h)
        labels = [ellipsize(entry.path.name, name_font, g.cell_w),
                  ellipsize(meta_label(entry), meta_font, g.cell_w, "end")]
        if has_manifest:
            venue, verdict, warning = manifest_parts(entry)
            labels.append(" · ".join(p for p in (venue, verdict, warning) if p))
        tiles.append(Tile(entry.path.name, cell, box, image, tuple(labels), entry.verdict, entry.error, entry.pages))

    parts = [_count(n, "PDF"), f"{when:%Y-%m-%d %H:%M}"]
    if has_manifest:
        passed = sum(e.verdict == "pass" for e in entries)
        failed = sum(e.verdict == "fail" for e in entries)
        parts += [f"{passed} passed", f"{failed} failed"]
    broken = sum(e.error is not None for e in entries)
    if broken:
        parts.append(f"{broken} cannot be opened")
    subtitle = " · ".join(parts)
    # a narrow sheet (one or two columns) still shows the whole summary line
    size = (max(size[0], 2 * g.margin + math.ceil(font(g.sub_px).getlength(subtitle))), size[1])
    title = ellipsize(folder.resolve().name or str(folder), _bold(g.title_px), size[0] - 2 * g.margin)
    return Layout(size, cols, g, title, subtitle, tuple(tiles), notice, has_manifest)


def layout(folder: Path, *, columns: int | None = None, thumb_px: int = 300, when: dt.datetime | None = None,
           skip: tuple[str, ...] = ()) -> Layout:
    """The sheet's geometry and every label string, without rendering a page."""
    folder = Path(folder)
    entries, notice = scan(folder, skip)
    return build_layout(folder, entries, columns=columns, thumb_px=thumb_px, when=when, notice=notice,
                        has_manifest=(folder / MANIFEST).is_file())


# ---------------------------------------------------------------------------------------------
# drawing


def render_thumb(path: Path, size: tuple[int, int]) -> Image.Image:
    """The first page cropped to its TrimBox, rendered at exactly `size` pixels."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[0]
        try:
            x, y, w, h = _trim_in_view(page)
            scale = size[0] / w if w >= h else size[1] / h
            pw, ph = page.get_size()
            # pypdfium2 rounds each crop amount up to whole pixels: pass whole pixels (a hair
            # less, against float error) so that the bitmap is exactly `size`
            left, top = math.floor(x * scale), math.floor(y * scale)
            right = max(math.ceil(pw * scale) - left - size[0], 0)
            bottom = max(math.ceil(ph * scale) - top - size[1], 0)
            crop = tuple((c - 1e-6) / scale if c else 0.0 for c in (left, bottom, right, top))
            bitmap = page.render(scale=scale, crop=crop, may_draw_forms=False, fill_color=(255, 255, 255, 255))
            image = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        doc.close()
    if image.size != size:  # off by a pixel at most; never stretch the page
        image = image.crop((0, 0, size[0], size[1])) if image.width >= size[0] and image.height >= size[1] \
            else image.resize(size, Image.Resampling.LANCZOS)
    return image


SS = 4  # supersampling for the little vector shapes (marks, pills)


def _aa_paste(canvas: Image.Image, xy: tuple[int, int], size: tuple[int, int], colour: tuple[int, int, int],
              draw: Any) -> None:
    """Draw a shape into a 4× mask with `draw(ImageDraw, scale)`, shrink it, paint it in `colour`."""
    mask = Image.new("L", (size[0] * SS, size[1] * SS), 0)
    draw(ImageDraw.Draw(mask), SS)
    mask = mask.resize(size, Image.Resampling.LANCZOS)
    canvas.paste(Image.new("RGB", size, colour), xy, mask)


def _mark(canvas: Image.Image, x: int, y: int, px: int, kind: Verdict, colour: tuple[int, int, int]) -> None:
    """A check or a cross `px` pixels square (the shipped fonts have neither ✓ nor ✗)."""
    def draw(d: ImageDraw.ImageDraw, s: int) -> None:
        u = px * s
        width = max(2, round(u * 0.16))
        if kind == "pass":
            d.line([(0.12 * u, 0.55 * u), (0.40 * u, 0.82 * u), (0.90 * u, 0.20 * u)], fill=255, width=width,
                   joint="curve")
        else:
            d.line([(0.18 * u, 0.18 * u), (0.82 * u, 0.82 * u)], fill=255, width=width)
            d.line([(0.82 * u, 0.18 * u), (0.18 * u, 0.82 * u)], fill=255, width=width)

    _aa_paste(canvas, (x, y), (px, px), colour, draw)


def _pill(canvas: Image.Image, rect: Rect, colour: tuple[int, int, int]) -> None:
    w, h = rect[2] - rect[0], rect[3] - rect[1]

    def draw(d: ImageDraw.ImageDraw, s: int) -> None:
        d.rounded_rectangle((0, 0, w * s - 1, h * s - 1), radius=h * s // 2, fill=255)

    _aa_paste(canvas, (rect[0], rect[1]), (w, h), colour, draw)


def _frame(d: ImageDraw.ImageDraw, r: Rect, colour: tuple[int, int, int], fill: Any = None) -> None:
    """A 1-pixel line just outside the rectangle."""
    d.rectangle((r[0] - 1, r[1] - 1, r[2], r[3]), outline=colour, fill=fill)


def _wrap(text: str, f: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str]:
    lines: list[str] = []
    words = text.split(" ")
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and f.getlength(line + " " + words[0]) <= width:
            line += " " + words.pop(0)
        lines.append(ellipsize(line, f, width, "end"))
    if words:
        lines[-1] = ellipsize(lines[-1] + " " + " ".join(words), f, width, "end")
    return lines


def _broken_tile(canvas: Image.Image, d: ImageDraw.ImageDraw, tile: Tile, g: Geometry) -> None:
    x0, y0, x1, y1 = tile.image
    w, h = x1 - x0, y1 - y0
    d.rectangle((x0, y0, x1 - 1, y1 - 1), fill=RED_TINT)
    _frame(d, tile.image, RED)
    cx = (x0 + x1) // 2
    mark = round(min(w, h) * 0.16)
    middle = y0 + h // 2
    _mark(canvas, cx - mark // 2, middle - mark - round(g.line_h * 1.4), mark, "fail", RED)
    d.text((cx, middle), "cannot open", font=_bold(round(g.name_px * 1.15)), fill=RED, anchor="ms")
    body = font(g.meta_px)
    y = middle + g.line_h
    for line in _wrap(tile.error or "", body, w - 2 * g.label_gap, 4):
        d.text((cx, y), line, font=body, fill=RED, anchor="ms")
        y += g.line_h


def _manifest_line(canvas: Image.Image, d: ImageDraw.ImageDraw, entry: Entry, cell: Rect, baseline: int,
                   g: Geometry) -> None:
    venue, verdict, warning = manifest_parts(entry)
    f = font(g.meta_px)
    bf = _bold(g.meta_px)
    word = verdict.split(" ", 1)[1] if verdict else ""
    mark = round(g.meta_px * 0.8)
    pad = round(g.meta_px * 0.5)
    pill_w = (pad + mark + round(pad * 0.6) + round(bf.getlength(word)) + pad) if verdict else 0
    gap = round(g.meta_px * 0.6)
    width = cell[2] - cell[0]
    warn_w = bf.getlength(warning) + gap if warning else 0
    venue = ellipsize(venue, f, width - pill_w - (gap if pill_w else 0) - warn_w, "end")
    total = f.getlength(venue) + (gap + pill_w if pill_w else 0) + warn_w
    x = cell[0] + (width - total) / 2
    colour = FAINT if not entry.in_manifest else MUTED
    d.text((x, baseline), venue, font=f, fill=colour, anchor="ls")
    x += f.getlength(venue)
    if verdict:
        ink, tint = (GREEN, GREEN_TINT) if entry.verdict == "pass" else (RED, RED_TINT)
        top = baseline - round(g.meta_px * 1.05)
        h = round(g.meta_px * 1.45)
        left = round(x) + gap
        _pill(canvas, (left, top, left + pill_w, top + h), tint)
        _mark(canvas, left + pad, top + (h - mark) // 2, mark, entry.verdict or "fail", ink)
        d.text((left + pad + mark + round(pad * 0.6), baseline), word, font=bf, fill=ink, anchor="ls")
        x = left + pill_w
    if warning:
        d.text((x + gap, baseline), warning, font=bf, fill=AMBER, anchor="ls")


def draw_sheet(lay: Layout, entries: list[Entry]) -> Image.Image:
    g = lay.geometry
    canvas = Image.new("RGB", lay.size, GROUND)
    d = ImageDraw.Draw(canvas)

    # header: folder name, then count · date · verdicts, a rule across
    top = g.margin
    d.text((g.margin, top + g.title_px), lay.title, font=_bold(g.title_px), fill=INK, anchor="ls")
    sub_y = top + g.title_px + round(g.sub_px * 1.7)
    sub = font(g.sub_px)
    x = float(g.margin)
    for i, part in enumerate(lay.subtitle.split(" · ")):  # counts in green or red unless zero
        colour = MUTED
        if part.endswith(" passed") and not part.startswith("0 "):
            colour = GREEN
        elif part.endswith((" failed", " cannot be opened")) and not part.startswith("0 "):
            colour = RED
        if i:
            d.text((x, sub_y), " · ", font=sub, fill=MUTED, anchor="ls")
            x += sub.getlength(" · ")
        d.text((x, sub_y), part, font=sub, fill=colour, anchor="ls")
        x += sub.getlength(part)
    if lay.notice:
        notice = ellipsize(lay.notice, sub, lay.size[0] - 2 * g.margin - (x - g.margin) - sub.getlength(" · "), "end")
        d.text((x, sub_y), " · ", font=sub, fill=MUTED, anchor="ls")
        d.text((x + sub.getlength(" · "), sub_y), notice, font=sub, fill=AMBER, anchor="ls")
    rule_y = g.margin + g.header_h - round(g.gap_y * 0.75)
    d.line((g.margin, rule_y, lay.size[0] - g.margin - 1, rule_y), fill=RULE, width=1)

    name_font, meta_font = _bold(g.name_px), font(g.meta_px)
    for tile, entry in zip(lay.tiles, entries, strict=True):
        if tile.error:
            _broken_tile(canvas, d, tile, g)
        else:
            x0, y0, x1, y1 = tile.image
            for k in range(min(tile.pages - 1, 2), 0, -1):  # the sheets behind a multi-page file
                o = k * g.stack
                _frame(d, (x0 + o, y0 - o, x1 + o, y1 - o), FRAME, fill=SHEET_BEHIND)
            try:
                thumb = render_thumb(entry.path, (x1 - x0, y1 - y0))
            except Exception:  # opened but would not render: say so in the page's place
                thumb = Image.new("RGB", (x1 - x0, y1 - y0), RED_TINT)
                ImageDraw.Draw(thumb).text(((x1 - x0) // 2, (y1 - y0) // 2), "cannot render",
                                           font=_bold(g.name_px), fill=RED, anchor="mm")
            canvas.paste(thumb, (x0, y0))
            _frame(d, tile.image, FRAME)
        cx = (tile.cell[0] + tile.cell[2]) // 2
        baseline = tile.box[3] + g.label_gap + round(g.line_h * 0.75)
        d.text((cx, baseline), tile.labels[0], font=name_font, fill=INK, anchor="ms")
        d.text((cx, baseline + g.line_h), tile.labels[1], font=meta_font, fill=RED if tile.error else MUTED,
               anchor="ms")
        if lay.has_manifest:
            _manifest_line(canvas, d, entry, tile.cell, baseline + 2 * g.line_h, g)
    return canvas


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=9)
    return buf.getvalue()


def pdf_bytes(image: Image.Image, title: str, subject: str = "") -> bytes:
    """One page, the image at PDF_DPI, with reportlab's invariant mode (fixed dates and /ID)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    dpi = max(PDF_DPI, max(image.size) / 200)  # a PDF page is at most 200 inches (14,400 pt) long
    w, h = image.width * 72 / dpi, image.height * 72 / dpi
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(w, h), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setCreator("printprog contact sheet")
    c.setAuthor("printprog")
    c.setSubject(subject)
    c.drawImage(ImageReader(image), 0, 0, width=w, height=h)
    c.showPage()
    c.save()
    return buf.getvalue()


def contact_sheet(folder: Path, *, out_png: Path | None = None, out_pdf: Path | None = None,
                  columns: int | None = None, thumb_px: int = 300,
                  when: dt.datetime | None = None) -> tuple[bytes, bytes]:
    """Render the contact sheet of `folder`'s PDFs; write it (atomically) and return (png, pdf).

    Outputs default to folder/contact-sheet.png and .pdf; the sheet never lists itself. `when`
    is the date in the header (default: the newest PDF's modification time). Raises ValueError
    when the folder has no PDF; a PDF that cannot be opened becomes a red tile.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"not a folder: {folder}")
    out_png = Path(out_png) if out_png is not None else folder / f"{SHEET_NAME}.png"
    out_pdf = Path(out_pdf) if out_pdf is not None else folder / f"{SHEET_NAME}.pdf"
    skip = (out_pdf.name,) if out_pdf.resolve().parent == folder.resolve() else ()
    entries, notice = scan(folder, skip)
    lay = build_layout(folder, entries, columns=columns, thumb_px=thumb_px, when=when, notice=notice,
                       has_manifest=(folder / MANIFEST).is_file())
    image = draw_sheet(lay, entries)
    png = png_bytes(image)
    pdf = pdf_bytes(image, f"Contact sheet: {lay.title}", lay.subtitle)
    write_atomic(out_png, png)
    write_atomic(out_pdf, pdf)
    return png, pdf
