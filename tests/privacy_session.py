"""One whole patient session on the real app, for tests/test_privacy.py (run as its own process,
so HOME, the XDG folders and TMPDIR it is given apply from the first import).

Usage: python tests/privacy_session.py OUT_DIR TYPED_QUESTION
Reads guides, picks three questions by tapping, types a question, previews and prints the sheet to
OUT_DIR/sheet.pdf, hits an unexpected error that quotes the typed text, then starts over.
Prints the picked questions' texts, one per line, for the test to look for.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kiosk.qtcompat import keep_singletons_alive  # noqa: E402

keep_singletons_alive()

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk import printing  # noqa: E402
from kiosk.app import (  # noqa: E402
    KioskApp,
    LaunchOptions,
    create_application,
    install_excepthook,
    setup_logging,
)
from kiosk.core import resources  # noqa: E402
from kiosk.core.config import load_settings  # noqa: E402
from kiosk.ui.window import PrintSeams  # noqa: E402


def tap(widget) -> None:
    QApplication.processEvents()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    QApplication.processEvents()


def main() -> int:
    out, typed = Path(sys.argv[1]), sys.argv[2]
    log_path = setup_logging()
    settings, _ = load_settings(None)
    app = create_application()
    seams = PrintSeams(
        print_sheet=lambda sheet: printing.print_sheet(
            sheet, printing.PrintTarget(pdf=out / "sheet.pdf")),
        sheet_images=printing.iter_sheet_images)
    kiosk = KioskApp(LaunchOptions(resources.content_root(), resources.assets_dir()), settings,
                     printing=seams, log_path=log_path)
    install_excepthook(kiosk)
    window, s = kiosk.window, kiosk.screens
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    picked, picked_ids = [], []
    for guide in kiosk.library.guides[:3]:  # read, and pick what each guide offers first
        tap(next(t for t in s.home.tiles if t.slug == guide.slug))
        while not s.offers.buttons and not s.reader.on_last_page():
            tap(s.reader.next_button)
        if s.offers.buttons:
            question_id, button = next(iter(s.offers.buttons.items()))
            tap(button)
            picked.append(kiosk.library.questions.get(question_id).text)
            picked_ids.append(question_id)
        tap(s.toolbar.home_button)
    tap(s.toolbar.questions_button)
    s.questions.own_field.setFocus()
    QTest.keyClicks(s.questions.own_field, typed)
    tap(s.questions.own_add)
    QTest.keyClicks(s.questions.own_field, typed + " (half typed)")
    tap(s.questions.preview_button)
    tap(window.preview.print_button)

    def broken() -> None:
        raise ValueError(f"could not handle {typed!r}")

    s.reader.page_shown.connect(broken)
    window.open_guide(kiosk.library.guides[0].slug)  # the excepthook logs and recovers
    s.reader.page_shown.disconnect(broken)
    window.reset_patient()
    leftovers = window.leftover_patient_state()
    kiosk.close_usage()  # as at exit: usage counts (on in this run's settings) are written
    window.close()
    app.processEvents()
    print("LOG", log_path)
    print("LEFTOVERS", leftovers)
    for text in picked:
        print("PICKED", text)
    for question_id in picked_ids:
        print("PICKED_ID", question_id)
    print("USAGE", kiosk.usage.outbox if kiosk.usage else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
