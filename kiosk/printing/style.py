"""The shared print style: paper sizes, units, colours, fonts, pictures and the print CSS."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageSize,
    QPainter,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer

from kiosk.core.blocks import Block
from kiosk.core.paths import safe_asset
from kiosk.flow import FlowStyle, Picture
from kiosk.ui.theme import NORMAL

# Layout is in points; the painter works in tenths of a point so fonts can use whole pixel sizes
# and the same layout paints identically on a PDF, a printer and a preview image.
UNIT = 10
PAGES = {"letter": (QPageSize.PageSizeId.Letter, 612.0, 792.0),
         "a4": (QPageSize.PageSizeId.A4, 595.28, 841.89)}
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 42.0, 36.0, 30.0  # wider than any printer's hardware margin
FOOTER_SPACE = 30.0
FIRST_PAGE_QUESTIONS = 12
NUMBER_COLUMN = 31.0
OWN_LINES = 3

INK, ACCENT, MUTED = QColor("#1F2933"), QColor("#0F5F73"), QColor("#52606D")
RULE, BOX = QColor("#9AA5B1"), QColor("#7B8794")
FAMILIES = ["Atkinson Hyperlegible", "DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica Neue", "Arial",
            "Liberation Sans"]  # the bundled face first (kiosk/ui/fonts.py registers it)

def print_font(pt: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(round(pt * UNIT))
    font.setWeight(weight)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # No "fi"/"ff" ligatures: a PDF's words then search, copy and read aloud as written.
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def text_height(font: QFont, width: float, text: str) -> float:
    box = QFontMetricsF(font).boundingRect(
        QRectF(0, 0, width * UNIT, 1e7), int(Qt.TextFlag.TextWordWrap), text)
    return box.height() / UNIT


def pt_rect(x: float, y: float, w: float, h: float) -> QRectF:
    return QRectF(x * UNIT, y * UNIT, w * UNIT, h * UNIT)


def load_picture(path: Path) -> tuple[QSizeF, Callable[[QPainter, QRectF], None]] | None:
    """A picture file's natural size and how to draw it (SVG as vectors); None if unreadable.

    Read once per file version: a booklet draws the clinic's logo on every page (49 reads of
    the same file for the bundled guides) and measures each picture before painting it."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _load_picture(str(path), stat.st_mtime_ns, stat.st_size)


def forget_pictures() -> None:
    """Drop the pictures read for printing (a parsed SVG is tens of KiB; at most 64 are kept)."""
    _load_picture.cache_clear()


@functools.lru_cache(maxsize=64)
def _load_picture(name: str, _mtime_ns: int, _size: int
                  ) -> tuple[QSizeF, Callable[[QPainter, QRectF], None]] | None:
    path = Path(name)
    if path.suffix.lower() == ".svg":
        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            return None
        return QSizeF(renderer.defaultSize()), renderer.render
    image = QImage(str(path))
    if image.isNull():
        return None

    def draw(p: QPainter, target: QRectF) -> None:
        p.drawImage(target, image)
    return QSizeF(image.size()), draw


