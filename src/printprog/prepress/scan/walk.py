"""The walk over pages, forms, patterns, annotations and Type3 glyphs."""

from __future__ import annotations

from typing import Any

import pikepdf

from printprog.prepress.scan import memo
from printprog.prepress.scan.colourspaces import resolve_space
from printprog.prepress.scan.fonts import FontInfo
from printprog.prepress.scan.geometry import IDENTITY, Box, Matrix, as_box, bbox_of, intersect, mul, nums
from printprog.prepress.scan.interpreter import _Run
from printprog.prepress.scan.limits import MAX_DEPTH, MAX_STREAM_BYTES, MB, Budget, LimitExceeded, decoded_size
from printprog.prepress.scan.metadata import read_xmp
from printprog.prepress.scan.records import Found, PageInfo, Scan

ResKey = Any  # identifies the resources a stream runs with: the objgen of the dictionary that holds them


class _Scanner:
    def __init__(self, pdf: pikepdf.Pdf | None = None) -> None:
        self.pdf = pdf  # for the memo's digest of resources (memo.py)
        self.scan = Scan()
        self.budget = Budget()
        self._fonts: dict[tuple[int, int], FontInfo] = {}
        self._seen: set[tuple[int, int]] = set()  # resource dictionaries, fonts and forms already noted
        self._once: set[tuple[int, tuple[int, int]]] = set()  # tiling patterns walked, per page
        # streams already run in exactly this context: running one again would record the same things
        # again (only `where`, the path taken to it, would differ), and a DAG of forms would take 4^depth runs
        self._ran: set[tuple[Any, ...]] = set()
        self._sizes: dict[tuple[int, int], int | None] = {}  # decoded size of each content stream

    def first_on_page(self, page: int, obj: Any) -> bool:
        key = (page, obj.objgen)
        if key in self._once:
            return False
        self._once.add(key)
        return True

    def font(self, obj: Any) -> FontInfo:
        key = obj.objgen
        if key == (0, 0):
            return FontInfo.of(obj)
        if key not in self._fonts:
            self._fonts[key] = FontInfo.of(obj)
        return self._fonts[key]

    def _fresh(self, page: int, stream: Any, ctm: Matrix, clip: Box | None, paints: str, res_key: ResKey) -> bool:
        """False when this stream already ran on this page with the same CTM, clip, paint mode and resources.
        Colour, line width and text state do not enter: every run starts from the default state."""
        objgen = getattr(stream, "objgen", (0, 0))
        if objgen == (0, 0):
            return True
        key = (objgen, page, ctm, clip, paints, res_key)
        if key in self._ran:
            return False
        self._ran.add(key)
        return True

    def content(self, page: int, stream: Any, resources: Any, ctm: Matrix, where: str, paints: str,
                chain: tuple, clip: Box | None = None, res_key: ResKey = None, fresh: bool | None = None) -> None:
        key = getattr(stream, "objgen", (0, 0))
        if key != (0, 0) and key in chain:
            self.scan.errors.append((page, f"{where}: draws itself (a loop of forms or patterns); not followed"))
            return
        if len(chain) > MAX_DEPTH:
            self.scan.errors.append((page, f"{where}: forms or patterns nest deeper than {MAX_DEPTH} levels; "
                                           "not followed"))
            return
        if not (fresh if fresh is not None else self._fresh(page, stream, ctm, clip, paints, res_key)):
            return
        self.budget.spend_run()
        if not self._size_ok(page, stream, where):
            return
        self.note_resources(page, resources, where)
        memo.run(_Run(self, page, resources, ctm, where, paints, chain + (key,), clip, res_key), stream)

    def _size_ok(self, page: int, stream: Any, where: str) -> bool:
        """Whether the stream(s) decode to at most MAX_STREAM_BYTES; charges the file's budget."""
        if isinstance(stream, pikepdf.Page):
            contents = stream.obj.get("/Contents")
            parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        else:
            parts = [stream]
        total = 0
        for part in parts:
            size = self._size(part) if isinstance(part, pikepdf.Stream) else 0
            if size is None or total + size > MAX_STREAM_BYTES:
                self.scan.errors.append((page, f"{where}: content stream decodes to more than "
                                               f"{MAX_STREAM_BYTES // MB} MB; not checked"))
                return False
            total += size
        self.budget.spend_bytes(total)
        return True

    def _size(self, stream: Any) -> int | None:
        if stream.objgen not in self._sizes:
            self._sizes[stream.objgen] = decoded_size(stream, MAX_STREAM_BYTES, exact=True)
        return self._sizes[stream.objgen]

    def form(self, page: int, xo: Any, ctm: Matrix, parent_res: Any, where: str, paints: str, chain: tuple,
             name: str = "", clip: Box | None = None, parent_key: ResKey = None) -> Box | None:
        """Run a form XObject; returns its clip (its /BBox on the page, within the parent's clip)."""
        res, res_key = (xo.Resources, xo.objgen) if "/Resources" in xo else (parent_res, parent_key)
        form_ctm = mul(tuple(nums(xo.get("/Matrix", IDENTITY))), ctm)  # type: ignore[arg-type]
        bbox = as_box(xo.get("/BBox"))
        clip = intersect(clip, bbox_of(form_ctm, bbox) if bbox else None)
        if xo.objgen in chain:  # before the memo: a form that draws itself is a problem, not a repeat
            self.content(page, xo, res, form_ctm, where, paints, chain, clip, res_key, fresh=False)
            return clip
        if not self._fresh(page, xo, form_ctm, clip, paints, res_key):
            return clip
        if paints != "none":
            self.scan.forms.append(Found(page, name or where, xo, where))
        group = xo.get("/Group")
        if isinstance(group, pikepdf.Dictionary):
            self.scan.groups.append(Found(page, where, group, where))
            if "/CS" in group:
                self.scan.use(page, resolve_space(group.CS, res), f"{where}: transparency group")
        self.content(page, xo, res, form_ctm, where, paints, chain, clip, res_key, fresh=True)
        return clip

    def note_resources(self, page: int, res: Any, where: str, depth: int = 0) -> None:
        """Fonts and ExtGStates reachable from res, including through forms not painted."""
        if not isinstance(res, pikepdf.Dictionary) or depth > MAX_DEPTH:
            return
        if res.objgen != (0, 0):
            if res.objgen in self._seen:
                return
            self._seen.add(res.objgen)
        for name, font in res.get("/Font", {}).items():
            if self._first(font):
                self.scan.fonts.append(Found(page, name[1:], font, where))
                if str(font.get("/Subtype")) == "/Type3":
                    self._type3(page, name, font, res, where)
        for name, egs in res.get("/ExtGState", {}).items():
            if self._first(egs):
                self.scan.gstates.append(Found(page, name[1:], egs, where))
        # forms and patterns once each: their /Resources may be direct, and a DAG of them is exponential
        for name, xo in res.get("/XObject", {}).items():
            if isinstance(xo, pikepdf.Stream) and str(xo.get("/Subtype")) == "/Form" and self._first(xo):
                self.note_resources(page, xo.get("/Resources"), f"{where}: form {name[1:]}", depth + 1)
        for name, pat in res.get("/Pattern", {}).items():
            if isinstance(pat, pikepdf.Stream) and self._first(pat):
                self.note_resources(page, pat.get("/Resources"), f"{where}: pattern {name[1:]}", depth + 1)

    def _first(self, obj: Any) -> bool:
        key = obj.objgen
        if key == (0, 0):
            return True
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def _type3(self, page: int, name: str, font: Any, res: Any, where: str) -> None:
        # glyph procedures count for colour spaces only: their geometry is in glyph space
        glyph_res, res_key = (font.Resources, font.objgen) if "/Resources" in font else (res, res.objgen)
        for gname, proc in font.get("/CharProcs", {}).items():
            glyph = f"{where}: Type3 font {name[1:]} glyph {gname[1:]}"
            self.content(page, proc, glyph_res, IDENTITY, glyph, "none", (), res_key=res_key)

    def page(self, number: int, page: pikepdf.Page) -> None:
        obj = page.obj
        boxes = {k: as_box(_inherited(obj, k)) if k in ("/MediaBox", "/CropBox") else as_box(obj.get(k))
                 for k in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")}
        self.scan.pages.append(PageInfo(number, boxes, obj))
        res = _inherited(obj, "/Resources") or pikepdf.Dictionary()
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary):
            self.scan.groups.append(Found(number, "page", group, "page"))
            if "/CS" in group:
                self.scan.use(number, resolve_space(group.CS, res), "page: transparency group")
        if "/Contents" in obj:
            self.content(number, page, res, IDENTITY, "page", "all", (), res_key="page")
        else:
            self.note_resources(number, res, "page")
        for annot in obj.get("/Annots", []):
            self.annotation(number, annot, res)

    def annotation(self, page: int, annot: Any, page_res: Any) -> None:
        if not isinstance(annot, pikepdf.Dictionary):
            return
        kind = str(annot.get("/Subtype", "/Annot"))[1:]
        self.scan.annots.append(Found(page, kind, annot, "annotation"))
        ap_dict = annot.get("/AP")
        normal = ap_dict.get("/N") if isinstance(ap_dict, pikepdf.Dictionary) else None
        streams = [normal] if isinstance(normal, pikepdf.Stream) else list(getattr(normal, "values", lambda: [])())
        rect = as_box(annot.get("/Rect"))
        printed = int(annot.get("/F", 0)) & 4 and not int(annot.get("/F", 0)) & 2  # Print set, Hidden not
        for ap in streams:
            if not isinstance(ap, pikepdf.Stream) or rect is None:
                continue
            matrix = tuple(nums(ap.get("/Matrix", IDENTITY)))
            bb = bbox_of(matrix, as_box(ap.get("/BBox")) or (0, 0, 1, 1))  # type: ignore[arg-type]
            sx = (rect[2] - rect[0]) / (bb[2] - bb[0]) if bb[2] > bb[0] else 1.0
            sy = (rect[3] - rect[1]) / (bb[3] - bb[1]) if bb[3] > bb[1] else 1.0
            # the form's own /Matrix is applied by form(); this maps its box onto /Rect
            to_rect = (sx, 0.0, 0.0, sy, rect[0] - bb[0] * sx, rect[1] - bb[1] * sy)
            self.form(page, ap, to_rect, page_res, f"{kind} annotation appearance",
                      "all" if printed else "none", (), parent_key="page")


def _inherited(obj: Any, key: str) -> Any:
    for _ in range(64):  # Pages trees are shallow; this bounds a /Parent loop
        if obj is None:
            return None
        if key in obj:
            return obj[key]
        obj = obj.get("/Parent")
    return None


def scan(pdf: pikepdf.Pdf) -> Scan:
    """Every page's content and the XMP packet; stops with `scan.stopped` set at a bound of limits.py."""
    sc = _Scanner(pdf)
    try:
        for number, page in enumerate(pdf.pages, 1):
            sc.page(number, page)
    except LimitExceeded as e:
        sc.scan.stopped = f"{e}; the file is not checked further"
    except RecursionError:  # deeper Python nesting than MAX_DEPTH allows for: a bug, but never a crash
        sc.scan.stopped = "content nests too deeply to interpret; the file is not checked further"
    sc.scan.xmp = read_xmp(pdf)
    return sc.scan
