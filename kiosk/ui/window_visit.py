"""The main window's My visit sheet part: its screen (built on first use), wording, answers,
preview and printing.

A mixin of `kiosk.ui.window.MainWindow` (it uses the window's session, visit packs, printing,
stack and notifier); kept apart so the window's file holds the rest of what a patient sees.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from kiosk.core.visit import WHO_IDS
from kiosk.ui.theme import HIGH_CONTRAST, NORMAL

if TYPE_CHECKING:
    from kiosk.ui.visit import VisitScreen

log = logging.getLogger("kiosk.window")


class VisitFlow:
    """The visit sheet's side of the window: the session's answers shown and printed."""

    def _visit_built(self, v: VisitScreen) -> None:
        """My visit sheet's screen was just built: wire, style and word it like the others."""
        self.stack.addWidget(v)
        answers = self.session.visit
        v.region_toggled.connect(lambda r: self._visit_changed(answers.toggle_region, r))
        v.scale_chosen.connect(lambda k, n: self._visit_changed(answers.set_scale, k, n))
        v.duration_chosen.connect(lambda d: self._visit_changed(answers.set_duration, d))
        v.effect_toggled.connect(lambda e: self._visit_changed(answers.toggle_effect, e))
        v.outcome_chosen.connect(lambda t, o: self._visit_changed(answers.set_outcome, t, o))
        v.goal_toggled.connect(lambda g: self._visit_changed(answers.toggle_goal, g))
        v.bilingual_toggled.connect(lambda on: self._visit_changed(
            setattr, answers, "bilingual", on))
        v.questions_requested.connect(self.show_questions)
        v.preview_requested.connect(self.show_visit_preview)
        v.print_requested.connect(self.print_visit)
        self._colour_visit(v)
        self._show_visit_wording()

    # --- my visit sheet ----------------------------------------------------------------------

    def _show_visit_wording(self) -> None:
        """The visit steps and the entry points in the pack's words (hidden without a pack)."""
        s = self.screens
        ready = s.has_visit and self.visit_packs is not None \
            and self.visit_packs.has(self.library.lang)
        w = self.visit_packs.wording(self.library.lang) if ready else None
        s.home.show_visit_button(w.label("home_button") if w else "",
                                 w.label("home_button_name") if w else "",
                                 w.label("home_hint") if w else "")
        s.questions.show_visit_button(w.label("questions_button") if w else "")
        s.questions.set_who_headings({who: w(f"who.{who}") for who in WHO_IDS} if w else {})
        s.offers.set_visit_words(w.label("offer_title") if w else "",
                                 w.label("offer_button") if w else "")
        if w is not None and s.built_visit is not None:
            clinic = self._clinic_language()
            s.built_visit.show_wording(w, self.visit_packs.language_name(clinic) if clinic else "")
            self._visit_changed(None)

    def _clinic_language(self) -> str:
        """The clinic's language when it differs from the patient's (and has words), else ''."""
        clinic = self.settings.clinic_language
        if self.visit_packs is None or clinic == self.library.lang \
                or not self.visit_packs.has(clinic):
            return ""
        return clinic

    def _visit_changed(self, change: Callable | None, *args) -> None:
        """Apply one answer to the session's visit answers, then show what the model holds."""
        if change is not None:
            change(*args)
        v = self.screens.built_visit  # a screen not built yet shows the answers when it is
        if v is None or self.visit_packs is None or not hasattr(v, "wording"):
            return
        sheet = self.current_visit_sheet(bilingual=False)
        v.show_answers(self.session.visit, [(g.heading[0], [q for q, _ in g.questions])
                                            for g in sheet.groups])

    def show_visit(self) -> None:
        if self.screens.visit is None or not hasattr(self.screens.visit, "wording"):
            return
        self.stop_speech()
        self.close_popups()
        self.screens.reader.close_guide()
        self._visit_changed(None)
        self.stack.setCurrentWidget(self.screens.visit)
        self.screens.visit.show_step(self.screens.visit.step)
        self.screens.visit.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_visit_sheet(self, bilingual: bool | None = None):
        """The visit sheet as it prints (kiosk.core.visit_sheet.VisitSheet)."""
        from kiosk.core.visit_sheet import build_visit_sheet

        packs, answers = self.visit_packs, self.session.visit
        clinic = self._clinic_language()
        both = bool(clinic) and (answers.bilingual if bilingual is None else bilingual)
        return build_visit_sheet(
            answers, self.session.picks, packs.wording(self.library.lang),
            self.library.questions, self.settings, self.library.assets, dt.date.today(),
            packs.wording(clinic) if both else None, packs.questions(clinic) if both else None)

    def show_visit_preview(self) -> None:
        if self.printing.visit_images is None:
            return
        self._preview_of = "visit"
        w = self.visit_packs.wording(self.library.lang)
        self.preview.show_pages(w.label("preview_title"), w.label("print"), w.label("preview_back"),
                                lambda width: self.printing.visit_images(
                                    self.current_visit_sheet(), width))

    def print_visit(self) -> None:
        """Print the visit sheet; whatever happens, the answers stay as they are."""
        w = self.visit_packs.wording(self.library.lang)
        if self.printing.print_visit is None:
            self.notifier.notice(w.label("print_failed"), detail="no way to print a visit sheet")
            return
        if self.visit_print_guard.busy:
            return
        sheet = self.current_visit_sheet()
        if self._over_page_limit(1):  # a visit sheet is one page (two with many questions)
            return
        buttons = [self.preview.print_button]
        if self.screens.built_visit is not None:
            buttons.append(self.screens.built_visit.print_button)
        result = self.visit_print_guard.send(buttons, self.library.strings("print_busy"),
                                             lambda: self.printing.print_visit(sheet))
        if result is None:
            return
        self._count_printed(result)
        if result.ok:
            self.toast.show_message(w.label("printed"))
            self.printed.emit("visit_sheet")
        else:
            key = "no_printer" if result.reason == "no_printer" else "print_failed"
            self.notifier.notice(w.label(key), detail=result.detail)

    def _colour_visit(self, v: VisitScreen) -> None:
        theme = HIGH_CONTRAST if self.session.high_contrast else NORMAL
        v.body_map.set_colours(theme.tile, theme.primary, theme.button_border, theme.focus,
                               theme.text)

