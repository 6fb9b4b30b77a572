"""Save screenshots of the kiosk at rest and of printing's guard rails into docs/screenshots/.

Run: QT_QPA_PLATFORM=offscreen python tools/welcome_shots.py [--out DIR]
The welcome screen in English and Spanish at 1920x1080, 1280x800 and portrait 1080x1920 (mid-way
through its loop too), the page count before printing a guide, and the staff menu.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.app import KioskApp, KioskTimings, LaunchOptions, create_application  # noqa: E402
from kiosk.core import resources  # noqa: E402
from kiosk.core.config import Settings  # noqa: E402
from kiosk.printing import PrintResult  # noqa: E402
from kiosk.printing.printer_state import PrinterState  # noqa: E402
from kiosk.ui.window import PrintSeams  # noqa: E402

SIZES = {"1920x1080": (1920, 1080), "1280x800": (1280, 800), "1080x1920": (1080, 1920)}


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    options = LaunchOptions(resources.content_root(), resources.assets_dir(), kiosk_mode=True,
                            unlocked=True)
    settings = Settings(clinic_name="Riverside Pain Clinic", idle_seconds=120, warn_seconds=20)
    real = KioskApp._printing(settings)
    seams = PrintSeams(print_sheet=lambda sheet: PrintResult(True, 1, "", "screenshot"),
                       sheet_images=real.sheet_images,
                       print_guide=lambda library, slug: PrintResult(True, 5, "", "screenshot"),
                       guide_pages=real.guide_pages, sheet_pages=real.sheet_pages,
                       printer_state=lambda: PrinterState("Front_Desk_HP", "ready", 2))

    def save(kiosk: KioskApp, name: str) -> None:
        settle(app)
        path = args.out / f"{name}.png"
        kiosk.window.grab().save(str(path))
        print(path)

    for label, (width, height) in SIZES.items():
        for lang in ("en", "es"):
            kiosk = KioskApp(options, settings, printing=seams,
                             timings=KioskTimings(120_000, 20_000))
            if lang != "en":
                kiosk.switch_language(lang)
                kiosk.window.show_welcome()
            window = kiosk.window
            window.resize(width, height)
            window.show()
            settle(app)
            window.apply_style()
            save(kiosk, f"welcome-{lang}-{label}")
            if label != "1080x1920":
                window.welcome._swap_slide()  # the loop's next topic, without the wait
                window.welcome.fade.setOpacity(1.0)
                save(kiosk, f"welcome-next-{lang}-{label}")
                window.welcome.leave()
                window.start_visit("")
                window.open_guide(kiosk.library.guides[1].slug)
                window.print_guide(kiosk.library.guides[1].slug)
                save(kiosk, f"print-confirm-{lang}-{label}")
                window.close_popups()
                if lang == "en":
                    window.show_admin()
                    save(kiosk, f"kiosk-admin-printer-{label}")
            kiosk.idle.stop()
            kiosk.lockdown.stop()
            window._exiting = True
            window.close()
            window.deleteLater()
            settle(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
