"""The preflight scan's memo of page runs (prepress/scan/memo.py): a replay is the run it replaces."""

from __future__ import annotations

import io

import pikepdf
import pytest

from printprog.load import load_shop
from printprog.prepress import scan as pdfscan
from printprog.prepress.preflight import check
from printprog.prepress.scan import interpreter, memo
from tests.conftest import DATA


@pytest.fixture(scope="module")
def a4(tmp_path_factory) -> bytes:
    from printprog.build import Request, build

    return build(Request("a4", DATA, "bg", tmp_path_factory.mktemp("a4"), shop="default")).pdf.read_bytes()


@pytest.fixture
def runs(monkeypatch) -> list[int]:
    """Pages of each scan that were interpreted (not replayed)."""
    ran: list[int] = []
    real = interpreter._Run.run

    def counted(self, stream):
        ran.append(self.page)
        real(self, stream)

    monkeypatch.setattr(interpreter._Run, "run", counted)
    memo._KEPT.clear()
    return ran


def _scan(data: bytes) -> pdfscan.Scan:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        sc = pdfscan.scan(pdf)
        sc.pages = [p.number for p in sc.pages]  # outlive the file
        sc.gstates_used = [(f.page, f.name, f.where, f.obj.objgen) for f in sc.gstates_used]
        sc.fonts = sc.gstates = sc.groups = sc.forms = sc.annots = []
        sc.images, sc.shadings = [], []
        return sc


def _edit(data: bytes, page: int, extra: bytes = b"", egs: dict | None = None) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pg = pdf.pages[page]
        if extra:
            pg.Contents = pdf.make_stream(pg.Contents.read_bytes() + b"\n" + extra)
        for name, gs in pg.Resources.get("/ExtGState", {}).items():
            for k, v in (egs or {}).items():
                gs[k] = v
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def test_a_replayed_scan_is_the_scan_without_the_memo(a4, runs, monkeypatch) -> None:
    with monkeypatch.context() as m:
        m.setattr(memo, "REMEMBER", 0)
        cold = _scan(a4)
    assert not memo._KEPT and runs == [1, 2]
    first, again = _scan(a4), _scan(a4)
    assert runs == [1, 2, 1, 2]  # the second scan replayed both pages
    assert len(memo._KEPT) == 2
    for sc in (first, again):
        assert sc.texts == cold.texts and sc.paths == cold.paths and sc.gstates_used == cold.gstates_used
        assert list(sc.colour_uses.items()) == list(cold.colour_uses.items())
        assert (sc.streams, sc.errors, sc.stopped, sc.pages) == (cold.streams, cold.errors, cold.stopped, cold.pages)
    assert cold.texts and cold.paths and cold.gstates_used


def test_a_changed_page_is_interpreted_again(a4, runs) -> None:
    shop = load_shop("default")
    assert check(a4, shop).ok
    changed = _edit(a4, 1, b"q 1 0 0 rg 100 100 10 10 re f Q")
    report = check(changed, shop)
    assert runs == [1, 2, 2]  # page 1 from the memo, page 2 run again
    assert "colour-spaces" in {f.rule for f in report.failures}
    assert any(u.space.family == "DeviceRGB" and u.page == 2 for u in _scan(changed).colour_uses.values())


def test_changed_resources_are_interpreted_again(a4, runs) -> None:
    before = _scan(a4)
    changed = _edit(a4, 0, egs={"/OP": False, "/op": False})
    after = _scan(changed)
    assert runs == [1, 2, 1, 2] or runs == [1, 2, 1]  # page 1's resources changed (page 2's too, if shared)
    assert [t.overprint for t in after.texts if t.page == 1] != [t.overprint for t in before.texts if t.page == 1]


def test_the_memo_is_bounded(a4, runs, monkeypatch) -> None:
    monkeypatch.setattr(memo, "REMEMBER", 1)
    _scan(a4)
    _scan(_edit(a4, 0, b"q 0 0 0 1 k 1 1 1 1 re f Q"))
    assert len(memo._KEPT) == 1


def test_a_replay_that_would_cross_a_bound_stops_where_a_run_stops(a4, runs, monkeypatch) -> None:
    _scan(a4)
    per_page = [k.ops for k in memo._KEPT.values()]
    limit = per_page[0] + per_page[1] // 2  # page 2 crosses it
    for module in (memo, interpreter):
        monkeypatch.setattr(module, "MAX_OPERATORS", limit)
    warm = _scan(a4)
    memo._KEPT.clear()
    cold = _scan(a4)
    assert warm.stopped and warm.stopped == cold.stopped
    assert warm.texts == cold.texts and warm.paths == cold.paths


def test_kept_font_subsets_are_reportlabs_bytes(tmp_path, monkeypatch) -> None:
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import makeToUnicodeCMap

    from printprog.build import Request, build
    from printprog.render import subsets

    def made(folder: str) -> bytes:
        return build(Request("a4", DATA, "bg", tmp_path / folder)).pdf.read_bytes()

    monkeypatch.setenv("PRINTPROG_PLAN_CACHE", "0")
    subsets._KEPT.clear()
    first = made("first")
    assert subsets._KEPT
    kept = made("kept")  # every subset from the memo

    def reportlab_cmap(doc, name, subset):
        cmap = pdfdoc.PDFStream()
        cmap.content = makeToUnicodeCMap(name, subset)
        cmap.filters = [pdfdoc.PDFZCompress] if doc.compression else None
        return cmap

    def reportlab_objects(face, digest, doc, name, subset):  # reportlab's, with the same tables dropped
        monkeypatch.setattr(face, "makeSubset", lambda s, make=face.makeSubset:
                            subsets.without_tables(make(s), subsets.UNUSED_IN_PDF))
        return face.addSubsetObjects(doc, name, subset)

    monkeypatch.setattr(subsets, "to_unicode", reportlab_cmap)
    monkeypatch.setattr(subsets, "subset_objects", reportlab_objects)
    assert first == kept == made("reportlab")
