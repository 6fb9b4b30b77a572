"""Switch languages many times in a real kiosk, freeing what each switch discards, as the event
loop does between two taps; run by tests/ui/test_discard.py in a process of its own, so that a
corrupted heap fails one test with its message rather than killing the whole test run."""

from __future__ import annotations

import gc
import sys

from kiosk.qtcompat import keep_singletons_alive

keep_singletons_alive()

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton  # noqa: E402

from kiosk.app import KioskApp, LaunchOptions, create_application  # noqa: E402
from kiosk.core import resources  # noqa: E402
from kiosk.core.config import Settings  # noqa: E402


def main() -> int:
    switches = int(sys.argv[1])
    app = create_application()
    kiosk = KioskApp(LaunchOptions(resources.content_root(), resources.assets_dir()), Settings())
    window = kiosk.window
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    for number in range(switches):
        if number % 3 == 1:
            window.show_questions()
        elif number % 3 == 2:
            window.open_guide(kiosk.library.guides[0].slug)
        app.processEvents()
        buttons = list(kiosk.screens.toolbar.language_buttons.values())
        buttons[0].click()  # the tapped button is one the switch discards
        app.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    shown = [b.text() for b in kiosk.screens.toolbar.findChildren(QPushButton)
             if b.objectName() == "language"]
    print(f"SWITCHED {switches} NOW {kiosk.library.lang} LANGUAGE_BUTTONS {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
