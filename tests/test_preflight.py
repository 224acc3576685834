"""Preflight: the real product passes every rule; one small broken PDF per rule proves each check.

Fixtures are built in code (tests/preflight_fixtures.py): a valid PDF/X skeleton plus exactly
one mistake. Each case asserts the set of failing rules, so a mistake is caught by its rule and
does not leak into the others.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pikepdf
import pytest

from printprog.load import load_shop
from printprog.prepress.preflight import RULES, Finding, Report, check
from tests import preflight_fixtures as fx
from tests.conftest import DATA

SHOPS = {"x4": load_shop("default"), "x1a": load_shop("conservative-x1a")}
IN_TRIM = f"{fx.X0 + 40} {fx.X0 + 100}"  # a point well inside the safe zone, as "x y"


def failing(report: Report) -> set[str]:
    return {f.rule for f in report.failures}


# ---------------------------------------------------------------- the real product


@pytest.mark.parametrize("shop", ["default", "conservative-x1a"])
def test_real_a4_passes_every_rule(tmp_path, shop: str) -> None:
    from printprog.build import Request, build

    pdf = build(Request("a4", DATA, "bg", tmp_path, shop=shop)).pdf
    report = check(pdf, load_shop(shop))
    assert report.ok, report.format_text()
    assert [f.rule for f in report.findings] == list(RULES)


# ---------------------------------------------------------------- the skeleton and the report


@pytest.mark.parametrize("flavour", ["x4", "x1a"])
def test_skeleton_passes_every_rule_once(flavour: str) -> None:
    report = check(fx.make(flavour=flavour), SHOPS[flavour])
    assert report.ok, report.format_text()
    assert [f.rule for f in report.findings] == list(RULES)  # exactly one ok finding per rule


def test_text_report_lines() -> None:
    img = _image(tac=100, px=(120, 80), size=(86.4, 57.6), name="/Im0")  # 100 ppi
    report = check(fx.make(edit=img), SHOPS["x4"])
    lines = report.format_text().splitlines()
    assert "FAIL image-resolution p1: image Im0 is 100 ppi effective (shop minimum 250)" in lines
    assert "ok   fonts-embedded: 1 font(s), all embedded" in lines
    assert lines[-1] == "<bytes>: 1 problem(s) in 1 of 16 rules (PDF/X-4): image-resolution"
    assert not report.ok


def test_json_report_is_stable_and_keeps_cyrillic() -> None:
    report = check(fx.make(draw=lambda c: fx.text(c, "Режисьор", 20, 200, 4)), SHOPS["x4"])
    text = report.to_json()
    data = json.loads(text)
    assert list(data) == ["file", "flavour", "ok", "findings"]
    assert list(data["findings"][0]) == ["rule", "ok", "message", "page"]
    assert data["flavour"] == "x4" and data["ok"] is False
    assert "'Режисьор' is 4 pt" in text  # ensure_ascii=False
    assert text == report.to_json()


def test_report_reads_a_path(tmp_path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(fx.make())
    report = check(path, SHOPS["x4"])
    assert report.ok and report.file == str(path)


def test_unreadable_file_is_a_finding_not_a_crash() -> None:
    report = check(b"%PDF-1.6\nthis is not a pdf", SHOPS["x4"])
    assert not report.ok
    assert report.findings[0].rule == "syntax"


# ---------------------------------------------------------------- one broken fixture per rule

Build = Callable[[], bytes]


@dataclass(frozen=True)
class Case:
    id: str
    build: Build
    fails: set[str]  # exactly these rules fail
    message: str  # a regex that one of the failing messages must match
    flavour: str = "x4"


def _image(tac: float = 100, px: tuple[int, int] = (120, 80), size: tuple[float, float] = (28.8, 19.2),
           name: str = "/ImTest", space: str = "/DeviceCMYK", jpeg: bool = False, at: tuple[float, float] = (40, 200),
           pixels: np.ndarray | None = None, **extra: object) -> fx.Edit:
    def edit(pdf: pikepdf.Pdf) -> None:
        data = fx.cmyk_pixels(px[0], px[1], tac) if pixels is None else pixels
        fx.place(pdf, fx.image_stream(pdf, data, space, jpeg, **extra), name, (size[0], 0, 0, size[1], *at))

    return edit


def _ops(ops: str, **resources: pikepdf.Dictionary) -> fx.Edit:
    return lambda pdf: fx.add_ops(pdf, ops, **resources)


def _form(pdf: pikepdf.Pdf, ops: str, matrix=(1, 0, 0, 1, 0, 0), **resources: object) -> pikepdf.Stream:
    return pdf.make_stream(ops.encode(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                           BBox=[0, 0, 1000, 1000], Matrix=list(matrix), Resources=pikepdf.Dictionary(**resources))


def _nested_rgb(pdf: pikepdf.Pdf) -> None:
    inner = _form(pdf, "0 0 1 rg 0 0 10 10 re f")
    outer = _form(pdf, "/FmB Do", XObject=pikepdf.Dictionary(FmB=inner))
    fx.place(pdf, outer, "/FmA", (1, 0, 0, 1, 40, 100))


def _image_in_scaled_form(pdf: pikepdf.Pdf) -> None:
    # the image is 300 ppi inside the form, and the form is drawn at twice its size
    img = fx.image_stream(pdf, fx.cmyk_pixels(120, 80, 100))
    form = _form(pdf, "q 28.8 0 0 19.2 0 0 cm /ImIn Do Q", matrix=(2, 0, 0, 2, 0, 0),
                 XObject=pikepdf.Dictionary(ImIn=img))
    fx.place(pdf, form, "/FmScaled", (1, 0, 0, 1, 40, 100))


def _helvetica_in_form(pdf: pikepdf.Pdf) -> None:
    helv = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    form = _form(pdf, "BT 0 0 0 1 k /FH 14 Tf 0 0 Td (Hi) Tj ET", Font=pikepdf.Dictionary(FH=helv))
    fx.place(pdf, form, "/FmText", (1, 0, 0, 1, 40, 100))


def _set(path: str, value: object) -> fx.Edit:
    """Set (or with None, delete) a key: 'info.Trapped', 'page.TrimBox', 'root.Names', 'intent.N'."""

    def edit(pdf: pikepdf.Pdf) -> None:
        where, key = path.split(".")
        target = {"info": lambda: pdf.trailer.Info, "page": lambda: pdf.pages[0].obj, "root": lambda: pdf.Root,
                  "intent": lambda: pdf.Root.OutputIntents[0]}[where]()
        if value is None:
            del target[f"/{key}"]
        else:
            target[f"/{key}"] = value(pdf) if callable(value) else value

    return edit


def _srgb_profile(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    return pdf.make_stream(fx.srgb_profile(), N=3)


def _js(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert('hi')"))
    return pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["hello", action])))


def _egs(**keys: object) -> dict[str, pikepdf.Dictionary]:
    return {"ExtGState": pikepdf.Dictionary(GSx=pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, **keys))}


def _icc_space(profile: Callable[[pikepdf.Pdf], pikepdf.Stream]) -> fx.Edit:
    def edit(pdf: pikepdf.Pdf) -> None:
        space = pikepdf.Array([pikepdf.Name.ICCBased, profile(pdf)])
        fx.add_ops(pdf, f"q /CSicc cs 0.2 0.2 0.2 sc {IN_TRIM} 10 10 re f Q",
                   ColorSpace=pikepdf.Dictionary(CSicc=space))

    return edit


def _cmyk_profile(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    return pdf.make_stream(fx.PROFILE.read_bytes(), N=4)


def _spot(alternate: str) -> fx.Edit:
    n = {"/DeviceRGB": 3, "/DeviceCMYK": 4}[alternate]
    tint = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0] * n, C1=[1] * n, N=1)
    space = pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name("/Gold"), pikepdf.Name(alternate), tint])
    return _ops(f"q /CSgold cs 1 scn {IN_TRIM} 10 10 re f Q", ColorSpace=pikepdf.Dictionary(CSgold=space))


def _rgb_shading(pdf: pikepdf.Pdf) -> None:
    fn = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1)
    sh = pikepdf.Dictionary(ShadingType=2, ColorSpace=pikepdf.Name.DeviceRGB, Coords=[0, 0, 10, 0], Function=fn)
    fx.add_ops(pdf, f"q {IN_TRIM} 10 10 re W n /ShRGB sh Q", Shading=pikepdf.Dictionary(ShRGB=sh))


def _soft_masked_image(pdf: pikepdf.Pdf) -> None:
    mask = fx.image_stream(pdf, np.full((80, 120, 1), 128, np.uint8), "/DeviceGray")
    _image(SMask=mask)(pdf)


def _indexed_image(pdf: pikepdf.Pdf) -> None:
    # a two-entry CMYK palette: white and 400 % "black"; half the pixels use each
    space = pikepdf.Array([pikepdf.Name.Indexed, pikepdf.Name.DeviceCMYK, 1, pikepdf.String(bytes(4) + b"\xff" * 4)])
    pixels = np.zeros((80, 120, 1), np.uint8)
    pixels[:, 60:] = 1
    fx.place(pdf, fx.image_stream(pdf, pixels, "/DeviceCMYK"), "/ImTest", (28.8, 0, 0, 19.2, 40, 200))
    pdf.pages[0].obj.Resources.XObject.ImTest.ColorSpace = space


def _encrypt(data: bytes) -> bytes:
    import io

    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="secret", user="", R=4))
        return out.getvalue()


def _sound_annotation(pdf: pikepdf.Pdf) -> None:
    annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Sound, Rect=[50, 50, 60, 60])
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))


def _rgb_annotation(pdf: pikepdf.Pdf) -> None:
    ap = _form(pdf, "1 0 0 rg 0 0 10 10 re f")
    annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, F=4,
                               Rect=[fx.X0 + 40, fx.X0 + 100, fx.X0 + 50, fx.X0 + 110], AP=pikepdf.Dictionary(N=ap))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))


def _rgb_type3_glyph(pdf: pikepdf.Pdf) -> None:
    glyph = pdf.make_stream(b"1000 0 d0 1 0 0 rg 0 0 800 700 re f")
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 1000, 1000],
        FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=pikepdf.Dictionary(a=glyph), FirstChar=97, LastChar=97,
        Widths=[1000], Encoding=pikepdf.Dictionary(Differences=[97, pikepdf.Name.a]), Resources=pikepdf.Dictionary()))
    fx.add_ops(pdf, f"BT 0 0 0 1 k /T3 14 Tf {IN_TRIM} Td (a) Tj ET", Font=pikepdf.Dictionary(T3=font))


def _embedded_file(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    spec = pikepdf.AttachedFileSpec(pdf, b"secret", filename="notes.txt")
    return pikepdf.Dictionary(EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array(["notes.txt", spec.obj])))


RICH = (0.6, 0.5, 0.5, 1)
REG_INSIDE = f"q /CSAll cs 1 scn {IN_TRIM} 10 10 re f Q"

CASES = [
    # 1 pdfx-version
    Case("pdf-1.7-for-x4", lambda: fx.make(version="1.7"), {"pdfx-version"}, r"PDF version 1\.7 is above 1\.6"),
    Case("pdf-1.5-for-x1a", lambda: fx.make(flavour="x1a", version="1.5"), {"pdfx-version"}, r"above 1\.4",
         flavour="x1a"),
    Case("xmp-claims-x3", lambda: fx.make(xmp={"pdfxid:GTS_PDFXVersion": "PDF/X-3:2003"}), {"pdfx-version"},
         r"pdfxid:GTS_PDFXVersion is 'PDF/X-3:2003', expected 'PDF/X-4'"),
    Case("x1a-without-info-version", lambda: fx.make(flavour="x1a", edit=_set("info.GTS_PDFXVersion", None)),
         {"pdfx-version"}, r"Info GTS_PDFXVersion is None, expected 'PDF/X-1a:2003'", flavour="x1a"),
    # 2 output-intent
    Case("no-output-intent", lambda: fx.make(edit=_set("root.OutputIntents", None)), {"output-intent"},
         r"0 OutputIntents with /S /GTS_PDFX"),
    Case("srgb-output-profile", lambda: fx.make(edit=_set("intent.DestOutputProfile", _srgb_profile)),
         {"output-intent"}, r"class is 'mntr', not 'prtr'"),
    Case("no-profile-in-x4", lambda: fx.make(edit=_set("intent.DestOutputProfile", None)), {"output-intent"},
         r"no DestOutputProfile"),
    Case("no-condition", lambda: fx.make(edit=_set("intent.OutputConditionIdentifier", None)), {"output-intent"},
         r"no OutputConditionIdentifier"),
    # 3 boxes
    Case("no-trimbox", lambda: fx.make(edit=_set("page.TrimBox", None)), {"boxes"}, r"no TrimBox"),
    Case("bleedbox-inside-trimbox",
         lambda: fx.make(edit=_set("page.BleedBox", [fx.X0 + 6, fx.X0 + 6, fx.X0 + 200, fx.X0 + 300])),
         {"boxes"}, r"TrimBox \[.*\] is not inside the BleedBox .*sticks out 2\.1 mm left"),
    Case("trimbox-and-artbox", lambda: fx.make(edit=_set("page.ArtBox", list(fx.TRIM_BOX))), {"boxes"},
         r"both TrimBox and ArtBox"),
    Case("no-bleedbox", lambda: fx.make(edit=_set("page.BleedBox", None)), {"boxes"}, r"no BleedBox"),
    # 4 fonts-embedded
    Case("unembedded-helvetica", lambda: fx.make(lambda c: fx.text(c, "Hello", 20, 200, font="Helvetica")),
         {"fonts-embedded"}, r"font F\d+ \(Helvetica\) is not embedded \(a standard-14 font"),
    Case("unembedded-font-in-form", lambda: fx.make(edit=_helvetica_in_form), {"fonts-embedded", "overprint"},
         r"font FH \(Helvetica\) in page: form FmText is not embedded"),
    # 5 colour-spaces
    Case("rgb-fill-operator", lambda: fx.make(ops=f"q 1 0 0 rg {IN_TRIM} 20 20 re f Q"), {"colour-spaces"},
         r"page: rg operator: DeviceRGB is not allowed"),
    Case("rgb-stroke-operator", lambda: fx.make(ops=f"q 0 0 1 RG 1 w {IN_TRIM} 20 20 re S Q"), {"colour-spaces"},
         r"RG operator: DeviceRGB"),
    Case("rgb-image", lambda: fx.make(edit=_image(pixels=np.full((80, 120, 3), 200, np.uint8), space="/DeviceRGB")),
         {"colour-spaces"}, r"image ImTest: DeviceRGB"),
    Case("rgb-inline-image",
         lambda: fx.make(ops=f"q 0.2 0 0 0.2 {IN_TRIM} cm BI /W 1 /H 1 /CS /RGB /BPC 8 /F /AHx ID ff0000> EI Q"),
         {"colour-spaces"}, r"image inline image: DeviceRGB"),
    Case("rgb-in-nested-form", lambda: fx.make(edit=_nested_rgb), {"colour-spaces"},
         r"form FmA: form FmB: rg operator: DeviceRGB"),
    Case("rgb-in-annotation", lambda: fx.make(edit=_rgb_annotation), {"colour-spaces"},
         r"Square annotation appearance: rg operator"),
    Case("rgb-transparency-group",
         lambda: fx.make(edit=_set("page.Group", pikepdf.Dictionary(S=pikepdf.Name.Transparency,
                                                                      CS=pikepdf.Name.DeviceRGB))),
         {"colour-spaces"}, r"page: transparency group: DeviceRGB"),
    Case("icc-rgb", lambda: fx.make(edit=_icc_space(_srgb_profile)), {"colour-spaces"}, r"ICCBased \(N=3\)"),
    Case("icc-cmyk-in-x1a", lambda: fx.make(flavour="x1a", edit=_icc_space(_cmyk_profile)), {"colour-spaces"},
         r"ICCBased \(N=4\) is not allowed in PDF/X-1a", flavour="x1a"),
    Case("spot-with-rgb-alternate", lambda: fx.make(edit=_spot("/DeviceRGB")), {"colour-spaces"},
         r"DeviceRGB \(alternate of Separation /Gold"),
    # (these three also set black text without overprint: a second finding under an offset shop)
    Case("rgb-in-type3-glyph", lambda: fx.make(edit=_rgb_type3_glyph), {"colour-spaces", "overprint"},
         r"Type3 font T3 glyph a: rg operator: DeviceRGB"),
    Case("rgb-shading", lambda: fx.make(edit=_rgb_shading), {"colour-spaces"}, r"shading ShRGB: DeviceRGB"),
    Case("lab", lambda: fx.make(edit=_ops(f"q /CSlab cs 50 0 0 sc {IN_TRIM} 5 5 re f Q", ColorSpace=pikepdf.Dictionary(
        CSlab=pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9505, 1, 1.089])])))),
        {"colour-spaces"}, r"Lab is not allowed"),
    # 6 transparency (PDF/X-1a)
    Case("constant-alpha-x1a", lambda: fx.make(flavour="x1a", edit=_ops(f"q /GSx gs {IN_TRIM} 9 9 re f Q",
                                                                          **_egs(ca=0.5))),
         {"transparency"}, r"ExtGState GSx sets ca 0\.5", flavour="x1a"),
    Case("soft-masked-image-x1a", lambda: fx.make(flavour="x1a", edit=_soft_masked_image), {"transparency"},
         r"image ImTest has a soft mask", flavour="x1a"),
    Case("blend-mode-x1a", lambda: fx.make(flavour="x1a", edit=_ops(f"q /GSx gs {IN_TRIM} 9 9 re f Q",
                                                                      **_egs(BM=pikepdf.Name.Multiply))),
         {"transparency"}, r"blend mode /Multiply", flavour="x1a"),
    Case("transparency-group-x1a",
         lambda: fx.make(flavour="x1a", edit=_set("page.Group", pikepdf.Dictionary(S=pikepdf.Name.Transparency))),
         {"transparency"}, r"page is a transparency group", flavour="x1a"),
    # 7 image-resolution
    Case("100-ppi", lambda: fx.make(edit=_image(size=(86.4, 57.6))), {"image-resolution"},
         r"^image ImTest is 100 ppi effective \(shop minimum 250\)$"),
    Case("300x150-ppi", lambda: fx.make(edit=_image(px=(120, 40))), {"image-resolution"}, r"is 150 ppi"),
    Case("image-in-scaled-form", lambda: fx.make(edit=_image_in_scaled_form), {"image-resolution"},
         r"image ImIn in form FmScaled is 150 ppi"),
    Case("oversized-clipped-image",
         lambda: fx.make(ops=f"q {fx.X0} {fx.X0} 50 50 re W n", edit=_image(px=(300, 300), size=(900, 900),
                                                                            at=(-300, -300))),
         {"image-resolution"}, r"is 24 ppi"),
    # 8 ink-coverage
    Case("380-percent-fill", lambda: fx.make(ops=f"q 1 1 0.9 0.9 k {IN_TRIM} 20 20 re f Q"), {"ink-coverage"},
         r"^fill C100 M100 Y90 K90 = 380% total ink \(shop limit 300%\)$"),
    Case("400-percent-cmyk-image", lambda: fx.make(edit=_image(tac=400)), {"ink-coverage"},
         r"image ImTest reaches 400% total ink \(99\.9th percentile\)"),
    Case("400-percent-cmyk-jpeg", lambda: fx.make(edit=_image(tac=400, jpeg=True)), {"ink-coverage"},
         r"image ImTest reaches (39\d|40\d)% total ink \(99\.9th percentile\)"),
    Case("indexed-cmyk-image", lambda: fx.make(edit=_indexed_image), {"ink-coverage"},
         r"image ImTest reaches 400% total ink"),
    Case("cmyk-jpeg-without-adobe-decode", lambda: fx.make(edit=_image(tac=0, jpeg=True, Decode=[0, 1] * 4)),
         {"ink-coverage"}, r"image ImTest reaches 400% total ink"),
    Case("registration-inside-bleed", lambda: fx.make(ops=REG_INSIDE), {"ink-coverage"},
         r"registration colour \(Separation /All\) inside the bleed box"),
    # 9 small-text-k-only
    Case("rich-black-small-text", lambda: fx.make(lambda c: fx.text(c, "Режисьор", 20, 200, 8, RICH)),
         {"small-text-k-only"}, r"^text 'Режисьор' at 8 pt is C60 M50 Y50 K100, not K only \(text below 12 pt\)$"),
    Case("coloured-small-text", lambda: fx.make(lambda c: fx.text(c, "Кино", 20, 200, 10, (0, 1, 1, 0))),
         {"small-text-k-only"}, r"C0 M100 Y100 K0, not K only"),
    # overprint
    Case("black-text-knocks-out", lambda: fx.make(ops=f"q 1 0 0 1 {IN_TRIM} cm BT 0 0 0 1 k /F1+0 10 Tf (ab) Tj ET Q"),
         {"overprint"}, r"^100 % K text 'ab' knocks out instead of overprinting \(set /op true and /OPM 1\)$"),
    # 10 min-font-size
    Case("4-pt-text", lambda: fx.make(lambda c: fx.text(c, "fine print", 20, 200, 4)), {"min-font-size"},
         r"^text 'fine print' is 4 pt \(shop minimum 5 pt\)$"),
    Case("text-scaled-down-by-cm", lambda: fx.make(ops=f"q 0.4 0 0 0.4 {IN_TRIM} cm BT /F1+0 10 Tf (ab) Tj ET Q"),
         {"min-font-size", "overprint"}, r"is 4 pt"),
    # 11 safe-zone
    Case("text-crossing-safe-zone", lambda: fx.make(lambda c: fx.text(c, "Лято", fx.pt(2), 200)), {"safe-zone"},
         r"^text 'Лято' crosses the 5 mm safe zone \(3 mm left beyond it\)$"),
    Case("slug-line-outside-trim",
         lambda: fx.make(lambda c: fx.text(c, "job 42 slug", 10 - fx.X0, 4 - fx.X0, 6)), {"safe-zone"},
         r"text 'job 42 slug' lies outside the TrimBox"),
    # 12 line-width
    Case("0.1-pt-line", lambda: fx.make(ops=f"q 0 0 0 1 K 0.1 w {IN_TRIM} m 200 100 l S Q"), {"line-width"},
         r"^stroke 0\.1 pt wide at \[.*\] \(shop minimum 0\.25 pt\)$"),
    Case("line-thinned-by-cm", lambda: fx.make(ops=f"q 0.2 0 0 0.2 {IN_TRIM} cm 0 0 0 1 K 0.5 w 0 0 m 100 0 l S Q"),
         {"line-width"}, r"stroke 0\.1 pt wide"),
    Case("thin-registration-inside-bleed",
         lambda: fx.make(ops=f"q /CSAll CS 1 SCN 0.1 w {IN_TRIM} m 200 100 l S Q"), {"line-width", "ink-coverage"},
         r"stroke 0\.1 pt wide"),
    # 13 metadata
    Case("trapped-mismatch", lambda: fx.make(xmp={"pdf:Trapped": "True"}), {"metadata"},
         r"XMP pdf:Trapped is 'True' but Info Trapped is /False"),
    Case("trapped-as-string", lambda: fx.make(edit=_set("info.Trapped", pikepdf.String("False"))), {"metadata"},
         r"Info Trapped is string 'False', expected the name /True or /False"),
    Case("trapped-pikepdf-false_", lambda: fx.make(edit=_set("info.Trapped", pikepdf.Name.False_)), {"metadata"},
         r"Info Trapped is the name /False_, expected the name /True or /False"),
    Case("missing-xmp", lambda: fx.make(edit=_set("root.Metadata", None)), {"metadata", "pdfx-version"},
         r"no XMP metadata stream"),
    Case("xmp-date-differs", lambda: fx.make(xmp={"xmp:ModifyDate": "2026-01-02T03:04:06Z"}), {"metadata"},
         r"XMP xmp:ModifyDate .* are different instants"),
    Case("no-document-id", lambda: fx.make(xmp={"xmpMM:DocumentID": None}), {"metadata"},
         r"XMP has no xmpMM:DocumentID"),
    Case("no-title", lambda: fx.make(edit=_set("info.Title", None)), {"metadata"}, r"Info has no Title"),
    # 14 forbidden
    Case("javascript", lambda: fx.make(edit=_set("root.Names", _js)), {"forbidden"}, r"document-level JavaScript"),
    Case("openaction-javascript",
         lambda: fx.make(edit=_set("root.OpenAction", pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="1"))),
         {"forbidden"}, r"JavaScript in the OpenAction"),
    Case("transfer-function", lambda: fx.make(edit=_ops("q /GSx gs Q", **_egs(TR=pikepdf.Name.Identity))),
         {"forbidden"}, r"ExtGState GSx sets a transfer function \(TR\)"),
    Case("embedded-file", lambda: fx.make(edit=_set("root.Names", _embedded_file)), {"forbidden"},
         r"embedded files \(Names /EmbeddedFiles\)"),
    Case("opi-link", lambda: fx.make(edit=_image(OPI=pikepdf.Dictionary(Version=1.3))), {"forbidden"},
         r"OPI link in image ImTest"),
    Case("sound-annotation", lambda: fx.make(edit=_sound_annotation), {"forbidden"}, r"Sound annotation"),
    Case("encrypted", lambda: _encrypt(fx.make()), {"forbidden"}, r"the file is encrypted"),
    # 15 syntax
    Case("missing-xobject", lambda: fx.make(ops="/Nope Do"), {"syntax"}, r"XObject /Nope not in resources"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_fixture_fails_its_rule_only(case: Case) -> None:
    report = check(case.build(), SHOPS[case.flavour])
    assert failing(report) == case.fails, report.format_text()
    assert any(re.search(case.message, f.message) for f in report.failures), report.format_text()


def test_every_rule_has_a_failing_fixture() -> None:
    assert set().union(*(c.fails for c in CASES)) == set(RULES)


# ---------------------------------------------------------------- what must pass


@pytest.mark.parametrize(("build", "flavour"), [
    pytest.param(lambda: fx.make(ops=fx.crop_marks(0.1)), "x4", id="thin-crop-marks-outside-the-bleed"),
    pytest.param(lambda: fx.make(edit=_icc_space(_cmyk_profile)), "x4", id="icc-cmyk-in-x4"),
    pytest.param(lambda: fx.make(edit=_spot("/DeviceCMYK")), "x4", id="spot-with-cmyk-alternate"),
    pytest.param(lambda: fx.make(edit=_ops(f"q /GSx gs {IN_TRIM} 9 9 re f Q", **_egs(ca=0.5))), "x4",
                 id="alpha-in-x4"),
    pytest.param(lambda: fx.make(edit=_soft_masked_image), "x4", id="soft-mask-in-x4"),
    pytest.param(lambda: fx.make(xmp={"xmp:CreateDate": "2026-01-02T05:04:05+02:00"}), "x4",
                 id="same-instant-other-zone"),
    pytest.param(lambda: fx.make(lambda c: fx.text(c, "Заглавие", 20, 200, 14, RICH)), "x4",
                 id="rich-black-large-text"),
    pytest.param(lambda: fx.make(edit=_image(tac=280, jpeg=True, px=(400, 300))), "x4", id="cmyk-jpeg-below-limit"),
    pytest.param(lambda: fx.make(edit=_image(pixels=np.full((80, 120, 1), 0, np.uint8), space="/DeviceGray")),
                 "x4", id="solid-black-gray-image"),
    pytest.param(lambda: fx.make(flavour="x1a", edit=_set("intent.DestOutputProfile", None)), "x1a",
                 id="x1a-registered-condition-without-profile"),
])
def test_allowed_things_pass(build: Callable[[], bytes], flavour: str) -> None:
    report = check(build(), SHOPS[flavour])
    assert report.ok, report.format_text()


def _press_sheet(mark_over_copy: bool = False) -> bytes:
    """Two skeleton pages placed on one sheet (BleedBox = MediaBox), clipped to their BleedBox as
    forms, with cut marks between them; optionally one mark drawn across a copy."""
    import io

    w, h = 2 * fx.MEDIA[0], fx.MEDIA[1]
    with pikepdf.open(io.BytesIO(fx.make())) as src, pikepdf.new() as sheet:
        sheet.add_blank_page(page_size=(w, h))
        form = sheet.copy_foreign(src.pages[0].as_form_xobject())
        form.BBox = list(fx.BLEED_BOX)  # keeps the bleed, clips the copy's own crop marks away
        page = sheet.pages[0].obj
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Copy=form))
        for key in ("/MediaBox", "/BleedBox", "/TrimBox"):
            page[key] = [0, 0, w, h]
        x_cut = fx.MEDIA[0] + fx.X0  # the second copy's left trim line, prolonged below its bleed
        mark = f"{x_cut} {fx.X0 + 100} m {x_cut} {fx.X0 + 130} l S" if mark_over_copy else ""
        ops = (f"q /Copy Do Q q 1 0 0 1 {fx.MEDIA[0]} 0 cm /Copy Do Q "
               f"q /CSAll CS 1 SCN 0.3 w {x_cut} 0 m {x_cut} {fx.SLUG - 1} l S {mark} Q")
        page.Contents = sheet.make_stream(ops.encode())
        sheet.docinfo.Title = "sheet"
        out = io.BytesIO()
        sheet.save(out)
    return fx.finish(out.getvalue())


def test_press_sheet_cut_marks_between_copies_pass() -> None:
    report = check(_press_sheet(), SHOPS["x4"])
    assert report.ok, report.format_text()


def test_press_sheet_mark_on_a_copy_fails() -> None:
    report = check(_press_sheet(mark_over_copy=True), SHOPS["x4"])
    assert failing(report) == {"ink-coverage"}, report.format_text()
    assert "registration colour (Separation /All) on a placed page" in report.failed("ink-coverage")[0].message


def test_clipped_away_paint_does_not_count() -> None:
    # registration colour and a 400 % fill inside the bleed, both hidden by a clip elsewhere
    clip = f"q {fx.X0 + 200} {fx.X0 + 300} 5 5 re W n"
    report = check(fx.make(ops=f"{clip} {REG_INSIDE} q 1 1 1 1 k {IN_TRIM} 20 20 re f Q Q"), SHOPS["x4"])
    assert report.ok, report.format_text()
    report = check(fx.make(ops=f"{clip} q 1 1 1 1 k {fx.X0 + 190} {fx.X0 + 290} 20 20 re f Q Q"), SHOPS["x4"])
    assert failing(report) == {"ink-coverage"}


def test_large_format_uses_the_shops_large_format_minimum() -> None:
    shop = load_shop("default")
    if not hasattr(shop, "min_ppi_for"):
        pytest.skip("shop profiles have no large-format resolution")
    # 160 ppi on a page 1 m tall: fine by large_format_min_ppi (150), not by min_ppi (250)
    big = shop.model_copy(update={"large_format": 100.0})
    report = check(fx.make(edit=_image(size=(54, 36))), big)
    assert failing(report) == set(), report.format_text()
    assert failing(check(fx.make(edit=_image(size=(54, 36))), shop)) == {"image-resolution"}


def test_finding_line_format() -> None:
    assert Finding("boxes", False, "no BleedBox", 2).line() == "FAIL boxes p2: no BleedBox"
    assert Finding("metadata", True, "fine").line() == "ok   metadata: fine"


# ---------------------------------------------------------------- the scanner's arithmetic


def _scan(ops: str, fonts: dict[str, pikepdf.Dictionary] | None = None):  # type: ignore[no-untyped-def]
    from printprog.prepress import pdfscan

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(400, 400))
    page = pdf.pages[0].obj
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(**(fonts or {"F": _simple_font()})))
    page.Contents = pdf.make_stream(ops.encode())
    return pdfscan.scan(pdf)


def _simple_font() -> pikepdf.Dictionary:
    return pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=pikepdf.Name("/X"),
                              FirstChar=65, Widths=[500, 600])


def test_text_box_follows_tc_tz_tj_and_rise() -> None:
    # Tz 50 halves advances and Tc; the box ends at the last glyph's advance, not after its Tc
    t = _scan("BT /F 10 Tf 2 Tc 50 Tz 1 0 0 1 100 50 Tm (AB) Tj ET").texts[0]
    assert t.bbox == pytest.approx((100, 47.5, 106.5, 58.5))
    t = _scan("BT /F 10 Tf 3 Ts 1 0 0 1 100 50 Tm [(A) -1000 (B)] TJ ET").texts[0]
    assert t.bbox == pytest.approx((100, 50.5, 121, 61.5))
    assert (t.size_eff, t.text) == (10, "AB")


def test_text_size_and_box_follow_the_ctm_and_q_restores_it() -> None:
    s = _scan("q 2 0 0 3 10 20 cm BT /F 10 Tf (A) Tj ET Q BT /F 10 Tf 0 0 Td (A) ' ET")
    scaled, plain = s.texts
    assert scaled.size_eff == pytest.approx(30)
    assert scaled.bbox == pytest.approx((10, 20 - 7.5, 20, 20 + 25.5))
    assert plain.size_eff == pytest.approx(10) and plain.bbox[0] == pytest.approx(0)


def test_type0_font_uses_two_byte_codes_and_w_widths() -> None:
    cid = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, W=[65, [700, 800]], DW=1000)
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/Y"),
                              Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[cid])
    t = _scan("BT /G 10 Tf <00410042> Tj ET", {"G": font}).texts[0]
    assert t.bbox[2] == pytest.approx(15)


def test_colour_state_is_saved_and_restored() -> None:
    s = _scan("0 0 0 1 k q 0.5 0.5 0.5 1 k BT /F 8 Tf (A) Tj ET Q BT /F 8 Tf (B) Tj ET")
    assert [t.fill_colour for t in s.texts] == [(0.5, 0.5, 0.5, 1), (0, 0, 0, 1)]


def test_tounicode_bfchar_and_bfrange() -> None:
    from printprog.prepress.pdfscan import parse_tounicode

    cmap = (b"2 beginbfchar <01> <041B> <02> <0044> endbfchar\n"
            b"2 beginbfrange <10> <12> <0430> <20> <21> [<0061> <0062>] endbfrange")
    assert parse_tounicode(cmap) == {1: "Л", 2: "D", 16: "а", 17: "б", 18: "в", 32: "a", 33: "b"}


def test_xmp_reads_elements_as_well_as_attributes() -> None:
    from printprog.prepress.pdfscan import parse_xmp

    packet = fx.xmp_packet({"xmpMM:DocumentID": "uuid:1"}).replace(
        b"</rdf:Description>",
        b"</rdf:Description><rdf:Description rdf:about='' xmlns:pdfxid='http://www.npes.org/pdfx/ns/id/'>"
        b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion></rdf:Description>")
    xmp = parse_xmp(packet)
    assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
    assert xmp["xmpMM:DocumentID"] == "uuid:1" and xmp["dc:title"] == "Preflight fixture"


def test_pdf_and_xmp_dates_compare_as_instants() -> None:
    from printprog.prepress.preflight import pdf_date, xmp_date

    assert pdf_date("D:20260102050405+02'00'") == xmp_date("2026-01-02T03:04:05Z")
    assert pdf_date("D:2026") is not None and pdf_date("yesterday") is None
