"""Screenshots of every visit-sheet step (1280x800, 1920x1080) and its printed page, for review.

Usage: QT_QPA_PLATFORM=offscreen python tools/visit_shots.py [OUT_DIR]  (default docs/screenshots)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.qtcompat import keep_singletons_alive  # noqa: E402

keep_singletons_alive()

from PySide6.QtWidgets import QApplication  # noqa: E402

from kiosk import printing  # noqa: E402
from kiosk.app import KioskApp, LaunchOptions, create_application  # noqa: E402
from kiosk.core.config import Settings  # noqa: E402
from kiosk.printing import visit  # noqa: E402
from kiosk.ui.window import PrintSeams  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def shoot(out: Path, lang: str, size: tuple[int, int], pdf: Path, text_step: int = 0,
          contrast: bool = False) -> None:
    seams = PrintSeams(
        print_sheet=lambda s: printing.print_sheet(s, printing.PrintTarget(pdf=pdf.with_name("q.pdf"))),
        sheet_images=printing.iter_sheet_images,
        print_visit=lambda s: visit.print_visit_sheet(s, visit.PrintTarget(pdf=pdf)),
        visit_images=visit.iter_visit_images)
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets", lang=lang),
                     Settings(clinic_name="Riverside Pain Clinic"), printing=seams)
    w, v = kiosk.window, kiosk.screens.visit
    w.resize(*size)
    w.show()
    QApplication.processEvents()
    w.session.text_step, w.session.high_contrast = text_step, contrast
    w.apply_style()
    for question_id in kiosk.library.questions.ids()[:5]:
        w.toggle_question(question_id)
    w.toast.hide()
    w.show_visit()
    for region in ("lower_back", "knee_left", "shoulder_right"):
        v.region_toggled.emit(region)
    for scale, value in (("average", 5), ("worst", 8), ("daily_life", 6)):
        v.scale_chosen.emit(scale, value)
    v.duration_chosen.emit("years_1_to_5")
    for effect in ("sleep", "moving"):
        v.effect_toggled.emit(effect)
    v.outcome_chosen.emit("acupuncture", "helped")
    v.outcome_chosen.emit("medicines", "not_sure")
    for goal in ("sleep_better", "walk_further"):
        v.goal_toggled.emit(goal)
    name = f"{lang}-{size[0]}x{size[1]}" + ("-text200" if text_step else "") \
        + ("-contrast" if contrast else "")
    if not text_step:
        print(f"{name}: smallest body regions (tappable width x height through the middle, px):",
              ", ".join(f"{r} {w_}x{h}" for r, (w_, h) in smallest_targets(v.body_map)))
    for step in range(7):
        v.show_step(step)
        QApplication.processEvents()
        w.grab().save(str(out / f"visit-{name}-step{step + 1}.png"))
    w.show_questions()
    QApplication.processEvents()
    w.grab().save(str(out / f"visit-{name}-my-questions.png"))
    w.go_home()
    QApplication.processEvents()
    w.grab().save(str(out / f"visit-{name}-home.png"))
    w.print_visit()
    w.close()


def smallest_targets(body_map, count: int = 4) -> list[tuple[str, tuple[int, int]]]:
    """How far a tap can stray from each region's middle and still mark it, across and down."""
    from PySide6.QtCore import QPointF

    sizes = {}
    for region in body_map.buttons:
        middle = body_map.region_point(region)
        spans = []
        for dx, dy in ((1, 0), (0, 1)):
            half = 0
            while half < 120 and all(
                    body_map.region_under(QPointF(middle.x() + s * (half + 1) * dx,
                                                  middle.y() + s * (half + 1) * dy)) == region
                    for s in (-1, 1)):
                half += 1
            spans.append(2 * half)
        sizes[region] = (spans[0], spans[1])
    return sorted(sizes.items(), key=lambda item: min(item[1]))[:count]


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    create_application()
    with tempfile.TemporaryDirectory() as folder:
        for lang in ("en", "es"):
            pdf = Path(folder) / f"visit-{lang}.pdf"
            for size in ((1280, 800), (1920, 1080)):
                shoot(out, lang, size, pdf)
            if lang == "en":
                for size in ((1024, 768), (1080, 1920)):
                    shoot(out, lang, size, pdf)
                shoot(out, lang, (1280, 800), pdf, text_step=4, contrast=True)
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf),
                            str(out / f"visit-sheet-{lang}-printed")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
