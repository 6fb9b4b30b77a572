"""My visit sheet: seven optional steps (where, how much, how long, effects, tried, goals,
questions) with big targets, Back and Next, and "Step 2 of 7"; every word from visit.yaml."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.visit import (
    DURATION_IDS,
    EFFECT_IDS,
    GOAL_IDS,
    MAX_GOALS,
    OUTCOME_IDS,
    SCALE_IDS,
    SCALE_MAX,
    STEP_IDS,
    TREATMENT_IDS,
    VisitAnswers,
    VisitWording,
)
from kiosk.ui.controls import WrapButton
from kiosk.ui.visit_body import CHOSEN, NOT_CHOSEN, WhereStep, choice_button, show_choices

TARGET = 56  # px: the smallest a patient taps here


def _label(name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def _toggle(text: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("toggle")
    button.setCheckable(True)
    button.setMinimumSize(TARGET, TARGET)
    return button


class VisitScreen(QWidget):
    """The steps; answers live in the session: the window applies each signal and calls
    show_answers, so this screen only ever shows what the model holds."""

    region_toggled = Signal(str)
    scale_chosen = Signal(str, int)
    duration_chosen = Signal(str)
    effect_toggled = Signal(str)
    outcome_chosen = Signal(str, str)  # treatment id, outcome id
    goal_toggled = Signal(str)
    bilingual_toggled = Signal(bool)
    questions_requested = Signal()
    preview_requested = Signal()
    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visit")
        self.step = 0
        self.clinic_language = ""
        self.heading = _label("guideTitle")
        self.progress = _label("progress", wrap=False)
        self.step_title = _label("homeHeading")
        self.hint = _label("homeIntro")
        self.stack = QStackedWidget()
        self.scrolls: list[QScrollArea] = []
        self.where = WhereStep()
        self.where.region_toggled.connect(self.region_toggled)
        self.body_map = self.where.body_map
        self.marked_list = self.where.marked_list
        self.region_buttons = self.where.region_buttons
        self.scale_buttons: dict[str, list[QPushButton]] = {}
        self.scale_questions: dict[str, QLabel] = {}
        self.scale_anchors: dict[str, tuple[QLabel, QLabel]] = {}
        self.duration_buttons: dict[str, WrapButton] = {}
        self.effect_buttons: dict[str, WrapButton] = {}
        self.treatment_labels: dict[str, QLabel] = {}
        self.outcome_buttons: dict[str, dict[str, QPushButton]] = {}
        self.goal_buttons: dict[str, WrapButton] = {}
        self.goals_count = _label()
        self.questions_list = _label()
        self.questions_list.setTextFormat(Qt.TextFormat.RichText)
        self.questions_button = QPushButton()
        self.questions_button.clicked.connect(self.questions_requested)
        self.bilingual_button = choice_button()
        self.bilingual_button.clicked.connect(self._bilingual_clicked)
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.preview_requested)
        self.print_button = QPushButton()
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_requested)
        for page in (self._where_page(), self._how_much_page(), self._how_long_page(),
                     self._affects_page(), self._tried_page(), self._goals_page(),
                     self._questions_page()):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            page.setObjectName("screen")
            scroll.setWidget(page)
            self.scrolls.append(scroll)
            self.stack.addWidget(scroll)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(lambda: self.show_step(self.step - 1))
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(lambda: self.show_step(self.step + 1))
        for button in (self.back_button, self.next_button):
            button.setMinimumSize(200, TARGET)
        # Hidden on the last step, but keeping its place: nothing moves under a finger.
        policy = self.next_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.next_button.setSizePolicy(policy)
        nav = QFrame()
        nav.setObjectName("navBar")
        row = QHBoxLayout(nav)
        row.setContentsMargins(48, 10, 48, 10)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.progress)
        row.addStretch(1)
        row.addWidget(self.next_button)
        # The step's title scrolls with its answers: at large text sizes a fixed header would
        # leave the answers a sliver of the screen.
        self.header = QWidget()
        top = QVBoxLayout(self.header)
        top.setContentsMargins(0, 8, 0, 4)
        top.setSpacing(4)
        top.addWidget(self.heading)
        top.addWidget(self.step_title)
        top.addWidget(self.hint)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.stack, 1)
        outer.addWidget(nav)

    # --- building the steps --------------------------------------------------------------------

    @staticmethod
    def _page() -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(48, 8, 48, 16)
        column.setSpacing(12)
        return page, column

    def _where_page(self) -> QWidget:
        page, column = self._page()
        column.addWidget(self.where, 1)
        return page

    def _how_much_page(self) -> QWidget:
        page, column = self._page()
        column.setSpacing(6)
        for scale in SCALE_IDS:
            question = _label("topicTitle")
            self.scale_questions[scale] = question
            column.addWidget(question)
            numbers = QHBoxLayout()
            numbers.setSpacing(6)
            self.scale_buttons[scale] = []
            for value in range(SCALE_MAX + 1):
                button = _toggle(str(value))
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                button.clicked.connect(lambda _=False, s=scale, v=value: self.scale_chosen.emit(s, v))
                numbers.addWidget(button)
                self.scale_buttons[scale].append(button)
            column.addLayout(numbers)
            ends = QHBoxLayout()
            low, high = _label(), _label()
            high.setAlignment(Qt.AlignmentFlag.AlignRight)
            ends.addWidget(low, 1)
            ends.addWidget(high, 1)
            self.scale_anchors[scale] = (low, high)
            column.addLayout(ends)
            column.addSpacing(14)
        column.addStretch(1)
        return page

    def _grid_of_choices(self, ids: tuple[str, ...], store: dict[str, WrapButton], signal,
                         columns: int) -> QWidget:
        page, column = self._page()
        grid = QGridLayout()
        grid.setSpacing(14)
        for index, item in enumerate(ids):
            button = choice_button()
            button.clicked.connect(lambda _=False, i=item: signal.emit(i))
            grid.addWidget(button, index // columns, index % columns)
            store[item] = button
        column.addLayout(grid)
        return page

    def _how_long_page(self) -> QWidget:
        page = self._grid_of_choices(DURATION_IDS, self.duration_buttons, self.duration_chosen, 1)
        page.layout().addStretch(1)
        return page

    def _affects_page(self) -> QWidget:
        page = self._grid_of_choices(EFFECT_IDS, self.effect_buttons, self.effect_toggled, 2)
        page.layout().addStretch(1)
        return page

    def _tried_page(self) -> QWidget:
        page, column = self._page()
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        for row, treatment in enumerate(TREATMENT_IDS):
            name = _label("topicTitle")
            self.treatment_labels[treatment] = name
            grid.addWidget(name, row, 0)
            self.outcome_buttons[treatment] = {}
            for place, outcome in enumerate(OUTCOME_IDS, start=1):
                button = _toggle()
                button.clicked.connect(
                    lambda _=False, t=treatment, o=outcome: self.outcome_chosen.emit(t, o))
                grid.addWidget(button, row, place)
                self.outcome_buttons[treatment][outcome] = button
        grid.setColumnStretch(0, 3)
        for place in range(1, len(OUTCOME_IDS) + 1):
            grid.setColumnStretch(place, 2)
        column.addLayout(grid)
        column.addStretch(1)
        return page

    def _goals_page(self) -> QWidget:
        page = self._grid_of_choices(GOAL_IDS, self.goal_buttons, self.goal_toggled, 2)
        page.layout().insertWidget(0, self.goals_count)
        page.layout().addStretch(1)
        return page

    def _questions_page(self) -> QWidget:
        page, column = self._page()
        column.addWidget(self.questions_list)
        column.addWidget(self.questions_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addSpacing(12)
        column.addWidget(self.bilingual_button)
        actions = QHBoxLayout()
        actions.addWidget(self.preview_button)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        column.addLayout(actions)
        column.addStretch(1)
        for button in (self.questions_button, self.preview_button, self.print_button):
            button.setMinimumHeight(TARGET)
        return page

    # --- showing words and answers -------------------------------------------------------------

    def show_wording(self, wording: VisitWording, clinic_language: str) -> None:
        """Every word from the pack; clinic_language names the clinic's language ('' if the
        patient already reads it: then no bilingual choice is offered)."""
        w = self.wording = wording
        self.heading.setText("")
        self.back_button.setText(w.label("back"))
        self.back_button.setAccessibleName(w.label("back_name"))
        self.next_button.setText(w.label("next"))
        self.next_button.setAccessibleName(w.label("next_name"))
        self.where.show_wording(w)
        for scale in SCALE_IDS:
            question = w(f"scales.{scale}.question")
            self.scale_questions[scale].setText(question)
            low, high = self.scale_anchors[scale]
            low.setText(f"0 = {w(f'scales.{scale}.low')}")
            high.setText(f"{SCALE_MAX} = {w(f'scales.{scale}.high')}")
            for value, button in enumerate(self.scale_buttons[scale]):
                button.setAccessibleName(w.label("scale_button_name", question=question,
                                                 value=value))
        for treatment, label in self.treatment_labels.items():
            label.setText(w(f"treatments.{treatment}"))
        self.questions_button.setText(w.label("questions_change"))
        self.preview_button.setText(w.label("preview"))
        self.print_button.setText(w.label("print"))
        for button in (self.questions_button, self.preview_button, self.print_button):
            button.setAccessibleName(button.text())
        self.bilingual_button.setVisible(bool(clinic_language))
        self.clinic_language = clinic_language
        self.show_step(self.step)

    def show_answers(self, answers: VisitAnswers, groups: list[tuple[str, list[str]]]) -> None:
        """Show what the model holds; groups are the picked questions by who to ask."""
        w = self.wording
        self.where.show_marked(answers.regions)
        for scale, buttons in self.scale_buttons.items():
            for value, button in enumerate(buttons):
                button.setChecked(answers.scales.get(scale) == value)
        show_choices(self.duration_buttons, w, "durations", [answers.duration])
        show_choices(self.effect_buttons, w, "effects", answers.effects)
        show_choices(self.goal_buttons, w, "goals", answers.goals)
        full = len(answers.goals) >= MAX_GOALS
        for goal, button in self.goal_buttons.items():
            button.setEnabled(not full or goal in answers.goals)
        self.goals_count.setText(w.label("goals_count", count=len(answers.goals))
                                 + ("  " + w.label("goals_full") if full else ""))
        for treatment, buttons in self.outcome_buttons.items():
            for outcome, button in buttons.items():
                chosen = answers.tried.get(treatment) == outcome
                button.setChecked(chosen)
                text = w(f"outcomes.{outcome}")
                button.setText((CHOSEN if chosen else "") + text)
                button.setAccessibleName(w.label("outcome_name",
                                                 treatment=w(f"treatments.{treatment}"),
                                                 outcome=text))
        self.bilingual_button.setChecked(answers.bilingual)
        if self.clinic_language:
            mark = CHOSEN if answers.bilingual else NOT_CHOSEN
            self.bilingual_button.set_text(
                mark + w.label("bilingual", language=self.clinic_language),
                w.label("bilingual_name", language=self.clinic_language))
        if groups:
            parts = [f"<p><b>{escape(heading)}</b></p><ul>"
                     + "".join(f"<li>{escape(q)}</li>" for q in qs)
                     + "</ul>" for heading, qs in groups]
            self.questions_list.setText("".join(parts))
        else:
            self.questions_list.setText(w.label("questions_none"))

    def _bilingual_clicked(self) -> None:
        self.bilingual_toggled.emit(self.bilingual_button.isChecked())

    # --- moving between steps ------------------------------------------------------------------

    def show_step(self, step: int) -> None:
        """Show one step (0-based); every step can be left with Back or Next, answered or not."""
        self.step = max(0, min(len(STEP_IDS) - 1, step))
        self.scrolls[self.step].widget().layout().insertWidget(0, self.header)
        self.stack.setCurrentIndex(self.step)
        self.scrolls[self.step].verticalScrollBar().setValue(0)
        if not hasattr(self, "wording"):
            return
        step_id = STEP_IDS[self.step]
        self.step_title.setText(self.wording(f"steps.{step_id}.title"))
        intro = self.wording.label("intro") + " " if self.step == 0 else ""
        self.hint.setText(intro + self.wording(f"steps.{step_id}.hint"))
        self.heading.setText(self.wording.label("title"))
        self.progress.setText(self.wording.label("step", step=self.step + 1, total=len(STEP_IDS)))
        self.progress.setAccessibleName(self.progress.text())
        self.back_button.setEnabled(self.step > 0)
        self.next_button.setEnabled(self.step < len(STEP_IDS) - 1)
        self.next_button.setVisible(self.step < len(STEP_IDS) - 1)

    def scroll_positions(self) -> list[int]:
        return [scroll.verticalScrollBar().value() for scroll in self.scrolls]

    def shows_answers(self) -> list[str]:
        """The kinds of answer still shown as chosen (empty when the screen is cleared)."""
        found = []
        if self.where.shows_marks():
            found.append("marked regions")
        if any(b.isChecked() for bs in self.scale_buttons.values() for b in bs):
            found.append("scale buttons")
        choices = [*self.duration_buttons.values(), *self.effect_buttons.values(),
                   *self.goal_buttons.values()]
        if any(b.isChecked() for b in choices):
            found.append("chosen answers")
        if any(b.isChecked() for bs in self.outcome_buttons.values() for b in bs.values()):
            found.append("treatment answers")
        return found
