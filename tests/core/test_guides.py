"""The bundled guides: ids and terms exist, every question is offered, the shape is right."""

from __future__ import annotations

import re

from kiosk.core import resources
from kiosk.core.content import load_library
from kiosk.core.render import RenderCache


def english():
    library, problems = load_library(resources.content_root() / "en", resources.assets_dir())
    return library, problems


def test_every_question_and_term_a_guide_uses_exists_and_every_question_is_offered():
    """Ensure guide question ids and term links resolve, and each bank question is on a page."""
    library, problems = english()
    assert problems == []
    offered = {q for g in library.guides for p in g.pages for q in p.question_ids}
    assert offered <= set(library.questions.ids())
    assert set(library.questions.ids()) <= offered
    assert len(library.questions.questions) >= 24
    assert len(library.glossary.terms) >= 15
    cache = RenderCache(library)
    for guide in library.guides:
        for page in cache.pages(guide.slug):
            for term_id in re.findall(r'href="term:([^"]+)"', page.html):
                assert library.glossary.get(term_id) is not None, (guide.slug, term_id)
    assert cache.problems == []


def test_every_guide_has_4_to_8_pages_ending_with_key_points_and_sources_with_years():
    """Ensure the shape the content rules ask for: 4-8 pages, 'Key points' last, dated sources."""
    library, _ = english()
    assert len(library.guides) >= 7
    for guide in library.guides:
        assert 4 <= len(guide.pages) <= 8, guide.slug
        assert guide.pages[-1].title == "Key points", guide.slug
        assert guide.sources and all(re.search(r"\b(19|20)\d\d\b", s) for s in guide.sources)


def test_every_content_page_fits_one_screen_at_1920x1080(make_app):
    """Ensure no guide page needs scrolling at default text size on a 1080p screen."""
    kiosk = make_app(size=(1920, 1080))
    reader = kiosk.screens.reader
    too_long = []
    for guide in kiosk.library.guides:
        kiosk.window.open_guide(guide.slug)
        for index in range(len(guide.pages)):  # the app's own sources page may scroll
            reader.show_page(index)
            overflow = reader.view.verticalScrollBar().maximum()
            if overflow > 0:
                too_long.append(f"{guide.slug} page {index + 1}: {overflow} px")
    assert too_long == []
