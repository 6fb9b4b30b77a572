"""Printing that cannot run away: one job per tap, the page count first, a per-patient limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from uihelpers import tap

from kiosk.app import KioskApp, KioskTimings, LaunchOptions
from kiosk.core.config import Settings
from kiosk.printing import PrintResult, PrintTarget, iter_sheet_images, print_guide, print_sheet
from kiosk.printing.printer_state import (
    PrinterState,
    parse_default,
    parse_jobs,
    parse_printer,
    printer_state,
)
from kiosk.ui.window import PrintSeams

REPO = Path(__file__).resolve().parents[2]


class PdfPrinting:
    """The app's real seams, printing to numbered PDFs in a folder instead of a printer."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.jobs: list[Path] = []
        real = KioskApp._printing(settings)
        self.seams = PrintSeams(print_sheet=self.print_sheet, sheet_images=iter_sheet_images,
                                print_guide=self.print_guide, guide_pages=real.guide_pages,
                                sheet_pages=real.sheet_pages,
                                printer_state=lambda: PrinterState("kiosk-pdf", "ready", 0))
        self.settings = settings

    def _next(self) -> Path:
        path = self.folder / f"job-{len(self.jobs) + 1}.pdf"
        self.jobs.append(path)
        return path

    def print_sheet(self, sheet) -> PrintResult:
        return print_sheet(sheet, PrintTarget(pdf=self._next()))

    def print_guide(self, library, slug: str) -> PrintResult:
        return print_guide(library, slug, self.settings, PrintTarget(pdf=self._next()))


@pytest.fixture
def kiosk_printing(qtbot, tmp_path):
    built: list[KioskApp] = []

    def build(settings: Settings | None = None, kiosk_mode: bool = True,
              seams: PrintSeams | None = None) -> KioskApp:
        settings = settings or Settings()
        printing = PdfPrinting(tmp_path, settings)
        options = LaunchOptions(REPO / "content", REPO / "assets", kiosk_mode=kiosk_mode,
                                unlocked=True)
        kiosk = KioskApp(options, settings, printing=seams or printing.seams,
                         timings=KioskTimings(60_000, 1_000, 80))
        kiosk.pdf = printing
        built.append(kiosk)
        kiosk.window.print_guard._settle.setInterval(300)  # test speed
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        if kiosk_mode:
            tap(qtbot, kiosk.window.welcome)
        return kiosk

    yield build
    for kiosk in built:
        if kiosk.idle is not None:
            kiosk.idle.stop()
            kiosk.lockdown.stop()
        kiosk.window._exiting = True
        kiosk.window.close()


