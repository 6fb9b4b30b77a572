"""Run under a real X server (xvfb-run): select a page, copy it, reset; print what each clipboard holds."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QClipboard, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.app import KioskApp, KioskTimings, LaunchOptions
from kiosk.core.config import Settings
from kiosk.core.pin import hash_pin

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    app = QApplication(sys.argv[:1])
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets", kiosk_mode=True),
                     Settings(pin_hash=hash_pin("2468")), timings=KioskTimings(60_000, 1_200))
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    QTest.qWaitForWindowExposed(kiosk.window)
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    view = kiosk.screens.reader.view
    view.setFocus()
    QTest.keySequence(view, QKeySequence.StandardKey.SelectAll)  # Ctrl+A, then Ctrl+C
    QTest.keySequence(view, QKeySequence.StandardKey.Copy)
    clipboard = app.clipboard()
    clipboard.setText(view.textCursor().selectedText() or "guide text", QClipboard.Mode.Selection)
    app.processEvents()
    print("SUPPORTS_SELECTION", clipboard.supportsSelection())
    print("BEFORE", bool(clipboard.text()), bool(clipboard.text(QClipboard.Mode.Selection)))
    kiosk.window.reset_patient()
    app.processEvents()
    print("AFTER", bool(clipboard.text()), bool(clipboard.text(QClipboard.Mode.Selection)))
    print("LEFTOVERS", kiosk.window.leftover_patient_state())
    kiosk.idle.stop()
    kiosk.lockdown.stop()
    kiosk.window._exiting = True
    kiosk.window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
