"""The content blocks called directly: absent data gives empty blocks, people are joined the way each
language lists them, laurels arrange themselves, titles balance, quotes and billing choose what fits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from printprog.text.typeset import Face as _Face
from printprog.text.typeset import localized as _localized

# Bulgarian text in an Oswald style is set in the Bulgarian-forms title face (Oswald has none)
BG_TITLE = _localized(_Face("oswald/semibold", 10), "bg").font

from printprog.build import Request, load_inputs
from printprog.compose.blocks import billing, cast, credits, laurels, production, quote, synopsis, title
from printprog.compose.context import Context
from printprog.compose.flow import Content
from printprog.i18n import join_names
from printprog.lengths import mm as to_mm
from printprog.load.blocks import (
    BillingBlock, CastBlock, CreditsBlock, LaurelsBlock, ProductionBlock, QuoteBlock, SynopsisBlock, TitleBlock,
)
from printprog.load.film import Award, CastMember, Credit, Quote
from printprog.load.types import Localized
from printprog.plan import Path as PathItem
from printprog.plan import TextRun
from printprog.text.typeset import run_width
from tests.conftest import DATA

MM = 72 / 25.4
W = 180 * MM  # an A4 measure

# The layout's styles are written here so these tests do not move with the product layouts.
LAYOUT = """\
name: blocks
description: block tests
size: A4
margins: 15mm
styles:
  kicker:      {font: sofia-sans/semibold, size: 8.5pt, tracking: 160, case: upper, leading: 11pt}
  title:       {font: oswald/semibold, size: 230pt, leading: 0.9, tracking: -10, case: upper}
  title-c:     {font: oswald/semibold, size: 120pt, leading: 0.9, tracking: 40, case: upper, align: center}
  title-other: {font: oswald/light, size: 24pt, leading: 1.1, tracking: 20}
  meta:        {font: sofia-sans/medium, size: 9.5pt, leading: 13pt, tracking: 60, case: upper}
  heading:     {font: sofia-sans/bold, size: 8.5pt, leading: 11pt, tracking: 160, case: upper}
  body:        {font: source-serif-4/regular, size: 13pt, leading: 18pt, align: justify, hyphenate: true}
  role:        {font: sofia-sans-extra-condensed/medium, size: 9pt, leading: 11pt, case: upper}
  name:        {font: sofia-sans-extra-condensed/semibold, size: 15pt, leading: 16pt}
  fest:        {font: sofia-sans/bold, size: 8pt, leading: 9.5pt, tracking: 100, case: upper}
  cat:         {font: source-serif-4/italic, size: 9pt, leading: 10.5pt}
  year:        {font: sofia-sans/semibold, size: 8pt, leading: 10pt, tracking: 100}
  pull:        {font: source-serif-4/italic, size: 27pt, leading: 32pt}
  quote:       {font: source-serif-4/regular, size: 11.5pt, leading: 16pt, align: justify, hyphenate: true}
  attribution: {font: sofia-sans/semibold, size: 9pt, leading: 12pt, case: upper}
  cast:        {font: sofia-sans-extra-condensed/semibold, size: 15pt, leading: 19pt}
  character:   {font: sofia-sans-extra-condensed/light, size: 15pt, leading: 19pt}
  billing:     {font: sofia-sans-extra-condensed/medium, size: 20pt, leading: 1.0, case: upper}
  billing-role: {font: sofia-sans-extra-condensed/regular, size: 9pt, leading: 1.0, case: upper}
  small:       {font: sofia-sans/regular, size: 7.5pt, leading: 10pt}
  small-label: {font: sofia-sans/bold, size: 7pt, leading: 10pt, case: upper}
pages:
  - name: p
    regions: {r: {x: 15mm, y: 15mm, width: 180mm, height: 100mm}}
    blocks: [{type: rule, region: r}]
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("layout") / "blocks.yaml"
    path.write_text(LAYOUT, encoding="utf-8")
    return {lang: load_inputs(Request(str(path), DATA, lang)) for lang in ("bg", "en", "ru")}


def ctx_for(inputs: Any, lang: str = "bg", avail: float | None = None, **update: Any) -> Context:
    (film, fm), (layout, lm), _ = inputs[lang]
    ctx = Context(film.model_copy(update=update), layout, lang, fm, lm)
    ctx.avail = avail
    return ctx


def L(text: str) -> Localized:
    return Localized(plain=text)


def runs(c: Content) -> list[TextRun]:
    return [i for i in c.items if isinstance(i, TextRun)]