def draw_logo(painter: QPainter, path: Path, box: QRectF, centre: bool = False) -> None:
    """Draw a picture as large as fits the box, keeping its shape (left or centre, middle)."""
    picture = load_picture(path)
    if picture is None:
        return
    size, draw = picture
    size = QSizeF(box.size()) if size.isEmpty() else QSizeF(size)  # a copy: the cached one stays
    size.scale(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = box.x() + ((box.width() - size.width()) / 2 if centre else 0)
    draw(painter, QRectF(x, box.y() + (box.height() - size.height()) / 2, size.width(), size.height()))


def print_pen(color: QColor, pt: float) -> QPen:
    pen = QPen(color, pt * UNIT)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def draw_rule(painter: QPainter, x1: float, x2: float, y: float, color: QColor, pt: float) -> None:
    painter.setPen(print_pen(color, pt))
    painter.drawLine(pt_rect(x1, y, 0, 0).topLeft(), pt_rect(x2, y, 0, 0).topLeft())


def draw_text(painter: QPainter, font: QFont, color: QColor, rect: QRectF,
              flags: Qt.AlignmentFlag | int, text: str) -> None:
    painter.setFont(font)
    painter.setPen(color)
    painter.drawText(rect, int(flags) | int(Qt.TextFlag.TextWordWrap), text)



TEXT_X = 54.0  # side margins: lines of about 75 characters at 12 pt
HEADER_Y = 30.0  # the running header's text
BODY_TOP = 60.0  # under the running header
OPENING_TOP = 40.0  # where a section's title starts (no running header on that page)
BODY_GAP_BOTTOM = 58.0  # from the paper's bottom edge to the end of the text (the footer sits here)
BODY_PT, HEADER_PT = 12, 9.5
PICTURE_MAX_WIDTH = 0.9  # of the text width
PICTURE_MAX_HEIGHT = 300.0
PICTURE_PT_PER_PX = 0.62  # SVG sizes are screen pixels (drawn for 1080p); this keeps them in scale
PICTURE_URL = "kiosk-picture:"
HEADING = QColor(NORMAL.heading)



def _tint(color: str, keep: float) -> str:
    """The colour mixed with white (keep = share of the colour): light fills save ink."""
    c = QColor(color)
    mix = [round(255 - (255 - v) * keep) for v in (c.red(), c.green(), c.blue())]
    return QColor(*mix).name()


def _print_style_sheet() -> str:
    """CSS for printed pages, in layout units (tenths of a point); heading sizes come from the
    document's default font (Qt scales h2 by 1.5 and h3 by 1.2 and ignores CSS sizes there)."""
    u = UNIT
    rules = [
        f"body {{ color: {INK.name()}; }}",
        "p, li { line-height: 135%; }",
        f"p {{ margin-top: 0px; margin-bottom: {7 * u}px; }}",
        f"ul, ol {{ margin-top: 0px; margin-bottom: {7 * u}px; }}",
        f"li {{ margin-bottom: {3 * u}px; }}",
        # A picture alone in a paragraph: no line spacing under it (140% of a picture is a gap).
        f"p.picture {{ line-height: 100%; margin-top: {6 * u}px; margin-bottom: {12 * u}px; }}",
        f"h2 {{ color: {HEADING.name()}; margin-top: {16 * u}px; margin-bottom: {6 * u}px; }}",
        f"h3 {{ color: {HEADING.name()}; margin-top: {12 * u}px; margin-bottom: {5 * u}px; }}",
        f"table.box {{ margin-top: {8 * u}px; margin-bottom: {12 * u}px; }}",
        # The last paragraph's own bottom margin pads the bottom of a box.
        f"td.box-body {{ padding-top: {9 * u}px; padding-bottom: {3 * u}px; padding-left: {11 * u}px;"
        f" padding-right: {11 * u}px; }}",
        f"p.box-title {{ font-weight: 700; margin-bottom: {5 * u}px; }}",
        "th { background-color: #EEF2F5; }",
        f"ul.sources li {{ font-size: {95 * u // 10}px; line-height: 120%; margin-bottom: {3 * u}px; }}",
        f"p.term {{ margin-bottom: {6 * u}px; }}",
    ]
    for kind, (_, bar) in NORMAL.boxes.items():
        rules += [
            f"td.bar-{kind} {{ background-color: {bar}; }}",
            f"td.box-{kind} {{ background-color: {_tint(bar, 0.07)}; border-width: {u}px; "
            f"border-style: solid; border-color: {bar}; }}",
            f"p.box-title-{kind} {{ color: {bar}; }}",
        ]
    return "\n".join(rules)


PRINT_CSS = _print_style_sheet()


@functools.cache
def _placeholder() -> QImage:
    """What QTextDocument draws for a picture on paper: nothing (handouts paint it as vectors)."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    return image


def print_flow_style(width: float, assets: Path) -> FlowStyle:
    """How the flow engine lays out printed text: the print font and CSS, paper-sized boxes,
    pictures as empty boxes of their printed size (painted over as vectors), links as words."""

    def picture(block: Block) -> Picture | None:
        path = safe_asset(assets, block.src)
        found = load_picture(path) if path is not None and path.is_file() else None
        if found is None or found[0].isEmpty():
            return None  # `kiosk check` reports missing pictures; paper shows their description
        size = found[0] * (PICTURE_PT_PER_PX * UNIT)
        box = size.boundedTo(QSizeF(width * PICTURE_MAX_WIDTH, PICTURE_MAX_HEIGHT * UNIT))
        fitted = size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio)  # shrunk to fit, same shape
        return Picture(PICTURE_URL + block.src, round(fitted.width()), round(fitted.height()),
                       _placeholder())

    return FlowStyle(width=width, font=print_font(BODY_PT), css=PRINT_CSS, indent=16 * UNIT,
                     box_padding=8 * UNIT, bar_width=4 * UNIT, picture=picture,
                     design_metrics=True, wrap_anywhere=True, split_lines=True, links=False)


RENDER_HINTS = (QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                | QPainter.RenderHint.SmoothPixmapTransform)


def page_images(width_px: int, paper_w: float, paper_h: float, pages: Iterable[int],
                paint: Callable[[QPainter, int], None]) -> Iterator[QImage]:
    """White images width_px wide of the chosen pages, painted by paint(painter, number) in layout
    units: a preview of exactly what prints. One at a time, so a viewer can let each go before
    the next is painted (two full pages at once cost tens of MiB)."""
    scale = width_px / (paper_w * UNIT)
    height_px = round(width_px * paper_h / paper_w)
    for number in pages:
        image = QImage(width_px, height_px, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHints(RENDER_HINTS)
        painter.scale(scale, scale)
        paint(painter, number)
        painter.end()
        yield image
