"""The toolbar that never goes away: Home, and text size smaller and larger."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class Toolbar(QFrame):
    """Always at the top of the window, on every screen."""

    home_requested = Signal()
    text_smaller_requested = Signal()
    text_larger_requested = Signal()
    questions_requested = Signal()
    start_over_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolbar")
        self.home_button = QPushButton()
        self.title = QLabel()
        self.title.setObjectName("appTitle")
        self.smaller_button = QPushButton()
        self.size_label = QLabel()
        self.larger_button = QPushButton()
        self.questions_button = QPushButton()
        self.questions_button.setObjectName("primary")
        self.questions_button.clicked.connect(self.questions_requested)
        self.start_over_button = QPushButton()
        self.start_over_button.clicked.connect(self.start_over_requested)
        self.start_over_button.hide()  # shown in kiosk mode
        self.home_button.clicked.connect(self.home_requested)
        self.smaller_button.clicked.connect(self.text_smaller_requested)
        self.larger_button.clicked.connect(self.text_larger_requested)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(24, 12, 24, 12)
        self.row.setSpacing(14)
        self.row.addWidget(self.home_button)
        self.row.addSpacing(10)
        self.row.addWidget(self.title, 1)
        self.row.addWidget(self.questions_button)
        self.row.addWidget(self.start_over_button)
        self.row.addSpacing(16)
        self.row.addWidget(self.smaller_button)
        self.row.addWidget(self.size_label)
        self.row.addWidget(self.larger_button)

    def set_strings(self, strings) -> None:
        s = strings
        self.title.setText(s("app_title"))
        self.home_button.setText(s("toolbar_home"))
        self.home_button.setAccessibleName(s("toolbar_home_name"))
        self.smaller_button.setText(s("toolbar_smaller"))
        self.smaller_button.setAccessibleName(s("toolbar_smaller_name"))
        self.larger_button.setText(s("toolbar_larger"))
        self.larger_button.setAccessibleName(s("toolbar_larger_name"))
        self.start_over_button.setText(s("toolbar_start_over"))
        self.start_over_button.setAccessibleName(s("toolbar_start_over_name"))
        self._strings = strings

    def show_question_count(self, count: int) -> None:
        self.questions_button.setText(self._strings("toolbar_questions", count=count))
        self.questions_button.setAccessibleName(
            self._strings("toolbar_questions_name", count=count))

    def show_text_size(self, percent: int, can_shrink: bool, can_grow: bool) -> None:
        self.size_label.setText(self._strings("text_size", percent=percent))
        self.size_label.setAccessibleName(self.size_label.text())
        self.smaller_button.setEnabled(can_shrink)
        self.larger_button.setEnabled(can_grow)
