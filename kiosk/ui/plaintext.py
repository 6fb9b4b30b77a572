"""Every QLabel in the app shows its text as plain text: nothing a pack author or a patient writes
is ever read as HTML (a label left on Qt's automatic detection would load `<img src=...>`)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel


class PlainTextLabels(QObject):
    """An application-wide filter: a label is made plain when Qt polishes it, which happens before
    it is first measured or painted, so rich text is never laid out (or its pictures opened)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        if event.type() == QEvent.Type.Polish and isinstance(watched, QLabel):
            watched.setTextFormat(Qt.TextFormat.PlainText)
        return False


def install_plain_text_labels(app: QApplication) -> PlainTextLabels:
    """Install the filter once per application (a second call returns the first filter)."""
    existing = app.findChild(PlainTextLabels)
    if existing is not None:
        return existing
    labels = PlainTextLabels(app)
    app.installEventFilter(labels)
    return labels
