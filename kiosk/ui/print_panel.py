"""Printing that cannot run away: one job per tap, and a page count to agree to before a guide."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.ui.overlays import Overlay


class PrintGuard(QObject):
    """While a job is being sent, and for `settle_ms` after, print buttons are off and say so.

    Sending a job blocks the event loop, so the taps a patient makes meanwhile are delivered only
    when it returns; the buttons stay off a little longer so those taps land on nothing."""

    def __init__(self, settle_ms: int = 1500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.busy = False
        self._held: list[tuple[QAbstractButton, str]] = []
        self._settle = QTimer(self, singleShot=True, interval=settle_ms)
        self._settle.timeout.connect(self.release)

    def begin(self, buttons: list[QAbstractButton], busy_text: str) -> bool:
        """Take the print buttons for one job; False (and nothing changes) if a job is on."""
        if self.busy:
            return False
        self.busy = True
        self._held = [(b, b.text()) for b in buttons]
        for button, _ in self._held:
            button.setText(busy_text)
            button.setEnabled(False)
            button.repaint()  # the job blocks painting: show "Printing…" before it starts
        return True

    def send(self, buttons: list[QAbstractButton], busy_text: str, job: Callable[[], object]):
        """Run one print job with the buttons taken (begin, job, end); None if a job is on."""
        if not self.begin(buttons, busy_text):
            return None
        try:
            return job()
        finally:
            self.end()

    def end(self) -> None:
        """The job has been handed over: the buttons come back after the settle time."""
        self._settle.start()

    def release(self) -> None:
        """Buttons back as they were (at once: a reset calls this too)."""
        self._settle.stop()
        for button, text in self._held:
            button.setText(text)
            button.setEnabled(True)
        self._held = []
        self.busy = False


class PrintPanel(Overlay):
    """'Print this guide?' with how many pages it takes, Print and Cancel (Cancel has the focus)."""

    confirmed = Signal(str)  # the guide's slug

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.slug = ""
        self.pages = 0
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("cardText")
        self.text.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self._print)
        self.close_button.setObjectName("")  # Cancel is the quiet, safe answer
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addWidget(self.close_button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.text)
        self.card_layout.addSpacing(8)
        self.card_layout.addLayout(row)

    def ask(self, slug: str, pages: int, title: str, text: str, print_text: str,
            cancel_text: str) -> None:
        self.slug, self.pages = slug, pages
        self.title.setText(title)
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self.print_button.setText(print_text)
        self.print_button.setAccessibleName(print_text)
        self.set_close_text(cancel_text, cancel_text)
        self.open_overlay()
        self.close_button.setFocus(Qt.FocusReason.PopupFocusReason)

    def _print(self) -> None:
        slug = self.slug
        self.hide()
        self.confirmed.emit(slug)
