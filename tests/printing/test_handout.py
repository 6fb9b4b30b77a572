"""Printed guide handouts and the booklet: `kiosk print guide|booklet`, page flow, failures, preview."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.cli import main
from kiosk.core.config import Settings
from kiosk.core.content import Strings, load_library
from kiosk.core.handout import (
    UnknownGuide,
    build_booklet,
    build_guide_handout,
    glossary_blocks,
    label,
)
from kiosk.core.render import format_date

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "content" / "en"
ASSETS = REPO / "assets"
GUIDE = "is-acupuncture-safe"  # two pictures, two boxes, a long list of sources


def _flat(text: str) -> str:
    return " ".join(text.split())


def _squeezed(text: str) -> str:
    """No whitespace at all: web addresses in sources may wrap anywhere on paper."""
    return "".join(text.split())


def _pdf_pages(path: Path) -> list[str]:
    return [_flat(page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def library():
    return load_library(PACK, ASSETS)[0]


@pytest.fixture(scope="module")
def booklet_pdf(tmp_path_factory) -> tuple[Path, str]:
    """The bundled booklet printed once through the real command line, and what it said."""
    import contextlib
    import io

    out = tmp_path_factory.mktemp("booklet") / "booklet.pdf"
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        code = main(["print", "booklet", "-o", str(out)])
    assert code == 0
    return out, said.getvalue()


def test_the_booklet_contents_give_the_page_each_guide_starts_on(qapp, booklet_pdf, library):
    """Ensure every guide title is in the booklet and its contents number is the page it opens on."""
    out, said = booklet_pdf
    pages = _pdf_pages(out)
    assert f"printed {len(pages)} pages to" in said
    contents = pages[1]
    assert contents.startswith(label(library.strings, "print_contents_title"))
    titles = [guide.title for guide in library.guides]
    titles += [label(library.strings, "print_glossary_title"), library.strings("sources_title")]
    listed = []
    for title in titles:
        found = re.search(re.escape(_flat(title)) + r" (\d+)\b", contents)
        assert found, f"'{title}' with a page number is not on the contents page"
        number = int(found.group(1))
        listed.append(number)
        # A section's pages all start with its title (opening title, then running header);
        # the first such page is where it starts.
        opens = next(i for i, text in enumerate(pages, start=1) if text.startswith(_flat(title)))
        assert number == opens, f"contents say '{title}' starts on page {number}; it is {opens}"
    assert listed == sorted(listed) and len(set(listed)) == len(listed)
    for guide in library.guides:  # each guide opens on its own page, under its summary
        assert _flat(guide.summary) in pages[listed[titles.index(guide.title)] - 1]


def test_the_booklet_has_a_cover_every_term_and_every_source(qapp, booklet_pdf, library):
    """Ensure the cover, the words-to-know pages (all terms, A to Z) and every source are printed."""
    out, _ = booklet_pdf
    pages = _pdf_pages(out)
    cover = pages[0]
    assert _flat(library.strings("app_title")) in cover
    assert library.strings("sheet_no_clinic") not in cover  # the sheet's default suits no cover
    assert "Page" not in cover  # no footer on the cover
    words_title = _flat(label(library.strings, "print_glossary_title"))
    words = " ".join(text for text in pages if text.startswith(words_title))
    terms = sorted(library.glossary.terms.values(), key=lambda t: t.term.casefold())
    positions = [words.find(_flat(t.term[:1].upper() + t.term[1:])) for t in terms]
    assert -1 not in positions and positions == sorted(positions)
    everything = _squeezed(" ".join(pages))
    for guide in library.guides:
        for source in guide.sources:
            assert _squeezed(source) in everything, source


def test_a_guide_handout_has_every_page_its_sources_review_date_and_footers(
        qapp, tmp_path, library, capsys):
    """Ensure `kiosk print guide` prints title, every page heading, sources, dates and footers."""
    out = tmp_path / "guide.pdf"
    assert main(["print", "guide", GUIDE, "-o", str(out)]) == 0
    pages = _pdf_pages(out)
    assert f"printed {len(pages)} pages to" in capsys.readouterr().out
    assert len(pages) >= 3
    guide = library.guide(GUIDE)
    assert _flat(guide.title) in pages[0]
    everything = " ".join(pages)
    for page in guide.pages:
        assert _flat(page.title) in everything, page.title
    for source in guide.sources:
        assert _squeezed(source) in _squeezed(everything), source
    assert format_date(guide.reviewed, "en") in everything
    assert format_date(guide.review_by, "en") in everything
    not_advice = _flat(library.strings("not_advice"))
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert not_advice in text, f"page {number} has no 'not medical advice' line"
        if number > 1:
            assert text.startswith(_flat(guide.title)), f"page {number} has no running header"


def test_printing_from_the_apps_rendered_pages_prints_the_same_handout_without_rendering_again(
        qapp, library, monkeypatch):
    """Ensure the kiosk's print path (the pages it already rendered) gives the very same booklet
    and guide handout as a fresh render, and takes every guide from the cache, not a new render."""
    from kiosk.core import handout as handout_module
    from kiosk.core.render import RenderCache

    day = dt.date(2026, 12, 1)
    fresh_booklet = build_booklet(library, Settings(), day)
    fresh_guide = build_guide_handout(library, GUIDE, Settings(), day)
    cache = RenderCache(library)
    for guide in library.guides:
        cache.pages(guide.slug)
    asked: list[str] = []

    def from_cache(slug):
        asked.append(slug)
        return cache.pages(slug)

    def no_render(*_args, **_kwargs):
        raise AssertionError("a guide was rendered again although the app had its pages")

    monkeypatch.setattr(handout_module, "render_guide", no_render)
    assert build_booklet(library, Settings(), day, rendered=from_cache) == fresh_booklet
    assert build_guide_handout(library, GUIDE, Settings(), day, rendered=from_cache) == fresh_guide
    assert asked == [g.slug for g in library.guides] + [GUIDE]


def test_no_printed_page_ends_with_a_heading_and_no_picture_or_box_is_split(qapp, library):
    """Ensure, in the laid-out booklet, no page ends on a heading and pictures and boxes stay whole."""
    from kiosk.printing import layout_handout

    layout = layout_handout(build_booklet(library, Settings()))
    section_pages = [page for page in layout.pages if page.kind == "section"]
    assert len(section_pages) > len(layout.handout.sections)
    for number, page in enumerate(layout.pages, start=1):
        if page.kind == "section":
            assert page.blocks, f"page {number} is empty"
            assert page.blocks[-1][0] != "heading", f"page {number} ends with {page.blocks[-1]}"
    pictures = boxes = 0
    for index, flow in enumerate(layout.flows):
        slices = [(p.top, p.bottom) for p in section_pages if p.index == index]
        for unit in flow.units:
            if unit.kind in ("picture", "box"):
                pictures += unit.kind == "picture"
                boxes += unit.kind == "box"
                assert any(top <= unit.top and unit.bottom <= bottom for top, bottom in slices), \
                    f"{unit.kind} '{unit.text[:40]}' is split across pages"
    assert pictures >= 8 and boxes >= 10


def test_pictures_print_as_vectors_not_as_blurry_bitmaps(qapp, tmp_path, library):
    """Ensure the handout's SVG pictures are drawn as vector art (no sizeable image in the PDF)."""
    from kiosk.printing import PrintTarget, print_guide

    out = tmp_path / "guide.pdf"
    assert print_guide(library, GUIDE, Settings(), PrintTarget(pdf=out)).ok
    sizes = []
    for page in PdfReader(out).pages:
        objects = page["/Resources"].get_object().get("/XObject")
        for ref in (objects.get_object().values() if objects else []):
            item = ref.get_object()
            if item.get("/Subtype") == "/Image":
                sizes.append((int(item["/Width"]), int(item["/Height"])))
    assert all(width <= 2 and height <= 2 for width, height in sizes), sizes


