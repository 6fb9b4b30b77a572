"""Save the staff menu with usage counts on (a week of counts behind it) into docs/screenshots/.

Run: QT_QPA_PLATFORM=offscreen python tools/usage_shots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from kiosk.app import KioskApp, LaunchOptions, create_application
from kiosk.core import resources
from kiosk.core.config import Settings
from kiosk.core.usage import DayCounts, day_file_bytes, file_name

SIZES = {"1920x1080": (1920, 1080), "1280x800": (1280, 800), "1024x768": (1024, 768)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    app = create_application()
    with tempfile.TemporaryDirectory() as outbox:
        today = dt.date.today()
        for back in range(1, 7):  # six earlier days, as the kiosk would have written them
            day = today - dt.timedelta(days=back)
            counts = DayCounts(sessions=12 + back, guides_completed={"chronic-pain": 3},
                               guides_opened={"chronic-pain": 9, "is-acupuncture-safe": 6},
                               questions_added={"pain-cause": 4}, printed={"question_sheet": 5})
            (Path(outbox) / file_name("front-desk", day)).write_bytes(
                day_file_bytes("front-desk", day, counts))
        settings = Settings(usage_counts=True, usage_outbox=outbox, kiosk_id="front-desk")
        options = LaunchOptions(resources.content_root(), resources.assets_dir(), kiosk_mode=True,
                                unlocked=True)
        for label, (width, height) in SIZES.items():
            kiosk = KioskApp(options, settings)
            kiosk.idle.stop()
            kiosk.lockdown.stop()
            window = kiosk.window
            window.resize(width, height)
            window.show()
            app.processEvents()
            window.apply_style()
            if label == "1920x1080":  # today: two patients, counted through the window as usual
                for slug in ("chronic-pain", "is-acupuncture-safe"):
                    window.screens.home.guide_opened.emit(slug)
                    window.reset_patient()
            window.show_admin()
            for _ in range(3):
                app.processEvents()
            path = args.out / f"kiosk-admin-usage-{label}.png"
            window.grab().save(str(path))
            print(path)
            kiosk.close_usage()
            window._exiting = True
            window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
