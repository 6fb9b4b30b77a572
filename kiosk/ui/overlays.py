"""In-window popups a patient can always close: a word's meaning and the guide's page list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.controls import discard


class Overlay(QFrame):
    """Dims the window and shows a card in the middle; tap outside, Close or Esc closes it."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.card = QFrame(self)
        self.card.setObjectName("card")
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(36, 30, 36, 30)
        self.card_layout.setSpacing(18)
        self.close_button = QPushButton()
        self.close_button.setObjectName("primary")
        self.close_button.clicked.connect(self.close_overlay)
        parent.installEventFilter(self)
        self.hide()

    def set_close_text(self, text: str, accessible_name: str) -> None:
        self.close_button.setText(text)
        self.close_button.setAccessibleName(accessible_name)

    def open_overlay(self) -> None:
        self._fit()
        self.show()
        self.raise_()
        self.close_button.setFocus(Qt.FocusReason.PopupFocusReason)

    def close_overlay(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def card_width(self) -> int:
        return min(self.width() - 80, max(640, self.width() * 6 // 10))

    def _fit(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        width = self.card_width()
        self.card.setFixedWidth(width)
        layout = self.card.layout()
        layout.activate()
        needed = max(layout.totalHeightForWidth(width), layout.totalMinimumSize().height())
        height = min(needed, self.height() - 60)
        self.card.setFixedHeight(max(height, 200))
        self.card.move((self.width() - width) // 2, (self.height() - self.card.height()) // 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize \
                and self.isVisible():
            self._fit()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API name
        if not self.card.geometry().contains(event.position().toPoint()):
            self.close_overlay()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        if event.key() == Qt.Key.Key_Escape:
            self.close_overlay()
        else:
            super().keyPressEvent(event)


class TermPopup(Overlay):
    """The meaning of a glossary word, in large type, with a big Close button."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.term_id = ""
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.definition = QLabel()
        self.definition.setObjectName("cardText")
        for label in (self.title, self.definition):
            label.setWordWrap(True)
            self.card_layout.addWidget(label)
        self.card_layout.addSpacing(8)
        self.card_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)

    def show_term(self, term_id: str, term: str, definition: str) -> None:
        self.term_id = term_id
        self.title.setText(term)
        self.definition.setText(definition)
        self.card.setAccessibleName(term)
        self.card.setAccessibleDescription(definition)
        self.open_overlay()


class ContentsPanel(Overlay):
    """Every page of the open guide as a large button; tapping one jumps there."""

    page_chosen = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)  # at 200% text a title wider than the card takes two lines
        self.card_layout.addWidget(self.title)
        self._list_host = QWidget()
        self._list = QVBoxLayout(self._list_host)
        self._list.setContentsMargins(0, 0, 12, 0)
        self._list.setSpacing(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list_host)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll = scroll
        self.card_layout.addWidget(scroll, 1)
        self.card_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.buttons: list[QPushButton] = []

    def show_pages(self, title: str, page_titles: list[str], current: int) -> None:
        self.title.setText(title)
        for button in self.buttons:
            self._list.removeWidget(button)
            discard(button)
        self.buttons = []
        for index, page_title in enumerate(page_titles):
            button = QPushButton(f"{index + 1}.  {page_title}")
            button.setStyleSheet("text-align: left;")
            button.setAccessibleName(f"{index + 1}. {page_title}")
            if index == current:
                button.setObjectName("primary")
            button.clicked.connect(lambda _=False, i=index: self._choose(i))
            self._list.addWidget(button)
            self.buttons.append(button)
        self.open_overlay()
        if self.buttons:
            self.buttons[current].setFocus(Qt.FocusReason.PopupFocusReason)

    def _fit(self) -> None:
        super()._fit()
        # The page list can be long at large text: give the card the height it needs, up to
        # nearly the whole window, so a patient sees every page without scrolling if possible.
        rows = sum(b.sizeHint().height() + 10 for b in self.buttons)
        wanted = rows + self.title.sizeHint().height() + self.close_button.sizeHint().height() + 120
        self.card.setFixedHeight(min(self.height() - 40, max(wanted, 300)))
        self.card.move((self.width() - self.card.width()) // 2,
                       (self.height() - self.card.height()) // 2)

    def _choose(self, index: int) -> None:
        self.hide()
        self.page_chosen.emit(index)


class ConfirmPanel(Overlay):
    """Asks a yes/no question in large type; No (the safe answer) has the focus."""

    confirmed = Signal(str)  # the action asked about

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.action = ""
        self.question = QLabel()
        self.question.setObjectName("cardTitle")
        self.question.setWordWrap(True)
        self.yes_button = QPushButton()
        self.yes_button.clicked.connect(self._yes)
        self.card_layout.addWidget(self.question)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.yes_button)
        row.addWidget(self.close_button)
        self.card_layout.addLayout(row)

    def ask(self, question: str, yes: str, no: str, action: str) -> None:
        self.action = action
        self.question.setText(question)
        self.yes_button.setText(yes)
        self.yes_button.setAccessibleName(yes)
        self.set_close_text(no, no)
        self.open_overlay()

    def _yes(self) -> None:
        self.hide()
        self.confirmed.emit(self.action)


class SheetPreview(Overlay):
    """The question sheet exactly as it will print, page by page, with Print and Back."""

    print_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)  # "Your sheet, as it will print" is wider than the card at 200%
        self.pages_host = QWidget()
        self.pages = QVBoxLayout(self.pages_host)
        self.pages.setSpacing(16)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.pages_host)
        self.print_button = QPushButton()
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self._print)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.scroll, 1)
        row = QHBoxLayout()
        row.addWidget(self.close_button)
        row.addStretch(1)
        row.addWidget(self.print_button)
        self.card_layout.addLayout(row)
        self.page_labels: list[QLabel] = []
        # The page pictures are megabytes each and show a patient's questions: drop them on close.
        self.closed.connect(self.forget)

    def card_width(self) -> int:
        return min(self.width() - 60, max(700, self.width() * 7 // 10))

    def _fit(self) -> None:
        super()._fit()
        self.card.setFixedHeight(self.height() - 40)
        self.card.move((self.width() - self.card.width()) // 2, 20)

    def show_pages(self, title: str, print_text: str, back_text: str, render) -> None:
        """Show the sheet; render(width_px) gives its pages as images, at the width shown."""
        self.title.setText(title)
        self.print_button.setText(print_text)
        self.print_button.setAccessibleName(print_text)
        self.set_close_text(back_text, back_text)
        self.forget()
        self.open_overlay()
        width = self.scroll.viewport().width() - 8
        for index, image in enumerate(render(width)):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            del image  # the pixmap is a copy: let the page image go before the next
            label.setAccessibleName(f"{title}, {index + 1}")
            self.pages.addWidget(label)
            self.page_labels.append(label)

    def forget(self) -> None:
        """Drop the pictures of the last sheet (they show a patient's questions)."""
        for label in self.page_labels:
            discard(label)  # discard takes it out of its layout too
        self.page_labels = []

    def _print(self) -> None:
        self.close_overlay()
        self.print_requested.emit()


class IdleWarning(Overlay):
    """'Are you still reading?' with a big countdown and a big 'Yes, I'm still here' button.

    Closing it any way (the button, a tap outside, Esc) means the patient is still here."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("cardText")
        self.text.setWordWrap(True)
        self.number = QLabel()
        self.number.setObjectName("countdown")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.close_button.setObjectName("bigPrimary")
        for widget in (self.title, self.text, self.number):
            self.card_layout.addWidget(widget)
        self.card_layout.addWidget(self.close_button)
        self._text_template = ""

    def warn(self, title: str, text_with_seconds: str, yes: str, seconds: int) -> None:
        self.title.setText(title)
        self._text_template = text_with_seconds
        self.set_close_text(yes, yes)
        self.count(seconds)
        self.open_overlay()

    def count(self, seconds: int) -> None:
        self.number.setText(str(seconds))
        self.text.setText(self._text_template.format(seconds=seconds))
        self.number.setAccessibleName(self.text.text())
