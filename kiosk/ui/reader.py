"""Reader: one guide page at a time, turned by buttons, a one-finger swipe or the keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPointF, QRegularExpression, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.render import RenderedPage

SWIPE_MIN_PX = 110  # a deliberate sideways drag, not a wobbly tap
NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown}
BACK_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp}


class PageView(QTextBrowser):
    """Shows one rendered page. Links are handled by the app, never by a browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        # Flick scrolling for a finger (and a mouse held down), as on a phone.
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        properties = QScroller.scroller(self.viewport()).scrollerProperties()
        properties.setScrollMetric(
            QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy,
            QScrollerProperties.OvershootPolicy.OvershootAlwaysOff,
        )
        properties.setScrollMetric(
            QScrollerProperties.ScrollMetric.VerticalOvershootPolicy,
            QScrollerProperties.OvershootPolicy.OvershootAlwaysOff,
        )
        QScroller.scroller(self.viewport()).setScrollerProperties(properties)
        self.highlight_colours = None  # kiosk.ui.speech.HighlightColours, set with the theme
        self._sentence: QTextCursor | None = None

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


class ReaderScreen(QWidget):
    """A guide, a page at a time, with Back, Next, progress and a contents list."""

    page_shown = Signal(str, int)  # guide slug, page index
    term_tapped = Signal(str)
    guide_link_followed = Signal(str, str)  # guide slug, page slug ('' for the first page)
    contents_requested = Signal()
    next_guide_requested = Signal(str)  # slug of the next guide
    home_requested = Signal()
    print_requested = Signal(str)  # guide slug: print it as a handout
    present_requested = Signal(str, int)  # guide slug, page index: show it as slides
    listen_requested = Signal(str)  # the page's text, to read aloud
    pause_requested = Signal()  # pause or carry on reading aloud
    stop_requested = Signal()
    slower_toggled = Signal(bool)  # read aloud slower (True) or at normal speed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.slug = ""
        self.pages: list[RenderedPage] = []
        self.index = 0
        self.next_slug: str | None = None
        self._documents: dict[int, QTextDocument] = {}
        self._blank = QTextDocument(self)
        self._style = ""
        self._font = QFont()
        self._base_url = QUrl()
        self._strings = None

        self.guide_title = QLabel()
        self.guide_title.setObjectName("guideTitle")
        self.guide_title.setWordWrap(True)
        self.guide_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.view = PageView()
        self.view.anchorClicked.connect(self._on_link)
        self.swipe = SwipeDetector(self)
        self.view.viewport().installEventFilter(self.swipe)
        self.swipe.swiped_left.connect(self.next_page)
        self.swipe.swiped_right.connect(self.previous_page)
        self.view.installEventFilter(self)

        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.contents_button = QPushButton()
        self.home_button = QPushButton()
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.contents_button.clicked.connect(self.contents_requested)
        self.home_button.clicked.connect(self.home_requested)

        nav = QFrame()
        nav.setObjectName("navBar")
        row = QHBoxLayout(nav)
        row.setContentsMargins(40, 14, 40, 14)
        row.setSpacing(16)
        row.addWidget(self.back_button)
        row.addWidget(self.contents_button)
        row.addStretch(1)
        row.addWidget(self.progress)
        row.addStretch(1)
        row.addWidget(self.home_button)
        row.addWidget(self.next_button)

        self.column = QWidget()
        self.column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        page_column = QVBoxLayout(self.column)
        page_column.setContentsMargins(0, 18, 0, 0)
        page_column.setSpacing(6)
        self.print_button = QPushButton()
        self.print_button.setObjectName("pageTool")
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.slug))
        self.present_button = QPushButton()
        self.present_button.setObjectName("pageTool")
        self.present_button.clicked.connect(
            lambda: self.present_requested.emit(self.slug, self.index))
        # The guide's title, then what you can do with the guide; the title goes above the
        # buttons when both do not fit one line.
        self.tools = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.tools.setSpacing(8)
        self.tools.addWidget(self.guide_title, 1)
        self.tool_buttons = QHBoxLayout()
        self.tool_buttons.setSpacing(12)
        self.tool_buttons.addStretch(1)
        self.tools.addLayout(self.tool_buttons)
        self.listen_button = QPushButton()
        self.listen_button.setObjectName("pageTool")
        self.listen_button.hide()  # shown when a speech engine works
        self.listen_button.clicked.connect(
            lambda: self.listen_requested.emit(self.pages[self.index].text if self.pages else ""))
        self.pause_button = QPushButton()
        self.pause_button.setObjectName("pageTool")
        self.pause_button.hide()
        self.pause_button.clicked.connect(self.pause_requested)
        self.stop_button = QPushButton()
        self.stop_button.setObjectName("pageTool")
        self.stop_button.hide()
        self.stop_button.clicked.connect(self.stop_requested)
        self.slower_button = QPushButton()
        self.slower_button.setObjectName("pageTool")
        self.slower_button.setCheckable(True)
        self.slower_button.hide()
        self.slower_button.toggled.connect(self.slower_toggled)
        self.slower_button.toggled.connect(lambda _: self._speed_text())
        self._speech_available = False
        self.offers_button = QPushButton()
        self.offers_button.setObjectName("pageToolPrimary")
        self.offers_button.hide()
        self.offers_button.clicked.connect(self.show_offers_popup)
        self.tool_buttons.addWidget(self.listen_button)
        self.tool_buttons.addWidget(self.pause_button)
        self.tool_buttons.addWidget(self.stop_button)
        self.tool_buttons.addWidget(self.slower_button)
        self.tool_buttons.addWidget(self.offers_button)
        self.tool_buttons.addWidget(self.print_button)
        self.tool_buttons.addWidget(self.present_button)
        page_column.addLayout(self.tools)
        page_column.addWidget(self.view, 1)
        self.page_area = QWidget()
        centre = QHBoxLayout(self.page_area)
        centre.setContentsMargins(40, 0, 40, 0)
        centre.addStretch(1)
        centre.addWidget(self.column, 1000)  # grows to its readable maximum, then margins grow
        self.side = QVBoxLayout()  # beside the page on wide screens: the offered questions
        self.side.setContentsMargins(28, 60, 0, 0)
        centre.addLayout(self.side)
        centre.addStretch(1)
        self._side_widget: QWidget | None = None
        # Under the page text, in the same column, on narrow screens: the offered questions.
        self.extras = QVBoxLayout()
        self.extras.setContentsMargins(0, 4, 0, 8)
        page_column.addLayout(self.extras)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.page_area, 1)
        layout.addWidget(nav)

    # --- set up -----------------------------------------------------------------------------

    def attach_side(self, widget: QWidget) -> None:
        """Give the reader a panel (the offered questions) to place beside or under the page,
        or, when under the page it would leave the page too little room (large text on a short
        screen), behind a button that opens it over the page."""
        from kiosk.ui.overlays import Overlay

        self._side_widget = widget
        self.offers_popup = Overlay(self)
        self.offers_popup.card_layout.addWidget(self.offers_popup.close_button, 0,
                                                Qt.AlignmentFlag.AlignRight)
        self.place_side()

    @property
    def side_mode(self) -> str:
        return getattr(self, "_side_mode", "")

    def place_side(self) -> None:
        """Put the panel beside the page (wide), under it, or in a popup (see attach_side)."""
        widget = self._side_widget
        if widget is None:
            return
        offered = len(getattr(widget, "buttons", {}))
        if self.width() >= 1500:
            mode = "beside"
        else:
            widget.set_beside_page(False)
            needed = widget.layout().totalHeightForWidth(max(200, self.page_area.width() - 80))
            mode = "under" if needed <= self.height() * 0.3 else "popup"
        self.offers_button.setVisible(mode == "popup" and offered > 0)
        if self._strings is not None:
            self.offers_button.setText(self._strings("reader_offers", count=offered))
            self.offers_button.setAccessibleName(self._strings("reader_offers_name",
                                                               count=offered))
        if mode == self.side_mode:
            self.fit_tools()
            self.set_tab_order()
            return
        self._side_mode = mode
        self.offers_popup.close_overlay()
        for layout in (self.side, self.extras, self.offers_popup.card_layout):
            layout.removeWidget(widget)
        if mode == "beside":
            self.side.addWidget(widget)
        elif mode == "under":
            self.extras.addWidget(widget)
        else:
            self.offers_popup.card_layout.insertWidget(0, widget, 1)
        widget.set_beside_page(mode != "under")
        if mode == "beside":
            widget.setFixedWidth(420)
        else:
            widget.setMinimumWidth(0)
            widget.setMaximumWidth(16777215)
        self.fit_tools()
        self.set_tab_order()

    def set_speech_available(self, available: bool) -> None:
        self._speech_available = available
        self.show_speech_state("ready")

    def show_speech_state(self, state: str) -> None:
        """Listen when quiet; Pause (or Resume) and Stop while reading aloud."""
        speaking = state in ("speaking", "paused")
        self.listen_button.setVisible(self._speech_available and not speaking)
        self.pause_button.setVisible(self._speech_available and speaking)
        self.stop_button.setVisible(self._speech_available and speaking)
        self.slower_button.setVisible(self._speech_available)
        if self._strings is not None:
            key = "reader_resume" if state == "paused" else "reader_pause"
            self.pause_button.setText(self._strings(key))
            self.pause_button.setAccessibleName(self._strings(key + "_name"))
        self.fit_tools()
        self.set_tab_order()

    def _speed_text(self) -> None:
        """The speed button offers the other speed: Slower, or Normal speed when slow."""
        if self._strings is not None:
            key = "reader_normal_speed" if self.slower_button.isChecked() else "reader_slower"
            self.slower_button.setText(self._strings(key))
            self.slower_button.setAccessibleName(self._strings(key + "_name"))
            self.fit_tools()

    def set_tab_order(self) -> None:
        """Tab: the page (and its links), its questions, the page tools, then the nav bar."""
        offers = list(getattr(self._side_widget, "buttons", {}).values()) \
            if self.side_mode != "popup" else []
        chain = [self.view, *offers, self.listen_button, self.pause_button, self.stop_button,
                 self.slower_button, self.offers_button, self.print_button, self.present_button,
                 self.back_button, self.contents_button, self.home_button, self.next_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def fit_tools(self) -> None:
        """Title and buttons on one line if they fit the page column, else title above."""
        buttons = sum(b.sizeHint().width() + 12 for b in
                      (self.listen_button, self.pause_button, self.stop_button,
                       self.slower_button, self.offers_button, self.print_button, self.present_button)
                      if not b.isHidden())
        side = 448 if self.side_mode == "beside" else 0
        room = min(self.column.maximumWidth(), self.width() - 80 - side)
        words = self.guide_title.fontMetrics().horizontalAdvance(self.guide_title.text())
        one_line = words + 16 + buttons <= room
        self.tools.setDirection(QBoxLayout.Direction.LeftToRight if one_line
                                else QBoxLayout.Direction.TopToBottom)

    def show_offers_popup(self) -> None:
        self.offers_popup.open_overlay()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        self.place_side()

    def set_strings(self, strings) -> None:
        self._strings = strings
        s = strings
        self.back_button.setText(s("reader_back"))
        self.back_button.setAccessibleName(s("reader_back_name"))
        self.contents_button.setText(s("reader_contents"))
        self.contents_button.setAccessibleName(s("reader_contents_name"))
        self.home_button.setText(s("end_home"))
        self.home_button.setAccessibleName(s("end_home_name"))
        self.view.setAccessibleName(s("reader_page_name"))
        if getattr(self, "offers_popup", None) is not None:
            self.offers_popup.set_close_text(s("offers_done"), s("offers_done"))
        self.listen_button.setText(s("reader_listen"))
        self.listen_button.setAccessibleName(s("reader_listen_name"))
        self.stop_button.setText(s("reader_stop"))
        self.stop_button.setAccessibleName(s("reader_stop_name"))
        self._speed_text()
        self.print_button.setText(s("reader_print"))
        self.print_button.setAccessibleName(s("reader_print_name"))
        self.present_button.setText(s("reader_present"))
        self.present_button.setAccessibleName(s("reader_present_name"))
        if self.pages:
            self._update_controls()

    def set_document_style(self, style: str, body_px: int, assets: Path) -> None:
        """Apply the page CSS (theme and text size); pages are laid out again on next show."""
        self._style = style
        # Qt sizes headings relative to the document's default font and ignores CSS sizes
        # on them, so the default font carries the body size.
        self._font = QFont(self.font())
        self._font.setPixelSize(body_px)
        # Lines of about 70-80 characters are easiest to read; wider screens get margins.
        self.column.setMaximumWidth(body_px * 46)
        self._base_url = QUrl.fromLocalFile(str(assets) + "/")
        self._drop_documents()
        if self.pages:
            self._show(self.index, keep_scroll=True)

    def open_guide(
        self, slug: str, title: str, pages: list[RenderedPage], next_slug: str | None,
        next_title: str | None, index: int = 0,
    ) -> None:
        """Show a guide from one of its pages."""
        self.slug = slug
        self.pages = pages
        self.next_slug = next_slug
        self._next_title = next_title
        self._drop_documents()
        self.guide_title.setText(title)
        self._show(max(0, min(index, len(pages) - 1)))

    def close_guide(self) -> None:
        self.slug = ""
        self.pages = []
        self.index = 0
        self._drop_documents()

    # --- turning pages ----------------------------------------------------------------------

    def next_page(self) -> None:
        if self.pages and self.index < len(self.pages) - 1:
            self._show(self.index + 1)

    def previous_page(self) -> None:
        if self.pages and self.index > 0:
            self._show(self.index - 1)

    def show_page(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            self._show(index)

    def on_last_page(self) -> bool:
        return bool(self.pages) and self.index == len(self.pages) - 1

    def _on_next_clicked(self) -> None:
        if self.on_last_page():
            if self.next_slug:
                self.next_guide_requested.emit(self.next_slug)
            else:
                self.home_requested.emit()
        else:
            self.next_page()

    def _drop_documents(self) -> None:
        """Free every laid-out page. The view shows a blank page first: it never owns them."""
        self.view.setDocument(self._blank)
        for document in self._documents.values():
            document.setParent(None)  # Python's reference below is then the last one
        self._documents.clear()

    def _document(self, index: int) -> QTextDocument:
        # Each page is laid out once per text size and theme, then reused on every turn.
        document = self._documents.get(index)
        if document is None:
            document = QTextDocument(self)
            document.setDefaultFont(self._font)
            document.setDefaultStyleSheet(self._style)
            document.setBaseUrl(self._base_url)
            document.setDocumentMargin(4)
            document.setHtml(self.pages[index].html)
            self._documents[index] = document
        return document

    def _show(self, index: int, keep_scroll: bool = False) -> None:
        self.index = index
        self.view.setDocument(self._document(index))
        if not keep_scroll:
            self.view.verticalScrollBar().setValue(0)
        self._update_controls()
        self.page_shown.emit(self.slug, index)

    def _update_controls(self) -> None:
        s = self._strings
        total = len(self.pages)
        self.progress.setText(s("reader_page", page=self.index + 1, total=total))
        self.progress.setAccessibleName(self.progress.text())
        self.back_button.setEnabled(self.index > 0)
        last = self.on_last_page()
        self.home_button.setVisible(last and self.next_slug is not None)
        if not last:
            self.next_button.setText(s("reader_next"))
            self.next_button.setAccessibleName(s("reader_next_name"))
        elif self.next_slug:
            self.next_button.setText(s("end_next", title=self._next_title))
            self.next_button.setAccessibleName(s("end_next_name", title=self._next_title))
        else:
            self.next_button.setText(s("end_home"))
            self.next_button.setAccessibleName(s("end_home_name"))

    # --- links and keys ---------------------------------------------------------------------

    def _on_link(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("term:"):
            self.term_tapped.emit(target[5:])
        elif target.startswith("guide:"):
            slug, _, page = target[6:].partition("#")
            self.guide_link_followed.emit(slug, page)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        # The page view would use arrow keys to move between links; here they turn pages.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._handle_key(event)
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if event.key() in NEXT_KEYS:
            self.next_page()
            return True
        if event.key() in BACK_KEYS:
            self.previous_page()
            return True
        return False
