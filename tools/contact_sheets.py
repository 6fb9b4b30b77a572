"""Contact sheets: per screen size, the screens a patient meets most, side by side in one picture.

Run: QT_QPA_PLATFORM=offscreen python tools/contact_sheets.py [--out DIR] [--lang en] [--text 100]
Writes DIR/contact-WxH[-LANG][-TEXT].png for 1024x768, 1280x800, 1366x768, 1920x1080, 2560x1440,
1080x1920 and 800x1280: home, a reader page that offers questions, the warning-signs page, My
questions (three picked) and the question sheet's preview. Each screen is kept at its real pixel
size in its own file too (DIR/contact-parts/), to look at closely.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.qtcompat import keep_singletons_alive  # noqa: E402

keep_singletons_alive()

from PySide6.QtCore import QRect, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QImage, QPainter  # noqa: E402

from kiosk.app import KioskApp, LaunchOptions, create_application  # noqa: E402
from kiosk.core import resources  # noqa: E402
from kiosk.core.config import Settings  # noqa: E402
from kiosk.ui.theme import TEXT_SCALES  # noqa: E402

SIZES = [(1024, 768), (1280, 800), (1366, 768), (1920, 1080), (2560, 1440), (1080, 1920), (800, 1280)]
TILE_W = 640  # each screen is drawn this wide on the sheet


def settle(app) -> None:
    for _ in range(4):
        app.processEvents()


def screens(kiosk: KioskApp, app) -> list[tuple[str, QImage]]:
    """(caption, screenshot) of each screen on the sheet, in the order a patient meets them."""
    window, s = kiosk.window, kiosk.screens
    shots = []
    window.go_home()
    settle(app)
    shots.append(("Home", window.grab().toImage()))
    guide = kiosk.library.guide("chronic-pain") or kiosk.library.guides[0]
    window.open_guide(guide.slug)
    reader = s.reader
    offering = next((i for i, p in enumerate(reader.pages) if p.question_ids), 0)
    reader.show_page(offering)
    settle(app)
    shots.append((f"Reader: {reader.pages[offering].title}", window.grab().toImage()))
    warning = next((i for i, p in enumerate(reader.pages)  # the page with the 'call now' box
                    if any(b.kind == "box" and b.box == "danger" for b in p.blocks)), offering)
    reader.show_page(warning)
    settle(app)
    shots.append((f"Warning signs: {reader.pages[warning].title}", window.grab().toImage()))
    for question_id in kiosk.library.questions.ids()[:3]:
        window.toggle_question(question_id)
    window.show_questions()
    settle(app)
    shots.append(("My questions (3 picked)", window.grab().toImage()))
    window.show_preview()
    settle(app)
    shots.append(("Question sheet preview", window.grab().toImage()))
    window.close_popups()
    window.clear_questions()
    return shots


def contact_sheet(shots: list[tuple[str, QImage]], title: str) -> QImage:
    scale = TILE_W / shots[0][1].width()
    tile_h = round(shots[0][1].height() * scale)
    caption, gap, head = 34, 24, 60
    columns = 3 if tile_h < TILE_W else 5
    rows = -(-len(shots) // columns)
    sheet = QImage(gap + columns * (TILE_W + gap), head + rows * (tile_h + caption + gap),
                   QImage.Format.Format_RGB32)
    sheet.fill(QColor("#E4E7EB"))
    painter = QPainter(sheet)
    painter.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform
                           | QPainter.RenderHint.TextAntialiasing)
    font = QFont()
    font.setPixelSize(26)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(gap, 12, sheet.width(), 40), int(Qt.AlignmentFlag.AlignLeft), title)
    font.setPixelSize(20)
    font.setBold(False)
    painter.setFont(font)
    for number, (name, image) in enumerate(shots):
        x = gap + (number % columns) * (TILE_W + gap)
        y = head + (number // columns) * (tile_h + caption + gap)
        painter.drawText(QRect(x, y, TILE_W, caption), int(Qt.AlignmentFlag.AlignLeft), name)
        painter.drawImage(QRect(x, y + caption, TILE_W, tile_h), image)
    painter.end()
    return sheet


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", default="en")
    parser.add_argument("--text", type=int, default=100)
    args = parser.parse_args()
    parts = args.out / "contact-parts"
    parts.mkdir(parents=True, exist_ok=True)
    app = create_application()
    suffix = ("" if args.lang == "en" else f"-{args.lang}") + \
        ("" if args.text == 100 else f"-{args.text}")
    for width, height in SIZES:
        kiosk = KioskApp(LaunchOptions(resources.content_root(), resources.assets_dir(),
                                       lang=args.lang), Settings())
        kiosk.window.resize(width, height)
        kiosk.window.show()
        settle(app)
        kiosk.session.text_step = TEXT_SCALES.index(args.text / 100)
        kiosk.window.apply_style()
        shots = screens(kiosk, app)
        name = f"{width}x{height}{suffix}"
        for number, (_, image) in enumerate(shots, start=1):
            image.save(str(parts / f"{name}-{number}.png"))
        path = args.out / f"contact-{name}.png"
        contact_sheet(shots, f"{width}x{height}, {args.lang}, text {args.text}%").save(str(path))
        print(path)
        kiosk.window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
