"""The one Qt print boundary: paints the question sheet to a PDF, a printer or preview images."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtSvg import QSvgRenderer

from kiosk import __version__
from kiosk.questions import Sheet

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
FAMILIES = ["DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica Neue", "Arial", "Liberation Sans"]


@dataclass(frozen=True)
class PrintTarget:
    """Where a sheet goes: a PDF file, or a printer by name ("" for the system default)."""

    pdf: Path | None = None
    printer: str | None = None


@dataclass(frozen=True)
class PrintResult:
    """What happened; reason is "" | "no_printer" | "failed"; detail is for the log only."""

    ok: bool
    pages: int
    reason: str
    detail: str


@dataclass(frozen=True)
class _Style:
    question_pt: float
    pitch: float  # distance between answer lines: room to write by hand
    gap: float  # space after each question's lines


# Roomiest first; the first style whose page 1 fits is used (12 pt is the floor for old eyes).
STYLES = (_Style(14, 26, 10), _Style(14, 23, 7), _Style(14, 21, 5), _Style(13, 21, 5),
          _Style(13, 19, 4), _Style(12, 19, 4), _Style(12, 17, 3))


def _font(pt: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(round(pt * UNIT))
    font.setWeight(weight)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def _text_height(font: QFont, width: float, text: str) -> float:
    box = QFontMetricsF(font).boundingRect(
        QRectF(0, 0, width * UNIT, 1e7), int(Qt.TextFlag.TextWordWrap), text)
    return box.height() / UNIT


def _rect(x: float, y: float, w: float, h: float) -> QRectF:
    return QRectF(x * UNIT, y * UNIT, w * UNIT, h * UNIT)


@dataclass
class _Layout:
    """Where everything goes: one list of (kind, y, height, data) blocks per page."""

    width: float
    height: float
    style: _Style
    pages: list[list[tuple[str, float, float, object]]] = field(default_factory=list)

    @property
    def left(self) -> float:
        return MARGIN_X

    @property
    def inner(self) -> float:
        return self.width - 2 * MARGIN_X

    @property
    def bottom(self) -> float:
        return self.height - MARGIN_BOTTOM - FOOTER_SPACE


class _Fonts:
    def __init__(self, style: _Style) -> None:
        self.clinic = _font(16, QFont.Weight.Bold)
        self.title = _font(24, QFont.Weight.Bold)
        self.date = _font(12.5)
        self.intro = _font(12.5)
        self.question = _font(style.question_pt, QFont.Weight.DemiBold)
        self.number = _font(style.question_pt, QFont.Weight.Bold)
        self.section = _font(14, QFont.Weight.Bold)
        self.small = _font(9.5)
        self.continued = _font(18, QFont.Weight.Bold)
        self.header_small = _font(11)


def _header_height(sheet: Sheet, fonts: _Fonts, inner: float) -> tuple[float, float, float]:
    logo = 40.0 if sheet.logo else 0.0
    clinic_w = inner - (logo + 12 if logo else 0)
    band = max(logo, _text_height(fonts.clinic, clinic_w, sheet.clinic))
    date_w = QFontMetricsF(fonts.date).horizontalAdvance(sheet.date_text) / UNIT + 16
    title = _text_height(fonts.title, inner - date_w, sheet.title)
    intro = _text_height(fonts.intro, inner, sheet.intro)
    return band, title, band + 18 + title + 4 + intro + 14


def _continued_height(fonts: _Fonts, sheet: Sheet, inner: float) -> float:
    return 14 + 6 + _text_height(fonts.continued, inner, sheet.continued) + 16


def _flow(sheet: Sheet, style: _Style, stacked: bool) -> tuple[_Layout, bool]:
    """Lay the sheet out in this style; return it and whether page 1 fits as designed."""
    _, width, height = PAGES[sheet.paper]
    layout = _Layout(width, height, style)
    fonts = _Fonts(style)
    inner, bottom = layout.inner, layout.bottom
    fits = True
    _, _, header = _header_height(sheet, fonts, inner)
    layout.pages.append([("header", MARGIN_TOP, header, None)])
    y = MARGIN_TOP + header
    cont = _continued_height(fonts, sheet, inner)

    def new_page() -> None:
        nonlocal y
        layout.pages.append([("continued", MARGIN_TOP, cont, None)])
        y = MARGIN_TOP + cont

    lines = 2 if len(sheet.questions) <= 6 else 1
    for index, text in enumerate(sheet.questions):
        text_h = _text_height(fonts.question, inner - NUMBER_COLUMN, text)
        block = text_h + lines * style.pitch + style.gap
        if index == FIRST_PAGE_QUESTIONS or (y + block > bottom and index > 0):
            if index < FIRST_PAGE_QUESTIONS:
                fits = False
            new_page()
        layout.pages[-1].append(("question", y, block, (index + 1, text, text_h, lines)))
        y += block
    own_pitch = max(style.pitch, 22.0)
    section = _text_height(fonts.section, inner, sheet.own_title) + 4
    own = section + OWN_LINES * own_pitch + 8
    notes_min = section + 84 if stacked else own
    tail = own + 6 + notes_min if stacked else own
    if y + 4 + tail > bottom:
        if len(layout.pages) == 1 and len(sheet.questions) <= FIRST_PAGE_QUESTIONS:
            fits = False
        new_page()
    y += 4
    if stacked:
        layout.pages[-1].append(("own", y, own, (len(sheet.questions) + 1, inner, own_pitch)))
        y += own + 6
        layout.pages[-1].append(("notes", y, bottom - y, (MARGIN_X, inner)))
    else:
        left_w = inner * 0.58
        layout.pages[-1].append(("own", y, own, (len(sheet.questions) + 1, left_w - 12, own_pitch)))
        layout.pages[-1].append(("notes", y, max(own, bottom - y), (MARGIN_X + left_w + 6,
                                                                    inner - left_w - 6)))
    return layout, fits


def _layout(sheet: Sheet) -> _Layout:
    """The roomiest layout whose page 1 holds its questions (and, up to 12, the whole sheet)."""
    layout = None
    for style in STYLES:
        for stacked in (True, False):
            layout, fits = _flow(sheet, style, stacked)
            if fits:
                return layout
    assert layout is not None
    return layout  # nothing fits the design (very long typed questions): let it flow on


def sheet_pages(sheet: Sheet) -> int:
    """How many pages the sheet prints on (needs a QGuiApplication, for font metrics)."""
    return len(_layout(sheet).pages)


# --- painting ---------------------------------------------------------------------------------


def _draw_logo(painter: QPainter, path: Path, box: QRectF) -> None:
    if path.suffix.lower() == ".svg":
        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            return
        size = QSizeF(renderer.defaultSize())
        draw = renderer.render
    else:
        image = QImage(str(path))
        if image.isNull():
            return
        size = QSizeF(image.size())

        def draw(p: QPainter, target: QRectF) -> None:
            p.drawImage(target, image)
    if size.isEmpty():
        size = QSizeF(box.size())
    size.scale(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRectF(box.x(), box.y() + (box.height() - size.height()) / 2, size.width(), size.height())
    draw(painter, target)


def _pen(color: QColor, pt: float) -> QPen:
    pen = QPen(color, pt * UNIT)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def _rule(painter: QPainter, x1: float, x2: float, y: float, color: QColor, pt: float) -> None:
    painter.setPen(_pen(color, pt))
    painter.drawLine(_rect(x1, y, 0, 0).topLeft(), _rect(x2, y, 0, 0).topLeft())


def _text(painter: QPainter, font: QFont, color: QColor, rect: QRectF, flags: Qt.AlignmentFlag | int,
          text: str) -> None:
    painter.setFont(font)
    painter.setPen(color)
    painter.drawText(rect, int(flags) | int(Qt.TextFlag.TextWordWrap), text)


def _paint_page(painter: QPainter, sheet: Sheet, layout: _Layout, number: int) -> None:
    fonts = _Fonts(layout.style)
    x, inner, right = layout.left, layout.inner, layout.left + layout.inner
    top_left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    for kind, y, height, data in layout.pages[number]:
        if kind == "header":
            band, title_h, _ = _header_height(sheet, fonts, inner)
            text_x = x
            if sheet.logo:
                _draw_logo(painter, sheet.logo, _rect(x, y, 40, 40))
                text_x = x + 52
            clinic_h = _text_height(fonts.clinic, right - text_x, sheet.clinic)
            _text(painter, fonts.clinic, ACCENT, _rect(text_x, y + (band - clinic_h) / 2,
                                                       right - text_x, clinic_h), top_left,
                  sheet.clinic)
            _rule(painter, x, right, y + band + 8, ACCENT, 1.5)
            ty = y + band + 18
            _text(painter, fonts.title, INK, _rect(x, ty, inner, title_h), top_left, sheet.title)
            _text(painter, fonts.date, INK, _rect(x, ty, inner, title_h),
                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, sheet.date_text)
            _text(painter, fonts.intro, MUTED, _rect(x, ty + title_h + 4, inner, 40), top_left,
                  sheet.intro)
        elif kind == "continued":
            _text(painter, fonts.header_small, MUTED, _rect(x, y, inner, 14), top_left, sheet.clinic)
            _text(painter, fonts.header_small, MUTED, _rect(x, y, inner, 14),
                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, sheet.date_text)
            _text(painter, fonts.continued, INK, _rect(x, y + 20, inner, height - 36), top_left,
                  sheet.continued)
            _rule(painter, x, right, y + height - 8, ACCENT, 1.2)
        elif kind == "question":
            index, text, text_h, lines = data  # type: ignore[misc]
            _text(painter, fonts.number, ACCENT, _rect(x, y, NUMBER_COLUMN, text_h), top_left,
                  f"{index}.")
            _text(painter, fonts.question, INK, _rect(x + NUMBER_COLUMN, y, inner - NUMBER_COLUMN,
                                                      text_h), top_left, text)
            for line in range(1, lines + 1):
                _rule(painter, x + NUMBER_COLUMN, right, y + text_h + line * layout.style.pitch,
                      RULE, 0.6)
        elif kind == "own":
            first, width, pitch = data  # type: ignore[misc]
            section = _text_height(fonts.section, width, sheet.own_title)
            _text(painter, fonts.section, ACCENT, _rect(x, y, width, section), top_left, sheet.own_title)
            for line in range(OWN_LINES):
                base = y + section + 4 + (line + 1) * pitch
                _text(painter, fonts.number, MUTED, _rect(x, base - pitch, NUMBER_COLUMN, pitch - 2),
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, f"{first + line}.")
                _rule(painter, x + NUMBER_COLUMN, x + width, base, RULE, 0.6)
        elif kind == "notes":
            left, width = data  # type: ignore[misc]
            section = _text_height(fonts.section, width, sheet.notes_title)
            _text(painter, fonts.section, ACCENT, _rect(left, y, width, section), top_left,
                  sheet.notes_title)
            painter.setPen(_pen(BOX, 0.8))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(_rect(left, y + section + 4, width, height - section - 4),
                                    6 * UNIT, 6 * UNIT)
    foot_y = layout.height - MARGIN_BOTTOM - 12
    _rule(painter, x, right, foot_y - 6, RULE, 0.5)
    label = sheet.page_label.format(page=number + 1, total=len(layout.pages))
    label_w = QFontMetricsF(fonts.small).horizontalAdvance(label) / UNIT + 12
    _text(painter, fonts.small, MUTED, _rect(x, foot_y, inner - label_w, 24), top_left, sheet.footer)
    _text(painter, fonts.small, MUTED, _rect(x, foot_y, inner, 14),
          Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, label)


def _paint(painter: QPainter, sheet: Sheet, layout: _Layout, scale: float,
           new_page: Callable[[], bool]) -> bool:
    """Paint every page (scale: device pixels per layout unit); False if a new page failed."""
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    painter.scale(scale, scale)
    for number in range(len(layout.pages)):
        if number and not new_page():
            return False
        _paint_page(painter, sheet, layout, number)
    return True


def render_sheet_images(sheet: Sheet, width_px: int) -> list[QImage]:
    """One white image per page, width_px wide: a preview of exactly what prints."""
    layout = _layout(sheet)
    scale = width_px / (layout.width * UNIT)
    height_px = round(width_px * layout.height / layout.width)
    images = []
    for number in range(len(layout.pages)):
        image = QImage(width_px, height_px, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing
                               | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        painter.scale(scale, scale)
        _paint_page(painter, sheet, layout, number)
        painter.end()
        images.append(image)
    return images


def print_sheet(sheet: Sheet, target: PrintTarget) -> PrintResult:
    """Print the sheet to a PDF file or a printer, with no dialog; never raises for a printer."""
    layout = _layout(sheet)
    pages = len(layout.pages)
    page_id = PAGES[sheet.paper][0]
    device: QPdfWriter | QPrinter
    if target.pdf is not None:
        writer = QPdfWriter(str(target.pdf))
        writer.setPageSize(QPageSize(page_id))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        writer.setResolution(72 * UNIT)  # one device pixel is one layout unit
        writer.setTitle(sheet.title)
        writer.setCreator(f"kiosk {__version__}")
        device, where = writer, str(target.pdf)
    elif target.printer is not None:
        if target.printer == "":
            info = QPrinterInfo.defaultPrinter()
            if info.isNull():
                return PrintResult(False, 0, "no_printer", "no default printer is set up")
        elif target.printer not in QPrinterInfo.availablePrinterNames():
            names = ", ".join(QPrinterInfo.availablePrinterNames()) or "none"
            return PrintResult(False, 0, "no_printer",
                               f"printer '{target.printer}' not found (printers: {names})")
        else:
            info = QPrinterInfo.printerInfo(target.printer)
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(page_id))
        printer.setFullPage(True)  # our own margins, measured from the paper's edge
        printer.setDocName(sheet.title)
        device, where = printer, f"printer '{info.printerName()}'"
    else:
        raise ValueError("a PrintTarget needs a pdf path or a printer name")
    painter = QPainter()
    if not painter.begin(device):  # Qt fails silently here: a bad path, a printer gone away
        return PrintResult(False, 0, "failed", f"could not start printing to {where}")
    try:
        painted = _paint(painter, sheet, layout, device.resolution() / (72 * UNIT), device.newPage)
    finally:
        ended = painter.end()
    if not (painted and ended):
        return PrintResult(False, 0, "failed", f"printing to {where} did not finish")
    return PrintResult(True, pages, "", f"printed {pages} page{'s' * (pages != 1)} to {where}")