def _unit(top: float, bottom: float, kind: str = "text", cuts: tuple[float, ...] = (),
          lines: tuple[float, ...] = ()):
    from kiosk.flow import Unit as _Unit

    return _Unit(top, bottom, kind, kind, cuts, keep_with_next=kind == "heading", lines=lines)


def test_paginate_takes_a_heading_at_the_foot_of_a_page_over_to_the_next(qapp):
    """Ensure a heading that would end a page moves to the next page with what follows it."""
    from kiosk.flow import paginate

    units = [_unit(0, 400), _unit(420, 460, "heading"), _unit(470, 700, "picture")]
    assert paginate(units, lambda page: 500) == [(0, 420), (420, 700)]


def test_paginate_moves_a_picture_whole_and_splits_a_paragraph_between_lines(qapp):
    """Ensure a picture that does not fit moves whole, and a paragraph splits with 2+ lines a side."""
    from kiosk.flow import paginate

    assert paginate([_unit(0, 300), _unit(310, 600, "picture")], lambda page: 500) == \
        [(0, 310), (310, 600)]
    # A paragraph of 5 lines, 20 high, from 480: it may end a page after its 2nd or 3rd line only.
    units = [_unit(0, 470), _unit(480, 580, "text", (520, 540), (500, 520, 540, 560))]
    assert paginate(units, lambda page: 570) == [(0, 540), (540, 580)]


