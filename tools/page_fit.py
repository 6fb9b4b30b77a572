"""Report how every guide page fits the screens clinics mount: screens per page, and any screen
that still needs scrolling (one block taller than the whole reading area).

Run: QT_QPA_PLATFORM=offscreen python tools/page_fit.py [--size 1280x800 ...] [--text 100 200]
     [--lang en es]
With no options it checks 1024x768, 1280x800, 1366x768, 1920x1080, 2560x1440, 1080x1920 and
800x1280, at 100% and 200% text, in English and Spanish. For each it prints how many pages take
more than one screen and how many screens need scrolling, then names each block taller than a
screen. It exits 1 if any page needs scrolling at 100% text (the goal: none at any size).
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.qtcompat import keep_singletons_alive  # noqa: E402

keep_singletons_alive()

from kiosk.app import KioskApp, LaunchOptions, create_application  # noqa: E402
from kiosk.core import resources  # noqa: E402
from kiosk.core.config import Settings  # noqa: E402
from kiosk.ui.theme import TEXT_SCALES  # noqa: E402

SIZES = ["1024x768", "1280x800", "1366x768", "1920x1080", "2560x1440", "1080x1920", "800x1280"]


def fit_report(kiosk: KioskApp, app) -> tuple[int, int, list[str]]:
    """(pages needing more than one screen, screens needing scrolling, what each of those shows)."""
    reader = kiosk.screens.reader
    split = scrolling = 0
    tall: list[str] = []
    for guide in kiosk.library.guides:
        kiosk.window.open_guide(guide.slug)
        for index in range(len(reader.pages)):
            reader.show_page(index)
            app.processEvents()
            screens = reader._screens_of(index)
            split += len(screens) > 1
            height = reader.view.viewport().height()
            for number, screen in enumerate(screens, start=1):
                if screen.overflows:
                    scrolling += 1
                    block = screen.blocks[0] if screen.blocks else None
                    words = " ".join(block.text.split()[:8]) if block else "(the page title)"
                    kind = block.kind if block else "title"
                    tall.append(f"{guide.slug} page {index + 1} screen {number}: a {kind} of "
                                f"{screen.document.size().height():.0f} px in {height} px: "
                                f"'{words}...'")
    return split, scrolling, tall


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", nargs="*", default=SIZES)
    parser.add_argument("--text", nargs="*", type=int, default=[100, 200])
    parser.add_argument("--lang", nargs="*", default=["en", "es"])
    args = parser.parse_args()
    app = create_application()
    failed = False
    for lang in args.lang:
        for size in args.size:
            width, height = (int(v) for v in size.split("x"))
            for percent in args.text:
                kiosk = KioskApp(LaunchOptions(resources.content_root(), resources.assets_dir(),
                                               lang=lang), Settings())
                kiosk.window.resize(width, height)
                kiosk.window.show()
                app.processEvents()
                kiosk.session.text_step = TEXT_SCALES.index(percent / 100)
                kiosk.window.apply_style()
                app.processEvents()
                split, scrolling, tall = fit_report(kiosk, app)
                pages = sum(len(kiosk.cache.pages(g.slug)) for g in kiosk.library.guides)
                print(f"{lang} {size} text {percent}%: {pages} pages, {split} take more than one "
                      f"screen, {scrolling} screens need scrolling")
                for line in tall:
                    print(f"    taller than a screen: {line}")
                failed |= percent == 100 and scrolling > 0
                kiosk.window.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
