"""What every widget gets when Qt first polishes it: labels show plain text, buttons take focus
from the keyboard only. One application-wide filter does both (each filter sees every event)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

POLISH = QEvent.Type.Polish


class PlainTextLabels(QObject):
    """Made when Qt polishes a widget, before it is first measured or painted:

    - a label shows its text as plain text, so nothing a pack author or a patient writes is ever
      read as HTML (a label left on Qt's automatic detection would load `<img src=...>`);
    - a button takes the focus from Tab only, never from a tap: a tapped button shows no focus
      ring and the focus never jumps after a tap, while Tab still reaches every button."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        if event.type() == POLISH:
            if isinstance(watched, QLabel):
                watched.setTextFormat(Qt.TextFormat.PlainText)
            elif isinstance(watched, QAbstractButton) \
                    and watched.focusPolicy() != Qt.FocusPolicy.NoFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return False


def install_plain_text_labels(app: QApplication) -> PlainTextLabels:
    """Install the filter once per application (a second call returns the first filter)."""
    existing = app.findChild(PlainTextLabels)
    if existing is not None:
        return existing
    labels = PlainTextLabels(app)
    app.installEventFilter(labels)
    return labels
