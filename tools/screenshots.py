"""Save screenshots of every screen at 1920x1080 and 1280x800 into docs/screenshots/.

Run: QT_QPA_PLATFORM=offscreen python tools/screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk import resources
from kiosk.app import KioskApp, LaunchOptions, create_application
from kiosk.config import Settings

SIZES = {"1920x1080": (1920, 1080), "1280x800": (1280, 800)}


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def shoot(kiosk: KioskApp, app: QApplication, out: Path, name: str) -> None:
    settle(app)
    path = out / f"{name}.png"
    kiosk.window.grab().save(str(path))
    print(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--guide", default="how-acupuncture-works")
    parser.add_argument("--all-pages", nargs="*", default=[],
                        help="also save every page of these guides at 1920x1080")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    options = LaunchOptions(resources.content_root(), resources.assets_dir())
    for label, (width, height) in SIZES.items():
        kiosk = KioskApp(options, Settings())
        window = kiosk.window
        window.resize(width, height)
        window.show()
        settle(app)
        window.apply_style()
        shoot(kiosk, app, args.out, f"home-{label}")
        window.open_guide(args.guide)
        kiosk.screens.reader.show_page(1)
        shoot(kiosk, app, args.out, f"reader-{label}")
        window.show_contents()
        shoot(kiosk, app, args.out, f"contents-{label}")
        window.contents.close_overlay()
        term = next(iter(kiosk.library.glossary.terms))
        window.show_term("sham-acupuncture" if "sham-acupuncture" in
                         kiosk.library.glossary.terms else term)
        shoot(kiosk, app, args.out, f"glossary-{label}")
        window.term_popup.close_overlay()
        reader = kiosk.screens.reader
        reader.show_page(len(reader.pages) - 1)
        shoot(kiosk, app, args.out, f"guide-end-{label}")
        for question_id in kiosk.library.questions.ids()[:3]:
            window.toggle_question(question_id)
        window.show_questions()
        kiosk.window.toast.hide()
        shoot(kiosk, app, args.out, f"questions-{label}")
        if label == "1920x1080":
            for slug in args.all_pages:
                window.open_guide(slug)
                for index in range(len(reader.pages)):
                    reader.show_page(index)
                    shoot(kiosk, app, args.out, f"pages/{slug}-{index + 1:02d}")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
