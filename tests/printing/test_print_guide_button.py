"""The Print button on every guide page prints that guide; a failure is a calm notice."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from uihelpers import tap

from kiosk.app import KioskApp, LaunchOptions
from kiosk.core.config import Settings
from kiosk.printing import PrintResult, PrintTarget, iter_sheet_images, print_guide, print_sheet
from kiosk.ui.window import PrintSeams

REPO = Path(__file__).resolve().parents[2]


def _app(qtbot, seams: PrintSeams) -> KioskApp:
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets"), Settings(), printing=seams)
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    return kiosk


def test_print_this_guide_prints_the_open_guide(qtbot, tmp_path):
    out = tmp_path / "guide.pdf"
    seams = PrintSeams(
        print_sheet=lambda sheet: print_sheet(sheet, PrintTarget(pdf=tmp_path / "s.pdf")),
        sheet_images=iter_sheet_images,
        print_guide=lambda library, slug: print_guide(library, slug, Settings(),
                                                      PrintTarget(pdf=out)))
    kiosk = _app(qtbot, seams)
    guide = kiosk.library.guides[3]
    kiosk.window.open_guide(guide.slug)
    tap(qtbot, kiosk.screens.reader.next_button)
    button = kiosk.screens.reader.print_button
    assert button.text() == "Print this guide"
    tap(qtbot, button)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    assert guide.title in text and all(page.title in text for page in guide.pages)
    assert kiosk.window.toast.isVisible()
    assert kiosk.window.toast.text().startswith("The guide is printing")


def test_no_printer_for_a_guide_is_a_calm_notice(qtbot):
    seams = PrintSeams(
        print_sheet=lambda sheet: PrintResult(False, 0, "no_printer", "none"),
        sheet_images=iter_sheet_images,
        print_guide=lambda library, slug: PrintResult(False, 0, "failed", "printer jammed"))
    kiosk = _app(qtbot, seams)
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    tap(qtbot, kiosk.screens.reader.print_button)
    bar = kiosk.screens.notice_bar
    assert bar.isVisible() and bar.text.text().startswith("The guide did not print")
    assert kiosk.window.current_screen() is kiosk.screens.reader
