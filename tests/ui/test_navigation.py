"""Home -> guide -> every page -> next guide -> home, through the real widgets (short pages:
long ones, cut into screens, are walked in tests/ui/test_screen_fit.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from uihelpers import page_heading, swipe, tap


def test_tapping_a_tile_opens_that_guide_on_page_one(make_app, qtbot, pack, assets):
    """Ensure each home tile opens its guide at 'Page 1 of N'."""
    kiosk = make_app(pack.parent, assets)  # short pages: one screen each
    home, reader = kiosk.screens.home, kiosk.screens.reader
    assert [t.title.text() for t in home.tiles] == [g.title for g in kiosk.library.guides]
    tap(qtbot, home.tiles[2])
    guide = kiosk.library.guides[2]
    assert kiosk.window.current_screen() is reader
    assert reader.guide_title.text() == guide.title
    assert reader.progress.text() == f"Page 1 of {len(guide.pages) + 1}"
    assert guide.pages[0].title in reader.view.toPlainText()


def test_walk_every_page_with_next_then_on_to_the_next_guide_then_home(make_app, qtbot, pack, assets):
    """Ensure Next walks every page, the last page offers the next guide, and Home returns."""
    kiosk = make_app(pack.parent, assets)  # short pages: one screen each
    reader = kiosk.screens.reader
    first, second = kiosk.library.guides[0], kiosk.library.guides[1]
    tap(qtbot, kiosk.screens.home.tiles[0])
    total = len(first.pages) + 1
    seen = []
    for number in range(1, total + 1):
        assert reader.progress.text() == f"Page {number} of {total}"
        seen.append(page_heading(reader))
        if number < total:
            assert reader.next_button.text() == "Next ›"
            tap(qtbot, reader.next_button)
    assert seen == [p.title for p in first.pages] + ["About this guide"]
    assert reader.next_button.text() == f"Next: {second.title}"
    assert reader.home_button.isVisible()
    tap(qtbot, reader.next_button)
    assert reader.guide_title.text() == second.title
    assert reader.progress.text() == f"Page 1 of {len(second.pages) + 1}"
    tap(qtbot, kiosk.screens.toolbar.home_button)
    assert kiosk.window.current_screen() is kiosk.screens.home


def test_back_button_turns_back_and_is_off_on_the_first_page(make_app, qtbot, pack, assets):
    """Ensure Back is disabled on page 1 and goes back one page elsewhere."""
    kiosk = make_app(pack.parent, assets)  # short pages: one screen each
    reader = kiosk.screens.reader
    tap(qtbot, kiosk.screens.home.tiles[0])
    assert not reader.back_button.isEnabled()
    tap(qtbot, reader.next_button)
    tap(qtbot, reader.next_button)
    tap(qtbot, reader.back_button)
    assert reader.progress.text().startswith("Page 2 of")


def test_swiping_left_and_right_turns_pages_and_walks_to_the_next_guide(make_app, qtbot, pack, assets):
    """Ensure a one-finger swipe left is Next and right is Back; a short or vertical drag is not."""
    kiosk = make_app(pack.parent, assets)  # short pages: one screen each
    reader = kiosk.screens.reader
    tap(qtbot, kiosk.screens.home.tiles[0])
    viewport = reader.view.viewport()
    total = len(kiosk.library.guides[0].pages) + 1
    for number in range(2, total + 1):
        swipe(viewport, -300)
        assert reader.progress.text() == f"Page {number} of {total}"
    swipe(viewport, -300)  # nothing after the last page
    assert reader.progress.text() == f"Page {total} of {total}"
    swipe(viewport, 300)
    assert reader.progress.text() == f"Page {total - 1} of {total}"
    swipe(viewport, -40)  # too short to be a swipe
    swipe(viewport, -150, dy=300)  # mostly a scroll, not a swipe
    assert reader.progress.text() == f"Page {total - 1} of {total}"
    swipe(viewport, -300)
    tap(qtbot, reader.next_button)  # on to the next guide
    assert reader.guide_title.text() == kiosk.library.guides[1].title


def test_arrow_and_page_keys_turn_pages_and_keyboard_reaches_next_guide_and_home(make_app, qtbot, pack,
                                                                                 assets):
    """Ensure Right/PageDown go on, Left/PageUp go back, and Enter on the end buttons works."""
    kiosk = make_app(pack.parent, assets)  # short pages: one screen each
    reader = kiosk.screens.reader
    home = kiosk.screens.home
    home.tiles[0].setFocus()
    qtbot.keyClick(home.tiles[0], Qt.Key.Key_Space)
    assert kiosk.window.current_screen() is reader
    total = len(kiosk.library.guides[0].pages) + 1
    focus = reader.view
    for number in range(2, total + 1):
        qtbot.keyClick(focus, Qt.Key.Key_Right if number % 2 else Qt.Key.Key_PageDown)
        assert reader.progress.text() == f"Page {number} of {total}"
    qtbot.keyClick(focus, Qt.Key.Key_Left)
    qtbot.keyClick(focus, Qt.Key.Key_PageUp)
    assert reader.progress.text() == f"Page {total - 2} of {total}"
    qtbot.keyClick(focus, Qt.Key.Key_End)  # not a page key here: nothing happens
    qtbot.keyClick(focus, Qt.Key.Key_PageDown)
    qtbot.keyClick(focus, Qt.Key.Key_PageDown)
    reader.next_button.setFocus()
    qtbot.keyClick(reader.next_button, Qt.Key.Key_Space)
    assert reader.guide_title.text() == kiosk.library.guides[1].title
    for _ in range(len(kiosk.library.guides[1].pages)):
        qtbot.keyClick(reader.view, Qt.Key.Key_Right)
    reader.home_button.setFocus()
    qtbot.keyClick(reader.home_button, Qt.Key.Key_Space)
    assert kiosk.window.current_screen() is home


def test_last_guide_ends_with_a_way_home(make_app, qtbot, pack, assets):
    """Ensure the last page of the last guide offers 'All topics' and it goes home."""
    kiosk = make_app(pack.parent, assets)  # short pages: one screen each
    reader = kiosk.screens.reader
    tap(qtbot, kiosk.screens.home.tiles[-1])
    reader.show_page(len(reader.pages) - 1)
    assert reader.next_button.text() == "All topics"
    tap(qtbot, reader.next_button)
    assert kiosk.window.current_screen() is kiosk.screens.home


def test_a_long_guide_read_to_its_end_keeps_only_the_pages_beside_it_laid_out(make_app, qtbot,
                                                                               pack, assets):
    """Ensure reading a guide to its end holds the laid-out screens of the page on view and its
    neighbours only (every page's documents were kept: 3.5 MiB for one guide at 1920x1080), and
    that turning back still shows each page as it was."""
    kiosk = make_app(pack.parent, assets)
    reader = kiosk.screens.reader
    tap(qtbot, kiosk.screens.home.tiles[0])
    total = len(kiosk.library.guides[0].pages) + 1
    assert total >= 4
    forward = []
    for number in range(total):
        forward.append(page_heading(reader))
        qtbot.wait(5)  # the neighbours are laid out from the event loop
        assert set(reader._screens) <= {number - 1, number, number + 1}
        if number < total - 1:
            tap(qtbot, reader.next_button)
    backward = []
    for number in range(total - 1, -1, -1):
        backward.append(page_heading(reader))
        if number:
            tap(qtbot, reader.back_button)
    assert backward == forward[::-1]
