"""Save screenshots of every screen at 1920x1080 and 1280x800 into docs/screenshots/.

Run: QT_QPA_PLATFORM=offscreen python tools/screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.app import KioskApp, LaunchOptions, create_application
from kiosk.core import resources
from kiosk.core.config import Settings

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
    shoot_kiosk_and_access(app, options, args)
    return 0


def shoot_kiosk_and_access(app: QApplication, options: LaunchOptions, args) -> None:
    """Kiosk screens (idle warning, PIN pad, staff menu) and the accessibility views at 1280x800:
    200% text, high contrast, both, and Spanish."""
    from dataclasses import replace

    from kiosk.core.pin import hash_pin

    kiosk_options = replace(options, kiosk_mode=True)
    for label, (width, height) in SIZES.items():
        kiosk = KioskApp(kiosk_options, Settings(pin_hash=hash_pin("2468"),
                                                 clinic_name="Riverside Pain Clinic"))
        window = kiosk.window
        window.resize(width, height)
        window.show()
        settle(app)
        window.apply_style()
        kiosk.idle.stop()
        kiosk.lockdown.stop()
        shoot(kiosk, app, args.out, f"kiosk-home-{label}")
        window.open_guide(args.guide)
        window.warn_idle(20)
        window.idle_warning.count(14)
        shoot(kiosk, app, args.out, f"kiosk-idle-warning-{label}")
        window.ask_pin()
        for digit in "24":
            window.pin_pad.press(digit)
        shoot(kiosk, app, args.out, f"kiosk-pin-{label}")
        window.pin_pad.close_overlay()
        window.show_admin()
        shoot(kiosk, app, args.out, f"kiosk-admin-{label}")
        window.close_popups()
        window.ask_start_over()
        shoot(kiosk, app, args.out, f"kiosk-start-over-{label}")
        window._exiting = True
        window.close()
    views = {"text200": (4, False), "contrast": (0, True), "text200-contrast": (4, True)}
    for name, (step, contrast) in views.items():
        kiosk = KioskApp(options, Settings())
        window = kiosk.window
        window.resize(1280, 800)
        window.show()
        settle(app)
        kiosk.session.text_step = step
        window.set_contrast(contrast)
        window.apply_style()
        shoot(kiosk, app, args.out, f"a11y-{name}-home-1280x800")
        window.open_guide(args.guide)
        kiosk.screens.reader.show_page(1)
        shoot(kiosk, app, args.out, f"a11y-{name}-reader-1280x800")
        for question_id in kiosk.library.questions.ids()[:3]:
            window.toggle_question(question_id)
        window.show_questions()
        window.toast.hide()
        shoot(kiosk, app, args.out, f"a11y-{name}-questions-1280x800")
        window.close()
    if (options.content_root / "es").is_dir():
        kiosk = KioskApp(replace(options, lang="es"), Settings())
        window = kiosk.window
        for label, (width, height) in SIZES.items():
            window.resize(width, height)
            window.show()
            settle(app)
            window.apply_style()
            window.go_home()
            shoot(kiosk, app, args.out, f"es-home-{label}")
            window.open_guide(args.guide)
            kiosk.screens.reader.show_page(1)
            shoot(kiosk, app, args.out, f"es-reader-{label}")
        window.close()


if __name__ == "__main__":
    sys.exit(main())
