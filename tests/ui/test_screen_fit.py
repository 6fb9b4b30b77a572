"""The reader on every screen clinics mount: every page, both languages, three text sizes.

Each check is what a patient would meet: a block of the page never shown (or shown twice), a
button under another, a label cut off, a target too small for a finger, a column that jumps.
"""

from __future__ import annotations

import pytest
from conftest import BUNDLED_ASSETS, BUNDLED_CONTENT
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTextBrowser, QWidget

from kiosk.ui.theme import TEXT_SCALES

SIZES = [(1024, 768), (1280, 800), (1366, 768), (1920, 1080), (2560, 1440), (1080, 1920), (800, 1280)]
STEPS = {1.0: 0, 1.5: 2, 2.0: 4}
TOUCH_MIN = 48


def _rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _shown(widget: QWidget, window: QWidget) -> QRect:
    """The part of a widget a patient can see (a scroll area shows part of what it holds)."""
    return _rect(widget, window).intersected(
        widget.visibleRegion().boundingRect().translated(widget.mapTo(window, QPoint(0, 0))))


def _leaves(window: QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget)
            if isinstance(w, (QAbstractButton, QLabel, QTextBrowser)) and w.isVisible()
            and w.window() is window and w.width() > 0]


def layout_problems(window: QWidget) -> list[str]:
    """Everything on screen that a patient could not see whole or could not tap."""
    problems = []
    area = window.rect()
    leaves = _leaves(window)
    for widget in leaves:
        name = f"{type(widget).__name__} '{getattr(widget, 'text', lambda: '')()[:30]}'"
        rect = _shown(widget, window)
        if not rect.isEmpty() and not area.contains(rect):
            problems.append(f"{name} leaves the window: {rect}")
        if isinstance(widget, QAbstractButton):
            if min(widget.width(), widget.height()) < TOUCH_MIN:
                problems.append(f"{name} is {widget.width()}x{widget.height()}, under {TOUCH_MIN} px")
            if widget.text() and widget.sizeHint().width() > widget.width() + 1:
                problems.append(f"{name} is clipped: needs {widget.sizeHint().width()} px, "
                                f"has {widget.width()}")
        elif isinstance(widget, QLabel) and widget.text() and "<" not in widget.text():
            if widget.wordWrap():
                if widget.heightForWidth(widget.contentsRect().width()) > widget.height() + 1:
                    problems.append(f"{name} is cut off at the bottom")
            elif widget.fontMetrics().horizontalAdvance(widget.text()) > widget.contentsRect().width() + 1:
                problems.append(f"{name} is clipped: {widget.width()} px wide")
    for number, first in enumerate(leaves):
        for second in leaves[number + 1:]:
            if first.isAncestorOf(second) or second.isAncestorOf(first):
                continue
            if _shown(first, window).intersects(_shown(second, window)):
                problems.append(f"{type(first).__name__} '{getattr(first, 'text', lambda: '')()[:20]}' "
                                f"overlaps {type(second).__name__} "
                                f"'{getattr(second, 'text', lambda: '')()[:20]}'")
    return problems


def settle() -> None:
    """Let Qt finish laying out what just changed (new buttons are laid out on the next turns)."""
    for _ in range(3):
        QApplication.processEvents()


def _words(blocks) -> list[str]:
    return " ".join(block.text for block in blocks).split()


def walk_every_page(kiosk, qtbot, scale: float) -> list[str]:
    """Open every guide and page; return every problem found, page by page."""
    window, reader = kiosk.window, kiosk.screens.reader
    problems: list[str] = []
    column_places = set()
    for guide in kiosk.library.guides:
        window.open_guide(guide.slug)
        for index, page in enumerate(reader.pages):
            reader.show_page(index)
            settle()
            where = f"{guide.slug} page {index + 1}"
            screens = reader.screen_blocks(index)
            if _words([b for screen in screens for b in screen]) != _words(page.blocks):
                problems.append(f"{where}: its blocks are not all shown once, in order")
            height = reader.view.viewport().height()
            for number, screen in enumerate(reader._screens_of(index)):
                if screen.overflows and (scale == 1.0 or len(screen.blocks) > 1):
                    problems.append(f"{where} screen {number + 1} needs scrolling "
                                    f"({screen.document.size().height():.0f} > {height} px)")
            column_places.add((_rect(reader.view, window).topLeft().toTuple(),
                               reader.view.width()))
            problems += [f"{where}: {p}" for p in layout_problems(window)]
    if len(column_places) != 1:
        problems.append(f"the reading column moves between pages: {sorted(column_places)}")
    return problems


