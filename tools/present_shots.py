"""Save screenshots of presentation mode at 1920x1080 and 1280x800 into docs/screenshots/.

Run: QT_QPA_PLATFORM=offscreen python tools/present_shots.py [--guide SLUG] [--out DIR]

For each size: present-title-SIZE.png (the guide's title slide), present-content-1-SIZE.png (the
first slide with a picture), present-content-2-SIZE.png (the first slide with a box),
present-continued-SIZE.png (the first follow-on slide of a split page) and
present-contents-SIZE.png (the slide list, T).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.qtcompat import keep_singletons_alive  # noqa: E402

keep_singletons_alive()  # before any Qt call: see kiosk/qtcompat.py

from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk.core import resources  # noqa: E402
from kiosk.core.content import load_library  # noqa: E402
from kiosk.core.render import RenderCache  # noqa: E402
from kiosk.ui.present import PresentationScreen  # noqa: E402
from kiosk.ui.slides import PresentedGuide  # noqa: E402

SIZES = {"1920x1080": (1920, 1080), "1280x800": (1280, 800)}


def first_slide(screen: PresentationScreen, wanted) -> int:
    return next(i for i, slide in enumerate(screen.slides) if wanted(slide))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--guide", default="how-acupuncture-works")
    parser.add_argument("--clinic", default="Riverside Pain Clinic")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    library, _ = load_library(resources.content_root() / "en", resources.assets_dir())
    cache = RenderCache(library)
    guide = library.guide(args.guide)
    if guide is None:
        print(f"no guide '{args.guide}'", file=sys.stderr)
        return 1
    presented = [PresentedGuide(guide.slug, guide.title, guide.summary, guide.icon,
                                cache.pages(guide.slug))]
    for label, (width, height) in SIZES.items():
        screen = PresentationScreen(library.assets, clinic_name=args.clinic)
        screen.resize(width, height)
        screen.show()
        screen.show_guides(presented)
        shots = {
            "title": 0,
            "content-1": first_slide(screen, lambda s: not s.is_title and "<img" in s.markup),
            "content-2": first_slide(screen, lambda s: 'class="box' in s.markup),
            "continued": first_slide(screen, lambda s: s.part > 0),
        }
        for name, index in shots.items():
            screen.go_to(index)
            app.processEvents()
            path = args.out / f"present-{name}-{label}.png"
            screen.grab().save(str(path))
            print(path, f"slide {index + 1}: {screen.slides[index].title}")
        screen.go_to(shots["content-2"])
        screen.show_contents()
        app.processEvents()
        path = args.out / f"present-contents-{label}.png"
        screen.grab().save(str(path))
        print(path)
        screen.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
