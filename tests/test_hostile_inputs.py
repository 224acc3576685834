"""Issue #8: hostile or damaged inputs end in a diagnostic (or a clear usage error), never a
traceback, a hang or a MemoryError — and nothing is written."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
import yaml

from printprog import inputs
from printprog.build import Request, build, load_print, prepare, source_date
from printprog.cli import main
from printprog.diagnostics import InputError
from printprog.lengths import parse_length
from printprog.load import load_film, load_layout, load_shop
from printprog.load import yamlsrc
from printprog.load.yamlsrc import parse_yaml, read_yaml
from printprog.text.fonts import font_names
from tests.conftest import DATA, ROOT
from tests.helpers_load import A4, a4_text, diagnostics_of, edit, line_of, write

DEFAULT_SHOP = ROOT / "shops" / "default.yaml"
ICC = ROOT / "icc" / "printprog-FOGRA39L.icc"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def assert_nothing_written(out: Path) -> None:
    assert not out.exists() or not any(out.iterdir()), list(out.iterdir())


def shop_text(**changes: str) -> str:
    text = DEFAULT_SHOP.read_text(encoding="utf-8")
    for key, value in changes.items():
        lines = [f"{key}: {value}" if ln.startswith(f"{key}:") else ln for ln in text.splitlines()]
        assert lines != text.splitlines(), key
        text = "\n".join(lines) + "\n"
    return text


# 1. tracebacks turned into diagnostics ----------------------------------------------------------

def deep_yaml(depth: int) -> str:
    return "a:\n" + "".join(" " * (2 * i + 2) + f"k{i}:\n" for i in range(depth)) + " " * (2 * depth + 2) + "x\n"


@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize("text", [
    "[" * 995 + "]" * 995 + "\n",
    "a: " + "{b: " * 992 + "x" + "}" * 992 + "\n",
    deep_yaml(120),
    "- " * 998 + "x\n",
], ids=["flow-seq", "flow-map", "block-map", "block-seq"])
def test_deep_nesting_is_a_diagnostic(text: str, libyaml: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if libyaml and not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML without libyaml")
    if not libyaml:
        monkeypatch.setattr(yaml, "__with_libyaml__", False)
    with pytest.raises(InputError) as exc:
        parse_yaml(text, "deep.yaml")
    [d] = exc.value.diagnostics
    assert "nested more than 64 deep" in d.message and d.hint
    assert d.mark is not None and d.mark.file == "deep.yaml"


def test_deep_nesting_points_at_the_line_that_goes_too_deep() -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml(deep_yaml(100), "deep.yaml")
    # line n opens the n-th nested map: the first one too deep starts on line 65
    assert exc.value.diagnostics[0].mark.line == yamlsrc.MAX_DEPTH + 1  # type: ignore[union-attr]


def test_nesting_within_the_limit_still_loads() -> None:
    value, _ = parse_yaml(deep_yaml(40), "ok.yaml")
    assert isinstance(value, dict)


def test_deep_film_via_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    film = write(tmp_path, "deep.yaml", "[" * 998 + "]" * 998 + "\n")
    code, err = run_cli(["build", "--format", "a4", "--data", str(film), "--out", str(tmp_path / "out")], capsys)
    assert code == 1 and "Traceback" not in err
    assert "deep.yaml:1:" in err and "nested more than 64 deep" in err
    assert_nothing_written(tmp_path / "out")


@pytest.mark.parametrize("step", ["s5000", "s-5000", "s21", "s-11"])
def test_type_scale_step_out_of_range(step: str) -> None:
    with pytest.raises(ValueError, match=r"outside s-10…s20"):
        parse_length(step, scale=(10.0, 1.25))


@pytest.mark.parametrize("value", ["9" * 400 + "mm", "6000mm", "-6000mm"])
def test_absurd_lengths_are_errors(value: str) -> None:
    with pytest.raises(ValueError, match="too large a length"):
        parse_length(value)


def test_type_scale_steps_in_range_work() -> None:
    assert parse_length("s20", scale=(10.0, 1.25)) == pytest.approx(10 * 1.25 ** 20)
    assert parse_length("s-10", scale=(10.0, 1.25)) == pytest.approx(10 * 1.25 ** -10)


def test_type_scale_step_in_layout_is_a_diagnostic(tmp_path: Path) -> None:
    for name in ("_flyer.yaml", "flyer-a5.yaml"):
        shutil.copy(ROOT / "layouts" / name, tmp_path / name)
    base = tmp_path / "_flyer.yaml"
    text = edit(base.read_text(encoding="utf-8"), "size: s10,", "size: s5000,")
    base.write_text(text, encoding="utf-8")
    diags = diagnostics_of(load_layout, tmp_path / "flyer-a5.yaml", font_names())
    [d] = [d for d in diags if "s5000" in d.message]
    assert d.mark is not None and d.mark.line == line_of(text, "s5000") and "_flyer.yaml" in d.mark.file


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", "1e9", "99999999999999999999"])
def test_bad_source_date_epoch_is_a_usage_error(value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(inputs.EnvironmentProblem, match="SOURCE_DATE_EPOCH"):
        source_date([DATA])
    code, err = run_cli(["build", "--format", "a4", "--data", str(DATA), "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and "SOURCE_DATE_EPOCH" in err and "Traceback" not in err
    assert_nothing_written(tmp_path / "out")


def test_empty_source_date_epoch_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert source_date([DATA]) == dt.datetime.fromtimestamp(int(DATA.stat().st_mtime), dt.timezone.utc)


def _fresh_hyphenation(monkeypatch: pytest.MonkeyPatch, cache: Path):  # type: ignore[no-untyped-def]
    import pyphen

    from printprog.text import hyphen

    monkeypatch.setenv("PRINTPROG_CACHE", str(cache))
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphen._dic.cache_clear()
    return hyphen


@pytest.mark.parametrize("damage", [b"", b"\x00garbage\xff", b'{"digest": "x"}', b"[1, 2]",
                                    b"truncate", b"wrong-shape"])
def test_damaged_hyphenation_cache_is_rebuilt(damage: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from printprog.text import hyphen as module

    try:
        hyphen = _fresh_hyphenation(monkeypatch, tmp_path)
        expected = hyphen.break_points("хубавичко", "bg")
        [cache] = tmp_path.glob("*.json")
        good = cache.read_bytes()
        if damage == b"truncate":
            damage = good[: len(good) // 2]
        elif damage == b"wrong-shape":
            damage = good.replace(b'"maxlen":', b'"maxlen":"7","x":', 1)
        cache.write_bytes(damage)
        hyphen = _fresh_hyphenation(monkeypatch, tmp_path)
        assert hyphen.break_points("хубавичко", "bg") == expected
        assert cache.read_bytes() == good  # parsed again and rewritten
    finally:
        module._dic.cache_clear()  # later tests get the real dictionaries again


def test_hyphenation_cache_is_not_marshal() -> None:
    source = (ROOT / "src" / "printprog" / "text" / "hyphen.py").read_text(encoding="utf-8")
    assert "marshal" not in source and "pickle" not in source


def test_damaged_font_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from printprog.text import fonts

    name = "oswald/semibold"
    damaged = tmp_path / "oswald" / fonts.catalogue()[name].name
    damaged.parent.mkdir()
    damaged.write_bytes(fonts.catalogue()[name].read_bytes()[:4000])
    monkeypatch.setattr(fonts, "catalogue", lambda: {name: damaged})
    with pytest.raises(fonts.FontError, match="damaged") as exc:
        fonts.get_font.__wrapped__(name)  # past the cache: the shipped font stays loaded for other tests
    assert str(damaged) in str(exc.value) and isinstance(exc.value, OSError)


# 2. unbounded reads ------------------------------------------------------------------------------

@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("kind", ["film", "layout", "shop", "icc"])
def test_devices_and_fifos_are_refused(kind: str, fifo: Path) -> None:
    for path in (fifo, Path("/dev/zero")):
        if not path.exists():
            continue
        with pytest.raises(InputError) as exc:
            inputs.read_input(path, kind)
        [d] = exc.value.diagnostics
        assert "not a regular file" in d.message and path.name in d.message and d.hint


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(inputs.LIMITS["film"] + 1)  # sparse: no disk used
    [d] = diagnostics_of(load_film, big)
    assert "more than the 2 MB a film file may have" in d.message and "big.yaml" in d.message


def test_folder_and_missing_file(tmp_path: Path) -> None:
    assert "folder" in diagnostics_of(inputs.read_input, tmp_path, "film")[0].message
    assert "file not found" in diagnostics_of(read_yaml, tmp_path / "none.yaml")[0].message


def _cli_build(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    out = tmp_path / "out"
    code, err = run_cli(["build", "--format", "a4", "--out", str(out), *extra], capsys)
    assert "Traceback" not in err
    assert_nothing_written(out)
    return code, err


def test_cli_refuses_dev_zero_as_icc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _cli_build(tmp_path, capsys, "--data", str(DATA), "--icc", "/dev/zero")
    assert code == 1 and "/dev/zero" in err and "not a regular file" in err


def test_cli_refuses_fifo_as_film(fifo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _cli_build(tmp_path, capsys, "--data", str(fifo))
    assert code == 1 and "pipe.yaml" in err and "not a regular file" in err


def test_cli_refuses_fifo_as_layout(fifo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, err = run_cli(["build", "--format", str(fifo), "--data", str(DATA), "--out", str(out)], capsys)
    assert code == 1 and "not a regular file" in err
    assert_nothing_written(out)


def test_fifo_as_shop_output_profile(fifo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shop = tmp_path / "myshop.yaml"
    shop.write_text(shop_text(name="myshop", output_profile=str(fifo)), encoding="utf-8")
    code, err = _cli_build(tmp_path, capsys, "--data", str(DATA), "--shop", str(shop))
    assert code == 1 and "pipe.yaml" in err and "not a regular file" in err


def test_fifo_as_shop_file(fifo: Path) -> None:
    diags = diagnostics_of(load_shop, str(fifo))
    assert "not a regular file" in diags[0].message


def test_dev_zero_via_subprocess_does_not_hang(tmp_path: Path) -> None:
    # the whole program, not just the reader: a fresh process must answer at once
    proc = subprocess.run([sys.executable, "-m", "printprog", "validate", "/dev/zero"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "not a regular file" in proc.stderr and "Traceback" not in proc.stderr


# 3. smaller ----------------------------------------------------------------------------------------

def test_icc_names_its_own_condition(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1552694400")
    own = tmp_path / "shop-press.icc"
    shutil.copy(ICC, own)
    _, intent = load_print(Request("a4", DATA, icc=own))
    assert intent.condition.startswith("printprog FOGRA39L") and intent.condition != "FOGRA39"
    pdf = build(Request("a4", DATA, "bg", tmp_path / "out", icc=own)).pdf
    with pikepdf.open(pdf) as doc:
        oi = doc.Root.OutputIntents[0]
        assert str(oi.OutputConditionIdentifier) == intent.condition and str(oi.Info) == "shop-press.icc"
    _, shop_intent = load_print(Request("a4", DATA))
    assert shop_intent.condition == "FOGRA39"  # the shop's own profile keeps the shop's condition


@pytest.mark.parametrize("bleed", ["1000mm", "21mm"])
def test_shop_bleed_is_bounded(bleed: str, tmp_path: Path) -> None:
    shop = tmp_path / "wide.yaml"
    text = shop_text(name="wide", bleed=bleed)
    shop.write_text(text, encoding="utf-8")
    [d] = diagnostics_of(load_shop, str(shop))
    assert "more than 20 mm" in d.message and d.mark is not None and d.mark.line == line_of(text, "bleed:")


def test_layout_bleed_is_bounded(tmp_path: Path) -> None:
    text = edit(a4_text(), "bleed: 3mm", "bleed: 1000mm")
    diags = diagnostics_of(load_layout, write(tmp_path, "a4.yaml", text), font_names())
    [d] = [d for d in diags if d.path == "bleed"]
    assert "more than 20 mm" in d.message and d.mark is not None and d.mark.line == line_of(text, "bleed:")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_tac_must_be_a_number(value: str, tmp_path: Path) -> None:
    shop = tmp_path / "nan.yaml"
    shop.write_text(shop_text(name="nan", tac=value), encoding="utf-8")
    [d] = diagnostics_of(load_shop, str(shop))
    assert d.path == "tac" and "not a number" in d.message and "nan and inf" in d.hint


def test_source_date_counts_every_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    old = 1_000_000_000
    film = tmp_path / "leto.yaml"
    shutil.copy(DATA, film)
    shutil.copytree(DATA.parent / "images", tmp_path / "images")
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    shop = tmp_path / "shop.yaml"
    shutil.copy(DEFAULT_SHOP, shop)
    icc = tmp_path / "press.icc"
    shutil.copy(ICC, icc)
    files = [film, *(tmp_path / "images").iterdir(), *layouts.iterdir(), shop, icc]
    for f in files:
        os.utime(f, (old, old))
    req = Request(str(layouts / "poster-a3.yaml"), film, shop=str(shop), icc=icc)
    assert prepare(req).when.timestamp() == old
    for newer, f in enumerate([layouts / "_poster.yaml", next((tmp_path / "images").iterdir()), shop, icc], 1):
        os.utime(f, (old + newer * 1000, old + newer * 1000))
        assert prepare(req).when.timestamp() == old + newer * 1000, f.name


def test_contact_sheet_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from printprog import contact

    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    entry = type("E", (), {"path": pdf})()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1552694400")
    assert contact.default_when([entry]) == dt.datetime(2019, 3, 16, 0, 0)  # type: ignore[list-item]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    with pytest.raises(OSError, match="SOURCE_DATE_EPOCH"):
        contact.default_when([entry])  # type: ignore[list-item]


def test_shipped_layout_still_loads() -> None:
    layout, _ = load_layout(A4, font_names())
    assert 0 < layout.bleed <= inputs_max_bleed()


def inputs_max_bleed() -> float:
    from printprog.load.shop import MAX_BLEED

    return MAX_BLEED