def text_of(c: Content) -> str:
    return " ".join(r.text.strip() for r in sorted(runs(c), key=lambda r: (round(r.y, 2), r.x)))


def lines(c: Content) -> dict[float, list[TextRun]]:
    out: dict[float, list[TextRun]] = {}
    for r in runs(c):
        out.setdefault(round(r.y, 2), []).append(r)
    return dict(sorted(out.items()))


# --- absent data: empty blocks, no headings -------------------------------------------------------

def test_blocks_without_their_data_are_empty(inputs) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs, synopsis=None, credits=(), cast=(), producers=(), production=(), quotes=(), awards=())
    cases = [
        (synopsis, SynopsisBlock(type="synopsis", region="r", style="body", heading_style="heading")),
        (credits, CreditsBlock(type="credits", region="r", role_style="role", name_style="name")),
        (cast, CastBlock(type="cast", region="r", style="cast", heading_style="heading")),
        (production, ProductionBlock(type="production", region="r", style="small", label_style="small-label")),
        (quote, QuoteBlock(type="quote", region="r", style="quote", attribution_style="attribution")),
        (quote, QuoteBlock(type="quote", region="r", style="pull", form="short")),
        (laurels, LaurelsBlock(type="laurels", region="r", festival_style="fest", category_style="cat", width="58mm")),
        (billing, BillingBlock(type="billing", region="r", name_style="billing", role_style="billing-role")),
    ]
    for module, block in cases:
        c = module.build(block, ctx, W)  # type: ignore[attr-defined]
        assert c.height == 0 and not c.items, block.type
    assert not ctx.diags.items


def test_a_quote_index_the_film_does_not_have_is_an_empty_block(inputs) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs)
    c = quote.build(QuoteBlock(type="quote", region="r", style="quote", index=5), ctx, W)
    assert c.height == 0 and not ctx.diags.items


def test_title_without_original_title_countries_or_runtime(inputs) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs, original_title=None, original_language=None, countries=(), runtime=None,
                  black_and_white=False, credits=())
    block = TitleBlock(type="title", region="r", style="title", director_style="kicker",
                       original_style="title-other", meta_style="meta")
    c = title.build(block, ctx, W)
    text = text_of(c)
    assert "ФИЛМ НА" not in text  # no director: no 'a film by'
    assert text.endswith("2018") and "·" not in text.split("LETO")[-1].replace("Лето · Leto", "")
    assert "Лето · Leto" in text  # the other editions' titles


# --- people -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, names, expected", [
    ("bg", ["Мила Петрова", "Иван Колев"], "Мила Петрова и Иван Колев"),
    ("bg", ["А", "Б", "В"], "А, Б и В"),
    ("ru", ["А", "Б", "В"], "А, Б и В"),
    ("en", ["A", "B", "C"], "A, B and C"),
    ("en", ["A"], "A"),
])
def test_names_are_joined_the_way_each_language_lists_them(lang: str, names: list[str], expected: str) -> None:
    assert join_names(names, lang) == expected


@pytest.mark.parametrize("n, expected", [(1, "ФИЛМ НА МИЛА ПЕТРОВА"), (2, "ФИЛМ НА МИЛА ПЕТРОВА И ИВАН КОЛЕВ"),
                                         (3, "ФИЛМ НА МИЛА ПЕТРОВА, ИВАН КОЛЕВ И ЕЛЕНА ДИМОВА")])
def test_the_kicker_names_every_director(inputs, n: int, expected: str) -> None:  # type: ignore[no-untyped-def]
    names = ("Мила Петрова", "Иван Колев", "Елена Димова")[:n]
    (film, _), _, _ = inputs["bg"]
    # two director credits: the names of both are listed
    crew = (Credit(role="director", names=tuple(L(x) for x in names[:1])),
            *([Credit(role="director", names=tuple(L(x) for x in names[1:]))] if n > 1 else []), *film.credits[1:])
    ctx = ctx_for(inputs, credits=crew)
    c = title.build(TitleBlock(type="title", region="r", style="title", director_style="kicker"), ctx, W)
    first = next(iter(lines(c).values()))
    assert " ".join(r.text.strip() for r in first) == expected
    entries = credits.entries(ctx, ("director",))
    assert len(entries) == 1  # one role, one entry
    block = CreditsBlock(type="credits", region="r", role_style="role", name_style="name")
    assert join_names(list(names), "bg") in text_of(credits.build(block, ctx, W))


