"""Questions for your visit: offered beside a guide page, and the My questions screen."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content import QuestionBank
from kiosk.core.questions import QuestionPicks
from kiosk.core.visit import who_of
from kiosk.ui.controls import WrapButton, discard


class QuestionOffers(QFrame):
    """The questions a page offers; one tap adds a question to the sheet, another takes it off."""

    question_toggled = Signal(str)
    visit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offers")
        self.title = QLabel()
        self.title.setObjectName("offersTitle")
        self.title.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 8)
        column.setSpacing(8)
        column.addWidget(self.title)
        self._rows = QBoxLayout(QBoxLayout.Direction.TopToBottom)  # the buttons
        self._rows.setSpacing(10)
        self._rows.addStretch(1)
        column.addLayout(self._rows, 1)
        # At the end of a guide: an offer to make the visit sheet.
        self.visit_title = QLabel()
        self.visit_title.setObjectName("offersTitle")
        self.visit_title.setWordWrap(True)
        self.visit_button = WrapButton()
        self.visit_button.setObjectName("offer")
        self.visit_button.clicked.connect(self.visit_requested)
        column.addWidget(self.visit_title)
        column.addWidget(self.visit_button)
        self.visit_offered = False
        self.visit_title.hide()
        self.visit_button.hide()
        self.buttons: dict[str, WrapButton] = {}  # the offered questions' buttons, by id
        self._pool: list[WrapButton] = []  # every offer button made, shown or not
        self.hide()

    def show_offers(self, ids: tuple[str, ...], bank: QuestionBank, picks: QuestionPicks,
                    strings) -> None:
        """Show one add/remove button per offered question (hidden when the page offers none).

        The buttons are kept and reused from page to page (a page offers up to a few): making
        and deleting them on every page turn cost about half a millisecond a turn."""
        self._strings = strings
        self._bank = bank
        self.title.setText(strings("offer_title"))
        wanted = [q for q in ids if bank.get(q) is not None]
        while len(self._pool) < len(wanted):
            button = WrapButton()
            button.setObjectName("offer")
            button.setCheckable(True)
            button.question_id = ""
            button.clicked.connect(
                lambda _=False, b=button: self.question_toggled.emit(b.question_id))
            self._rows.insertWidget(self._rows.count() - 1, button)
            self._pool.append(button)
        self.buttons = {}
        for button, question_id in zip(self._pool, wanted, strict=False):
            button.question_id = question_id
            self.buttons[question_id] = button
            button.show()
        for button in self._pool[len(wanted):]:  # nothing of an earlier page stays in them
            button.question_id = ""
            button.setChecked(False)
            button.set_text("")
            button.hide()
        self.update_state(picks)
        self.setVisible(bool(self.buttons))

    def set_visit_words(self, title: str, button: str) -> None:
        self.visit_title.setText(title)
        self.visit_button.set_text(button)

    def show_visit_offer(self, offer: bool) -> None:
        """Offer the visit sheet (at the end of a guide) under any questions."""
        self.visit_offered = offer and bool(self.visit_button.text_shown())
        self.visit_title.setVisible(self.visit_offered)
        self.visit_button.setVisible(self.visit_offered)
        self.title.setVisible(bool(self.buttons))
        self.setVisible(bool(self.buttons) or self.visit_offered)

    def set_beside_page(self, beside: bool) -> None:
        """A column beside the page on wide screens, a row under it on narrow ones."""
        direction = QBoxLayout.Direction.TopToBottom if beside else QBoxLayout.Direction.LeftToRight
        self._rows.setDirection(direction)

    def update_state(self, picks: QuestionPicks) -> None:
        """Show each button as added or not, from the patient's picks."""
        s = self._strings if self.buttons else None
        for question_id, button in self.buttons.items():
            text = self._bank.get(question_id).text
            picked = question_id in picks
            button.setChecked(picked)
            label = s("offer_added") if picked else s("offer_add")
            name = s("offer_added_name" if picked else "offer_add_name", question=text)
            button.set_text(f"{text}\n{label}", name)


