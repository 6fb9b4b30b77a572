"""One whole patient session on the real app, for tests/test_privacy.py (run as its own process,
so HOME, the XDG folders and TMPDIR it is given apply from the first import).

Usage: python tests/privacy_session.py OUT_DIR TYPED_QUESTION
Reads guides, picks three questions by tapping, types a question, previews and prints the sheet to
OUT_DIR/sheet.pdf, fills every part of the visit sheet by tapping, previews and prints it to
OUT_DIR/visit.pdf, hits an unexpected error that quotes the typed text and a marked region, then
starts over. Prints the picked questions' texts and the visit answers' words, one per line.
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
from kiosk.printing import visit  # noqa: E402
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
        sheet_images=printing.iter_sheet_images,
        print_visit=lambda sheet: visit.print_visit_sheet(
            sheet, visit.PrintTarget(pdf=out / "visit.pdf")),
        visit_images=visit.iter_visit_images)
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
    # Print buttons stay off for 1.5 s after a job (one job per tap); a patient takes minutes
    # to fill the visit sheet, this script no time at all.
    window.print_guard.release()
    words = fill_visit_sheet(kiosk)

    def broken() -> None:
        raise ValueError(f"could not handle {typed!r} or {words[0]!r}")

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
    for text in words:
        print("VISIT", text)
    for question_id in picked_ids:
        print("PICKED_ID", question_id)
    print("USAGE", kiosk.usage.outbox if kiosk.usage else "")
    return 0


def fill_visit_sheet(kiosk) -> list[str]:
    """Tap an answer in every step of the visit sheet; return the words of what was chosen."""
    s, v = kiosk.screens, kiosk.screens.visit
    tap(s.toolbar.home_button)
    tap(s.home.visit_button)
    w = kiosk.visit_packs.wording(kiosk.library.lang)
    chosen = ["regions.knee_left", "regions.lower_back", "durations.years_over_5",
              "effects.family_social", "treatments.talking_therapy", "goals.play_with_family"]
    for region in ("knee_left", "lower_back"):
        point = v.body_map.region_point(region).toPoint()
        QTest.mouseClick(v.body_map, Qt.MouseButton.LeftButton, pos=point)
    tap(v.next_button)
    for scale, buttons in v.scale_buttons.items():
        tap(buttons[7 if scale == "worst" else 4])
    tap(v.next_button)
    tap(v.duration_buttons["years_over_5"])
    tap(v.next_button)
    tap(v.effect_buttons["family_social"])
    tap(v.next_button)
    tap(v.outcome_buttons["talking_therapy"]["not_sure"])
    tap(v.next_button)
    tap(v.goal_buttons["play_with_family"])
    tap(v.next_button)
    tap(v.preview_button)
    tap(kiosk.window.preview.print_button)
    return [w(key) for key in chosen]


if __name__ == "__main__":
    sys.exit(main())
