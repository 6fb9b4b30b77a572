"""Reader: a guide page at a time, each page cut into screens that fit, turned by buttons, a
one-finger swipe or the keyboard.

A page that does not fit the reading area is cut into screens by the flow engine (kiosk/flow.py)
between blocks, never inside a warning box, a picture or a table row; Next and the swipe go screen
by screen and the progress line says "part 2 of 3". A single block taller than the whole area
(large text on a small screen) gets a screen of its own that Next scrolls through first, with a
"more below" cue. The reading column keeps its place from page to page: the page's questions sit
beside it (wide screens), under it (portrait) or behind a button, in room that is always kept.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.blocks import Block
from kiosk.core.pages import RenderedPage
from kiosk.ui.controls import keep_place
from kiosk.ui.page_view import PageView, SwipeDetector
from kiosk.ui.reader_side import SidePlacement
from kiosk.ui.screen_cutter import PageScreen, ScreenCutter

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown}
BACK_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp}
def _question_area(name: str) -> tuple[QScrollArea, QVBoxLayout]:
    """Room for the page's questions that scrolls (with a bar to say so) when they do not fit."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 4, 4, 4)
    column.addStretch(1)
    area.setWidget(holder)
    return area, column


class ReaderScreen(QWidget, SidePlacement):
    """A guide, a screen at a time, with Back, Next, progress and a contents list."""

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
        self.screen = 0  # which screen of the page is shown
        self.cue_text = ""  # what the progress line says Next will show, if not the next page
        self.next_slug: str | None = None
        self._next_title: str | None = None
        self._screens: dict[int, list[PageScreen]] = {}
        self._shown: PageScreen | None = None  # keeps the document on view alive
        self._given: QTextDocument | None = None  # the last document handed to the view
        self._laid_out_for: QSize | None = None
        self._blank = QTextDocument(self)
        self.cutter = ScreenCutter()  # the page's look, and its cut into screens
        self._strings = None
        self._prepare = QTimer(self)  # lays out the next page while the patient reads this one
        self._prepare.setSingleShot(True)
        self._prepare.setInterval(0)
        self._prepare.timeout.connect(self._prepare_neighbours)

        self.guide_title = QLabel()
        self.guide_title.setObjectName("guideTitle")
        self.guide_title.setWordWrap(True)  # a long title takes two lines, never clipped
        self.guide_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.view = PageView()
        self.view.anchorClicked.connect(self._on_link)
        self.swipe = SwipeDetector(self)
        self._page_viewport: QWidget | None = None  # see watch_the_page
        self.swipe.swiped_left.connect(self.next_page)
        self.swipe.swiped_right.connect(self.previous_page)
        self.view.installEventFilter(self)
        self.view.verticalScrollBar().valueChanged.connect(lambda _: self._update_progress())

        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.contents_button = QPushButton()
        self.home_button = QPushButton()  # on the last page, left of Next (which never moves)
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress.setWordWrap(True)
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.back_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.contents_button.clicked.connect(self.contents_requested)
        self.home_button.clicked.connect(self.home_requested)

        nav = QFrame()
        nav.setObjectName("navBar")
        row = QHBoxLayout(nav)
        row.setContentsMargins(24, 10, 24, 10)
        row.setSpacing(14)
        row.addWidget(self.back_button)
        row.addWidget(self.contents_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.home_button)
        row.addWidget(self.next_button)
        self.nav = nav

        self.print_button = keep_place(QPushButton())
        self.print_button.setObjectName("pageTool")
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.slug))
        self.present_button = keep_place(QPushButton())
        self.present_button.setObjectName("pageTool")
        self.present_button.clicked.connect(
            lambda: self.present_requested.emit(self.slug, self.index))
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
        self.offers_button = keep_place(QPushButton())
        self.offers_button.setObjectName("pageToolPrimary")
        self.offers_button.hide()
        self.offers_button.clicked.connect(self.show_offers_popup)

        # The guide's title and what you can do with it, in one row over the text. Buttons keep
        # their place when another comes or goes.
        self.tools = QHBoxLayout()
        self.tools.setSpacing(12)
        self.tools.addWidget(self.guide_title, 1)
        self.tool_buttons = QHBoxLayout()
        self.tool_buttons.setSpacing(12)
        self.tool_buttons.addStretch(1)
        for button in (self.listen_button, self.pause_button, self.stop_button,
                       self.slower_button, self.offers_button, self.print_button, self.present_button):
            self.tool_buttons.addWidget(button)
        self.tools.addLayout(self.tool_buttons)

        self.column = QWidget()
        self.column.setObjectName("readingColumn")
        page_column = QVBoxLayout(self.column)
        page_column.setContentsMargins(0, 12, 0, 0)
        page_column.setSpacing(6)
        page_column.addLayout(self.tools)
        page_column.addWidget(self.view, 1)
        # Under the text, in portrait: the page's questions, in room that is always kept (they
        # scroll, with a scroll bar to say so, if a page offers more than fit).
        self.under, self.extras = _question_area("underPage")
        page_column.addWidget(self.under)
        self.under.hide()

        self.page_area = QWidget()
        centre = QHBoxLayout(self.page_area)
        centre.setContentsMargins(32, 0, 32, 0)
        centre.setSpacing(0)
        centre.addStretch(1)  # the column and its questions sit in the middle of a wide screen
        centre.addWidget(self.column, 1000)
        self.side_area, self.side = _question_area("besidePage")  # wide screens: beside the text
        # A gap between the text and its questions. On the layout inside: the style sheet resets
        # a scroll area's own contents margins (those it had were lost, and the two touched).
        self.side.setContentsMargins(32, 4, 4, 4)
        self.side_area.hide()
        centre.addWidget(self.side_area)
        centre.addStretch(1)
        self._side_widget: QWidget | None = None
        self._side_mode = ""
        self._narrow = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.page_area, 1)
        layout.addWidget(nav)

    # --- set up -----------------------------------------------------------------------------

    def drop_present_button(self) -> None:
        """Kiosk mode: no Present button, and no blank kept for it at the end of the row."""
        keep_place(self.present_button, False)
        self.present_button.hide()

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
        self.set_tab_order()

    def _speed_text(self) -> None:
        """The speed button offers the other speed: Slower, or Normal speed when slow."""
        if self._strings is not None:
            key = "reader_normal_speed" if self.slower_button.isChecked() else "reader_slower"
            self.slower_button.setText(self._strings(key))
            self.slower_button.setAccessibleName(self._strings(key + "_name"))

    def set_tab_order(self) -> None:
        """Tab: the page (and its links), its questions, the page tools, then the nav bar."""
        offers = list(getattr(self._side_widget, "buttons", {}).values()) \
            if self.side_mode != "popup" else []
        chain = [self.view, *offers, self.listen_button, self.pause_button, self.stop_button,
                 self.slower_button, self.offers_button, self.print_button, self.present_button,
                 self.back_button, self.contents_button, self.home_button, self.next_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

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
        self._drop_screens()
        if self.pages:
            self._show(self.index, self.screen)

    def set_document_style(self, style: str, body_px: int, assets: Path, font: QFont | None = None,
                           link_colour: str = "", term_colour: str = "", column_px: int = 0) -> None:
        """Apply the page CSS (theme and text size); the page is cut into screens again,
        keeping the patient's place."""
        self.cutter.set_look(style, body_px, assets, font if font is not None else self.font(),
                             link_colour, term_colour)
        # Lines of about 70-80 characters (at 100% text) are easiest to read; wider screens get
        # margins. The width comes from the screen, not the text size: the page's buttons over
        # the text never move when A+ is tapped (larger text simply has shorter lines).
        self.column.setMaximumWidth(column_px or body_px * 46)
        self._relayout()

    def open_guide(
        self, slug: str, title: str, pages: list[RenderedPage], next_slug: str | None,
        next_title: str | None, index: int = 0,
    ) -> None:
        """Show a guide from one of its pages."""
        self.slug = slug
        self.pages = pages
        self.next_slug = next_slug
        self._next_title = next_title
        self._drop_screens()
        self.guide_title.setText(title)
        self._show(max(0, min(index, len(pages) - 1)))

    def close_guide(self) -> None:
        self.slug = ""
        self.pages = []
        self.index = 0
        self.screen = 0
        self._drop_screens()

    # --- turning pages ----------------------------------------------------------------------

    def next_page(self) -> None:
        """One step forward: further down a block taller than the area, the next screen of the
        page, or the next page."""
        if not self.pages:
            return
        bar = self.view.verticalScrollBar()
        if bar.value() < bar.maximum():
            bar.setValue(min(bar.maximum(), bar.value() + self._scroll_step()))
        elif self.screen < len(self._screens_of(self.index)) - 1:
            self._show(self.index, self.screen + 1)
        elif self.index < len(self.pages) - 1:
            self._show(self.index + 1)

    def previous_page(self) -> None:
        """One step back: up a tall block, the screen before, or the last screen of the page before."""
        if not self.pages:
            return
        bar = self.view.verticalScrollBar()
        if bar.value() > bar.minimum():
            bar.setValue(max(bar.minimum(), bar.value() - self._scroll_step()))
        elif self.screen > 0:
            self._show(self.index, self.screen - 1, at_end=True)
        elif self.index > 0:
            self._show(self.index - 1, len(self._screens_of(self.index - 1)) - 1, at_end=True)

    def show_page(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            self._show(index)

    def on_last_page(self) -> bool:
        return bool(self.pages) and self.index == len(self.pages) - 1

    def on_last_screen(self) -> bool:
        bar = self.view.verticalScrollBar()
        return (self.on_last_page() and self.screen == len(self._screens_of(self.index)) - 1
                and bar.value() >= bar.maximum())

    def screen_count(self) -> int:
        """How many screens the page on view takes."""
        return len(self._screens_of(self.index)) if self.pages else 0

    def screen_blocks(self, index: int) -> list[list[Block]]:
        """The blocks on each screen of a page (for checks and tools)."""
        return [screen.blocks for screen in self._screens_of(index)]

    def show_screen_holding(self, mark: Callable[[PageView], bool]) -> bool:
        """Show the screen of this page on which `mark` finds what it marks (read aloud follows
        along this way): the screen on view first, then the others. Not a page turn: reading
        goes on."""
        if mark(self.view) or not self.pages:
            return True
        was = self.screen
        for number in range(len(self._screens_of(self.index))):
            if number != was and self._put_screen(number) and mark(self.view):
                self._update_controls()
                return True
        self._put_screen(was)
        return False

    def _put_screen(self, number: int) -> bool:
        """Show one screen of the page on view, without it counting as a page turn."""
        self.screen = number
        self._shown = self._screens_of(self.index)[number]
        self._set_document(self._shown.document)
        return True

    def _scroll_step(self) -> int:
        line = round(self.cutter.body_px * 1.4)
        return max(line, self.view.viewport().height() - 2 * line)

    def _on_next_clicked(self) -> None:
        if self.on_last_screen():
            if self.next_slug:
                self.next_guide_requested.emit(self.next_slug)
            else:
                self.home_requested.emit()
        else:
            self.next_page()

    # --- screens ----------------------------------------------------------------------------

    def _set_document(self, document: QTextDocument) -> None:
        """Show a document. PySide makes the view the owner of every document it is given, so the
        one it showed before is handed back: freed once nothing else (the cache) holds it."""
        before, self._given = self._given, document
        self.view.setDocument(document)
        if before is not None and before is not document and before is not self._blank:
            before.setParent(None)

    def _drop_screens(self) -> None:
        """Free every laid-out screen. The view shows a blank page first: it never owns them."""
        self._set_document(self._blank)
        self._shown = None
        self._screens.clear()
        self.cutter.drop_images()  # the laid-out screens held them; the next are made afresh
        self._laid_out_for = None

    def _relayout(self) -> None:
        """Cut the page on view again (new size, text size or theme), keeping the patient's
        place: the screen that holds the block that was first on the screen before."""
        if not self.pages:
            self._drop_screens()
            return
        first = self._shown.blocks[:1] if self._shown is not None else []
        self._drop_screens()
        screens = self._screens_of(self.index)
        keep = 0
        if first:
            text = first[0].text
            keep = next((n for n, s in enumerate(screens)
                         if any(b.text == text or text.startswith(b.text) for b in s.blocks)), 0)
        self._show(self.index, keep)

    def _prefix(self, page: RenderedPage, screen: int) -> str:
        if screen == 0:
            opening = page is self.pages[0] if self.pages else False
            guide = f'<p class="guide">{html.escape(self.guide_title.text())}</p>' \
                if self._narrow and opening else ""
            return f"{guide}<h2>{html.escape(page.title)}</h2>"
        label = self._strings("reader_continued", title=page.title) if self._strings else page.title
        return f'<p class="continued">{html.escape(label)}</p>'

    def _screens_of(self, index: int) -> list[PageScreen]:
        """The screens of a page, cut for the reading area's size now (laid out once)."""
        size = self.view.viewport().size()
        if self._laid_out_for != size:
            self._screens.clear()  # the screen on view stays alive in self._shown
            self._laid_out_for = QSize(size)
        screens = self._screens.get(index)
        if screens is None:
            page = self.pages[index]
            screens = self.cutter.cut(page.blocks, self._prefix(page, 0), self._prefix(page, 1),
                                      size.width(), size.height(), self.devicePixelRatioF())
            self._screens[index] = screens
        return screens

    def _show(self, index: int, screen: int = 0, at_end: bool = False) -> None:
        self.index = index
        # Only this page and the two beside it stay laid out: a guide read to its end held
        # every page's documents, 3.5 MiB for the safety guide at 1920x1080.
        for far in [number for number in self._screens if abs(number - index) > 1]:
            del self._screens[far]
        screens = self._screens_of(index)
        self.screen = max(0, min(screen, len(screens) - 1))
        self._shown = screens[self.screen]
        self._set_document(self._shown.document)
        bar = self.view.verticalScrollBar()
        bar.setValue(bar.maximum() if at_end else 0)
        self._update_controls()
        self.page_shown.emit(self.slug, index)
        self._prepare.start()

    def _prepare_neighbours(self) -> None:
        for neighbour in (self.index + 1, self.index - 1):
            if self.pages and 0 <= neighbour < len(self.pages):
                self._screens_of(neighbour)

    def _update_controls(self) -> None:
        s = self._strings
        # Room for two lines of a long title or progress line, so nothing moves when one wraps.
        two_lines = self.guide_title.fontMetrics().lineSpacing() * 2 + 4
        self.guide_title.setFixedHeight(max(two_lines, self.print_button.sizeHint().height()))
        self.progress.setMinimumHeight(self.progress.fontMetrics().lineSpacing() * 2 + 4)
        parts = len(self._screens_of(self.index))
        self._update_progress()
        self.back_button.setEnabled(self.index > 0 or self.screen > 0)
        last = self.on_last_page() and self.screen == parts - 1
        self.home_button.setVisible(last and self.next_slug is not None)
        if not last:
            self.next_button.setText(s("reader_next"))
            self.next_button.setAccessibleName(s("reader_next_name"))
        elif self.next_slug:
            self.next_button.setText(s("end_next", title=self._next_title))
            if not self._nav_fits():  # a long title on a narrow screen: say it shorter
                self.next_button.setText(s("end_next_short"))
            self.next_button.setAccessibleName(s("end_next_name", title=self._next_title))
        else:
            self.next_button.setText(s("end_home"))
            self.next_button.setAccessibleName(s("end_home_name"))

    def _nav_fits(self) -> bool:
        """Whether the nav bar's buttons fit the window's width at their natural size."""
        row = self.nav.layout()
        margins = row.contentsMargins()
        buttons = (self.back_button, self.contents_button, self.home_button, self.next_button)
        wanted = sum(b.sizeHint().width() for b in buttons) + row.spacing() * 5 \
            + margins.left() + margins.right() + 120  # some room for "Page 2 of 5"
        window = self.window()
        return wanted <= (window.width() if window is not None else self.width())

    def _update_progress(self) -> None:
        """"Page 2 of 5" (and "part 1 of 2"), and under it what Next does when it does not
        turn the page: show more of a tall block, or the page's next screen."""
        s = self._strings
        if s is None or not self.pages:
            return
        total, parts = len(self.pages), len(self._screens_of(self.index))
        if parts > 1:
            where = s("reader_page_part", page=self.index + 1, total=total, part=self.screen + 1,
                      parts=parts)
        else:
            where = s("reader_page", page=self.index + 1, total=total)
        bar = self.view.verticalScrollBar()
        cue = ""
        if bar.value() < bar.maximum():
            cue = s("reader_more_below")
        elif self.screen < parts - 1:
            cue = s("reader_more_next")
        self.progress.setText(f"{where}\n{cue}" if cue else where)
        self.progress.setAccessibleName(f"{where}. {cue}" if cue else where)
        self.cue_text = cue

    # --- links and keys ---------------------------------------------------------------------

    def _on_link(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith("term:"):
            self.term_tapped.emit(target[5:])
        elif target.startswith("guide:"):
            slug, _, page = target[6:].partition("#")
            self.guide_link_followed.emit(slug, page)

    def watch_the_page(self) -> None:
        """Swipes, resizes and flick scrolling on the page view: set up just after the app's
        first paint, or when the reader first shows if that is sooner. Not while home is still
        to paint: the first use of a text view's viewport from Python makes PySide6 6.12 build
        every QtWidgets class and enum (20 ms; see kiosk.qtcompat.own_viewport)."""
        if self._page_viewport is not None:
            return
        self._page_viewport = viewport = self.view.viewport()
        viewport.installEventFilter(self.swipe)
        viewport.installEventFilter(self)
        self.view.set_up_touch()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API name
        self.watch_the_page()
        super().showEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        if watched is self._page_viewport and event.type() == QEvent.Type.Resize:
            if self.pages and self._laid_out_for is not None \
                    and self._laid_out_for != self.view.viewport().size():
                QTimer.singleShot(0, self._relayout_if_resized)
            return False
        # The page view would use arrow keys to move between links; here they turn pages.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._handle_key(event)
        return False

    def _relayout_if_resized(self) -> None:
        if self.pages and self._laid_out_for != self.view.viewport().size():
            self._relayout()

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
