"""The reader's page: a text view that shows one screen of a page (links and glossary terms
tappable, the sentence read aloud marked), and the one-finger swipe that turns it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QScroller,
    QScrollerProperties,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

SWIPE_MIN_PX = 110  # a deliberate sideways drag, not a wobbly tap


class PageView(QTextBrowser):
    """Shows one screen of a page. Links are handled by the app, never by a browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.highlight_colours = None  # kiosk.ui.speech.HighlightColours, set with the theme
        self._sentence: QTextCursor | None = None

    def set_up_touch(self) -> None:
        """No context menu on the page, and flick scrolling for a finger (and a mouse held
        down) through a block taller than the area. Called once, by the reader."""
        viewport = self.viewport()
        viewport.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        properties = QScroller.scroller(viewport).scrollerProperties()
        for metric in (QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy,
                       QScrollerProperties.ScrollMetric.VerticalOvershootPolicy):
            properties.setScrollMetric(metric, QScrollerProperties.OvershootPolicy.OvershootAlwaysOff)
        QScroller.scroller(viewport).setScrollerProperties(properties)

    # --- following read aloud: the sentence (and word) being read, marked on the page --------

    def highlight_sentence(self, text: str) -> bool:
        """Mark where `text` is shown (the next place after the last mark, so a repeated
        sentence is found where the reading is) and scroll it into view; False if not shown."""
        words = text.split()
        if not words:
            return False
        # The page shows line breaks and no-break spaces where the sentence has plain spaces.
        pattern = QRegularExpression(r"[\s\x{00a0}\x{2028}]+".join(
            QRegularExpression.escape(word) for word in words))
        start = self._sentence.selectionEnd() if self._sentence is not None else 0
        found = self.document().find(pattern, start)
        if found.isNull():
            found = self.document().find(pattern, 0)
        if found.isNull():
            self.clear_highlight()
            return False
        self._mark(found)
        return True

    def highlight_picture(self, name: str) -> bool:
        """Mark the picture whose file is `name` (read by its alt text) and scroll to it."""
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                form = fragment.charFormat()
                if form.isImageFormat() and form.toImageFormat().name() == name:
                    cursor = QTextCursor(self.document())
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    self._mark(cursor)
                    return True
                fragments += 1
            block = block.next()
        self.clear_highlight()
        return False

    def highlight_word(self, start: int, length: int) -> bool:
        """Mark one word of the marked sentence (offsets in the sentence as it was said)."""
        if self._sentence is None or self.highlight_colours is None:
            return False
        begin = self._sentence.selectionStart() + start
        if length <= 0 or begin + length > self._sentence.selectionEnd():
            return False
        word = QTextCursor(self.document())
        word.setPosition(begin)
        word.setPosition(begin + length, QTextCursor.MoveMode.KeepAnchor)
        colours = self.highlight_colours
        self.setExtraSelections([self._selection(self._sentence, colours.sentence_text,
                                                 colours.sentence_background),
                                 self._selection(word, colours.word_text,
                                                 colours.word_background)])
        return True

    def highlighted_text(self) -> str:
        """The text of the marked sentence as shown (empty when nothing is marked)."""
        return self._sentence.selectedText() if self._sentence is not None else ""

    def clear_highlight(self) -> None:
        self._sentence = None
        self.setExtraSelections([])

    def _mark(self, cursor: QTextCursor) -> None:
        self._sentence = cursor
        colours = self.highlight_colours
        if colours is not None:
            self.setExtraSelections([self._selection(cursor, colours.sentence_text,
                                                     colours.sentence_background)])
        # Scroll only when the sentence is not wholly in view; then put it a third of the way
        # down, so the eye finds it and the next lines show below it.
        start, end = QTextCursor(cursor), QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        end.setPosition(cursor.selectionEnd())
        top, bottom = self.cursorRect(start).top(), self.cursorRect(end).bottom()
        if top < 0 or bottom > self.viewport().height():
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + top - self.viewport().height() // 3)

    @staticmethod
    def _selection(cursor: QTextCursor, text: str, background: str) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        form = QTextCharFormat()
        form.setForeground(QColor(text))
        form.setBackground(QColor(background))
        selection.format = form
        return selection

    def setDocument(self, document: QTextDocument) -> None:  # noqa: N802 - Qt API name
        self.clear_highlight()  # a mark belongs to the page it was made on
        super().setDocument(document)


class SwipeDetector(QObject):
    """Turns a one-finger horizontal drag on the page into next/back."""

    swiped_left = Signal()
    swiped_right = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start: QPointF | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        kind = event.type()
        if (kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton):
            self._start = event.position()
        elif (kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent)
                and self._start is not None):
            delta = event.position() - self._start
            self._start = None
            if abs(delta.x()) >= SWIPE_MIN_PX and abs(delta.x()) > 2 * abs(delta.y()):
                (self.swiped_left if delta.x() < 0 else self.swiped_right).emit()
                return True
        return False
