"""The main window's staff part: the PIN pad, the staff menu and what it shows and does.

A mixin of `kiosk.ui.window.MainWindow` (it uses the window's library, settings, printing,
notifier and signals); kept apart so the window's file holds what a patient sees. The PIN pad
and the menu are built the first time staff open them: most runs never do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import math

from kiosk import __version__
from kiosk.core.pages import format_date
from kiosk.ui.admin import AdminPanel, PinPad

log = logging.getLogger("kiosk.window")


class StaffMenu:
    """The staff corner of the window: PIN, menu, checks, test page, rollback and exit."""

    # --- staff: the PIN pad and the staff menu, built the first time staff open them ---------

    @functools.cached_property
    def pin_pad(self) -> PinPad:
        pad = PinPad(self.centralWidget())
        pad.pin_entered.connect(self.check_pin)
        pad.set_strings(self.library.strings)
        return pad

    @functools.cached_property
    def admin_panel(self) -> AdminPanel:
        panel = AdminPanel(self.centralWidget())
        panel.exit_requested.connect(self.exit_app)
        panel.reload_requested.connect(self.reload_requested)
        panel.test_print_requested.connect(self.print_test_page)
        panel.check_requested.connect(self.check_kiosk)
        panel.rollback_requested.connect(self.rollback_requested)
        panel.set_strings(self.library.strings)
        panel.set_rollback_available(self._can_roll_back)
        return panel

    def _staff_parts(self) -> list:
        """The staff parts built so far: most runs never build them (0.7 MiB and 3 ms saved)."""
        return [self.__dict__[name] for name in ("pin_pad", "admin_panel") if name in self.__dict__]


    # --- staff ------------------------------------------------------------------------------

    def ask_pin(self) -> None:
        self.close_popups()
        if self.pin_gate is None:  # --kiosk --unlocked: nothing to protect
            self.show_admin()
            return
        wait = self.pin_gate.wait_seconds()
        self.pin_pad.open_pad()
        if wait > 0:
            self.pin_pad.wait(math.ceil(wait), self.library.strings("admin_pin_wait"))

    def check_pin(self, pin: str) -> None:
        gate = self.pin_gate
        if gate is None:
            return
        if gate.check(pin):
            log.info("admin: PIN accepted")
            self.pin_pad.close_overlay()
            self.show_admin()
            return
        wait = gate.wait_seconds()
        log.warning("admin: wrong PIN (%d in a row)", gate.failures)
        if wait > 0:
            self.pin_pad.wait(math.ceil(wait), self.library.strings("admin_pin_wait"))
        else:
            self.pin_pad.show_message(self.library.strings("admin_pin_wrong",
                                                           tries=gate.tries_left()))

    def show_admin(self) -> None:
        self.admin_panel.show_panel(self.admin_facts())

    def admin_facts(self) -> str:
        s, library = self.library.strings, self.library
        today = dt.date.today()
        lines = [
            s("admin_version", version=__version__),
            s("admin_settings", source=self.settings.source),
            s("admin_log", path=str(self.log_path) if self.log_path else "-"),
            s("admin_printer", printer=self.settings.printer or s("admin_default_printer")),
            *self._printer_facts(),
            s("admin_times", idle=self.settings.idle_seconds, warn=self.settings.warn_seconds,
              limit=self.settings.print_page_limit),
            s("admin_content", folder=str(library.root), count=len(library.guides)),
            *self.pack_facts,
            *self.usage_facts(),
            "",
        ]
        for guide in library.guides:
            dates = s("admin_reviewed", reviewed=format_date(guide.reviewed, library.lang),
                      review_by=format_date(guide.review_by, library.lang))
            late = f"  {s('admin_review_late')}" if guide.review_by < today else ""
            lines.append(f"• {guide.title}: {dates}{late}")
        return "\n".join(lines)

    def check_kiosk(self) -> None:
        """Staff: what works here (the `kiosk doctor` checks, with the app's own speech)."""
        from kiosk.commands.doctor import run_checks

        reason = "" if self.speech is not None else self.library.strings("admin_no_speech")
        checks = run_checks(self.settings, self.library.root.parent, self.speech, reason)
        for check in checks:
            log.info("admin: check: %s", check.line())
        ok = sum(check.ok for check in checks)
        self.admin_panel.show_checks("\n".join(check.line() for check in checks),
                                     self.library.strings("admin_checked", ok=ok,
                                                          total=len(checks)))

    def show_pack_facts(self, lines: list[str], can_roll_back: bool) -> None:
        """What the staff menu says about content packs (refusals are flagged here)."""
        self.pack_facts = lines
        self._can_roll_back = can_roll_back
        if "admin_panel" not in self.__dict__:
            return  # the menu shows them when it is first built
        self.admin_panel.set_rollback_available(can_roll_back)
        if self.admin_panel.isVisible():
            self.admin_panel.info.setText(self.admin_facts())

    def usage_facts(self) -> list[str]:
        """The staff menu's usage lines: on or off, and today's and the week's main counts."""
        s = self.library.strings
        if self.usage is None:
            return ["", s("admin_usage_off")]
        lines = ["", s("admin_usage_on", folder=str(self.usage.outbox))]
        for key, counts in zip(("admin_usage_today", "admin_usage_week"), self.usage.summary(7),
                               strict=True):
            lines.append(s(key, sessions=counts.sessions,
                           opened=sum(counts.guides_opened.values()),
                           completed=sum(counts.guides_completed.values()),
                           questions=sum(counts.questions_added.values()),
                           printed=sum(counts.printed.values())))
        return lines

    def _printer_facts(self) -> list[str]:
        ask = getattr(self.printing, "printer_state", None)
        if ask is None:
            return []
        s = self.library.strings
        state = ask()
        words = {"ready": "admin_printer_ready", "paused": "admin_printer_paused",
                 "missing": "admin_printer_missing"}
        text = s(words.get(state.state, "admin_printer_unknown"))
        if state.name:
            text = f"{state.name}, {text}"
        if state.jobs > 0:
            text += f"; {s('admin_printer_jobs', count=state.jobs)}"
        log.info("admin: printer %s: %s (%d jobs) %s", state.name or "-", state.state,
                 state.jobs, state.detail)
        return [s("admin_printer_state", state=text)]

    def show_admin_status(self, text: str) -> None:
        self.admin_panel.show_status(text)

    def print_test_page(self) -> None:
        from kiosk.core.questions import QuestionPicks, build_sheet

        s = self.library.strings
        picks = QuestionPicks(ids=self.library.questions.ids()[:3])
        sheet = build_sheet(self.library, picks, self.settings, dt.date.today())
        sheet = dataclasses.replace(sheet, title=s("admin_test_title"),
                                    intro=s("admin_test_intro", version=__version__))
        result = self.printing.print_sheet(sheet)
        log.info("admin: test page: %s", result.detail)
        self.show_admin_status(s("admin_test_done") if result.ok
                               else s("admin_test_failed", detail=result.detail))

    def exit_app(self) -> None:
        log.info("admin: exit")
        self._exiting = True
        self.exit_requested.emit()
