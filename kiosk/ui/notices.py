"""Calm in-window notices: one function logs a message and shows it as a banner, never a modal."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

log = logging.getLogger("kiosk.notice")


class Notifier(QObject):
    """Every problem a user should know about goes through `notice`: logged, then shown."""

    posted = Signal(str)

    def notice(self, text: str, *, detail: str = "") -> None:
        # The log gets the detail for staff; the patient sees the calm text only.
        log.warning("%s%s", text, f" ({detail})" if detail else "")
        self.posted.emit(text)


class NoticeBar(QFrame):
    """A banner under the toolbar with the latest notice and a Close button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 10, 24, 10)
        row.addWidget(self.text, 1)
        row.addWidget(self.close_button)
        self.hide()

    def set_strings(self, strings) -> None:
        self.close_button.setText(strings("notice_close"))
        self.close_button.setAccessibleName(strings("notice_close_name"))

    def show_notice(self, text: str) -> None:
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self.show()


class Toast(QLabel):
    """A short confirmation near the bottom of the window that fades out by itself."""

    def __init__(self, parent: QWidget, milliseconds: int = 2500) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(milliseconds)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleName(text)
        parent = self.parentWidget()
        width = min(parent.width() - 80, 900)
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((parent.width() - width) // 2, parent.height() - self.height() - 130)
        self.show()
        self.raise_()
        self._timer.start()
