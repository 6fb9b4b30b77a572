"""Helpers to act on the real widgets as a patient would: tap, swipe, press keys, tap a link."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget


def tap(qtbot, widget: QWidget) -> None:
    """A finger tap (a left click) in the middle of a widget."""
    QApplication.processEvents()  # widgets added to a shown layout appear on the next turn
    if hasattr(widget.parentWidget(), "ensureWidgetVisible"):
        widget.parentWidget().ensureWidgetVisible(widget)
    for area in _scroll_areas(widget):
        area.ensureWidgetVisible(widget)
    assert widget.isVisible() and widget.isEnabled(), f"{widget} cannot be tapped"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def _scroll_areas(widget: QWidget):
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            yield parent
        parent = parent.parentWidget()


def swipe(widget: QWidget, dx: int, dy: int = 0, steps: int = 6) -> None:
    """A one-finger drag across a widget (touch is delivered to widgets as mouse events)."""
    start = QPointF(widget.width() / 2 - dx / 2, widget.height() / 2)
    button, no_button = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton

    def send(kind: QEvent.Type, pos: QPointF, which, buttons) -> None:
        event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), which, buttons,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)

    send(QEvent.Type.MouseButtonPress, start, button, button)
    for step in range(1, steps + 1):
        pos = start + QPointF(dx * step / steps, dy * step / steps)
        send(QEvent.Type.MouseMove, pos, no_button, button)
    send(QEvent.Type.MouseButtonRelease, start + QPointF(dx, dy), button, no_button)
    QApplication.processEvents()


def link_point(view, text: str) -> QPoint:
    """Where on screen the given link text of a QTextBrowser page is drawn."""
    cursor = view.document().find(text)
    assert not cursor.isNull(), f"'{text}' is not on the page"
    cursor.setPosition(cursor.selectionStart() + 1, QTextCursor.MoveMode.MoveAnchor)
    view.ensureCursorVisible()
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    return rect.center()


def tap_link(qtbot, view, text: str) -> str:
    """Tap the link drawn with this text; return the address under the finger."""
    point = link_point(view, text)
    href = view.anchorAt(point)
    assert href, f"no link under '{text}'"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    return href


def turn_page(qtbot, reader) -> None:
    """Tap Next until the next page shows (a long page takes a screen or two more)."""
    start = reader.index
    for _ in range(20):
        tap(qtbot, reader.next_button)
        if reader.index != start:
            return
    raise AssertionError(f"Next never left page {start + 1}")


def show_text(reader, text: str) -> None:
    """Go to the screen of the page on view that shows this text."""
    for screen in range(reader.screen_count()):
        reader.show_page(reader.index) if screen == 0 else reader.next_page()
        if text in reader.view.toPlainText():
            return
    raise AssertionError(f"'{text}' is on no screen of page {reader.index + 1}")


def page_heading(reader) -> str:
    """The page's title as shown: the first line, after the guide's title where it is shown over
    the first page (on narrow screens)."""
    lines = reader.view.toPlainText().splitlines()
    return lines[1] if lines[0] == reader.guide_title.text() and len(lines) > 1 else lines[0]


def tap_offer(qtbot, kiosk, question_id: str) -> None:
    """Tap a page's "Add to my questions" for this question, opening the page's questions first
    where the screen keeps them behind a button (a narrow landscape screen)."""
    reader = kiosk.screens.reader
    if reader.side_mode == "popup" and not reader.offers_popup.isVisible():
        tap(qtbot, reader.offers_button)
    tap(qtbot, kiosk.screens.offers.buttons[question_id])
    if reader.side_mode == "popup":
        reader.offers_popup.close_overlay()


def show_at(qtbot, kiosk, size: tuple[int, int] = (1280, 800)):
    """Show a built app's window at a size, styled for it, and wait until it is on screen."""
    kiosk.window.resize(*size)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    kiosk.window.apply_style()
    # The app-wide event filters (lock-down, idle, plain text) start at the first paint: a
    # patient cannot touch the screen before it shows anything, and a test must not either.
    qtbot.waitUntil(lambda: kiosk.watching, timeout=5000)
    return kiosk


def close_kiosks(built) -> None:
    """After a test: stop each app's timers and watchers, write its usage counts, and close its
    window for good (a kiosk-mode window refuses an ordinary close)."""
    for kiosk in built:
        inbox_timer = getattr(kiosk, "inbox_timer", None)
        if inbox_timer is not None:
            inbox_timer.stop()
        for watcher in (kiosk.idle, kiosk.lockdown):
            if watcher is not None:
                watcher.stop()
        kiosk.close_usage()
        kiosk.window._exiting = True
        kiosk.window.close()
