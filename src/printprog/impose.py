"""Imposition: finished pages (our own PDF/X output) placed n-up on press sheets, cut-and-stack.

`plan()` is pure geometry (points, PDF coordinates: origin at the sheet's lower-left, y up);
`impose()` reads the input pages' boxes, measures every sheet (copies, cut marks, slug line),
has `render/sheets.py` draw it and finishes the file as PDF/X with `prepress.pdfx.finish`.

Sheet geometry
    The sheet is portrait as listed in SHEETS (width × height). The gripper edge is the bottom
    edge (y = 0): nothing is printed within `gripper` of it, nor within `margin` of the other
    three edges. Outside the outermost bleeds the grid keeps MARK_REACH (mark offset + mark
    length, as on single pages) for the outer cut marks; the slug line sits in that band above
    the top-left copy. The grid is centred in what remains.

Cells
    Each copy occupies trim + 2 × bleed; neighbouring copies are `gutter` apart, so the pitch
    is trim + 2 × bleed + gutter and bleeds never overlap. Slots are numbered in reading order
    (row 0 is the top row, left to right). A rotated copy is turned 90° counter-clockwise: its
    head points to the sheet's left edge.

Cut-and-stack order
    With F items (every page of every input file, in the order given) and k slots per sheet,
    S = ceil(F / k) sheets are printed and slot j of sheet s holds item j × S + s. After the
    run, the stack is cut into k piles; pile j holds items j × S … j × S + S − 1 (sheet 0 on
    top), so putting pile 0 on pile 1 on pile 2 … gives the items in order. Item numbers ≥ F
    are blank slots: they stay empty and get no marks (they are the last slots of the last
    sheets, i.e. the end of the stacked order).

Cut marks
    Every occupied copy gets two marks per corner on the prolongation of its trim lines,
    starting outside its bleed, in registration colour, 0.3 pt. A mark running towards another slot's bleed box
    (blank slots count too, so nothing is drawn into a blank slot) is shortened: offset and
    length shrink to fit the gap, keeping clear of both bleeds. A mark that would be shorter
    than MIN_MARK is left out (gutters under 2 mm carry no marks; the outer marks still mark
    every cut, because trim lines are shared along rows and columns). Marks are drawn whatever
    the shop's `marks` setting: that setting is about printer marks on product pages, and a
    press sheet without cut marks cannot be cut.

Inputs
    Every page is read with its TrimBox and BleedBox; all must share one trim size. The cell
    bleed is the largest bleed of any page; each copy keeps its page's bleed, not its crop marks.
"""

from __future__ import annotations

import datetime as dt
import math
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from printprog.lengths import MM, parse_length
from printprog.plan import MARK_LENGTH, MARK_OFFSET, MARK_WEIGHT
from printprog.render.sheets import (SLUG_SIZE, Box, Copy, Matrix, Segment, Sheet, open_sources, render_sheets,
                                     slug_width)

if TYPE_CHECKING:
    from printprog.load.shop import Shop
    from printprog.prepress import Intent

SHEETS: dict[str, tuple[float, float]] = {"SRA3": (320 * MM, 450 * MM), "A3": (297 * MM, 420 * MM),
                                           "SRA2": (450 * MM, 640 * MM), "B2": (500 * MM, 707 * MM)}

MARK_REACH = MARK_OFFSET + MARK_LENGTH  # room for the outer marks beyond the outermost bleeds
MIN_MARK = 1 * MM  # a gutter mark shorter than this is left out
TOL = 0.05  # pt: trim sizes equal within this


@dataclass(frozen=True)
class Slot:
    """One copy on a sheet. (x, y) is the lower-left corner of the copy's trim box in sheet
    coordinates (after rotation). From `plan()`, page_index is the item number and file is "";
    from `impose()`, page_index is the 0-based page within `file` and `item` the item number."""

    page_index: int
    file: str
    x: float
    y: float
    rotated: bool
    item: int = -1


@dataclass(frozen=True)
class SheetPlan:
    sheet: str
    width: float
    height: float
    slots: tuple[Slot, ...]  # occupied slots only, in slot order
    slot_numbers: tuple[int, ...] = ()  # the slot number (0 … k−1) of each entry in `slots`