def test_a_long_paragraph_may_break_only_with_two_lines_on_each_page(qapp):
    """Ensure a measured paragraph offers page breaks only after its 2nd and before its last 2 lines."""
    from kiosk.core.blocks import text_block
    from kiosk.flow import measure
    from kiosk.printing.style import UNIT, print_flow_style

    words = "a few words " * 200
    flow = measure([text_block(words, words)], print_flow_style(400 * UNIT, ASSETS))
    (paragraph,) = flow.units
    tops = (paragraph.top, *paragraph.lines)
    assert len(tops) > 10
    assert paragraph.cuts == tops[2:-1]


def test_paginate_fills_a_last_page_that_would_hold_one_line(qapp):
    """Ensure a last page with only a line or two takes the last heading of the page before along."""
    from kiosk.flow import paginate

    units = [_unit(0, 200), _unit(260, 280, "heading"), _unit(290, 480), _unit(490, 510)]
    assert paginate(units, lambda page: 500) == [(0, 260), (260, 510)]


def test_an_unknown_guide_exits_2_and_lists_the_guides(qapp, tmp_path, capsys, library):
    """Ensure `kiosk print guide` with a slug no guide has exits 2 and names every valid slug."""
    out = tmp_path / "guide.pdf"
    assert main(["print", "guide", "no-such-guide", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no-such-guide" in err
    for guide in library.guides:
        assert guide.slug in err
    assert not out.exists()
    with pytest.raises(UnknownGuide, match="chronic-pain"):
        build_guide_handout(library, "no-such-guide", Settings())


def test_printing_to_a_printer_that_does_not_exist_is_reported_as_no_printer(qapp, library):
    """Ensure print_guide and print_booklet return reason no_printer for a missing printer."""
    from kiosk.printing import PrintTarget, print_booklet, print_guide

    target = PrintTarget(printer="no-such-printer-here")
    for result in (print_guide(library, GUIDE, Settings(), target),
                   print_booklet(library, Settings(), target)):
        assert (result.ok, result.reason, result.pages) == (False, "no_printer", 0)


@pytest.mark.qt_log_ignore("QPainter::begin")  # Qt warns when begin() fails; we report it
def test_a_handout_that_cannot_start_printing_is_reported_as_failed(qapp, tmp_path, library):
    """Ensure a PDF path in a missing folder gives reason failed, not an exception."""
    from kiosk.printing import PrintTarget, print_guide

    result = print_guide(library, GUIDE, Settings(), PrintTarget(pdf=tmp_path / "no" / "g.pdf"))
    assert (result.ok, result.reason) == (False, "failed")


@pytest.mark.parametrize(("paper", "ratio"), [("letter", 11 / 8.5), ("a4", 297 / 210)])
def test_the_preview_shows_the_chosen_pages_shaped_like_the_paper(qapp, library, paper, ratio):
    """Ensure render_handout_images gives one paper-shaped image per chosen page, not blank."""
    from PySide6.QtGui import QColor

    from kiosk.printing import layout_handout, render_handout_images

    layout = layout_handout(build_guide_handout(library, GUIDE, Settings(paper_size=paper)))
    images = render_handout_images(layout, 500)
    assert len(images) == len(layout.pages)
    first, last = render_handout_images(layout, 300, pages=[0, len(layout.pages) - 1])
    for image in (*images, first, last):
        assert image.height() / image.width() == pytest.approx(ratio, abs=0.01)
    white = QColor("white").rgb()
    assert sum(first.pixel(x, y) != white for x in range(0, 300, 3) for y in range(0, 380, 3)) > 200


def test_a_pack_without_print_strings_prints_english_labels_and_its_own_win(
        qapp, tmp_path, pack, assets):
    """Ensure labels a pack lacks fall back to English, and a pack's own label is used when set."""
    from kiosk.printing import PrintTarget, print_booklet

    library = load_library(pack, assets)[0]
    assert label(library.strings, "print_contents_title") == "Contents"
    with (pack / "strings.yaml").open("a") as strings:
        strings.write('\nprint_contents_title: "Índice"\n')
    library = load_library(pack, assets)[0]
    out = tmp_path / "booklet.pdf"
    assert print_booklet(library, Settings(clinic_name="Riverside Pain Clinic"),
                         PrintTarget(pdf=out), dt.date(2026, 3, 4)).ok
    pages = _pdf_pages(out)
    assert "Riverside Pain Clinic" in pages[0] and "March 4, 2026" in pages[0]
    assert pages[1].startswith("Índice")
    for title in ("Alpha pain", "Beta care", "Gamma safety", "Words to know"):
        assert title in pages[1]


def test_printed_blocks_keep_link_words_without_links_and_mark_picture_paragraphs(qapp, pack, assets):
    """Ensure printed HTML keeps link words without links and marks picture-only paragraphs."""
    from kiosk.core.content import Page
    from kiosk.core.render import render_page
    from kiosk.flow import compose
    from kiosk.printing.style import UNIT, print_flow_style

    library, _ = load_library(pack, assets)
    guide = library.guides[0]
    page, _ = render_page(Page("p", "P", "See [the signs](guide:beta) and [qi](term:placebo).\n\n"
                               "![A chart](illustrations/pic.svg)\n", guide.pages[0].line), guide, library)
    printed = compose(page.blocks, print_flow_style(400 * UNIT, assets))
    assert "<a" not in printed and "See the signs and qi." in re.sub(r"<[^>]+>", "", printed)
    assert '<p class="picture" align="center"><img src="kiosk-picture:illustrations/pic.svg"' in printed


def test_the_glossary_is_sorted_a_to_z_under_letters_ignoring_accents_and_case():
    """Ensure glossary_html lists terms alphabetically (accents and case ignored) under letters."""
    from kiosk.core.content import Glossary, Term

    glossary = Glossary(PACK / "glossary.yaml", {
        "b": Term("b", "zumbido", ("zumbido",), "Un ruido."),
        "a": Term("a", "Ácido", ("ácido",), "Algo ácido."),
        "c": Term("c", "agujas", ("agujas",), "Finas."),
    })
    printed = "".join(block.html for block in glossary_blocks(glossary))
    assert re.findall(r"<h3>(.)</h3>", printed) == ["A", "Z"]
    assert re.findall(r"<b>([^<]+)</b>", printed) == ["Ácido", "Agujas", "Zumbido"]


def test_label_prefers_the_pack_and_falls_back_to_english():
    """Ensure label() uses the pack's text, else the English default, else the key itself."""
    pack = Strings(PACK / "strings.yaml", {"print_printed_on": "Impreso el {date}"})
    assert label(pack, "print_printed_on", date="4 de marzo") == "Impreso el 4 de marzo"
    assert label(pack, "print_contents_title") == "Contents"
    assert label(pack, "no_such_key") == "no_such_key"