@pytest.mark.parametrize("scale", list(STEPS))
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_fits_every_screen(make_app, qtbot, lang, size, scale):
    """Ensure every page shows all its blocks once, in order, in screens that need no scrolling
    (at 200% only a single block taller than the screen may scroll), with nothing overlapping,
    clipped, outside the window or under 48 px, and the reading column in one place."""
    kiosk = make_app(BUNDLED_CONTENT, BUNDLED_ASSETS, size=size, lang=lang)
    kiosk.session.text_step = STEPS[scale]
    assert TEXT_SCALES[STEPS[scale]] == scale
    kiosk.window.apply_style()
    problems = walk_every_page(kiosk, qtbot, scale)
    assert not problems, "\n".join(problems[:25])


def test_every_page_fits_in_high_contrast(make_app, qtbot):
    """Ensure the high-contrast theme (other borders and weights) fits as well, at 1280x800."""
    kiosk = make_app(BUNDLED_CONTENT, BUNDLED_ASSETS, size=(1280, 800))
    kiosk.window.set_contrast(True)
    problems = walk_every_page(kiosk, qtbot, 1.0)
    assert not problems, "\n".join(problems[:25])


def test_the_toolbar_and_nav_do_not_move_when_the_text_size_changes(make_app, qtbot):
    """Ensure no control moves under a finger when A+ or A- is tapped, on every screen size."""
    for size in SIZES:
        kiosk = make_app(BUNDLED_CONTENT, BUNDLED_ASSETS, size=size)
        window, toolbar, reader = kiosk.window, kiosk.screens.toolbar, kiosk.screens.reader
        window.open_guide(kiosk.library.guides[0].slug)
        controls = [toolbar.home_button, toolbar.questions_button, toolbar.contrast_button,
                    toolbar.smaller_button, toolbar.larger_button, reader.back_button,
                    reader.next_button, reader.print_button, reader.present_button]
        places = []
        for step in range(len(TEXT_SCALES)):
            kiosk.session.text_step = step
            window.apply_style()
            settle()
            places.append([_rect(c, window) for c in controls])
        moved = [(c.text(), [p[n] for p in places]) for n, c in enumerate(controls)
                 if any(p[n] != places[0][n] for p in places)]
        assert not moved, f"{size}: controls moved with the text size: {moved}"
        window.close()


def test_a_window_shown_at_its_size_is_styled_for_that_size_not_for_1080p(qtbot):
    """Ensure the app, styled before it is first shown, is styled again for the size it is shown
    at (on a bare X server the window takes the screen's size only when it is shown)."""
    from kiosk.app import KioskApp, LaunchOptions
    from kiosk.core.config import Settings

    kiosk = KioskApp(LaunchOptions(BUNDLED_CONTENT, BUNDLED_ASSETS), Settings())
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    assert kiosk.window._style_size == (1280, 800)
    assert not kiosk.screens.toolbar.two_rows  # at 1080p sizes it would need two rows here


def test_screens_already_shown_are_freed(make_app, qtbot):
    """Ensure walking guides again and again does not keep the screens shown before (PySide makes
    a text view the owner of every document it is given; the reader hands each one back)."""
    import gc

    from PySide6.QtGui import QTextDocument

    kiosk = make_app(BUNDLED_CONTENT, BUNDLED_ASSETS, size=(1280, 800))
    reader = kiosk.screens.reader

    def walk() -> int:
        for guide in kiosk.library.guides[:3]:
            kiosk.window.open_guide(guide.slug)
            while not reader.on_last_screen():
                reader.next_page()
                settle()
        gc.collect()
        return sum(isinstance(o, QTextDocument) for o in gc.get_objects())

    walk()
    first = walk()
    assert walk() <= first and walk() <= first
