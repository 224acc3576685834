"""Reversed (paper-white) text has the shop's own minimum; the A4 screening table keeps one baseline per row."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from printprog.build import Request, compose_job, prepare
from printprog.diagnostics import InputError
from printprog.plan import TextRun

LETO = Path(__file__).parent.parent / "data" / "leto.yaml"


def _plan(fmt: str, lang: str = "bg", film: Path = LETO, **shop: float):  # type: ignore[no-untyped-def]
    job = prepare(Request(fmt, film, lang, Path("unused")))
    if shop:
        job = dataclasses.replace(job, shop=job.shop.model_copy(update=shop))
    return compose_job(job, job.film, None)


def test_a_shop_minimum_for_reversed_text_is_an_error_with_the_layout_line(tmp_path: Path) -> None:
    layouts = Path(__file__).parent.parent / "layouts"
    layout = tmp_path / "white.yaml"
    text = (layouts / "poster-a2.yaml").read_text(encoding="utf-8").replace("extends: _poster.yaml",
                                                                         f"extends: {layouts / '_poster.yaml'}")
    layout.write_text(text + "styles:\n  strip-detail: {size: 8pt}\n", encoding="utf-8")
    job = prepare(Request(str(layout), LETO, "bg", Path("unused")))
    job = dataclasses.replace(job, shop=job.shop.model_copy(update={"min_reversed_sans": 10.0}))
    with pytest.raises(InputError) as err:
        compose_job(job, job.film, None)
    found = [d for d in err.value.diagnostics if "reversed" in d.message]
    assert found, [d.message for d in err.value.diagnostics]
    assert found[0].mark is not None and found[0].mark.line > 0
    assert "10 pt" in found[0].message and "size" in (found[0].hint or "")


@pytest.mark.parametrize("fmt", ["poster-a3", "poster-a2", "poster-b1", "poster-70x100"])
def test_leto_posters_have_no_small_white_text(fmt: str) -> None:
    plan = _plan(fmt)
    for page in plan.pages:
        for pl in page.placements:
            for run in (i for i in pl.items if isinstance(i, TextRun) and not any(i.color) and i.text.strip()):
                least = 9.0 if run.font.startswith("source-serif") else 7.5
                assert run.size >= least - 0.005, (fmt, pl.block, run.text, run.font, run.size)
