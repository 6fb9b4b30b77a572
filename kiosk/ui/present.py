"""Presentation mode: guides as full-screen slides for a projector, driven by keys or a clicker.

The composition root hands `PresentationScreen` the guides to show (title, summary, icon and
rendered pages of each) and connects `finished`. The screen lays every slide out once per screen
size: a title slide per guide, then one slide per guide page, or several when a page is too long
for one slide at a readable size (slides.py lays them out with the flow engine).
Turning a slide only paints a document that is already laid out.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kiosk.ui.slides import (
    MIN_TEXT_PX,
    PRESENT_LABELS,
    PresentedGuide,
    Slide,
    SlideGeometry,
    SlideMaker,
)
from kiosk.ui.theme import NORMAL, Theme

log = logging.getLogger("kiosk.present")

NUMBER_TIMEOUT_MS = 5000
FIGURE_SPACE = "\u2007"  # a typed slide number is forgotten after this long without Enter

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Down}
BACK_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up}
ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
BLANK_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): str(n) for n in range(10)}


# --- the widgets ------------------------------------------------------------------------------


class SlideContents(QFrame):
    """The list of slides (each guide's title and each page), to jump to one: T opens it."""

    slide_chosen = Signal(int)
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("slideContents")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.title = QLabel()
        self.title.setObjectName("slideContentsTitle")
        self.list = QListWidget()
        self.list.setObjectName("slideList")
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemClicked.connect(self._choose)
        self.list.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        self.hide()

    def open_list(self, title: str, entries: Sequence[tuple[int, str, bool]], current: int) -> None:
        """Show (slide index, text, is a guide title) entries; select the one at `current`."""
        self.title.setText(title)
        self.list.clear()
        selected = 0
        digits = len(str(max((e[0] + 1 for e in entries), default=1)))
        for row, (index, text, is_guide) in enumerate(entries):
            # Figure spaces are as wide as a digit: the titles line up after the numbers.
            item = QListWidgetItem(f"{str(index + 1).rjust(digits, FIGURE_SPACE)}   {text}")
            item.setData(Qt.ItemDataRole.UserRole, index)
            if is_guide:
                font = QFont(self.list.font())
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if index <= current:
                selected = row
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.list.setCurrentRow(selected)
        self.list.scrollToItem(self.list.currentItem(), QListWidget.ScrollHint.PositionAtCenter)
        self.list.setFocus(Qt.FocusReason.PopupFocusReason)

    def close_list(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def entries_shown(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _choose(self, item: QListWidgetItem | None = None) -> None:
        item = item or self.list.currentItem()
        if item is None:
            return
        index = item.data(Qt.ItemDataRole.UserRole)
        self.close_list()
        self.slide_chosen.emit(index)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API name
        if watched is self.list and isinstance(event, QKeyEvent) \
                and event.type() == QKeyEvent.Type.KeyPress:
            return self.handle_key(event)
        return False

    def handle_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in ENTER_KEYS or key == Qt.Key.Key_Space:
            self._choose()
            return True
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_T):
            self.close_list()
            return True
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Left):  # clickers: treat as down / up
            row = self.list.currentRow() + (1 if key == Qt.Key.Key_Right else -1)
            self.list.setCurrentRow(max(0, min(self.list.count() - 1, row)))
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        if not self.handle_key(event):
            super().keyPressEvent(event)


class PresentationScreen(QWidget):
    """Full-screen slides of one guide or of every guide, turned by keys, a clicker or a click.

    Keys: Right, PageDown, Space, Enter, Down: next. Left, PageUp, Backspace, Up: back. Home, End:
    first, last. B or '.': black screen; while black, any key or click brings the same slide
    back (Esc still leaves). Digits then Enter: go to that slide. T: list of slides. Esc: leave.
    A click on the right third of the screen goes on, on the left third goes back.
    """

    finished = Signal()
    slide_shown = Signal(int)  # index of the slide now on screen

    def __init__(self, assets: Path, *, clinic_name: str = "", theme: Theme = NORMAL,
                 labels: Mapping[str, str] | None = None,
                 number_timeout_ms: int = NUMBER_TIMEOUT_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presentation")
        self.assets = assets
        self.clinic_name = clinic_name
        self.theme = theme
        self.labels = {**PRESENT_LABELS, **(labels or {})}
        self.guides: list[PresentedGuide] = []
        self.slides: list[Slide] = []
        self.geometry_now: SlideGeometry | None = None
        self.index = 0
        self.blank = False
        self.typed = ""
        self._position: tuple[str, int, int] | None = None
        self._deck_key: tuple[int, int, float] | None = None
        self._decks: dict[tuple[int, int, float], tuple[SlideGeometry, list[Slide]]] = {}
        self.setAccessibleName(self.labels["present_name"])
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.ArrowCursor)

        self.counter = QLabel(self)
        self.counter.setObjectName("slideCounter")
        self.counter.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.number = QLabel(self)
        self.number.setObjectName("slideNumberTyped")
        self.number.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.number.hide()
        self.number_timer = QTimer(self)
        self.number_timer.setSingleShot(True)
        self.number_timer.setInterval(number_timeout_ms)
        self.number_timer.timeout.connect(self._forget_number)
        self.contents = SlideContents(self)
        self.contents.slide_chosen.connect(self.go_to)
        self.contents.closed.connect(lambda: self.setFocus(Qt.FocusReason.OtherFocusReason))

    # --- what to show ------------------------------------------------------------------------

    def show_guides(self, guides: Sequence[PresentedGuide], start_slug: str | None = None,
                    start_page: int | None = None) -> None:
        """Present these guides in order; start at a guide's title slide (or one of its pages)."""
        self.guides = list(guides)
        self._decks.clear()
        self.slides = []
        self.geometry_now = None
        self.blank = False
        self._forget_number()
        self.contents.close_list()
        slug = start_slug if any(g.slug == start_slug for g in self.guides) else \
            (self.guides[0].slug if self.guides else "")
        self._position = (slug, -1 if start_page is None else start_page, 0)
        if self.isVisible():  # else laid out when shown, at the size it is shown at
            self._prepare()

    def current_slide(self) -> Slide | None:
        self._prepare()
        return self.slides[self.index] if self.slides else None

    def slide_count(self) -> int:
        self._prepare()
        return len(self.slides)

    def shown_text(self) -> str:
        """The words on the slide now on screen ('' while the screen is black)."""
        slide = self.current_slide()
        return "" if slide is None or self.blank else slide.document.toPlainText()

    # --- moving -------------------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        self._prepare()
        if not self.slides:
            return
        self.index = max(0, min(len(self.slides) - 1, index))
        self._position = self.slides[self.index].key()
        self._update_chrome()
        self.update()
        self.slide_shown.emit(self.index)

    def next_slide(self) -> None:
        if self.index < self.slide_count() - 1:
            self.go_to(self.index + 1)

    def previous_slide(self) -> None:
        if self.index > 0:
            self.go_to(self.index - 1)

    def first_slide(self) -> None:
        self.go_to(0)

    def last_slide(self) -> None:
        self.go_to(self.slide_count() - 1)

    def set_blank(self, blank: bool) -> None:
        self.blank = blank
        self._update_chrome()
        self.update()

    def show_contents(self) -> None:
        self._prepare()
        entries = [(i, s.title, s.is_title) for i, s in enumerate(self.slides) if s.part == 0]
        self.contents.open_list(self.labels["present_contents_title"], entries, self.index)

    # --- keys and clicks ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        if self.contents.isVisible():
            if not self.contents.handle_key(event):
                self.contents.list.event(event)
            return
        if event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                 | Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        if not self.handle_key(event.key()):
            super().keyPressEvent(event)

    def handle_key(self, key: int) -> bool:
        """Act on one key as a presenter means it; False if the key means nothing here."""
        if key == Qt.Key.Key_Escape:
            if self.typed:
                self._forget_number()
                return True
            self.blank = False
            self.finished.emit()
            return True
        if self.blank:
            self.set_blank(False)  # any key brings the slide back where it was
            return True
        if key in DIGIT_KEYS:
            self.typed = (self.typed + DIGIT_KEYS[key])[-4:]
            self.number_timer.start()
            self._update_chrome()
            return True
        if key in ENTER_KEYS and self.typed:
            number = int(self.typed)
            self._forget_number()
            if number > 0:
                self.go_to(number - 1)
            return True
        if key == Qt.Key.Key_Backspace and self.typed:
            self.typed = self.typed[:-1]
            self._update_chrome()
            return True
        if key in BLANK_KEYS:
            self._forget_number()
            self.set_blank(True)
            return True
        if key == Qt.Key.Key_T:
            self._forget_number()
            self.show_contents()
            return True
        moves = {Qt.Key.Key_Home: self.first_slide, Qt.Key.Key_End: self.last_slide,
                 Qt.Key.Key_Backspace: self.previous_slide}
        moves.update(dict.fromkeys(NEXT_KEYS | ENTER_KEYS, self.next_slide))
        moves.update(dict.fromkeys(BACK_KEYS, self.previous_slide))
        move = moves.get(key)
        if move is None:
            return False
        self._forget_number()
        move()
        return True

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API name
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.blank:
            self.set_blank(False)
            return
        x = event.position().x()
        if x >= self.width() * 2 / 3:
            self.next_slide()
        elif x < self.width() / 3:
            self.previous_slide()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt API names
        return False  # Tab must not move the keyboard away from the slides

    def _forget_number(self) -> None:
        self.typed = ""
        self.number_timer.stop()
        self._update_chrome()

    # --- laying out and painting -------------------------------------------------------------

    def _prepare(self) -> None:
        """Lay out every slide for this screen size (once; a size seen before is reused)."""
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio)
        if not self.guides or (self.geometry_now is not None and self._deck_key == key):
            return
        deck = self._decks.get(key)
        if deck is None:
            geometry = SlideGeometry.for_screen(self.width(), self.height())
            maker = SlideMaker(geometry, self.theme, self.assets, self.labels, self.clinic_name,
                               ratio)
            deck = (geometry, maker.make(self.guides))
            if len(self._decks) >= 3:
                self._decks.pop(next(iter(self._decks)))
            self._decks[key] = deck
        self._deck_key = key
        self.geometry_now, self.slides = deck
        self.index = self._index_of(self._position)
        self._position = self.slides[self.index].key() if self.slides else None
        self._style_chrome()
        self._update_chrome()

    def _index_of(self, position: tuple[str, int, int] | None) -> int:
        if position is None:
            return 0
        slug, page, part = position
        best = None
        for index, slide in enumerate(self.slides):
            if slide.guide == slug and slide.page == page and slide.part <= part:
                best = index
        if best is None:  # a page past the guide's end: its last slide
            best = next((i for i, s in reversed(list(enumerate(self.slides))) if s.guide == slug), 0)
        return best

    def _style_chrome(self) -> None:
        g, t = self.geometry_now, self.theme
        contents_px = max(MIN_TEXT_PX, round(g.body_px * 0.8))
        self.setStyleSheet(f"""
#slideCounter {{ color: {t.muted}; font-size: {g.chrome_px}px; background: transparent; }}
#slideNumberTyped {{ color: {t.primary_text}; background: {t.primary}; font-size: {g.chrome_px}px;
    font-weight: 600; border-radius: 6px; padding: 4px 12px; }}
#slideContents {{ background: {t.window}; }}
#slideContentsTitle {{ color: {t.heading}; font-size: {g.title_px}px; font-weight: 700; }}
#slideList {{ background: {t.window}; color: {t.text}; font-size: {contents_px}px; border: none;
    outline: none; }}
#slideList::item {{ padding: {round(contents_px * 0.18)}px {round(contents_px * 0.4)}px; }}
#slideList::item:selected {{ background: {t.primary}; color: {t.primary_text}; }}
""")
        self.contents.layout().setContentsMargins(g.left, g.top, g.left, g.top)
        self.contents.layout().setSpacing(round(g.body_px * 0.5))

    def _update_chrome(self) -> None:
        g = self.geometry_now
        showing = bool(self.slides) and not self.blank
        if showing:
            self.counter.setText(self.labels["present_counter"].format(
                slide=self.index + 1, total=len(self.slides)))
            self.counter.setAccessibleName(self.counter.text())
            self.setAccessibleDescription(self.slides[self.index].title)
        self.counter.setVisible(showing)
        self.number.setVisible(showing and bool(self.typed))
        if self.typed:
            self.number.setText(self.labels["present_go_to"].format(number=self.typed))
        if g is None:
            return
        edge_x, edge_y = round(g.width * 0.03), round(g.height * 0.03)
        for label in (self.counter, self.number):
            label.adjustSize()
        self.counter.move(g.width - edge_x - self.counter.width(),
                          g.height - edge_y - self.counter.height())
        self.number.move(edge_x, g.height - edge_y - self.number.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        if self.contents.isVisible():
            self.contents.setGeometry(self.rect())
        if self.guides and self.isVisible():
            self._prepare()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API name
        super().showEvent(event)
        self._prepare()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API name
        painter = QPainter(self)
        if self.blank or not self.slides:
            painter.fillRect(self.rect(), QColor("#000000" if self.blank else self.theme.window))
            return
        painter.fillRect(self.rect(), QColor(self.theme.window))
        g = self.geometry_now
        slide = self.slides[self.index]
        document = slide.document
        top = g.top
        if slide.centred:
            top += max(0, round((g.text_height - document.size().height()) / 2))
        painter.translate(g.left, top)
        document.drawContents(painter, QRectF(0, 0, g.text_width, g.text_height))
