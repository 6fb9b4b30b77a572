"""The main window: holds the screens it is handed and wires all their signals in one method."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.config import Settings
from kiosk.content import Library
from kiosk.render import RenderCache
from kiosk.session import PatientSession
from kiosk.ui.home import HomeScreen
from kiosk.ui.notices import NoticeBar, Notifier, Toast
from kiosk.ui.overlays import ConfirmPanel, ContentsPanel, SheetPreview, TermPopup
from kiosk.ui.questions import QuestionOffers, QuestionsScreen
from kiosk.ui.reader import ReaderScreen
from kiosk.ui.theme import (
    HIGH_CONTRAST,
    NORMAL,
    TEXT_SCALES,
    Sizes,
    app_style_sheet,
    document_style_sheet,
)
from kiosk.ui.toolbar import Toolbar


@dataclass
class Screens:
    """The widgets the composition root builds and hands to the window."""

    toolbar: Toolbar
    notice_bar: NoticeBar
    home: HomeScreen
    reader: ReaderScreen
    questions: QuestionsScreen
    offers: QuestionOffers


@dataclass
class PrintSeams:
    """How the window prints and previews the sheet; tests hand in their own."""

    print_sheet: Callable  # (Sheet) -> PrintResult
    sheet_images: Callable  # (Sheet, width_px) -> list[QImage]


class MainWindow(QMainWindow):
    """Shows home or a guide under the toolbar; popups float over both."""

    def __init__(
        self, screens: Screens, library: Library, cache: RenderCache, session: PatientSession,
        notifier: Notifier, settings: Settings, printing: PrintSeams,
    ) -> None:
        super().__init__()
        self.screens = screens
        self.library = library
        self.cache = cache
        self.session = session
        self.notifier = notifier
        self.settings = settings
        self.printing = printing
        self.setWindowTitle(library.strings("app_title"))

        central = QWidget()
        self.setCentralWidget(central)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.stack = QStackedWidget()
        self.stack.addWidget(screens.home)
        self.stack.addWidget(screens.reader)
        self.stack.addWidget(screens.questions)
        screens.reader.attach_side(screens.offers)
        column.addWidget(screens.toolbar)
        column.addWidget(screens.notice_bar)
        column.addWidget(self.stack, 1)
        self.term_popup = TermPopup(central)
        self.contents = ContentsPanel(central)
        self.confirm = ConfirmPanel(central)
        self.preview = SheetPreview(central)
        self.toast = Toast(central)
        self._style_height = 0
        self._connect_signals()
        self.show_library(library, cache)

    def _connect_signals(self) -> None:
        s = self.screens
        # toolbar
        s.toolbar.home_requested.connect(self.go_home)
        s.toolbar.text_smaller_requested.connect(lambda: self.change_text_size(-1))
        s.toolbar.text_larger_requested.connect(lambda: self.change_text_size(+1))
        s.toolbar.questions_requested.connect(self.show_questions)
        # home
        s.home.guide_opened.connect(self.open_guide)
        # reader
        s.reader.term_tapped.connect(self.show_term)
        s.reader.guide_link_followed.connect(self.open_guide)
        s.reader.contents_requested.connect(self.show_contents)
        s.reader.next_guide_requested.connect(self.open_guide)
        s.reader.home_requested.connect(self.go_home)
        s.reader.page_shown.connect(self.show_offers)
        # questions
        s.offers.question_toggled.connect(self.toggle_question)
        s.questions.question_toggled.connect(self.toggle_question)
        s.questions.own_question_added.connect(self.add_own_question)
        s.questions.own_question_removed.connect(self.remove_own_question)
        s.questions.clear_requested.connect(self.ask_clear_questions)
        s.questions.preview_requested.connect(self.show_preview)
        s.questions.print_requested.connect(self.print_questions)
        self.confirm.confirmed.connect(self.clear_questions)
        self.preview.print_requested.connect(self.print_questions)
        # popups
        self.contents.page_chosen.connect(s.reader.show_page)
        self.contents.closed.connect(s.reader.view.setFocus)
        self.term_popup.closed.connect(s.reader.view.setFocus)
        # notices
        self.notifier.posted.connect(s.notice_bar.show_notice)

    # --- what the patient sees --------------------------------------------------------------

    def show_library(self, library: Library, cache: RenderCache) -> None:
        """Show a (re)loaded library: strings, tiles, and home."""
        self.library = library
        self.cache = cache
        strings = library.strings
        s = self.screens
        s.toolbar.set_strings(strings)
        s.notice_bar.set_strings(strings)
        s.reader.set_strings(strings)
        s.toolbar.show_question_count(len(self.session.picks))
        self.term_popup.set_close_text(strings("glossary_close"), strings("glossary_close_name"))
        self.contents.set_close_text(strings("close"), strings("close"))
        s.home.show_guides(library.guides, library.assets, strings("home_heading"),
                           strings("home_intro"))
        self.apply_style()
        self.go_home()

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()

    def close_popups(self) -> None:
        for overlay in (self.term_popup, self.contents, self.confirm, self.preview):
            overlay.close_overlay()

    def go_home(self) -> None:
        self.close_popups()
        self.screens.reader.close_guide()
        self.stack.setCurrentWidget(self.screens.home)
        self.screens.home.scroll_to_top()
        if self.screens.home.tiles:
            self.screens.home.tiles[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def open_guide(self, slug: str, page_slug: str = "") -> None:
        guide = self.library.guide(slug)
        if guide is None:
            self.notifier.notice(self.library.strings("notice_content_problems"),
                                 detail=f"no guide '{slug}'")
            return
        self.close_popups()
        following = self.library.next_guide(slug)
        index = guide.page_index(page_slug) if page_slug else 0
        self.screens.reader.open_guide(
            slug, guide.title, self.cache.pages(slug),
            following.slug if following else None, following.title if following else None,
            index or 0,
        )
        self.stack.setCurrentWidget(self.screens.reader)
        self.screens.reader.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_term(self, term_id: str) -> None:
        term = self.library.glossary.get(term_id)
        if term is not None:
            self.term_popup.show_term(term.id, term.term[:1].upper() + term.term[1:], term.definition)

    def show_contents(self) -> None:
        reader = self.screens.reader
        self.contents.show_pages(
            self.library.strings("contents_title"), [p.title for p in reader.pages],
            reader.index)

    # --- questions for the visit -------------------------------------------------------------

    def show_offers(self, slug: str, index: int) -> None:
        pages = self.screens.reader.pages
        ids = pages[index].question_ids if 0 <= index < len(pages) else ()
        self.screens.offers.show_offers(ids, self.library.questions, self.session.picks,
                                        self.library.strings)

    def toggle_question(self, question_id: str) -> None:
        if self.library.questions.get(question_id) is None:
            return
        added = self.session.picks.toggle(question_id)
        self._questions_changed()
        if added:
            self.toast.show_message(self.library.strings("notice_question_added"))

    def add_own_question(self, text: str) -> None:
        if self.session.picks.add_own(text):
            self._questions_changed()

    def remove_own_question(self, text: str) -> None:
        self.session.picks.remove_own(text)
        self._questions_changed()

    def ask_clear_questions(self) -> None:
        s = self.library.strings
        self.confirm.ask(s("questions_clear_confirm"), s("questions_clear_yes"),
                         s("questions_clear_no"))

    def clear_questions(self) -> None:
        self.session.picks.clear()
        self._questions_changed()

    def _questions_changed(self) -> None:
        picks = self.session.picks
        self.screens.toolbar.show_question_count(len(picks))
        self.screens.offers.update_state(picks)
        if self.stack.currentWidget() is self.screens.questions:
            position = self.screens.questions.scroll.verticalScrollBar().value()
            self.screens.questions.show_state(self.library.questions, picks, self.library.strings)
            self.screens.questions.scroll.verticalScrollBar().setValue(position)

    def show_questions(self) -> None:
        self.close_popups()
        self.screens.reader.close_guide()
        self.screens.questions.show_state(self.library.questions, self.session.picks,
                                          self.library.strings)
        self.stack.setCurrentWidget(self.screens.questions)
        self.screens.questions.scroll_to_top()

    def current_sheet(self):
        from kiosk.questions import build_sheet

        return build_sheet(self.library, self.session.picks, self.settings, dt.date.today())

    def show_preview(self) -> None:
        s = self.library.strings
        images = self.printing.sheet_images(self.current_sheet(), 1400)
        self.preview.show_pages(s("preview_title"), s("questions_print"), s("preview_back"),
                                images)

    def print_questions(self) -> None:
        """Print the sheet; whatever happens, the patient's picks stay as they are."""
        result = self.printing.print_sheet(self.current_sheet())
        s = self.library.strings
        if result.ok:
            self.toast.show_message(s("notice_printed"))
        else:
            key = "notice_no_printer" if result.reason == "no_printer" else "notice_print_failed"
            self.notifier.notice(s(key), detail=result.detail)

    # --- text size and theme ---------------------------------------------------------------

    def change_text_size(self, step: int) -> None:
        new = max(0, min(len(TEXT_SCALES) - 1, self.session.text_step + step))
        if new != self.session.text_step:
            self.session.text_step = new
            self.apply_style()

    def apply_style(self) -> None:
        """Restyle everything for the current theme, text size and window height."""
        theme = HIGH_CONTRAST if self.session.high_contrast else NORMAL
        scale = TEXT_SCALES[self.session.text_step]
        self._style_height = self._height_basis()
        sizes = Sizes.for_screen(self._style_height, scale)
        self.setStyleSheet(app_style_sheet(theme, sizes))
        self.screens.reader.set_document_style(document_style_sheet(theme, sizes), sizes.body,
                                               self.library.assets)
        self.screens.toolbar.show_text_size(
            round(scale * 100), self.session.text_step > 0,
            self.session.text_step < len(TEXT_SCALES) - 1)

    def _height_basis(self) -> int:
        # Type is sized to the window's height: 1080 lines gives the 22 px body text.
        return max(600, self.height() if self.isVisible() else 1080)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        if abs(self._height_basis() - self._style_height) >= 60:
            self.apply_style()
