"""The main window's kiosk part between patients: Start over, the idle warning, the reset that
forgets the last patient (and checks that it did), and the welcome screen at rest.

A mixin of `kiosk.ui.window.MainWindow` (it uses the window's screens, session, overlays and
signals); kept apart so the window's file holds the rest of what a patient sees.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt

from kiosk.ui.clipboard import clear_every_clipboard, clipboard_holds_text
from kiosk.ui.welcome import WelcomeItem, WelcomeStart

log = logging.getLogger("kiosk.window")


class PatientReset:
    """The window's side of a patient's start and end in kiosk mode."""

    def ask_start_over(self) -> None:
        s = self.library.strings
        self.confirm.ask(s("start_over_confirm"), s("start_over_yes"), s("start_over_no"),
                         "start_over")

    def warn_idle(self, seconds: int) -> None:
        if self.welcome.isVisible():
            return  # nobody is here to warn
        s = self.library.strings
        self.idle_warning.warn(s("idle_title"), s("idle_text"), s("idle_yes"), seconds)

    def reset_patient(self) -> None:
        """Forget everything the last patient did, then check that it is really gone."""
        self.close_popups()
        self.toast.hide()
        self.screens.notice_bar.hide()
        self.print_guard.release()
        self.visit_print_guard.release()
        self.session.reset()
        self.screens.questions.forget_typing()
        self.preview.forget()
        if self.screens.built_visit is not None:
            self.screens.built_visit.show_step(0)
        clear_every_clipboard()
        self.screens.reader.slower_button.setChecked(False)  # read aloud at normal speed again
        self.go_home()  # first: a language switch then has no page to bring back
        if self.library.lang != self.session.lang:
            self.language_requested.emit(self.session.lang)  # reloads, restyles, shows home
        else:
            self.apply_style()
        self._questions_changed()
        self.screens.questions.show_state(self.library.questions, self.session.picks,
                                          self.library.strings)
        self.screens.questions.scroll_to_top()
        self._visit_changed(None)
        leftovers = self.leftover_patient_state()
        if leftovers:
            log.error("reset left patient state behind: %s", ", ".join(leftovers))
            self.reset_failed.emit(leftovers)  # the app builds a new window, then switches packs
        else:
            log.info("patient session reset")
            self.patient_reset.emit()
            self.show_welcome()

    def leftover_patient_state(self) -> list[str]:
        """The names of every kind of patient state still present (empty after a good reset)."""
        s, session = self.screens, self.session
        found = []
        if session.picks.ids or session.picks.own:
            found.append("picked or typed questions")
        if session.text_step != session.default_text_step \
                or self._applied_style != (False, session.default_text_step):
            found.append("text size")
        if session.high_contrast:
            found.append("theme")
        if session.lang != session.default_lang or self.library.lang != session.default_lang:
            found.append("language")
        if s.questions.own_field.text() or s.questions.own_field.isUndoAvailable():
            found.append("typing field")
        if s.reader.slug or s.reader.pages or s.reader.index:
            found.append("open guide and page")
        if self.stack.currentWidget() is not s.home:
            found.append("screen")
        if s.home.scroll.verticalScrollBar().value() or \
                s.questions.scroll.verticalScrollBar().value() or \
                s.reader.view.verticalScrollBar().value():
            found.append("scroll position")
        if any(overlay.isVisible() for overlay in self.overlays()) or self.toast.isVisible():
            found.append("popups")
        if self.preview.page_labels:
            found.append("sheet preview")
        if any(button.isChecked() for button in s.offers.buttons.values()) or \
                any(row.isChecked() for row in s.questions.rows.values()) or s.questions.picked:
            found.append("question checks")
        if session.visit.filled_parts():
            found.append("visit answers (" + ", ".join(session.visit.filled_parts()) + ")")
        v = s.built_visit
        if v is not None and (v.shows_answers() or v.step or any(v.scroll_positions())):
            found.append("visit sheet screen")
        if s.toolbar.questions_button.text() != self.library.strings("toolbar_questions",
                                                                      count=0):
            found.append("question count")
        if clipboard_holds_text():
            found.append("clipboard")
        if session.pages_printed:
            found.append("pages printed")
        if self.print_guard.busy:
            found.append("print in progress")
        return found

    # --- kiosk mode at rest: the welcome screen ---------------------------------------------

    def show_welcome(self) -> None:
        """Kiosk mode: the welcome screen covers everything until a patient taps it."""
        if self.kiosk_mode:
            self.welcome.show_welcome()

    def start_visit(self, lang: str) -> None:
        """A patient tapped the welcome screen (a start button: in that language)."""
        if lang and lang != self.library.lang:
            self.language_requested.emit(lang)
        self.visit_started.emit()
        if self.screens.home.tiles and self.stack.currentWidget() is self.screens.home:
            self.screens.home.tiles[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def set_welcome_starts(self, starts: list[tuple[str, str, str]]) -> None:
        """One start button per offered language: (code, start words, accessible name)."""
        self.welcome_starts = starts
        self._show_welcome_content()

    def _show_welcome_content(self) -> None:
        from kiosk.core.questions import clinic_logo

        library, s = self.library, self.library.strings
        items = [WelcomeItem(g.title, g.summary, library.assets / g.icon) for g in library.guides]
        items.append(WelcomeItem(s("welcome_questions"), s("welcome_questions_summary"),
                                 library.assets / "icons" / "questions.svg"))
        starts = [WelcomeStart(code, text, name) for code, text, name in self.welcome_starts] \
            or [WelcomeStart(library.lang, s("welcome_start"), s("welcome_start"))]
        self.welcome.show_content(self.settings.clinic_name or s("app_title"),
                                  clinic_logo(self.settings, library.assets), s("welcome_title"),
                                  s("welcome_intro"), s("welcome_offers"), items, starts)