@dataclass(frozen=True)
class Imposition:
    sheets: tuple[SheetPlan, ...]
    cols: int
    rows: int
    rotated: bool
    copies_per_sheet: int
    # geometry shared by every copy, in points; trim in the input's orientation
    trim_w: float = 0.0
    trim_h: float = 0.0
    bleed: float = 0.0
    gutter: float = 0.0
    items: int = 0
    cells: tuple[tuple[float, float], ...] = ()  # trim lower-left of slot 0 … k−1 (filled or blank)

    @property
    def cell(self) -> tuple[float, float]:
        """Trim size as placed on the sheet (width, height)."""
        return (self.trim_h, self.trim_w) if self.rotated else (self.trim_w, self.trim_h)

    def trim_box(self, slot: Slot) -> Box:
        w, h = self.cell
        return (slot.x, slot.y, slot.x + w, slot.y + h)

    def bleed_box(self, slot: Slot) -> Box:
        x0, y0, x1, y1 = self.trim_box(slot)
        b = self.bleed
        return (x0 - b, y0 - b, x1 + b, y1 + b)

    def cell_bleed_boxes(self) -> tuple[Box, ...]:
        """Bleed boxes of all k slots, blank ones included."""
        return tuple(self.bleed_box(Slot(-1, "", x, y, self.rotated)) for x, y in self.cells)

    def summary(self) -> str:
        sheet = self.sheets[0].sheet if self.sheets else "?"
        blanks = len(self.sheets) * self.copies_per_sheet - self.items
        turn = ", rotated" if self.rotated else ""
        return (f"{self.copies_per_sheet}-up on {sheet} ({self.cols} × {self.rows}{turn}), "
                f"{self.items} item(s) on {len(self.sheets)} sheet(s), {blanks} blank slot(s), cut-and-stack")


# ---------------------------------------------------------------- geometry

def _mm(v: float) -> str:
    s = f"{v / MM:.1f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def sheet_size(sheet: str) -> tuple[str, float, float]:
    key = {k.upper(): k for k in SHEETS}.get(str(sheet).upper())
    if key is None:
        raise ValueError(f"unknown sheet {sheet!r}; choose one of {', '.join(SHEETS)}")
    return (key, *SHEETS[key])


def _grid(cw: float, ch: float, bleed: float, width: float, height: float,
          gutter: float, gripper: float, margin: float) -> tuple[int, int]:
    """How many columns and rows of cw × ch trims (plus bleed) fit on the sheet."""
    avail_w = width - 2 * margin - 2 * MARK_REACH
    avail_h = height - gripper - margin - 2 * MARK_REACH

    def count(avail: float, size: float) -> int:
        pitch = size + 2 * bleed + gutter
        return max(0, math.floor((avail + gutter) / pitch + 1e-9)) if avail > 0 else 0

    return count(avail_w, cw), count(avail_h, ch)


def _choose(options: list[tuple[bool, int, int]], want: int | None) -> tuple[bool, int, int]:
    if want is None:  # the largest grid; upright on a tie
        return max(options, key=lambda o: (o[1] * o[2], not o[0]))
    fits = [(cols * rows, rotated, rows, cols) for rotated, cols_max, rows_max in options
            for cols in range(1, cols_max + 1) for rows in range(1, rows_max + 1) if cols * rows >= want]
    # fewest empty cells, then upright, then fewer rows
    _, rotated, rows, cols = min(fits)
    return rotated, cols, rows


