"""Report every guide page that does not fit one screen (1920x1080, default text size).

Run: QT_QPA_PLATFORM=offscreen python tools/page_fit.py [--size 1920x1080]
Prints one line per page: the guide, page number and title, and how many pixels it overflows.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.app import KioskApp, LaunchOptions, create_application
from kiosk.core import resources
from kiosk.core.config import Settings


def overflowing_pages(kiosk: KioskApp, app) -> list[tuple[str, int, str, int]]:
    """(guide slug, page number, page title, pixels beyond the screen) for each page too long."""
    reader = kiosk.screens.reader
    found = []
    for guide in kiosk.library.guides:
        kiosk.window.open_guide(guide.slug)
        for index, page in enumerate(reader.pages):
            reader.show_page(index)
            app.processEvents()
            overflow = reader.view.verticalScrollBar().maximum()
            if overflow > 0:
                found.append((guide.slug, index + 1, page.title, overflow))
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    app = create_application()
    kiosk = KioskApp(LaunchOptions(resources.content_root(), resources.assets_dir(),
                                   lang=args.lang), Settings())
    kiosk.window.resize(width, height)
    kiosk.window.show()
    app.processEvents()
    kiosk.window.apply_style()
    pages = overflowing_pages(kiosk, app)
    for slug, number, title, overflow in pages:
        print(f"{slug} page {number} '{title}': {overflow} px too long")
    print(f"{len(pages)} pages do not fit at {args.size}")
    return 1 if pages else 0


if __name__ == "__main__":
    sys.exit(main())