def press(qtbot, button) -> None:
    """A tap on a button however it stands (off, or hidden under a closed panel)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())


def _pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def test_a_triple_tap_on_print_my_sheet_prints_once(kiosk_printing, qtbot):
    """Ensure three quick taps on "Print my sheet" send one job, the button says "Printing…"
    while it is off, and it comes back for a later, separate print."""
    kiosk = kiosk_printing()
    window = kiosk.window
    window.toggle_question(kiosk.library.questions.ids()[0])
    window.show_questions()
    button = kiosk.screens.questions.print_button
    tap(qtbot, button)
    press(qtbot, button)  # the second and third taps come while the job is being sent
    press(qtbot, button)
    assert len(kiosk.pdf.jobs) == 1 and _pages(kiosk.pdf.jobs[0]) == 1
    assert button.text() == "Printing…" and not button.isEnabled()
    qtbot.waitUntil(button.isEnabled, timeout=3000)
    assert button.text() == "Print my sheet"
    tap(qtbot, button)
    assert len(kiosk.pdf.jobs) == 2


def test_print_this_guide_shows_the_page_count_and_cancel_prints_nothing(kiosk_printing, qtbot):
    """Ensure in kiosk mode "Print this guide" first shows how many pages it prints, with Print
    and Cancel; Cancel prints nothing; Print prints exactly that many pages, once."""
    kiosk = kiosk_printing()
    window = kiosk.window
    guide = kiosk.library.guides[1]
    window.open_guide(guide.slug)
    tap(qtbot, kiosk.screens.reader.print_button)
    panel = window.print_panel
    assert panel.isVisible() and panel.title.text() == "Print this guide?"
    pages = panel.pages
    assert pages >= 2
    assert panel.text.text() == (f"This guide prints on {pages} pages. "
                                 "Please pick them up at the front desk.")
    assert panel.print_button.text() == f"Print {pages} pages"
    assert panel.close_button.text() == "Cancel" and panel.close_button.hasFocus()
    tap(qtbot, panel.close_button)
    assert not panel.isVisible() and kiosk.pdf.jobs == []
    tap(qtbot, kiosk.screens.reader.print_button)
    tap(qtbot, panel.print_button)
    press(qtbot, panel.print_button)  # more taps, on a closed panel and a busy button: nothing
    press(qtbot, kiosk.screens.reader.print_button)
    assert len(kiosk.pdf.jobs) == 1 and _pages(kiosk.pdf.jobs[0]) == pages
    assert kiosk.session.pages_printed == pages
    assert window.toast.text().startswith("The guide is printing")


def test_the_page_limit_stops_the_next_print_and_resets_with_the_patient(kiosk_printing, qtbot):
    """Ensure a print that would pass the per-patient page limit is refused with a calm message,
    and the next patient has the whole limit again."""
    kiosk = kiosk_printing(Settings(print_page_limit=8))
    window = kiosk.window
    guide = kiosk.library.guides[1]
    window.open_guide(guide.slug)
    tap(qtbot, kiosk.screens.reader.print_button)
    pages = window.print_panel.pages
    assert pages <= 8 < 2 * pages
    tap(qtbot, window.print_panel.print_button)
    assert len(kiosk.pdf.jobs) == 1
    window.print_guard.release()
    tap(qtbot, kiosk.screens.reader.print_button)
    assert not window.print_panel.isVisible() and len(kiosk.pdf.jobs) == 1
    bar = kiosk.screens.notice_bar
    assert bar.isVisible() and bar.text.text().startswith("That would be more pages than we can")
    assert "pages printed" in window.leftover_patient_state()
    window.reset_patient()
    assert kiosk.session.pages_printed == 0 and window.leftover_patient_state() == []
    tap(qtbot, window.welcome)
    window.open_guide(guide.slug)
    tap(qtbot, kiosk.screens.reader.print_button)
    tap(qtbot, window.print_panel.print_button)
    assert len(kiosk.pdf.jobs) == 2


def test_the_sheet_counts_toward_the_limit_too(kiosk_printing, qtbot):
    """Ensure a sheet past the limit is refused with the same calm message."""
    kiosk = kiosk_printing(Settings(print_page_limit=1))
    window = kiosk.window
    window.toggle_question(kiosk.library.questions.ids()[0])
    window.print_questions()
    window.print_guard.release()
    window.print_questions()
    assert len(kiosk.pdf.jobs) == 1
    assert kiosk.screens.notice_bar.text.text().startswith("That would be more pages")


def test_outside_kiosk_mode_print_this_guide_prints_at_once(kiosk_printing, qtbot):
    """Ensure the staff laptop keeps its one-tap print, with no panel and no limit."""
    kiosk = kiosk_printing(Settings(print_page_limit=1), kiosk_mode=False)
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    tap(qtbot, kiosk.screens.reader.print_button)
    assert not kiosk.window.print_panel.isVisible() and len(kiosk.pdf.jobs) == 1


def test_the_staff_menu_shows_the_printer_state_and_the_times_in_force(kiosk_printing, qtbot):
    """Ensure the staff menu says the printer's state and jobs waiting, and the idle and warning
    times and page limit in force."""
    settings = Settings(idle_seconds=90, warn_seconds=15, print_page_limit=12)
    seams = PrintSeams(print_sheet=lambda s: PrintResult(True, 1, "", ""),
                       sheet_images=iter_sheet_images,
                       printer_state=lambda: PrinterState("Front_Desk", "paused", 3))
    kiosk = kiosk_printing(settings, seams=seams)
    kiosk.window.show_admin()
    facts = kiosk.window.admin_panel.info.text()
    assert "Printer state: Front_Desk, paused (it holds new jobs); jobs waiting: 3" in facts
    assert "Idle warning after 90 s, then a 15 s countdown. Page limit per patient: 12." in facts


def test_lpstat_output_is_read_as_ready_paused_missing_and_jobs():
    """Ensure CUPS's words become the states the staff menu shows."""
    assert parse_default("system default destination: kiosk-pdf\n") == "kiosk-pdf"
    assert parse_default("no system default destination\n") == ""
    assert parse_printer("kiosk-pdf", 0, "printer kiosk-pdf is idle.  enabled since Tue")[0] \
        == "ready"
    assert parse_printer("hp", 0, "printer hp now printing hp-12.  enabled since Tue")[0] \
        == "ready"
    assert parse_printer("hp", 0, "printer hp disabled since Tue -\n\tPaused")[0] == "paused"
    assert parse_printer("x", 1, 'lpstat: Invalid destination name in list "x".')[0] == "missing"
    assert parse_jobs("hp", "hp-12  root  1024  Tue\nhp-13  root  2048  Tue\n") == 2
    answers = {("lpstat", "-d"): (0, "system default destination: hp\n"),
               ("lpstat", "-p", "hp"): (0, "printer hp disabled since Tue -\n\treason\n"),
               ("lpstat", "-o", "hp"): (0, "hp-7 root 10 Tue\n")}
    state = printer_state("", run=lambda argv: answers[tuple(argv)])
    assert (state.name, state.state, state.jobs) == ("hp", "paused", 1)
    none = printer_state("", run=lambda argv: (1, "no system default destination\n"))
    assert none.state == "missing"