def test_production_names_are_joined(inputs) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs, "en")
    block = ProductionBlock(type="production", region="r", style="small", label_style="small-label")
    text = " ".join(r.text for r in runs(production.build(block, ctx, W)))
    assert "Hype Film and KinoVista" in text and "Mikhail Finogenov and Murad Osmann" in text


# --- laurels ------------------------------------------------------------------------------------

FESTIVALS = ["Берлинале", "Венеция", "Сараево", "Карлови Вари", "София Филм Фест", "Локарно"]


def awards(n: int, *, same: int = 0) -> tuple[Award, ...]:
    """n awards at different festivals, then `same` more at the first festival (same year)."""
    out = [Award(festival=L(FESTIVALS[i]), category=L(f"Награда {i + 1}"), year=2020) for i in range(n)]
    out += [Award(festival=L(FESTIVALS[0]), category=L(f"Специално отличие {k + 1}"), year=2020) for k in range(same)]
    return tuple(out)


def laurel_block(width_mm: float = 58, gap_mm: float = 12) -> LaurelsBlock:
    return LaurelsBlock(type="laurels", region="r", festival_style="fest", category_style="cat", year_style="year",
                        width=f"{width_mm}mm", gap=f"{gap_mm}mm")


def wreaths(c: Content) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, y0, x1, y1) of the wreaths: each is a stem + leaves pair per side, four paths."""
    paths = [p for p in c.items if isinstance(p, PathItem)]
    out = []
    for k in range(0, len(paths), 4):
        pts = [(s[i], s[i + 1]) for p in paths[k:k + 4] for s in p.segments for i in range(1, len(s) - 1, 2)]
        xs, ys = [x for x, _ in pts], [y for _, y in pts]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


def rows(boxes: list[tuple[float, float, float, float]]) -> list[int]:
    centres: dict[int, int] = {}
    for b in boxes:
        key = round((b[1] + b[3]) / 2 / 20)  # wreaths of a row share a centre line
        centres[key] = centres.get(key, 0) + 1
    return [centres[k] for k in sorted(centres)]


@pytest.mark.parametrize("n, expected", [(1, [1]), (2, [2]), (3, [3]), (4, [2, 2]), (5, [3, 2]), (6, [3, 3])])
def test_laurels_in_one_row_then_two_balanced_rows(inputs, n: int, expected: list[int]) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs, awards=awards(n))
    c = laurels.build(laurel_block(), ctx, W)
    boxes = wreaths(c)
    assert len(boxes) == n and rows(boxes) == expected
    assert c.width <= W + 0.01
    slack = 0.03 * 58 * MM  # Bézier control points reach a little past the drawn leaves
    assert all(-slack <= b[0] and b[2] <= W + slack for b in boxes)
    widths = {round(b[2] - b[0], 1) for b in boxes}
    assert max(widths) <= 58 * MM + slack and min(widths) >= 58 * MM * 0.7 * 0.9
    # each row is centred on the measure
    by_row: dict[int, list] = {}
    for b in boxes:
        by_row.setdefault(round((b[1] + b[3]) / 2 / 20), []).append(b)
    for bs in by_row.values():
        left, right = min(b[0] for b in bs), max(b[2] for b in bs)
        assert left == pytest.approx(W - right, abs=1.0)


def test_three_laurels_narrow_before_they_break(inputs) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs, awards=awards(3))
    c = laurels.build(laurel_block(width_mm=64), ctx, W)  # 3 × 64 mm + gaps is wider than 180 mm
    assert rows(wreaths(c)) == [3]


def test_awards_of_one_festival_share_a_wreath_taller_for_its_categories(inputs) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs, awards=awards(2, same=4))
    c = laurels.build(laurel_block(), ctx, W)
    boxes = wreaths(c)
    assert len(boxes) == 2
    text = [r.text.strip() for r in runs(c)]
    assert text.count("БЕРЛИНАЛЕ") == 1 and text.count("2020") == 2
    joined = text_of(c)
    assert all(t in joined for t in ("Награда 1", "Специално отличие 1", "Специално отличие 4"))
    heights = sorted(b[3] - b[1] for b in boxes)
    assert heights[1] > heights[0] * 1.05  # the shared wreath is taller


@pytest.mark.parametrize("n, same", [(1, 0), (3, 0), (6, 0), (1, 4)])
def test_laurel_leaves_never_touch_the_text(inputs, n: int, same: int) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs, awards=awards(n, same=same))
    c = laurels.build(laurel_block(), ctx, W)
    leaves = [p for p in c.items if isinstance(p, PathItem)]
    assert laurels._clear(leaves, laurels.text_boxes(c.items), 0.0)


def test_laurels_choose_an_arrangement_for_the_height_they_have(inputs) -> None:  # type: ignore[no-untyped-def]
    free = laurels.build(laurel_block(), ctx_for(inputs, awards=awards(4)), W)
    tight = laurels.build(laurel_block(), ctx_for(inputs, avail=free.height * 0.85, awards=awards(4)), W)
    assert tight.height <= free.height * 0.85 + 0.01


# --- title --------------------------------------------------------------------------------------

def title_lines(inputs: Any, text: str, lang: str = "bg", style: str = "title", scale: float = 1.0,
                width: float = W) -> list[tuple[str, float]]:
    ctx = ctx_for(inputs, lang, title=Localized(by_lang=((lang, text),)))
    ctx.scale = scale
    c = title.build(TitleBlock(type="title", region="r", style=style), ctx, width)
    return [(" ".join(r.text.strip() for r in ln), ln[-1].x + run_width(ln[-1]) - ln[0].x)
            for ln in lines(c).values()]


def test_two_words_that_do_not_fit_break_into_two_lines(inputs) -> None:  # type: ignore[no-untyped-def]
    got = title_lines(inputs, "Жените плачат", scale=0.6)
    assert [t for t, _ in got] == ["ЖЕНИТЕ", "ПЛАЧАТ"]
    assert all(w <= W + 0.01 for _, w in got)


@pytest.mark.parametrize("text, scale", [("Всички пътища към морето минават от Русе", 0.5),
                                         ("Жените наистина плачат", 0.4), ("All Roads to the Sea Run Through Ruse", 0.5),
                                         ("Сбогом на оръжията", 0.6)])
def test_titles_are_balanced_without_a_lonely_last_word(inputs, text: str, scale: float) -> None:  # type: ignore[no-untyped-def]
    got = title_lines(inputs, text, style="title-c", scale=scale)
    assert " ".join(t for t, _ in got) == text.upper()
    assert len(got) >= 2 and len(got[-1][0].split()) >= 2
    widths = [w for _, w in got]
    assert max(widths) <= W + 0.01
    # no other break into as many lines has a shorter longest line without leaving one word last
    from printprog.text.typeset import Face

    face = Face("oswald/semibold", 120 * scale, 40, case="upper")
    found = title.balanced(text.split(), face, "bg", W)
    assert found is not None and [t.upper() for t in found[0]] == [t for t, _ in got] and found[1] == 1.0


def test_a_title_is_set_a_little_smaller_rather_than_leave_a_word_alone() -> None:
    from printprog.text.typeset import Face, text_width

    face = Face("oswald/semibold", 100, 10, case="upper")
    words = "Seven Women Glory".split()
    width = text_width("Seven Women", face, "en") + 1  # "WOMEN GLORY" is a little wider
    assert text_width("Women Glory", face, "en") > width
    found = title.balanced(words, face, "en", width)
    assert found is not None
    lines, factor = found
    assert lines == ["Seven", "Women Glory"] and title.ORPHAN_SHRINK <= factor < 1
    assert text_width("Women Glory", face.scaled(factor), "en") <= width + 0.01


def test_a_subtitle_after_a_colon_starts_a_line(inputs) -> None:  # type: ignore[no-untyped-def]
    got = title_lines(inputs, "Горещо лято: хроника от Странджа", style="title-c", scale=0.5)
    assert got[0][0] == "ГОРЕЩО ЛЯТО:"


def test_shrinking_the_title_keeps_the_small_lines_at_their_size(inputs) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs)
    ctx.scale = 0.5
    block = TitleBlock(type="title", region="r", style="title", director_style="kicker", original_style="title-other",
                       meta_style="meta")
    c = title.build(block, ctx, W)
    sizes = {r.font: r.size for r in runs(c)}
    assert sizes[BG_TITLE] == pytest.approx(115)
    assert sizes["sofia-sans/semibold"] == pytest.approx(8.5) and sizes["oswald/light"] == pytest.approx(24)
    assert sizes["sofia-sans/medium"] == pytest.approx(9.5)


def test_a_small_line_too_long_for_two_lines_shrinks_on_its_own_not_below_the_floor(inputs) -> None:  # type: ignore[no-untyped-def]
    many = tuple(L(f"Режисьор Номер {k} Дългофамилнов") for k in range(12))
    ctx = ctx_for(inputs, credits=(Credit(role="director", names=many),))
    c = title.build(TitleBlock(type="title", region="r", style="title", director_style="kicker"), ctx, 90 * MM)
    kicker = [r for r in runs(c) if r.font == "sofia-sans/semibold"]
    assert min(r.size for r in kicker) == pytest.approx(max(8.5 * 0.7, 6.0))
    assert all(r.x + run_width(r) <= 90 * MM + 0.01 for r in kicker)


@pytest.mark.parametrize("text", ["Майка ѝ", "Майка и\u0300"])
def test_i_grave_title_is_set_precomposed_and_clear_of_the_kicker(inputs, text: str) -> None:  # type: ignore[no-untyped-def]
    from printprog.text.fonts import get_font

    assert get_font(BG_TITLE).has("ѝ") and get_font(BG_TITLE).has("Ѝ")
    ctx = ctx_for(inputs, title=Localized(by_lang=(("bg", text),)))
    ctx.scale = 120 / 230  # the A4's min_size
    block = TitleBlock(type="title", region="r", style="title", director_style="kicker")
    c = title.build(block, ctx, W)
    big = [r for r in runs(c) if r.font == BG_TITLE]
    # ѝ never starts a line: it is held to its word by a no-break space
    assert " ".join(r.text.strip() for r in big) == "МАЙКА\u00a0Ѝ" and c.width <= W + 0.01
    assert len({round(r.y, 2) for r in big}) == 1
    kicker = next(r for r in runs(c) if r.font == "sofia-sans/semibold")
    accent_top = big[0].y - 1.0 * big[0].size  # Ѝ's grave reaches about one em above the baseline
    assert kicker.y + 3 < accent_top + 0.25 * big[0].size


def test_a_forty_character_title_fits_an_a4_title_region_at_a_readable_size(inputs) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs, title=Localized(by_lang=(("bg", "Всички пътища към морето минават от Русе"),)))
    ctx.scale = 60 / 230
    block = TitleBlock(type="title", region="r", style="title", director_style="kicker", original_style="title-other",
                       meta_style="meta", gap="2mm")
    c = title.build(block, ctx, W)
    assert c.width <= W + 0.01 and to_mm(c.height) <= 90
    got = [" ".join(r.text.strip() for r in ln) for ln in lines(c).values() if ln[0].font == BG_TITLE]
    assert len(got) <= 4 and len(got[-1].split()) >= 2


# --- quotes -------------------------------------------------------------------------------------

def quotes(n: int, short: bool = False) -> tuple[Quote, ...]:
    langs = ["en", "bg", "ru", "en"]
    return tuple(Quote(text=L(f"Quote number {k + 1} " + "word " * (5 + 10 * k)), author=L(f"Critic {k + 1}"),
                       source=L("Paper"), lang=langs[k], short=L(f"Short {k + 1}") if short and k else None)
                 for k in range(n))


def test_short_form_takes_the_first_short_else_the_shortest(inputs) -> None:  # type: ignore[no-untyped-def]
    block = QuoteBlock(type="quote", region="r", style="pull", form="short")
    assert text_of(quote.build(block, ctx_for(inputs, quotes=quotes(3, short=True)), W)) == "„Short 2“"
    got = text_of(quote.build(block, ctx_for(inputs, quotes=quotes(3)[::-1]), W))
    assert got.startswith("“Quote number 1 ")  # the shortest, in English marks


def test_quote_marks_follow_the_quotes_language_not_the_editions(inputs) -> None:  # type: ignore[no-untyped-def]
    block = QuoteBlock(type="quote", region="r", style="quote", count=4)
    text = text_of(quote.build(block, ctx_for(inputs, "bg", quotes=quotes(4)), W))
    assert "“Quote number 1" in text and "„Quote number 2" in text and "«Quote number 3" in text
    # the Leto quote: English in every edition
    ru = text_of(quote.build(QuoteBlock(type="quote", region="r", style="quote"), ctx_for(inputs, "ru"), W))
    assert ru.startswith("“The setting") and "stooges.”" in ru


def test_full_form_shows_as_many_quotes_as_fit(inputs) -> None:  # type: ignore[no-untyped-def]
    block = QuoteBlock(type="quote", region="r", style="quote", attribution_style="attribution", count=4)
    everything = quote.build(block, ctx_for(inputs, quotes=quotes(4)), W)
    assert text_of(everything).count("— CRITIC") == 4
    first = quote.build(block.model_copy(update={"count": 1}), ctx_for(inputs, quotes=quotes(4)), W)
    tight = quote.build(block, ctx_for(inputs, avail=first.height + 5, quotes=quotes(4)), W)
    assert text_of(tight).count("— CRITIC") == 1  # at least the first
    tiny = quote.build(block, ctx_for(inputs, avail=1.0, quotes=quotes(4)), W)
    assert text_of(tiny).count("— CRITIC") == 1
    two = quote.build(block.model_copy(update={"count": 2}), ctx_for(inputs, quotes=quotes(4)), W)
    assert text_of(two).count("— CRITIC") == 2
    explicit = quote.build(block.model_copy(update={"index": 2, "count": 1}), ctx_for(inputs, quotes=quotes(4)), W)
    assert "Quote number 3" in text_of(explicit)


# --- billing and cast ---------------------------------------------------------------------------

def big_cast(n: int) -> tuple[CastMember, ...]:
    return tuple(CastMember(name=L(f"Актьор{k:02d} Фамилия{k:02d}"), character=L(f"Роля {k}")) for k in range(n))


def test_billing_names_the_top_of_the_cast(inputs) -> None:  # type: ignore[no-untyped-def]
    block = BillingBlock(type="billing", region="r", name_style="billing", role_style="billing-role")
    text = text_of(billing.build(block, ctx_for(inputs, cast=big_cast(25)), W))
    assert "АКТЬОР05" in text and "АКТЬОР06" not in text  # the layout's default: six
    text = text_of(billing.build(block, ctx_for(inputs, cast=big_cast(25), billing=3), W))
    assert "АКТЬОР02" in text and "АКТЬОР03" not in text
    text = text_of(billing.build(block, ctx_for(inputs, cast=big_cast(25), billing=0), W))
    assert "УЧАСТВАТ" not in text and "КИРИЛ СЕРЕБРЕНИКОВ" in text
    full = billing.build(block.model_copy(update={"cast_limit": None}), ctx_for(inputs, cast=big_cast(25)), W)
    assert "АКТЬОР24" in text_of(full)


def test_billing_of_a_long_cast_is_no_taller_than_of_a_short_one(inputs) -> None:  # type: ignore[no-untyped-def]
    block = BillingBlock(type="billing", region="r", name_style="billing", role_style="billing-role")
    short = billing.build(block, ctx_for(inputs, cast=big_cast(6)), W)
    long = billing.build(block, ctx_for(inputs, cast=big_cast(25)), W)
    assert long.height == pytest.approx(short.height) and long.width <= W + 0.3


def test_billing_skips_empty_groups(inputs) -> None:  # type: ignore[no-untyped-def]
    block = BillingBlock(type="billing", region="r", name_style="billing", role_style="billing-role")
    text = text_of(billing.build(block, ctx_for(inputs, production=(), producers=(), cast=()), W))
    assert "ПРЕДСТАВЯТ" not in text and "ПРОДУЦЕНТИ" not in text and "УЧАСТВАТ" not in text


@pytest.mark.parametrize("n, columns", [(6, 1), (10, 1), (25, 2)])
def test_cast_auto_columns(inputs, n: int, columns: int) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs, cast=big_cast(n))
    c = cast.build(CastBlock(type="cast", region="r", style="cast", character_style="character"), ctx, W)
    names = [r for r in runs(c) if r.font.endswith("/semibold")]
    assert len({round(r.x, 1) for r in names}) == columns
    assert c.width <= W + 0.01


def test_cast_characters_are_aligned_after_the_names(inputs) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs)  # Leto: three of twelve with characters
    c = cast.build(CastBlock(type="cast", region="r", style="cast", character_style="character", columns=1), ctx,
                   60 * MM)
    chars = [r for r in runs(c) if r.font.endswith("/light")]
    names = [r for r in runs(c) if r.font.endswith("/semibold")]
    assert [r.text.strip() for r in chars] == ["Виктор", "Наташа", "Майк"]
    assert len({round(r.x, 2) for r in chars}) == 1
    assert min(r.x for r in chars) > max(r.x + run_width(r) for r in names)
    for ch in chars:  # on the line of its actor
        assert any(abs(n.y - ch.y) < 0.01 for n in names)


def test_a_long_cast_fits_a_two_column_region(inputs) -> None:  # type: ignore[no-untyped-def]
    ctx = ctx_for(inputs, cast=big_cast(25))
    c = cast.build(CastBlock(type="cast", region="r", style="cast", heading_style="heading", columns=2), ctx, W)
    assert to_mm(c.height) < 19 * 13 / MM + 20
