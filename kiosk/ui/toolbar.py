"""The toolbar that never goes away: Home, My questions, language, contrast and text size."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)


class Toolbar(QFrame):
    """Always at the top of the window, on every screen. On a narrow window or at large text
    it becomes two rows (what to do on top, how it looks below) rather than clipping anything."""

    home_requested = Signal()
    text_smaller_requested = Signal()
    text_larger_requested = Signal()
    questions_requested = Signal()
    start_over_requested = Signal()
    language_requested = Signal(str)  # language code
    contrast_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolbar")
        self.home_button = QPushButton()
        self.title = QLabel()
        self.title.setObjectName("appTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.smaller_button = QPushButton()
        self.size_label = QLabel()
        self.larger_button = QPushButton()
        self.questions_button = QPushButton()
        self.questions_button.setObjectName("primary")
        self.start_over_button = QPushButton()
        self.start_over_button.hide()  # shown in kiosk mode
        self.language_buttons: dict[str, QPushButton] = {}
        self.contrast_button = QPushButton()
        self.contrast_button.setCheckable(True)
        self.contrast_button.setObjectName("toggle")
        self.questions_button.clicked.connect(self.questions_requested)
        self.start_over_button.clicked.connect(self.start_over_requested)
        self.home_button.clicked.connect(self.home_requested)
        self.smaller_button.clicked.connect(self.text_smaller_requested)
        self.larger_button.clicked.connect(self.text_larger_requested)
        self.contrast_button.toggled.connect(self.contrast_toggled)

        self.rows = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.rows.setContentsMargins(16, 8, 16, 8)
        self.rows.setSpacing(10)
        self.main_row = QHBoxLayout()
        self.main_row.setSpacing(10)
        self.main_row.addWidget(self.home_button)
        self.main_row.addSpacing(10)
        self.main_row.addWidget(self.title, 10)
        self.main_row.addStretch(1)  # takes the room when the title is hidden
        self.main_row.addWidget(self.questions_button)
        self.main_row.addWidget(self.start_over_button)
        self.look_row = QHBoxLayout()  # how the app looks and which language it speaks
        self.look_row.setSpacing(10)
        self.languages_row = QHBoxLayout()
        self.languages_row.setSpacing(10)
        self.look_row.addLayout(self.languages_row)
        self.look_row.addStretch(1)
        self.look_row.addWidget(self.contrast_button)
        self.look_row.addSpacing(6)
        self.look_row.addWidget(self.smaller_button)
        self.look_row.addWidget(self.size_label)
        self.look_row.addWidget(self.larger_button)
        self.rows.addLayout(self.main_row, 1)
        self.rows.addLayout(self.look_row)
        self._strings = None

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
        self.contrast_button.setText(s("toolbar_contrast"))
        self.contrast_button.setAccessibleName(s("toolbar_contrast_name"))
        self.contrast_button.setAccessibleDescription(s("toolbar_contrast_description"))
        self._strings = strings

    def show_languages(self, languages: list[tuple[str, str]], current: str) -> None:
        """One button per other language, each named in its own language ("Español")."""
        from kiosk.ui.controls import discard

        for button in self.language_buttons.values():
            discard(button)
        self.language_buttons = {}
        for code, name in languages:
            if code == current:
                continue
            button = QPushButton(name)
            button.setObjectName("language")
            button.setAccessibleName(name)
            button.setAccessibleDescription(self._strings("toolbar_language_description",
                                                          language=name))
            button.clicked.connect(lambda _=False, c=code: self.language_requested.emit(c))
            self.languages_row.addWidget(button)
            self.language_buttons[code] = button
        self.set_tab_order()
        self.fit_rows()

    def set_tab_order(self) -> None:
        """Tab goes left to right, top row first, whenever buttons come and go."""
        chain = [self.home_button, self.questions_button, self.start_over_button,
                 *self.language_buttons.values(), self.contrast_button, self.smaller_button,
                 self.larger_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def show_question_count(self, count: int) -> None:
        self.questions_button.setText(self._strings("toolbar_questions", count=88))
        self.questions_button.setMinimumWidth(self.questions_button.sizeHint().width())
        self.questions_button.setText(self._strings("toolbar_questions", count=count))
        self.questions_button.setAccessibleName(
            self._strings("toolbar_questions_name", count=count))
        self.fit_rows()

    def show_text_size(self, percent: int, can_shrink: bool, can_grow: bool) -> None:
        # As wide as its widest text, so A+ never moves when the number changes.
        metrics = self.size_label.fontMetrics()
        self.size_label.setFixedWidth(4 + max(
            metrics.horizontalAdvance(self._strings("text_size", percent=p))
            for p in (100, 125, 150, 175, 200)))
        self.size_label.setText(self._strings("text_size", percent=percent))
        self.size_label.setAccessibleName(self.size_label.text())
        self.smaller_button.setEnabled(can_shrink)
        self.larger_button.setEnabled(can_grow)
        self.fit_rows()

    def show_contrast(self, on: bool) -> None:
        self.contrast_button.blockSignals(True)
        self.contrast_button.setChecked(on)
        self.contrast_button.blockSignals(False)

    def fit_rows(self) -> None:
        """One row when everything fits the width, else two."""
        if self.width() <= 0:
            return
        margins = self.rows.contentsMargins()
        wanted = (_row_width(self.main_row) + _row_width(self.look_row) + self.rows.spacing()
                  + margins.left() + margins.right())
        one_row = wanted <= self.width()
        direction = QBoxLayout.Direction.LeftToRight if one_row \
            else QBoxLayout.Direction.TopToBottom
        if self.rows.direction() != direction:
            self.rows.setDirection(direction)
        # The app's name shows only where it fits whole: a clipped title looks broken.
        used = wanted if one_row else _row_width(self.main_row) + margins.left() + margins.right()
        title = self.title.fontMetrics().horizontalAdvance(self.title.text()) + 20
        self.title.setVisible(used + title <= self.width())

    @property
    def two_rows(self) -> bool:
        return self.rows.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        self.fit_rows()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().changeEvent(event)
        if event.type() == event.Type.StyleChange:
            self.fit_rows()


def _row_width(row: QHBoxLayout) -> int:
    """The width a row needs: every visible widget's size hint (the title can shrink to 0)."""
    width = 0
    for index in range(row.count()):
        item = row.itemAt(index)
        widget = item.widget()
        if item.layout() is not None:
            width += _row_width(item.layout())
        elif widget is not None:
            if not widget.isHidden() and \
                    widget.sizePolicy().horizontalPolicy() != QSizePolicy.Policy.Ignored:
                width += max(widget.sizeHint().width(), widget.minimumWidth())
        else:
            width += item.sizeHint().width()
        width += row.spacing()
    return width

