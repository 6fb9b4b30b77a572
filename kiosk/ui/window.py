"""The main window: holds the screens it is handed and wires all their signals in one method."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.config import Settings
from kiosk.core.content import Library
from kiosk.core.pages import RenderCache
from kiosk.core.session import PatientSession
from kiosk.ui.home import HomeScreen
from kiosk.ui.notices import NoticeBar, Notifier, Toast
from kiosk.ui.overlays import ConfirmPanel, ContentsPanel, IdleWarning, SheetPreview, TermPopup
from kiosk.ui.print_panel import PrintGuard, PrintPanel
from kiosk.ui.questions import QuestionOffers, QuestionsScreen
from kiosk.ui.reader import ReaderScreen
from kiosk.ui.speech import highlight_colours
from kiosk.ui.theme import (
    HIGH_CONTRAST,
    NORMAL,
    TEXT_SCALES,
    Sizes,
    app_style_sheet,
    document_style_sheet,
)
from kiosk.ui.toolbar import Toolbar
from kiosk.ui.welcome import WelcomeScreen
from kiosk.ui.window_print import PrintFlow
from kiosk.ui.window_reset import PatientReset
from kiosk.ui.window_speech import ReadAloud
from kiosk.ui.window_staff import StaffMenu
from kiosk.ui.window_visit import VisitFlow

if TYPE_CHECKING:
    from kiosk.core.speech_text import Sentence
    from kiosk.ui.visit import VisitScreen


@dataclass
class Screens:
    """The widgets the composition root builds and hands to the window.

    My visit sheet is the costliest screen to build (about 40 ms with its wording, a tenth of the
    start) and most patients never open it, so the root hands over how to make it, not the screen:
    it is built the first time it is used (`visit`), and `built_visit` is the screen if that has
    happened, else None. Without `make_visit` there is no visit sheet at all."""

    toolbar: Toolbar
    notice_bar: NoticeBar
    home: HomeScreen
    reader: ReaderScreen
    questions: QuestionsScreen
    offers: QuestionOffers
    make_visit: Callable[[], VisitScreen] | None = None
    built_visit: VisitScreen | None = field(default=None, init=False)
    visit_built: Callable[[VisitScreen], None] | None = field(  # the window wires it
        default=None, init=False, repr=False)

    @property
    def has_visit(self) -> bool:
        return self.make_visit is not None

    @property
    def visit(self) -> VisitScreen | None:
        """My visit sheet's screen, built now if it was not yet (None: no visit sheet here)."""
        if self.built_visit is None and self.make_visit is not None:
            self.built_visit = self.make_visit()
            if self.visit_built is not None:
                self.visit_built(self.built_visit)
        return self.built_visit


@dataclass
class PrintSeams:
    """How the window prints and previews the sheet; tests hand in their own."""

    print_sheet: Callable  # (Sheet) -> PrintResult
    sheet_images: Callable  # (Sheet, width_px) -> the pages as QImages, one at a time
    print_guide: Callable | None = None  # (Library, slug) -> PrintResult
    print_visit: Callable | None = None  # (VisitSheet) -> PrintResult
    visit_images: Callable | None = None  # (VisitSheet, width_px) -> the pages as QImages
    guide_pages: Callable | None = None  # (Library, slug) -> pages the guide prints on
    sheet_pages: Callable | None = None  # (Sheet) -> pages the sheet prints on
    printer_state: Callable | None = None  # () -> kiosk.printing.printer_state.PrinterState


