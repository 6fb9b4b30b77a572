"""Save screenshots of a page being read aloud (its sentence and word marked) into docs/screenshots/.

Uses Qt's mock speech engine (it reports words, so the word mark shows too) and pauses it on a
list item inside a warning box, at 1280x800 and 1920x1080, in normal and high contrast.
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python tools/reading_shots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.app import KioskApp, LaunchOptions, create_application
from kiosk.core import resources
from kiosk.core.config import Settings

SIZES = {"1280x800": (1280, 800), "1920x1080": (1920, 1080)}
GUIDE, PAGE, SENTENCE = 0, 6, 4  # chronic pain: "Some signs mean you need help now", 5th sentence


def wait(app: QApplication, done, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError("read aloud did not get there in time")
        app.processEvents()
        time.sleep(0.005)


def shoot(app: QApplication, out: Path, size: str, contrast: bool) -> None:
    """One screenshot: the page paused on its fifth sentence, with the word marked."""
    width, height = SIZES[size]
    kiosk = KioskApp(LaunchOptions(resources.content_root(), resources.assets_dir(),
                                   speech_engine="mock"), Settings())
    kiosk.window.resize(width, height)
    kiosk.window.show()
    app.processEvents()
    kiosk.set_up_speech()
    kiosk.window.set_contrast(contrast)
    kiosk.window.open_guide(kiosk.library.guides[GUIDE].slug)
    reader = kiosk.screens.reader
    reader.show_page(PAGE)
    app.processEvents()
    reader.listen_button.click()
    view = reader.view
    wait(app, lambda: kiosk.speech.index == SENTENCE and len(view.extraSelections()) == 2
         and kiosk.speech.state == "speaking")
    reader.pause_button.click()
    wait(app, lambda: kiosk.speech.state == "paused")
    for _ in range(3):
        app.processEvents()
    name = f"reading-{size}-{'high-contrast' if contrast else 'normal'}.png"
    kiosk.window.grab().save(str(out / name))
    print(out / name, "-", view.highlighted_text())
    kiosk.speech.stop()
    kiosk.window.close()
    kiosk.window.deleteLater()
    app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    for size in SIZES:
        for contrast in (False, True):
            shoot(app, args.out, size, contrast)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