def plan(trim_w: float, trim_h: float, bleed: float, n_pages: int, sheet: str = "SRA3",
         nup: int | str = "auto", gutter: float = 4 * MM, gripper: float = 10 * MM, margin: float = 5 * MM,
         order: str = "cut-stack", rotate: bool | None = None) -> Imposition:
    """Lay out `n_pages` items of one trim size (points) on press sheets, cut-and-stack.

    nup="auto" takes the orientation that fits more copies (upright on a tie) and the largest
    grid; nup=N takes the smallest grid of at least N cells that fits (upright preferred) and
    fills N of its slots; `rotate` forces an orientation. Raises ValueError when nothing (or
    not N) fits.
    """
    if order != "cut-stack":
        raise ValueError(f"unknown order {order!r}; only 'cut-stack' is implemented")
    if n_pages < 1:
        raise ValueError("nothing to impose: no pages")
    if min(trim_w, trim_h) <= 0 or bleed < 0 or gutter < 0 or gripper < 0 or margin < 0:
        raise ValueError("trim sizes must be positive; bleed, gutter, gripper and margin not negative")
    name, width, height = sheet_size(sheet)
    want: int | None = None
    if not (isinstance(nup, str) and nup.strip().lower() == "auto"):
        try:
            want = int(nup)
        except (TypeError, ValueError):
            raise ValueError(f"--nup must be 'auto' or a whole number, not {nup!r}") from None
        if want < 1:
            raise ValueError(f"--nup must be at least 1, not {want}")
    options = []
    for rotated in [False, True] if rotate is None else [bool(rotate)]:
        cw, ch = (trim_h, trim_w) if rotated else (trim_w, trim_h)
        cols, rows = _grid(cw, ch, bleed, width, height, gutter, gripper, margin)
        options.append((rotated, cols, rows))
    capacity = max(c * r for _, c, r in options)
    if capacity == 0 or (want is not None and want > capacity):
        fitted = "; ".join(f"{c} × {r} {'rotated' if rot else 'upright'}" for rot, c, r in options)
        asked = f"{want} copies do not fit" if want is not None else "not even one copy fits"
        raise ValueError(
            f"{asked}: {_mm(trim_w)} × {_mm(trim_h)} mm with {_mm(bleed)} mm bleed on {name} "
            f"{_mm(width)} × {_mm(height)} mm gives at most {capacity} ({fitted}) with {_mm(gutter)} mm gutter, "
            f"{_mm(gripper)} mm gripper, {_mm(margin)} mm margins and {_mm(MARK_REACH)} mm for cut marks")
    rotated, cols, rows = _choose(options, want)
    k = want if want is not None else cols * rows
    cw, ch = (trim_h, trim_w) if rotated else (trim_w, trim_h)
    pitch_x, pitch_y = cw + 2 * bleed + gutter, ch + 2 * bleed + gutter
    grid_w, grid_h = cols * pitch_x - gutter, rows * pitch_y - gutter
    left = (width - grid_w) / 2  # margins are equal left and right
    low = gripper + MARK_REACH
    bottom = low + ((height - margin - MARK_REACH) - low - grid_h) / 2
    cells = [(round(left + (j % cols) * pitch_x + bleed, 4), round(bottom + (rows - 1 - j // cols) * pitch_y + bleed, 4))
             for j in range(k)]  # reading order: row j // cols, column j % cols
    n_sheets = math.ceil(n_pages / k)
    sheets = []
    for s in range(n_sheets):
        slots, numbers = [], []
        for j in range(k):
            item = j * n_sheets + s
            if item < n_pages:
                slots.append(Slot(item, "", *cells[j], rotated, item))
                numbers.append(j)
        sheets.append(SheetPlan(name, width, height, tuple(slots), tuple(numbers)))
    return Imposition(tuple(sheets), cols, rows, rotated, k, trim_w, trim_h, bleed, gutter, n_pages, tuple(cells))


def cut_marks(imp: Imposition, sheet: SheetPlan) -> tuple[Segment, ...]:
    """The cut-mark segments of one sheet, deduplicated and sorted (see the module docstring)."""
    cells = imp.cell_bleed_boxes()  # blank cells too: no mark enters a blank slot
    lw = MARK_WEIGHT / 2 + 0.01
    out: set[Segment] = set()
    for slot, number in zip(sheet.slots, sheet.slot_numbers):
        own = cells[number]
        x0, y0, x1, y1 = imp.trim_box(slot)
        for cx, sx in ((x0, -1), (x1, 1)):
            for cy, sy in ((y0, -1), (y1, 1)):
                # horizontal mark on the trim line y = cy, outward from the bleed edge in x
                edge = own[2] if sx > 0 else own[0]
                free = _free(edge, sx, cy, cells, own, axis=0, lw=lw)
                seg = _mark(edge, sx, free)
                if seg:
                    out.add(_norm((seg[0], cy, seg[1], cy)))
                # vertical mark on the trim line x = cx, outward from the bleed edge in y
                edge = own[3] if sy > 0 else own[1]
                free = _free(edge, sy, cx, cells, own, axis=1, lw=lw)
                seg = _mark(edge, sy, free)
                if seg:
                    out.add(_norm((cx, seg[0], cx, seg[1])))
    return tuple(sorted(out))


def _free(edge: float, sign: int, across: float, copies: tuple[Box, ...], own: Box, axis: int, lw: float) -> float:
    """Distance from `edge` in direction `sign` along `axis` to the nearest other bleed box."""
    free = math.inf
    for box in copies:
        if box is own:
            continue
        lo, hi = (box[1], box[3]) if axis == 0 else (box[0], box[2])
        if not (lo - lw <= across <= hi + lw):
            continue
        near, far = ((box[0], box[2]) if axis == 0 else (box[1], box[3]))[::sign]
        if (far - edge) * sign > 1e-3:  # the box lies (at least partly) ahead
            free = min(free, max(0.0, (near - edge) * sign))
    return free


def _mark(edge: float, sign: int, free: float) -> tuple[float, float] | None:
    offset = min(MARK_OFFSET, free / 4)
    end = min(MARK_OFFSET + MARK_LENGTH, free - offset)
    if end - offset < MIN_MARK - 1e-6:
        return None
    return round(edge + sign * offset, 3), round(edge + sign * end, 3)


def _norm(seg: Segment) -> Segment:
    x1, y1, x2, y2 = (round(v, 3) for v in seg)
    return (x1, y1, x2, y2) if (x1, y1) <= (x2, y2) else (x2, y2, x1, y1)


# ---------------------------------------------------------------- reading the inputs

@dataclass(frozen=True)
class _Input:
    file: str  # as given (for messages and Slot.file)
    index: int  # page within the file
    trim: Box
    bleed_box: Box


def _box(obj: Any) -> Box:
    v = [float(x) for x in obj]
    return (min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3]))


def _read_pages(files: list[Path], docs: list[Any]) -> list[_Input]:
    items: list[_Input] = []
    for path, doc in zip(files, docs):
        if len(doc.pages) == 0:
            raise ValueError(f"{path}: has no pages")
        for i, page in enumerate(doc.pages):
            if int(page.obj.get("/Rotate", 0)) % 360 or float(page.obj.get("/UserUnit", 1)) != 1:
                raise ValueError(f"{path} page {i + 1}: rotated pages or a UserUnit are not supported")
            trim, bleed = _box(page.trimbox), _box(page.bleedbox)
            if not (bleed[0] <= trim[0] + TOL and bleed[1] <= trim[1] + TOL
                    and bleed[2] >= trim[2] - TOL and bleed[3] >= trim[3] - TOL):
                raise ValueError(f"{path} page {i + 1}: the BleedBox does not contain the TrimBox")
            items.append(_Input(str(path), i, trim, bleed))
    first = items[0]
    fw, fh = first.trim[2] - first.trim[0], first.trim[3] - first.trim[1]
    for it in items[1:]:
        w, h = it.trim[2] - it.trim[0], it.trim[3] - it.trim[1]
        if abs(w - fw) > TOL or abs(h - fh) > TOL:
            raise ValueError(
                f"{it.file} page {it.index + 1} has a trim size of {_mm(w)} × {_mm(h)} mm, but "
                f"{first.file} page {first.index + 1} has {_mm(fw)} × {_mm(fh)} mm; "
                f"all pages imposed together must share one trim size")
    return items


def _bleed_of(items: list[_Input]) -> float:
    """The largest bleed on any side of any page: the cell's bleed (so no bleed box is cut)."""
    return max(max(t[0] - b[0], t[1] - b[1], b[2] - t[2], b[3] - t[3]) for t, b in
               ((it.trim, it.bleed_box) for it in items))


# ---------------------------------------------------------------- what the renderer draws

def _placement(slot: Slot, trim: Box) -> Matrix:
    """`cm` operands that put the input's trim lower-left at the slot (turned when rotated)."""
    tx0, ty0, tx1, ty1 = trim
    if slot.rotated:  # (u, v) -> (x + ty1 - v, y + u - tx0): 90° counter-clockwise
        return (0.0, 1.0, -1.0, 0.0, slot.x + ty1, slot.y - tx0)
    return (1.0, 0.0, 0.0, 1.0, slot.x - tx0, slot.y - ty0)


def slug_position(imp: Imposition, sheet: SheetPlan) -> tuple[float, float, float]:
    """(x, baseline, available width) of the slug: above the first slot, inside the mark band,
    between the vertical marks on its trim lines."""
    first = sheet.slots[0]
    x0, _, x1, _ = imp.trim_box(first)
    top = max(imp.bleed_box(s)[3] for s in sheet.slots)  # the top row's bleed
    return x0 + MARK_OFFSET, top + MARK_OFFSET + 0.3 * SLUG_SIZE, (x1 - x0) - 2 * MARK_OFFSET


def drawing(imp: Imposition, items: list[_Input], files: list[Path], title: str,
            when: dt.datetime) -> tuple[Sheet, ...]:
    """Each sheet as the renderer draws it: copies, cut marks and the slug line, its title shortened
    with … to fit. Copies of the same page of the same file share one form, keyed by its first item."""
    date = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%d")
    key_of: dict[tuple[str, int], int] = {}
    sheets = []
    for n, sh in enumerate(imp.sheets, 1):
        copies = []
        for slot in sh.slots:
            it = items[slot.item]
            key = key_of.setdefault((str(Path(it.file).resolve()), it.index), slot.item)
            copies.append(Copy(files.index(Path(it.file)), it.index, key, it.bleed_box, _placement(slot, it.trim)))
        x, y, width = slug_position(imp, sh)
        tail = f" · sheet {n}/{len(imp.sheets)} · {imp.copies_per_sheet}-up {imp.sheets[0].sheet} · {date}"
        short, slug = title, title + tail
        while slug_width(slug) > width and short:
            short = short[:-1]
            slug = short.rstrip() + "…" + tail
        sheets.append(Sheet(sh.width, sh.height, tuple(copies), cut_marks(imp, sh), slug, (x, y)))
    return tuple(sheets)


def impose(files: list[Path], *, sheet: str = "SRA3", nup: int | str = "auto", gutter: float | str = 4 * MM,
           shop: Shop, intent: Intent, when: dt.datetime, title: str = "",
           gripper: float = 10 * MM, margin: float = 5 * MM) -> tuple[bytes, Imposition]:
    """Impose every page of `files` (one trim size) cut-and-stack; return the finished PDF/X
    sheet file (flavour and output intent from `shop`/`intent`) and the plan. Same inputs,
    same bytes."""
    from printprog.prepress.pdfx import Meta, finish

    files = [Path(f) for f in files]
    if not files:
        raise ValueError("nothing to impose: no files given")
    gutter = parse_length(gutter) if isinstance(gutter, str) else gutter
    with ExitStack() as stack:
        docs = open_sources(files, stack)
        items = _read_pages(files, docs)
        t = items[0].trim
        imp = plan(t[2] - t[0], t[3] - t[1], _bleed_of(items), len(items), sheet, nup, gutter, gripper, margin)
        imp = replace(imp, sheets=tuple(
            replace(sh, slots=tuple(replace(s, page_index=items[s.item].index, file=items[s.item].file)
                                    for s in sh.slots)) for sh in imp.sheets))
        title = title or ", ".join(dict.fromkeys(f.stem for f in files))
        pdf = render_sheets(drawing(imp, items, files, title, when), docs)
        lang = str(docs[0].Root.get("/Lang", "")) or "und"
        author = str(docs[0].docinfo.get("/Author", "")) or "printprog"
    meta = Meta(title=title, author=author, subject=f"Press sheets: {imp.summary()}", lang=lang)
    return finish(pdf, flavour=shop.pdfx, meta=meta, intent=intent, when=when), imp
