"""The main window's printing part: the question sheet (its preview and printing) and a guide
as a handout, one job per tap, with the page count shown first and the per-patient page limit in
kiosk mode; a printed job is a toast, no printer or a failure a calm notice.

A mixin of `kiosk.ui.window.MainWindow` (it uses the window's library, session, settings, print
seams, guards, panels and notifier); kept apart so the window's file holds the rest of what a
patient sees.
"""

from __future__ import annotations

import datetime as dt


class PrintFlow:
    """The window's side of printing (the print seams are kiosk/print_seams.py)."""

    def current_sheet(self):
        from kiosk.core.questions import build_sheet

        return build_sheet(self.library, self.session.picks, self.settings, dt.date.today())

    def show_preview(self) -> None:
        self._preview_of = "questions"
        s = self.library.strings
        self.preview.show_pages(s("preview_title"), s("questions_print"), s("preview_back"),
                                lambda width: self.printing.sheet_images(self.current_sheet(),
                                                                         width))

    def print_previewed(self) -> None:
        """Print from the preview: whichever sheet it was showing."""
        if self._preview_of == "visit":
            self.print_visit()
        else:
            self.print_questions()

    def print_questions(self) -> None:
        """Print the sheet, once per tap; whatever happens, the patient's picks stay."""
        if self.print_guard.busy:
            return
        sheet = self.current_sheet()
        count = getattr(self.printing, "sheet_pages", None)  # seams from before it existed
        pages = count(sheet) if count else 1
        if self._over_page_limit(pages):
            return
        result = self.print_guard.send(
            [self.screens.questions.print_button, self.preview.print_button],
            self.library.strings("print_busy"), lambda: self.printing.print_sheet(sheet))
        if result is None:
            return
        self._count_printed(result)
        self._report_print(result, "notice_printed", "notice_print_failed", kind="question_sheet")

    def print_guide(self, slug: str) -> None:
        """Print the open guide as a handout; in kiosk mode, after the patient has seen how many
        pages it takes. A failure is a calm notice."""
        if self.printing.print_guide is None or self.library.guide(slug) is None \
                or self.print_guard.busy:
            return
        if not self.kiosk_mode:
            self.print_guide_now(slug)
            return
        count = getattr(self.printing, "guide_pages", None)
        if count is None:  # seams that cannot count pages: nothing to show first
            self.print_guide_now(slug)
            return
        pages = count(self.library, slug)
        if self._over_page_limit(pages):
            return
        s = self.library.strings
        self.print_panel.ask(slug, pages, s("print_confirm_title"),
                             s("print_confirm_pages", pages=pages),
                             s("print_confirm_yes", pages=pages), s("print_confirm_no"))

    def print_guide_now(self, slug: str) -> None:
        if self.printing.print_guide is None or self.library.guide(slug) is None:
            return
        result = self.print_guard.send(
            [self.screens.reader.print_button, self.print_panel.print_button],
            self.library.strings("print_busy"), lambda: self.printing.print_guide(self.library, slug))
        if result is None:
            return
        self._count_printed(result)
        self._report_print(result, "notice_guide_printed", "notice_guide_print_failed",
                           "notice_guide_no_printer", kind="guide_handout")

    def _over_page_limit(self, pages: int) -> bool:
        """Kiosk mode: True (with a calm notice) if these pages would pass this patient's limit."""
        if not self.kiosk_mode or \
                self.session.pages_printed + max(pages, 1) <= self.settings.print_page_limit:
            return False
        self.notifier.notice(self.library.strings("notice_print_limit"),
                             detail=f"page limit {self.settings.print_page_limit}: "
                                    f"{self.session.pages_printed} printed, {pages} asked")
        return True

    def _count_printed(self, result) -> None:
        if result.ok:
            self.session.pages_printed += result.pages

    def _report_print(self, result, printed_key: str, failed_key: str,
                      no_printer_key: str = "notice_no_printer", kind: str = "") -> None:
        """A printed job is a toast; no printer or a failure is a calm notice (details logged)."""
        s = self.library.strings
        if result.ok:
            self.toast.show_message(s(printed_key))
            if kind:
                self.printed.emit(kind)
        else:
            key = no_printer_key if result.reason == "no_printer" else failed_key
            self.notifier.notice(s(key), detail=result.detail)
