"""One accent colour per layout: named `accent` where used, checked like every colour."""

from __future__ import annotations

from pathlib import Path

import pytest

from printprog.build import Request, build, compose_job, prepare
from printprog.diagnostics import InputError
from printprog.plan import TextRun
from tests.conftest import DATA

LAYOUTS = Path(__file__).parents[1] / "layouts"


def _layout(tmp_path: Path, extra: str, accent: str | None = "[0, 70, 95, 0]") -> Path:
    text = (LAYOUTS / "poster-a3.yaml").read_text(encoding="utf-8").replace("extends: _poster.yaml",
                                                                           f"extends: {LAYOUTS / '_poster.yaml'}")
    if accent is None:  # the base sets one: take it away
        text += "accent: null\n"
    (tmp_path / "l.yaml").write_text(text + extra, encoding="utf-8")
    return tmp_path / "l.yaml"


def test_the_poster_dates_are_in_the_accent_and_pass_preflight(tmp_path: Path) -> None:
    job = prepare(Request("poster-a2", DATA, "bg", tmp_path))
    assert job.layout.accent is not None
    accent = job.layout.accent.as_tuple()
    plan = compose_job(job)
    strip = next(pl for pl in plan.pages[0].placements if pl.block == "strip")
    dates = [r for r in strip.items if isinstance(r, TextRun) and r.color == accent]
    assert dates and min(r.size for r in dates) >= 12, "the accent only on large type"
    assert not [r for pl in plan.pages[0].placements for r in pl.items if isinstance(r, TextRun)
                and r.size < 12 and any(r.color[:3])], "small text stays K (or paper white)"
    out = build(Request("poster-a2", DATA, "bg", tmp_path))  # preflight is part of every build
    assert out.pdf.is_file()


def test_accent_without_a_colour_is_an_error_at_its_line(tmp_path: Path) -> None:
    layout = _layout(tmp_path, "", accent=None)
    with pytest.raises(InputError) as e:
        prepare(Request(str(layout), DATA, "bg", tmp_path))
    [d] = e.value.diagnostics
    assert "sets none" in d.message and d.mark is not None and d.mark.line > 0
    assert "accent" in d.message


def test_accent_on_small_text_is_refused_at_compose_time(tmp_path: Path) -> None:
    layout = _layout(tmp_path, "")
    layout.write_text(layout.read_text(encoding="utf-8").replace("strip-detail: {size: s0}",
                                                                  "strip-detail: {size: s0, color: accent}"),
                      encoding="utf-8")
    job = prepare(Request(str(layout), DATA, "bg", tmp_path))
    with pytest.raises(InputError) as e:
        compose_job(job)
    msg = " ".join(d.message for d in e.value.diagnostics)
    assert "in colour" in msg and "black (K) only" in msg
