"""What every widget gets when Qt first polishes it: labels show plain text, buttons take focus
from the keyboard only and show a focus ring only when the keyboard moved the focus there. One
application-wide filter does all three (each filter sees every event)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

POLISH = QEvent.Type.Polish
FOCUS_IN = QEvent.Type.FocusIn
KEY_PRESS = QEvent.Type.KeyPress
POINTER = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
# Focus moved by the keyboard: the ring shows. Any other move (the app putting the focus on the
# first topic so Tab has a place to start, a screen change) shows none: to a patient who only
# taps, a ring looks as if that topic had been chosen for them.
KEYBOARD = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
            Qt.FocusReason.ShortcutFocusReason)


class PlainTextLabels(QObject):
    """Made when Qt polishes a widget, before it is first measured or painted:

    - a label shows its text as plain text, so nothing a pack author or a patient writes is ever
      read as HTML (a label left on Qt's automatic detection would load `<img src=...>`);
    - a button takes the focus from Tab only, never from a tap: a tapped button shows no focus
      ring and the focus never jumps after a tap, while Tab still reaches every button;
    - a button's `keyFocus` property says whether the keyboard gave it the focus; the style
      sheet draws the focus ring only then."""

    # Qt gives a focus move the Tab reason when a focused widget is hidden (the welcome screen
    # leaving, a popup closing), not only when Tab is pressed: the ring shows only while the
    # patient's last input was a key, not a tap.
    keyboard_used = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        kind = event.type()  # each call makes a Python enum: this filter sees every event
        if kind == KEY_PRESS:
            self.keyboard_used = True
        elif kind in POINTER:
            self.keyboard_used = False
        elif kind == POLISH:
            if isinstance(watched, QLabel):
                watched.setTextFormat(Qt.TextFormat.PlainText)
            elif isinstance(watched, QAbstractButton) \
                    and watched.focusPolicy() != Qt.FocusPolicy.NoFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        elif kind == FOCUS_IN and isinstance(watched, QAbstractButton):
            by_keyboard = self.keyboard_used and event.reason() in KEYBOARD
            if watched.property("keyFocus") != by_keyboard:
                watched.setProperty("keyFocus", by_keyboard)
                watched.style().unpolish(watched)  # a property in a selector needs a re-polish
                watched.style().polish(watched)
        return False


def polish_built(root: QWidget) -> None:
    """Give the widgets already built under `root` what the filter gives a widget when Qt
    polishes it (plain-text labels, buttons focused from the keyboard only): for a window built
    and first shown before the filter is installed."""
    for label in root.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
    for button in root.findChildren(QAbstractButton):
        if button.focusPolicy() != Qt.FocusPolicy.NoFocus:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)


def install_plain_text_labels(app: QApplication) -> PlainTextLabels:
    """Install the filter once per application (a second call returns the first filter)."""
    # A Python attribute, not app.findChild: findChild with a Python class took 7 ms at start.
    existing = getattr(app, "_kiosk_plain_text_labels", None)
    if existing is not None and shiboken6.isValid(existing):
        return existing
    labels = PlainTextLabels(app)
    app.installEventFilter(labels)
    app._kiosk_plain_text_labels = labels
    return labels