def _cups_answers() -> bool:
    import shutil
    import subprocess

    if shutil.which("lpstat") is None:
        return False
    run = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, timeout=10)
    return run.returncode == 0 and "not running" not in run.stdout


# CI sets KIOSK_REQUIRE_CUPS=1 so a scheduler that failed to start is a failure, not a skip.
@pytest.mark.cups
@pytest.mark.skipif(not _cups_answers() and not os.environ.get("KIOSK_REQUIRE_CUPS"),
                    reason="no CUPS server answers `lpstat -r` on this machine")
def test_print_this_guide_through_a_real_cups_queue_after_the_page_count(qtbot, tmp_path):
    """Ensure in kiosk mode a guide confirmed on the page-count panel reaches the kiosk-pdf CUPS
    queue once, with the pages shown, and the staff menu reads that queue's state."""
    import time

    from test_cups import QUEUE, _output_folders, _pdfs

    assert _cups_answers(), "KIOSK_REQUIRE_CUPS is set but no CUPS scheduler answers `lpstat -r`"
    assert printer_state(QUEUE).state == "ready", printer_state(QUEUE)
    settings = Settings(printer=QUEUE)
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets", kiosk_mode=True,
                                   unlocked=True), settings,
                     timings=KioskTimings(60_000, 1_000, 80))
    try:
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        tap(qtbot, kiosk.window.welcome)
        guide = kiosk.library.guides[1]
        kiosk.window.open_guide(guide.slug)
        folders = _output_folders()
        before = _pdfs(folders)
        tap(qtbot, kiosk.screens.reader.print_button)
        pages = kiosk.window.print_panel.pages
        tap(qtbot, kiosk.window.print_panel.print_button)
        press(qtbot, kiosk.screens.reader.print_button)  # a second tap: nothing
        assert kiosk.session.pages_printed == pages
        kiosk.window.show_admin()
        assert f"Printer state: {QUEUE}, " in kiosk.window.admin_panel.info.text()

        def landed() -> list[Path]:
            return [p for p, mtime in _pdfs(folders).items() if before.get(p) != mtime]

        deadline = time.monotonic() + 60
        while not landed() and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(1.5)  # cups-pdf may still be closing the file; a second job would show now
        new = landed()
        assert len(new) == 1, f"expected one PDF in {folders}, found {new}"
        printed = PdfReader(new[0])
        assert len(printed.pages) == pages
        assert guide.title in " ".join((printed.pages[0].extract_text() or "").split())
    finally:
        kiosk.idle.stop()
        kiosk.lockdown.stop()
        kiosk.window._exiting = True
        kiosk.window.close()