class MainWindow(QMainWindow, VisitFlow, StaffMenu, ReadAloud, PrintFlow, PatientReset):
    """Shows home or a guide under the toolbar; popups float over both."""

    language_requested = Signal(str)  # the composition root loads that language pack
    exit_requested = Signal()  # staff chose Exit in the admin panel
    reload_requested = Signal()  # staff chose Reload content
    reset_failed = Signal(list)  # names of patient state a reset could not clear
    present_requested = Signal(str, int)  # guide slug, page index
    rollback_requested = Signal()  # staff chose to go back to the previous content pack
    printed = Signal(str)  # a print went out: "question_sheet" or "guide_handout"
    # A reset finished: the patient's session is over (usage counts close it) and a new content
    # pack may switch in now.
    patient_reset = Signal()
    welcome_shown = Signal()  # kiosk mode at rest: nobody to time
    visit_started = Signal()  # a patient tapped the welcome screen
    reading_aloud_changed = Signal(bool)  # read aloud started (True) or ended

    def __init__(
        self, screens: Screens, library: Library, cache: RenderCache, session: PatientSession,
        notifier: Notifier, settings: Settings, printing: PrintSeams,
        languages: list[tuple[str, str, str]] | None = None, pin_gate=None,
        visit_packs=None,
    ) -> None:
        super().__init__()
        self.visit_packs = visit_packs  # kiosk.core.visit.VisitPacks: wording of every pack
        self._preview_of = "questions"  # which sheet the preview shows: "questions" | "visit"
        self.languages = languages or []  # (code, own name, invitation) a patient can pick
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
        screens.visit_built = self._visit_built  # added to the stack when first opened
        screens.reader.attach_side(screens.offers)
        column.addWidget(screens.toolbar)
        column.addWidget(screens.notice_bar)
        column.addWidget(self.stack, 1)
        self.term_popup = TermPopup(central)
        self.contents = ContentsPanel(central)
        self.confirm = ConfirmPanel(central)
        self.preview = SheetPreview(central)
        self.idle_warning = IdleWarning(central)
        self._can_roll_back = False  # the staff menu offers going back to the previous pack
        self.toast = Toast(central)
        self._style_size = (0, 0)
        self.print_panel = PrintPanel(central)
        self.print_guard = PrintGuard(parent=self)
        self.visit_print_guard = PrintGuard(parent=self)  # the visit sheet: a job of its own
        self.welcome = WelcomeScreen(central, settings.welcome_color, settings.welcome_text_color,
                                     settings.welcome_loop, settings.welcome_seconds * 1000)
        self.welcome_starts: list[tuple[str, str, str]] = []  # (code, start words, their name)
        self._applied_style: tuple[bool, int] | None = None
        self.kiosk_mode = False
        self.locked = False  # kiosk mode with a PIN: the window cannot be closed
        self._exiting = False
        # The composition root owns the gate (kiosk.core.pin.PinGate) so its count of wrong PINs
        # and its wait survive a rebuilt window; a window built alone makes its own.
        self.pin_gate = pin_gate
        if pin_gate is None and settings.pin_hash:
            from kiosk.core.pin import PinGate  # hashlib stays off the start-up path otherwise

            self.pin_gate = PinGate(settings.pin_hash)
        self.speech = None  # kiosk.ui.speech.Speech once one is attached
        self.reading: list[Sentence] = []  # the page's sentences while it is read aloud
        self.log_path: Path | None = None
        self.pack_facts: list[str] = []  # content-pack lines for the staff menu
        self.usage = None  # kiosk.core.usage.UsageCounter once usage counts are on
        self._connect_signals()
        self.show_library(library, cache)

    def _connect_signals(self) -> None:
        s = self.screens
        # toolbar
        s.toolbar.home_requested.connect(self.go_home)
        s.toolbar.text_smaller_requested.connect(lambda: self.change_text_size(-1))
        s.toolbar.text_larger_requested.connect(lambda: self.change_text_size(+1))
        s.toolbar.questions_requested.connect(self.show_questions)
        s.toolbar.start_over_requested.connect(self.ask_start_over)
        s.toolbar.language_requested.connect(self.language_requested)
        s.toolbar.contrast_toggled.connect(self.set_contrast)
        s.home.language_requested.connect(self.language_requested)
        # home
        s.home.guide_opened.connect(self.open_guide)
        # reader
        s.reader.term_tapped.connect(self.show_term)
        s.reader.guide_link_followed.connect(self.open_guide)
        s.reader.contents_requested.connect(self.show_contents)
        s.reader.next_guide_requested.connect(self.open_guide)
        s.reader.home_requested.connect(self.go_home)
        s.reader.page_shown.connect(self.show_offers)
        s.reader.print_requested.connect(self.print_guide)
        s.reader.present_requested.connect(self.present_requested)
        s.reader.listen_requested.connect(self.listen)
        s.reader.pause_requested.connect(self.pause_or_resume_speech)
        s.reader.stop_requested.connect(self.stop_speech)
        s.reader.page_shown.connect(lambda *_: self.stop_speech())
        s.reader.slower_toggled.connect(self.set_slow_speech)
        # questions
        s.offers.question_toggled.connect(self.toggle_question)
        s.questions.question_toggled.connect(self.toggle_question)
        s.questions.own_question_added.connect(self.add_own_question)
        s.questions.own_question_removed.connect(self.remove_own_question)
        s.questions.clear_requested.connect(self.ask_clear_questions)
        s.questions.preview_requested.connect(self.show_preview)
        s.questions.print_requested.connect(self.print_questions)
        self.confirm.confirmed.connect(self._confirmed)
        self.preview.print_requested.connect(self.print_previewed)
        # my visit sheet
        s.home.visit_requested.connect(self.show_visit)
        s.questions.visit_requested.connect(self.show_visit)
        s.offers.visit_requested.connect(self.show_visit)
        # popups
        self.contents.page_chosen.connect(s.reader.show_page)
        self.contents.closed.connect(s.reader.view.setFocus)
        self.term_popup.closed.connect(s.reader.view.setFocus)
        # notices
        self.notifier.posted.connect(s.notice_bar.show_notice)
        # kiosk at rest and printing guard rails
        self.welcome.start_requested.connect(self.start_visit)
        self.welcome.shown.connect(self.welcome_shown)
        self.print_panel.confirmed.connect(self.print_guide_now)

    def connect_idle(self, idle) -> None:
        """Kiosk mode: show the idle warning and reset when it runs out (idle: IdleWatcher)."""
        idle.warning_started.connect(self.warn_idle)
        idle.countdown.connect(self.idle_warning.count)
        idle.warning_cancelled.connect(self.idle_warning.close_overlay)
        idle.timed_out.connect(self.reset_patient)
        self.idle_warning.closed.connect(idle.still_here)
        self.welcome_shown.connect(idle.stop)
        self.visit_started.connect(idle.start)
        self.reading_aloud_changed.connect(idle.hold_while)

    def connect_usage(self, usage) -> None:
        """Usage counts are on (usage: kiosk.core.usage.UsageCounter): count what patients do.

        Connected after the window's own handlers, so each count sees the result (a question
        really added, the page really shown). Only ids and totals reach the counter."""
        self.usage = usage
        s = self.screens
        for opened in (s.home.guide_opened, s.reader.guide_link_followed,
                       s.reader.next_guide_requested):
            opened.connect(lambda slug, *_: self.library.guide(slug) and usage.guide_opened(slug))
        s.reader.page_shown.connect(lambda slug, index: slug and usage.page_shown(
            slug, index, index == len(s.reader.pages) - 1))
        for left in (s.toolbar.home_requested, s.reader.home_requested,
                     s.toolbar.questions_requested):
            left.connect(usage.guide_closed)
        for toggled in (s.offers.question_toggled, s.questions.question_toggled):
            toggled.connect(lambda question_id: question_id in self.session.picks.ids
                            and usage.question_added(question_id))
        self.printed.connect(usage.printed)
        s.toolbar.language_requested.connect(usage.language_switched)
        s.home.language_requested.connect(usage.language_switched)
        s.toolbar.text_smaller_requested.connect(usage.text_size_changed)
        s.toolbar.text_larger_requested.connect(usage.text_size_changed)
        s.toolbar.contrast_toggled.connect(lambda on: on and usage.high_contrast_on())
        s.reader.listen_requested.connect(usage.listen_used)
        # Taps that count nothing themselves but mean a patient is here.
        for tapped in (s.toolbar.questions_requested, s.toolbar.home_requested,
                       s.reader.contents_requested, s.reader.term_tapped,
                       s.questions.own_question_added, s.questions.preview_requested,
                       s.questions.clear_requested):
            tapped.connect(usage.activity)
        self.patient_reset.connect(lambda: usage.end_session(self.library.lang))

    def connect_lockdown(self, lockdown) -> None:
        """Kiosk mode: a long press in the corner asks for the admin PIN (lockdown: Lockdown)."""
        lockdown.admin_requested.connect(self.ask_pin)

    # --- what the patient sees --------------------------------------------------------------

    def show_library(self, library: Library, cache: RenderCache) -> None:
        """Show a (re)loaded library: strings, tiles, and home."""
        self.library = library
        self.cache = cache
        strings = library.strings
        s = self.screens
        s.toolbar.set_strings(strings)
        s.notice_bar.hide()  # its text is in the old language (a switch re-reports what matters)
        s.notice_bar.set_strings(strings)
        s.reader.set_strings(strings)
        s.toolbar.show_question_count(len(self.session.picks))
        self.term_popup.set_close_text(strings("glossary_close"), strings("glossary_close_name"))
        for part in self._staff_parts():
            part.set_strings(strings)
        self.contents.set_close_text(strings("close"), strings("close"))
        if library.guides:
            s.home.show_guides(library.guides, library.assets, strings("home_heading"),
                               strings("home_intro"))
        else:  # staff see why in the notice and the log; the staff corner still works
            s.home.show_guides((), library.assets, strings("content_unavailable_title"),
                               strings("content_unavailable_text"))
        s.toolbar.show_languages([(code, name) for code, name, _ in self.languages],
                                 library.lang)
        s.home.show_languages(self.languages, library.lang)
        self._show_visit_wording()
        self.offer_speech()
        self._show_welcome_content()
        self.setWindowTitle(strings("app_title"))
        if self.isVisible():
            self.apply_style()
        else:  # styled once, when shown at its real size (showEvent): a style costs ~50 ms
            self._style_size = None
        self.go_home()

    def current_screen(self) -> QWidget:
        return self.stack.currentWidget()

    def place(self) -> tuple:
        """Where the patient is: kept across a language switch."""
        s = self.screens
        if self.stack.currentWidget() is s.reader and s.reader.slug:
            return ("reader", s.reader.slug, s.reader.index,
                    s.reader.view.verticalScrollBar().value())
        if self.stack.currentWidget() is s.questions:
            return ("questions", s.questions.scroll.verticalScrollBar().value())
        if s.built_visit is not None and self.stack.currentWidget() is s.built_visit:
            return ("visit", s.built_visit.step)
        return ("home", s.home.scroll.verticalScrollBar().value())

    def restore_place(self, place: tuple) -> None:
        s = self.screens
        if place[0] == "reader" and self.library.guide(place[1]) is not None:
            self.open_guide(place[1])
            s.reader.show_page(place[2])
            s.reader.view.verticalScrollBar().setValue(place[3])
        elif place[0] == "questions":
            self.show_questions()
            s.questions.scroll.verticalScrollBar().setValue(place[1])
        elif place[0] == "visit":
            self.show_visit()
            s.visit.show_step(place[1])
        elif place[0] == "home":
            s.home.scroll.verticalScrollBar().setValue(place[1])
        else:  # a guide this language does not have: home, where every guide it has is shown
            self.go_home()

    def overlays(self) -> tuple:
        return (self.term_popup, self.contents, self.confirm, self.preview, self.idle_warning,
                *self._staff_parts(), self.screens.reader.offers_popup, self.print_panel)

    def close_popups(self) -> None:
        for overlay in self.overlays():
            overlay.close_overlay()

    def go_home(self) -> None:
        self.stop_speech()
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
        self.screens.offers.show_visit_offer(self.screens.has_visit
                                             and self.screens.reader.on_last_page())
        self.screens.reader.place_side()

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
                         s("questions_clear_no"), "clear_questions")

    def _confirmed(self, action: str) -> None:
        if action == "clear_questions":
            self.clear_questions()
        elif action == "start_over":
            self.reset_patient()

    def clear_questions(self) -> None:
        self.session.picks.clear()
        self._questions_changed()

    def _questions_changed(self) -> None:
        picks = self.session.picks
        self.screens.toolbar.show_question_count(len(picks))
        self.screens.offers.update_state(picks)
        self._visit_changed(None)
        if self.stack.currentWidget() is self.screens.questions:
            position = self.screens.questions.scroll.verticalScrollBar().value()
            self.screens.questions.show_state(self.library.questions, picks, self.library.strings)
            self.screens.questions.scroll.verticalScrollBar().setValue(position)

    def show_questions(self) -> None:
        self.stop_speech()
        self.close_popups()
        self.screens.reader.close_guide()
        self.screens.questions.show_state(self.library.questions, self.session.picks,
                                          self.library.strings)
        self.stack.setCurrentWidget(self.screens.questions)
        self.screens.questions.scroll_to_top()

    # --- text size and theme ---------------------------------------------------------------

    def set_contrast(self, on: bool) -> None:
        if on != self.session.high_contrast:
            self.session.high_contrast = on
            self.apply_style()

    def change_text_size(self, step: int) -> None:
        new = max(0, min(len(TEXT_SCALES) - 1, self.session.text_step + step))
        if new != self.session.text_step:
            self.session.text_step = new
            self.apply_style()

    def apply_style(self) -> None:
        """Restyle everything for the current theme, text size and window size."""
        theme = HIGH_CONTRAST if self.session.high_contrast else NORMAL
        scale = TEXT_SCALES[self.session.text_step]
        self._applied_style = (self.session.high_contrast, self.session.text_step)
        self._style_size = self._size_basis()
        sizes = Sizes.for_screen(self._style_size[1], scale, self._style_size[0])
        self.setStyleSheet(app_style_sheet(theme, sizes))
        self.screens.reader.view.highlight_colours = highlight_colours(theme)
        self.screens.reader.set_document_style(document_style_sheet(theme, sizes), sizes.body,
                                               self.library.assets, QApplication.font(),
                                               theme.link, theme.term, sizes.button * 46)
        self.screens.reader.place_side()
        self.screens.toolbar.show_text_size(
            round(scale * 100), self.session.text_step > 0,
            self.session.text_step < len(TEXT_SCALES) - 1)
        self.screens.toolbar.show_contrast(self.session.high_contrast)
        if self.screens.built_visit is not None:
            self._colour_visit(self.screens.built_visit)

    def _size_basis(self) -> tuple[int, int]:
        # Type is sized to the window: 1080 lines (and enough width) give 28 px body text.
        if not self.isVisible():
            return (1920, 1080)
        return (max(320, self.width()), max(600, self.height()))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        # A new screen, resolution or rotation lays the app out again for its size. Not before
        # the window is shown: showEvent styles it once at its real size (a style costs ~50 ms,
        # and the resize Qt delivers while showing would otherwise style it a second time).
        if self.isVisible() and self._size_basis() != getattr(self, "_style_size", None):
            self.apply_style()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().showEvent(event)
        # Styled before it was shown (for 1920x1080): now it knows its real size.
        if self._size_basis() != getattr(self, "_style_size", None):
            self.apply_style()

    # --- kiosk mode: lock-down, start over, idle reset, staff ------------------------------

    def enter_kiosk_mode(self, locked: bool) -> None:
        """Full screen and frameless; with `locked`, closing the window does nothing."""
        self.kiosk_mode = True
        self.locked = locked
        self.screens.toolbar.start_over_button.show()
        self.screens.reader.drop_present_button()  # slides are for a laptop and a projector
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        # A laptop's Ctrl+Q closes the app. In kiosk mode the lock-down swallows it first.
        if event.key() == Qt.Key.Key_Q and event.modifiers() & Qt.KeyboardModifier.ControlModifier \
                or event.matches(QKeySequence.StandardKey.Quit):
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API name
        if self.locked and not self._exiting:
            event.ignore()  # Alt+F4, the window manager's close: only staff can leave
            return
        super().closeEvent(event)

    def recover_from_error(self) -> None:
        """After an unexpected error: back to home (picks kept) with a calm notice."""
        self.close_popups()
        self.go_home()
        self.notifier.notice(self.library.strings("notice_error"))
