"""The screenings block with many screenings: columns, grouping, flowing on, and true capacity numbers."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from printprog.build import Request, load_inputs
from printprog.compose.blocks import screenings, strip
from printprog.compose.columns import Stack, balanced
from printprog.compose.context import Context
from printprog.lengths import pt
from printprog.plan import TextRun
from tests.conftest import DATA
from tests.test_schedule import NOTE, film_with

CITIES = [("sofia-1", "Дом на киното", "София"), ("sofia-2", "Кино Одеон", "София"),
          ("varna-1", "Кино Култура", "Варна"), ("plovdiv-1", "Кино Лъки", "Пловдив"),
          ("burgas-1", "Морско казино", "Бургас"), ("open", "Открито кино", None)]
# the flyer regions the lead's layouts give the screenings (mm), at each flyer's type scale
FLYERS = {"flyer-a5": (106, 60, 20), "flyer-a6": (90, 45, 12), "flyer-dl": (85, 70, 12)}
FLYER_LIST = {"arrangement": "list", "columns": "auto", "row_gap": pt(0.8)}


def _many(n: int, venues: list[str], note: bool = True) -> list[dict]:
    """n screenings spread over venues, irregular days and times (no daily runs)."""
    out = []
    for k in range(n):
        day = dt.date(2019, 3, 1) + dt.timedelta(days=k * 2 // len(venues) + k % 3)
        out.append({"date": day.isoformat(), "time": ["17:30", "20:45", "19:00", "21:15"][k % 4],
                    "venue": venues[k % len(venues)], **({"note": NOTE} if note else {})})
    return out


def _ctx(fmt: str, film, venue: str | None = None, lang: str = "bg"):  # type: ignore[no-untyped-def]
    (_, fm), (lay, lm), _ = load_inputs(Request(fmt, DATA, lang))
    return Context(film, lay, lang, fm, lm, venue=venue)


def _block(ctx: Context, **opts):  # type: ignore[no-untyped-def]
    block = next(b for b in ctx.layout.pages[0].blocks if b.type == "screenings")
    return block.model_copy(update={"continues": False, "alternates": (), **opts})


def _parts(block, ctx: Context, width: float, avail: float) -> list[tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    """(start, end, columns) of each part when every part has `avail`."""
    parts, start = [], None
    for _ in range(100):
        ctx.avail, ctx.start = avail, start
        content, n, end = screenings.layout(block if start is None else block.model_copy(update={"continues": True}),
                                            ctx, width)
        parts.append((int(start or 0), end, n))
        assert content.height <= avail + 0.01 or end == int(start or 0) + 1
        if content.rest is None:
            return parts
        assert content.rest == end
        start = content.rest
    raise AssertionError("no progress")


def test_leto_keeps_its_table() -> None:
    (film, _), _, _ = load_inputs(Request("a4", DATA, "bg"))
    ctx = _ctx("a4", film)
    es, _, grouped = screenings.entries(_block(ctx), ctx)
    assert not grouped and [e.kind for e in es] == ["note", "row", "row", "row"]
    content, n, end = screenings.layout(_block(ctx, columns="auto"), ctx, pt(180))
    assert n == 1 and end == len(es) and content.rest is None


@pytest.mark.parametrize("arrangement", ["table", "list"])
def test_every_screening_appears_exactly_once_across_parts(arrangement: str) -> None:
    film = film_with(CITIES, _many(30, [v for v, _, _ in CITIES]))
    ctx = _ctx("a4", film)
    block = _block(ctx, arrangement=arrangement, columns="auto", heading_style="heading")
    es, groups, grouped = screenings.entries(block, ctx)
    assert grouped and {g.city.get("bg")[0] for g in groups if g.city} == {"София", "Варна", "Пловдив", "Бургас"}
    parts = _parts(block, ctx, pt(180), pt(40))
    assert len(parts) > 1
    assert [p[0] for p in parts[1:]] == [p[1] for p in parts[:-1]]  # each part starts where the last ended
    placed = [i for a, b, _ in parts for e in es[a:b] if e.row for i in e.row.screenings]
    assert sorted(placed) == list(range(30))


def test_a_continuing_part_repeats_the_heading_and_the_venue() -> None:
    film = film_with(CITIES[:2], _many(16, ["sofia-1", "sofia-2"]))
    ctx = _ctx("a4", film)
    block = _block(ctx, arrangement="list", heading_style="heading")
    ctx.avail = pt(30)
    first = screenings.build(block, ctx, pt(180))
    assert first.rest is not None
    ctx.start = first.rest
    more = screenings.build(block.model_copy(update={"continues": True}), ctx, pt(180))
    texts = " ".join(i.text for i in more.items if isinstance(i, TextRun))
    assert "(продължение)" in texts.lower() or "(ПРОДЪЛЖЕНИЕ)" in texts
    es, _, _ = screenings.entries(block, ctx)
    venue = film.venues[[v.id for v in film.venues].index(es[first.rest].row.venue)].name.get("bg")[0]
    assert venue.upper() in texts.upper()  # the group's heading comes back at the top
    ctx.start = None  # nothing left: a continuing block is empty
    assert not screenings.build(block.model_copy(update={"continues": True}), ctx, pt(180)).items


def test_auto_columns_take_the_fewest_that_hold_everything() -> None:
    film = film_with(CITIES, _many(24, [v for v, _, _ in CITIES]))
    ctx = _ctx("a4", film)
    block = _block(ctx, arrangement="list", columns="auto", min_column_width=pt(45))
    ctx.avail = None
    assert screenings.layout(block, ctx, pt(180))[1] == 1  # unbounded: one column
    natural = screenings.layout(block, ctx, pt(180))[0].height
    counts = []
    for share in (1.01, 0.7, 0.6, 0.5, 0.45):
        ctx.avail = natural * share
        content, n, end = screenings.layout(block, ctx, pt(180))
        counts.append(n)
        if content.rest is None:
            assert content.height <= ctx.avail + 0.01
        if n > 1:  # the fewest: one column less would not have held them
            assert screenings.layout(block.model_copy(update={"columns": n - 1}), ctx, pt(180))[0].rest is not None
    assert counts[0] == 1 and counts == sorted(counts) and counts[-1] == 3
    ctx.avail = natural * 0.2  # too little even for three: fill three, leave the rest
    content, n, _ = screenings.layout(block, ctx, pt(180))
    assert n == 3 and content.rest is not None


@pytest.mark.parametrize("fmt", sorted(FLYERS))
def test_a_venue_flyer_holds_its_screenings_in_a_list(fmt: str) -> None:
    w, h, need = FLYERS[fmt]
    film = film_with(CITIES[1:2], _many(need, ["sofia-2"]))
    ctx = _ctx(fmt, film, venue="sofia-2")
    block = _block(ctx, **FLYER_LIST)
    ctx.avail = pt(h)
    content, n, _ = screenings.layout(block, ctx, pt(w))
    assert content.rest is None, f"{fmt}: {need} screenings do not fit {w}×{h} mm"
    assert content.height <= pt(h) + 0.01 and content.width <= pt(w) + 0.01
    texts = [i.text for i in content.items if isinstance(i, TextRun)]
    assert not any("Одеон" in t for t in texts)  # the flyer's own venue is not repeated on every row


def test_list_rows_keep_a_fixed_grid() -> None:
    film = film_with(CITIES[1:2], _many(12, ["sofia-2"]))
    ctx = _ctx("flyer-a5", film, venue="sofia-2")
    content = screenings.build(_block(ctx, **FLYER_LIST), ctx, pt(106))
    times = [i for i in content.items if isinstance(i, TextRun) and re.fullmatch(r"\d\d:\d\d", i.text)]
    assert len(times) == 12 and len({round(i.x, 2) for i in times}) <= 3  # one x per column


@pytest.mark.parametrize("fmt", ["flyer-dl", "a4"])
def test_the_capacity_in_the_message_is_true(fmt: str) -> None:
    width, height = (pt(85), pt(40)) if fmt == "flyer-dl" else (pt(180), pt(40))
    venue = "sofia-2" if fmt.startswith("flyer") else None

    def rest(n: int):  # type: ignore[no-untyped-def]
        film = film_with(CITIES[1:2], _many(n, ["sofia-2"]))
        ctx = _ctx(fmt, film, venue=venue)
        ctx.avail, ctx.region = height, (0.0, 0.0, width, height)
        block = _block(ctx, **FLYER_LIST)
        return screenings.build(block, ctx, width).rest, block, ctx

    left, block, ctx = rest(40)
    assert left is not None
    message, loc, hint = screenings.rest_problem(block, ctx, left)
    total, holds = map(int, re.search(r"has (\d+) screenings.*holds (\d+)", message).groups())
    assert total == 40 and 0 < holds < 40 and loc[0] == "screenings" and hint
    if venue:
        assert message.startswith(f"venue {venue} has 40 screenings; {fmt} holds {holds}")
    assert rest(holds)[0] is None
    assert rest(holds + 1)[0] is not None


def test_a_heading_never_ends_a_column() -> None:
    # head, row, row, head, row, row: a column of 3 cannot end on the second head
    stack = Stack((10, 10, 10, 10, 10, 10), (True, False, False, True, False, False), (0, 1, 1, 1, 1, 1),
                  (0, 11, 11, 0, 11, 11))
    cols, end = balanced(stack, 0, 2, 45)
    assert end == 6 and cols == [(0, 3), (3, 6)]
    cols, end = balanced(stack, 0, 1, 35)
    assert cols == [(0, 3)] and end == 3  # the second group does not start at the foot


def test_strip_shows_up_to_max_dates_then_the_run() -> None:
    venues = [v for v, _, _ in CITIES[:4]]
    film = film_with(CITIES[:4], _many(12, venues, note=False))
    ctx = _ctx("poster-a2", film.model_copy(update={"url": "https://example.org/Leto"}))
    block = next(b for b in ctx.layout.pages[0].blocks if b.type == "strip")
    columns = len(strip._columns(ctx))
    assert 8 < columns
    content = strip.build(block, ctx, pt(360))
    texts = " ".join(i.text for i in content.items if isinstance(i, TextRun))
    assert re.search(r"1–8 МАРТ +· София, Пловдив, Варна, Кино Одеон", texts) is None  # cities, not venues
    assert re.search(r"1–8 МАРТ +· София, Пловдив, Варна", texts) and "example.org/Leto" in texts
    content = strip.build(block.model_copy(update={"max_dates": columns}), ctx, pt(360))
    assert len([i for i in content.items if isinstance(i, TextRun) and re.match(r"\d+ ", i.text)]) == columns