class QuestionsScreen(QWidget):
    """The patient's sheet first (in pick order), then every question by topic."""

    question_toggled = Signal(str)
    own_question_added = Signal(str)
    own_question_removed = Signal(str)
    clear_requested = Signal()
    preview_requested = Signal()
    print_requested = Signal()
    visit_requested = Signal()

    def __init__(self, allow_typing: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questions")
        self.allow_typing = allow_typing
        self.heading = QLabel()
        self.heading.setObjectName("homeHeading")
        self.intro = QLabel()
        self.intro.setObjectName("homeIntro")
        self.intro.setWordWrap(True)
        self.yours_title = QLabel()
        self.yours_title.setObjectName("sectionTitle")
        self.none_label = QLabel()
        self.none_label.setWordWrap(True)
        self.own_field = QLineEdit()
        self.own_field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.own_field.setMaxLength(200)
        self.own_add = QPushButton()
        self.own_add.clicked.connect(self._add_own)
        self.own_field.returnPressed.connect(self._add_own)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_requested)
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.preview_requested)
        self.print_button = QPushButton()
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_requested)
        self.visit_button = QPushButton()  # My visit sheet: hidden until it has words
        self.visit_button.clicked.connect(self.visit_requested)
        self.visit_button.hide()
        self.all_title = QLabel()
        self.all_title.setObjectName("sectionTitle")

        self.picked_rows = QVBoxLayout()
        self.picked_rows.setSpacing(10)
        self.bank_rows = QVBoxLayout()
        self.bank_rows.setSpacing(10)
        own_row = QHBoxLayout()
        own_row.setContentsMargins(0, 0, 0, 0)
        own_row.addWidget(self.own_field, 1)
        own_row.addWidget(self.own_add)
        self.own_host = QWidget()
        self.own_host.setLayout(own_row)
        self.own_host.setVisible(allow_typing)
        actions = QHBoxLayout()
        actions.addWidget(self.clear_button)
        actions.addStretch(1)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.print_button)

        body = QWidget()
        body.setObjectName("screen")
        column = QVBoxLayout(body)
        column.setContentsMargins(48, 24, 48, 32)
        column.setSpacing(14)
        column.addWidget(self.heading)
        column.addWidget(self.intro)
        column.addWidget(self.yours_title)
        column.addWidget(self.none_label)
        column.addLayout(self.picked_rows)
        column.addWidget(self.own_host)
        column.addLayout(actions)
        column.addWidget(self.visit_button, 0, Qt.AlignmentFlag.AlignRight)
        column.addSpacing(18)
        column.addWidget(self.all_title)
        column.addLayout(self.bank_rows)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self.picked: dict[str, QWidget] = {}
        self.rows: dict[str, WrapButton] = {}
        self.who_headings: dict[str, str] = {}  # who to ask -> heading; empty: no groups

    def show_state(self, bank: QuestionBank, picks: QuestionPicks, strings) -> None:
        """Rebuild the screen from the bank and the patient's picks."""
        s = strings
        self.heading.setText(s("questions_heading"))
        self.intro.setText(s("questions_intro"))
        self.yours_title.setText(s("questions_yours", count=len(picks)))
        self.none_label.setText(s("questions_none"))
        self.none_label.setVisible(len(picks) == 0)
        self.own_field.setPlaceholderText(s("questions_own_placeholder"))
        self.own_field.setAccessibleName(s("questions_own_placeholder"))
        self.own_add.setText(s("questions_own_add"))
        self.own_add.setAccessibleName(s("questions_own_add_name"))
        self.clear_button.setText(s("questions_clear"))
        self.preview_button.setText(s("questions_preview"))
        self.print_button.setText(s("questions_print"))
        for button in (self.clear_button, self.preview_button, self.print_button):
            button.setAccessibleName(button.text())
            button.setEnabled(len(picks) > 0)
        self.all_title.setText(s("questions_all"))
        self._clear(self.picked_rows)
        self._clear(self.bank_rows)
        self.picked = {}
        self.rows = {}
        picked = [q for q in (bank.get(i) for i in picks.ids) if q is not None]
        groups = list(self.who_headings) or [""]
        for who in groups:
            mine = [q for q in picked if not who or who_of(q) == who]
            if mine and who:
                heading = QLabel(self.who_headings[who])
                heading.setObjectName("topicTitle")
                self.picked_rows.addWidget(heading)
            for question in mine:
                self.picked[question.id] = self._picked_row(
                    question.text, s, lambda _=False, q=question.id: self.question_toggled.emit(q))
        for text in picks.own:
            self.picked[text] = self._picked_row(
                text, s, lambda _=False, t=text: self.own_question_removed.emit(t))
        for topic, questions in bank.by_topic():
            title = QLabel(topic.title)
            title.setObjectName("topicTitle")
            self.bank_rows.addWidget(title)
            for question in questions:
                picked = question.id in picks
                row = WrapButton(("✓  " if picked else "○  ") + question.text)
                row.setObjectName("questionRow")
                row.setCheckable(True)
                row.setChecked(picked)
                row.clicked.connect(lambda _=False, q=question.id: self.question_toggled.emit(q))
                self.bank_rows.addWidget(row)
                self.rows[question.id] = row

    def set_who_headings(self, headings: dict[str, str]) -> None:
        """Group the patient's picked questions under who to ask, in this order."""
        self.who_headings = dict(headings)

    def show_visit_button(self, text: str) -> None:
        """Offer My visit sheet from here ('' hides the button)."""
        self.visit_button.setText(text)
        self.visit_button.setAccessibleName(text)
        self.visit_button.setVisible(bool(text))

    def _picked_row(self, text: str, strings, on_remove) -> QWidget:
        row = QFrame()
        row.setObjectName("pickedRow")
        line = QHBoxLayout(row)
        line.setContentsMargins(18, 8, 10, 8)
        label = QLabel(text)
        label.setWordWrap(True)
        remove = QPushButton(strings("questions_remove"))
        remove.setAccessibleName(strings("questions_remove_name", question=text))
        remove.clicked.connect(on_remove)
        line.addWidget(label, 1)
        line.addWidget(remove)
        row.remove_button = remove  # type: ignore[attr-defined]
        self.picked_rows.addWidget(row)
        return row

    @staticmethod
    def _clear(layout: QVBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget() is not None:
                discard(item.widget())

    def _add_own(self) -> None:
        text = self.own_field.text().strip()
        if text:
            self.forget_typing()
            self.own_question_added.emit(text)

    def forget_typing(self) -> None:
        """Empty the typing field and its undo history (setText, unlike clear, drops it)."""
        self.own_field.setText("")

    def scroll_to_top(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)
