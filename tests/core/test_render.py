"""Rendering pages: boxes, glossary links, safe links and pictures, sanitized HTML."""

from __future__ import annotations

import datetime as dt

from kiosk.core.content import Page, load_library
from kiosk.core.render import RenderCache, render_guide, render_page, sanitize


def render(pack, assets, markdown: str):
    library, _ = load_library(pack, assets, today=dt.date(2026, 11, 21))
    guide = library.guides[0]
    page = Page("test", "Test page", markdown, guide.pages[0].line)
    return render_page(page, guide, library)


def test_boxes_become_tinted_tables_with_a_bar_and_title(pack, assets):
    """Ensure '!!! danger' renders as a box QTextDocument draws: bar cell, title, body."""
    page, problems = render(pack, assets, '!!! danger "Get help now"\n    Call 911.\n')
    assert problems == []
    assert 'class="box box-danger"' in page.html
    assert 'class="bar bar-danger"' in page.html
    assert "Get help now" in page.html and "Call 911." in page.html


def test_first_use_of_each_glossary_term_on_a_page_becomes_a_tappable_link(pack, assets):
    """Ensure only the first use of a term is linked, longest form first, not in headings."""
    page, _ = render(pack, assets,
                     "### Sham\n\nSham acupuncture is used. Sham again. A placebo too.\n")
    assert page.html.count('href="term:sham"') == 1
    assert '<a class="term" href="term:sham">Sham acupuncture</a>' in page.html
    assert page.html.count('href="term:placebo"') == 1
    assert "<h3>Sham</h3>" in page.html


def test_web_links_never_become_links(pack, assets):
    """Ensure a web address is shown as text with where to look, never as a clickable link."""
    page, problems = render(pack, assets, "See [NCCIH](https://www.nccih.nih.gov/health/).\n")
    assert problems == []
    assert "https" not in page.html and "<a" not in page.html
    assert "NCCIH (www.nccih.nih.gov/health)" in page.text


def test_raw_html_is_shown_as_text_never_run(pack, assets):
    """Ensure raw HTML in markdown is reported and never reaches the viewer as markup."""
    page, problems = render(pack, assets, 'Hi <img src="x" onerror="y"> <b>bold</b>\n')
    assert any("raw HTML" in str(p) for p in problems)
    assert "<img" not in page.html and "<b>" not in page.html


def test_sanitize_drops_scripts_styles_and_unknown_schemes():
    """Ensure the sanitizer keeps only the viewer's tags, attributes and link schemes."""
    clean = sanitize('<p style="color:red" onclick="x">Hi</p><script>bad()</script>'
                     '<a href="javascript:bad()">x</a><a href="guide:alpha">ok</a>')
    assert clean == '<p>Hi</p><a>x</a><a href="guide:alpha">ok</a>'


def test_every_guide_ends_with_sources_dates_not_advice_and_urgent_care(pack, assets):
    """Ensure the app's closing page lists sources, dates, 'not medical advice' and urgent care."""
    library, _ = load_library(pack, assets, today=dt.date(2026, 11, 21))
    pages, problems = render_guide(library.guides[0], library)
    assert problems == []
    last = pages[-1]
    assert last.title == "About this guide"
    assert "A book about pain" in last.text
    assert "not medical advice" in last.text
    assert "Call 911" in last.text
    assert "January 1, 2026" in last.text


def test_render_cache_renders_each_guide_once(pack, assets):
    """Ensure pages are rendered on first use and the same objects come back after."""
    library, _ = load_library(pack, assets, today=dt.date(2026, 11, 21))
    cache = RenderCache(library)
    assert cache.pending() == ["alpha", "beta", "gamma"]
    first = cache.pages("beta")
    assert cache.pages("beta") is first
    assert cache.pending() == ["alpha", "gamma"]


def test_a_paragraph_holding_only_a_picture_is_marked_so_no_gap_opens_under_it():
    """A picture's line must not take the text's 140% line height (a gap of 40% of the picture)."""
    from kiosk.core import resources
    from kiosk.core.content import load_library
    from kiosk.core.render import render_guide
    from kiosk.ui.theme import NORMAL, Sizes, document_style_sheet

    library, _ = load_library(resources.content_root() / "en", resources.assets_dir())
    guide = library.guide("how-acupuncture-works")
    pages, _ = render_guide(guide, library)
    with_picture = [p for p in pages if "<img" in p.html]
    assert with_picture
    for page in with_picture:
        assert '<p class="picture"><img' in page.html
    assert "p.picture { line-height: 100%" in document_style_sheet(NORMAL, Sizes.for_screen(1080, 1))


def test_rendering_with_many_glossaries_keeps_only_the_last_few(pack, assets):
    """Ensure the terms-pattern cache does not keep every glossary it has seen: each language
    switch loads its pack's glossary afresh, and the kiosk runs for months."""
    import gc
    import weakref

    from kiosk.core import render

    first = None
    for _ in range(3 * render.PATTERNS_KEPT):
        library, _ = load_library(pack, assets, today=dt.date(2026, 11, 21))
        render_guide(library.guides[0], library)
        first = first or weakref.ref(library.glossary)
        del library
    gc.collect()
    assert first() is None, "the first glossary is still held"
    assert len(render._pattern_cache) <= render.PATTERNS_KEPT


def test_pages_rendered_for_paper_have_the_same_blocks_and_no_html(assets):
    """Ensure `blocks_only` (the booklet's and handouts' renders) gives every bundled page the
    same blocks and problems as the app's render, with no page HTML or text made for paper."""
    from kiosk.core import resources

    for lang in ("en", "es"):
        library, _ = load_library(resources.content_root() / lang, resources.assets_dir())
        for guide in library.guides:
            shown, shown_problems = render_guide(guide, library)
            paper, paper_problems = render_guide(guide, library, blocks_only=True)
            assert [p.blocks for p in paper] == [p.blocks for p in shown]
            assert [(p.slug, p.title, p.question_ids) for p in paper] == [
                (p.slug, p.title, p.question_ids) for p in shown]
            assert paper_problems == shown_problems
            assert all(p.html == p.text == "" for p in paper)
            assert all(p.html and p.text for p in shown)
