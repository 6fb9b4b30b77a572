"""The glossary popup, the contents list, text size, internal links and flick scrolling."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScroller
from uihelpers import show_at, show_text, tap, tap_link

from kiosk.ui.theme import BASE_BODY_PX


def open_page_with_term(kiosk, qtbot):
    for tile_index, guide in enumerate(kiosk.library.guides):
        for page_index, page in enumerate(kiosk.cache.pages(guide.slug)):
            if 'href="term:' in page.html:
                tap(qtbot, kiosk.screens.home.tiles[tile_index])
                kiosk.screens.reader.show_page(page_index)
                return page
    raise AssertionError("no page links a glossary term")


def test_tapping_a_glossary_word_shows_its_meaning_and_close_hides_it(make_app, qtbot):
    """Ensure a tapped term opens a large popup with its definition that Close dismisses."""
    kiosk = make_app()
    page = open_page_with_term(kiosk, qtbot)
    term_id = page.html.split('href="term:')[1].split('"')[0]
    term = kiosk.library.glossary.get(term_id)
    link_text = page.html.split(f'href="term:{term_id}">')[1].split("<")[0]
    show_text(kiosk.screens.reader, link_text)  # a long page may show it on a later screen
    assert tap_link(qtbot, kiosk.screens.reader.view, link_text) == f"term:{term_id}"
    popup = kiosk.window.term_popup
    assert popup.isVisible()
    assert popup.definition.text() == term.definition
    assert popup.title.text().lower() == term.term.lower()
    assert popup.close_button.height() >= 56
    tap(qtbot, popup.close_button)
    assert not popup.isVisible()


def test_glossary_popup_closes_with_escape_or_a_tap_outside(make_app, qtbot):
    """Ensure no patient is trapped: Esc and tapping the dimmed backdrop both close it."""
    kiosk = make_app()
    window = kiosk.window
    window.show_term("qi")
    qtbot.keyClick(window.term_popup.close_button, Qt.Key.Key_Escape)
    assert not window.term_popup.isVisible()
    window.show_term("qi")
    qtbot.mouseClick(window.term_popup, Qt.MouseButton.LeftButton,
                     pos=window.term_popup.rect().topLeft() + window.term_popup.rect().center() / 8)
    assert not window.term_popup.isVisible()


def test_contents_list_shows_every_page_and_jumps_to_the_one_tapped(make_app, qtbot):
    """Ensure Contents lists all pages, marks the current one, and a tap jumps there."""
    kiosk = make_app()
    reader = kiosk.screens.reader
    tap(qtbot, kiosk.screens.home.tiles[1])
    tap(qtbot, reader.contents_button)
    panel = kiosk.window.contents
    assert panel.isVisible()
    titles = [b.text().split(".  ", 1)[1] for b in panel.buttons]
    assert titles == [p.title for p in reader.pages]
    assert panel.buttons[0].objectName() == "primary"
    tap(qtbot, panel.buttons[4])
    assert not panel.isVisible()
    assert reader.progress.text().startswith("Page 5 of")


def test_links_between_guides_open_the_other_guide(make_app, qtbot):
    """Ensure tapping a guide: link opens that guide (never a browser)."""
    kiosk = make_app()
    reader = kiosk.screens.reader
    tile_index = 0
    for tile_index, guide in enumerate(kiosk.library.guides):  # noqa: B007 - used after
        pages = kiosk.cache.pages(guide.slug)
        hit = next(((i, p) for i, p in enumerate(pages) if 'href="guide:' in p.html), None)
        if hit:
            break
    assert hit, "no page links another guide"
    index, page = hit
    target = page.html.split('href="guide:')[1].split('"')[0].split("#")[0]
    text = page.html.split('href="guide:')[1].split(">", 1)[1].split("<")[0]
    tap(qtbot, kiosk.screens.home.tiles[tile_index])
    reader.show_page(index)
    show_text(reader, text)
    tap_link(qtbot, reader.view, text)
    assert reader.slug == target
    assert reader.guide_title.text() == kiosk.library.guide(target).title


def test_text_size_steps_from_100_to_200_percent_and_back(make_app, qtbot):
    """Ensure A+ and A- change the page text in 5 steps and stop at each end."""
    kiosk = make_app(size=(1920, 1080))
    toolbar, reader = kiosk.screens.toolbar, kiosk.screens.reader
    tap(qtbot, kiosk.screens.home.tiles[0])
    sizes = [reader.view.document().defaultFont().pixelSize()]
    assert toolbar.size_label.text() == "Text 100%"
    assert not toolbar.smaller_button.isEnabled()
    for _ in range(4):
        tap(qtbot, toolbar.larger_button)
        sizes.append(reader.view.document().defaultFont().pixelSize())
    assert toolbar.size_label.text() == "Text 200%"
    assert not toolbar.larger_button.isEnabled()
    # 28 px at 1080 lines: sized for reading at arm's length in a waiting room (issue 12)
    assert sizes == sorted(sizes) and sizes[-1] == 2 * sizes[0] and sizes[0] == BASE_BODY_PX
    tap(qtbot, toolbar.smaller_button)
    assert toolbar.size_label.text() == "Text 175%"


def test_pages_flick_scroll_and_have_no_context_menu(make_app, qtbot):
    """Ensure the page view has kinetic scrolling for a finger and never shows a menu."""
    kiosk = make_app()
    view = kiosk.screens.reader.view
    assert QScroller.hasScroller(view.viewport())
    assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert not view.openExternalLinks() and not view.openLinks()


def test_primary_controls_are_at_least_56_pixels_high(make_app, qtbot):
    """Ensure toolbar and page buttons are large touch targets at both screen sizes."""
    for size in ((1280, 800), (1920, 1080)):
        kiosk = make_app(size=size)
        tap(qtbot, kiosk.screens.home.tiles[0])
        reader, toolbar = kiosk.screens.reader, kiosk.screens.toolbar
        for button in (reader.next_button, reader.back_button, reader.contents_button,
                       toolbar.home_button, toolbar.larger_button):
            assert button.height() >= 56, (size, button.text(), button.height())
        kiosk.window.close()


def _row_gaps(reader) -> tuple[list[int], int]:
    """The blanks between the page's visible tool buttons, left to right, and the blank after
    the last one to the end of the row."""
    buttons = sorted((b for b in (reader.listen_button, reader.pause_button, reader.stop_button,
                                  reader.slower_button, reader.offers_button, reader.print_button,
                                  reader.present_button) if b.isVisible()),
                     key=lambda b: b.geometry().x())
    gaps = [right.geometry().left() - left.geometry().right() - 1
            for left, right in pairwise(buttons)]
    return gaps, reader.tool_buttons.geometry().right() - buttons[-1].geometry().right()


def test_the_page_buttons_sit_together_with_no_blank_for_a_button_that_never_shows(make_app,
                                                                                   qtbot):
    """Ensure the page's buttons (Listen, Slower, Print...) sit side by side at the end of their
    row: a kiosk never shows Present, and where a page's questions are beside or under the text
    the "Questions to ask" button never shows; neither may leave a blank where it would be."""
    spacing = None
    for size, kiosk_mode in (((1080, 1920), True), ((1920, 1080), True), ((1920, 1080), False),
                             ((1080, 1920), False)):
        kiosk = make_app(size=size)
        if kiosk_mode:
            kiosk.window.enter_kiosk_mode(locked=False)
            show_at(qtbot, kiosk, size)  # a new window flag hides a window until shown again
        reader = kiosk.screens.reader
        reader.set_speech_available(True)  # Listen and Slower, left of Print
        kiosk.window.open_guide(kiosk.library.guides[2].slug)
        qtbot.waitUntil(lambda r=reader: r.print_button.isVisible())
        spacing = reader.tool_buttons.spacing()
        gaps, after = _row_gaps(reader)
        assert reader.listen_button.isVisible() and reader.slower_button.isVisible()
        assert gaps and all(gap <= spacing for gap in gaps), (size, kiosk_mode, gaps)
        assert after <= 1, (size, kiosk_mode, after)
        assert reader.present_button.isVisible() is not kiosk_mode
        if reader.side_area.isVisible():  # and a clear gap between the text and its questions
            text_right = reader.column.mapTo(reader, QPoint(reader.column.width(), 0)).x()
            questions_left = reader._side_widget.mapTo(reader, QPoint(0, 0)).x()
            assert questions_left - text_right >= 24, (size, text_right, questions_left)
    assert spacing


def test_in_a_popup_window_the_questions_button_keeps_its_place_on_a_page_without_questions(
        make_app, qtbot):
    """Ensure that where the page's questions open in a popup (a landscape laptop screen), Print
    stays where it is from a page with questions to one without."""
    kiosk = make_app(size=(1280, 800))
    reader = kiosk.screens.reader
    tap(qtbot, kiosk.screens.home.tiles[2])
    places = {}
    for index, page in enumerate(kiosk.cache.pages(reader.slug)):
        reader.show_page(index)
        qtbot.waitUntil(lambda: reader.print_button.isVisible())
        places[bool(page.question_ids)] = reader.print_button.geometry()
    assert set(places) == {True, False}, "the guide needs pages with and without questions"
    assert places[True] == places[False]
