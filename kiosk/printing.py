"""The one Qt print boundary: question sheet, guide handouts and booklet to a PDF, printer or images."""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
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
    QTextDocument,
    QTextFormat,
    QTextOption,
    QTextTable,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtSvg import QSvgRenderer

from kiosk import __version__
from kiosk.config import Settings
from kiosk.content import Library
from kiosk.handout import Handout, Section, build_booklet, build_guide_handout
from kiosk.questions import Sheet
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
    # No "fi"/"ff" ligatures: a PDF's words then search, copy and read aloud as written.
    font.setFeature(QFont.Tag("liga"), 0)
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


def _picture(path: Path) -> tuple[QSizeF, Callable[[QPainter, QRectF], None]] | None:
    """A picture file's natural size and how to draw it (SVG as vectors); None if unreadable."""
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


def _draw_logo(painter: QPainter, path: Path, box: QRectF, centre: bool = False) -> None:
    """Draw a picture as large as fits the box, keeping its shape (left or centre, middle)."""
    picture = _picture(path)
    if picture is None:
        return
    size, draw = picture
    if size.isEmpty():
        size = QSizeF(box.size())
    size.scale(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = box.x() + ((box.width() - size.width()) / 2 if centre else 0)
    draw(painter, QRectF(x, box.y() + (box.height() - size.height()) / 2, size.width(), size.height()))


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
            date_w = QFontMetricsF(fonts.date).horizontalAdvance(sheet.date_text) / UNIT + 16
            _text(painter, fonts.title, INK, _rect(x, ty, inner - date_w, title_h), top_left,
                  sheet.title)  # measured at this width too: a long title never meets the date
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
    return list(iter_sheet_images(sheet, width_px))


def iter_sheet_images(sheet: Sheet, width_px: int) -> Iterator[QImage]:
    """The preview pages one at a time, so a viewer can keep each as a pixmap and let the image
    go before the next is painted (two full pages at once cost tens of MiB)."""
    layout = _layout(sheet)
    scale = width_px / (layout.width * UNIT)
    height_px = round(width_px * layout.height / layout.width)
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
        yield image


def _open_device(target: PrintTarget, paper: str, title: str
                 ) -> tuple[QPdfWriter | QPrinter, str] | PrintResult:
    """The PDF writer or printer for a target, or a PrintResult saying why there is none."""
    page_id = PAGES[paper][0]
    if target.pdf is not None:
        writer = QPdfWriter(str(target.pdf))
        writer.setPageSize(QPageSize(page_id))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        writer.setResolution(72 * UNIT)  # one device pixel is one layout unit
        writer.setTitle(title)
        writer.setCreator(f"kiosk {__version__}")
        return writer, str(target.pdf)
    if target.printer is None:
        raise ValueError("a PrintTarget needs a pdf path or a printer name")
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
    printer.setDocName(title)
    return printer, f"printer '{info.printerName()}'"


def _print_pages(target: PrintTarget, paper: str, title: str,
                 paint: Callable[[QPainter, float, Callable[[], bool]], int]) -> PrintResult:
    """Open the target, let paint() draw every page, and say what happened; never raises for a
    printer. paint gets the painter, device pixels per layout unit and a new-page function, and
    returns the number of pages painted (0 if a new page failed)."""
    opened = _open_device(target, paper, title)
    if isinstance(opened, PrintResult):
        return opened
    device, where = opened
    painter = QPainter()
    if not painter.begin(device):  # Qt fails silently here: a bad path, a printer gone away
        return PrintResult(False, 0, "failed", f"could not start printing to {where}")
    try:
        pages = paint(painter, device.resolution() / (72 * UNIT), device.newPage)
    finally:
        ended = painter.end()
    if not (pages and ended):
        return PrintResult(False, 0, "failed", f"printing to {where} did not finish")
    return PrintResult(True, pages, "", f"printed {pages} page{'s' * (pages != 1)} to {where}")


def print_sheet(sheet: Sheet, target: PrintTarget) -> PrintResult:
    """Print the sheet to a PDF file or a printer, with no dialog; never raises for a printer."""
    layout = _layout(sheet)

    def paint(painter: QPainter, scale: float, new_page: Callable[[], bool]) -> int:
        return len(layout.pages) if _paint(painter, sheet, layout, scale, new_page) else 0

    return _print_pages(target, sheet.paper, sheet.title, paint)


# --- guide handouts and the booklet -----------------------------------------------------------
#
# Each section (a guide, the glossary, the sources) is one QTextDocument laid out at the text width
# with a print style sheet. QTextDocument.print_ can neither keep a heading with what follows it
# nor draw our running header, so the pages are made here: every top-level block or box of the
# document becomes a unit with its measured top and bottom; units are packed into pages (a heading
# or a lead-in line ending in ':' stays with the next unit, pictures and boxes are never split, a
# paragraph splits only between lines with two lines on each side); each page then paints its
# slice of the document between our own header and footer. Pictures are laid out as empty boxes of
# the right size and painted as vectors with QSvgRenderer, so they print crisply at any resolution.

TEXT_X = 54.0  # side margins: lines of about 75 characters at 12 pt
HEADER_Y = 30.0  # the running header's text
BODY_TOP = 60.0  # under the running header
OPENING_TOP = 40.0  # where a section's title starts (no running header on that page)
BODY_GAP_BOTTOM = 58.0  # from the paper's bottom edge to the end of the text (the footer sits here)
BODY_PT, HEADER_PT = 12, 9.5
PICTURE_MAX_WIDTH = 0.9  # of the text width
PICTURE_MAX_HEIGHT = 300.0
PICTURE_PT_PER_PX = 0.62  # SVG sizes are screen pixels (drawn for 1080p); this keeps them in scale
LINES_KEPT = 2  # a paragraph splits across pages only with this many lines on each side
PICTURE_URL = "kiosk-picture:"
IMG_TAG = re.compile(r"<img\b[^>]*>")
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


@dataclass
class _Unit:
    """A piece of a section that pages are cut around: a heading, paragraph, list item, box..."""

    top: float  # layout units, in the section's document
    bottom: float
    kind: str  # "heading" | "text" | "item" | "picture" | "box"
    text: str
    cuts: tuple[float, ...] = ()  # line tops inside the unit where a page may end
    keep_with_next: bool = False
    lines: tuple[float, ...] = ()  # every line top inside it: a last resort for a unit too tall


def paginate(units: list[_Unit], room: Callable[[int], float]) -> list[tuple[float, float]]:
    """Cut a section into pages; room(n) is the text height of its page n (layout units).

    Returns each page's (top, bottom) slice of the document. A page never ends with a unit that
    keeps with the next one unless that unit opens the page; pictures and boxes move whole to the
    next page; a paragraph splits only at one of its cuts. Something taller than a whole page is
    cut where it must be.
    """
    if not units:
        return [(0.0, 0.0)]
    pages: list[tuple[float, float]] = []
    top, first, index = units[0].top, 0, 0
    while index < len(units):
        unit = units[index]
        limit = top + max(room(len(pages)), 1.0)  # never a page with no room: that loops forever
        if unit.bottom <= limit:
            index += 1
            continue
        fits = [c for c in unit.cuts if top < c <= limit]
        if fits:  # split the paragraph between lines
            pages.append((top, fits[-1]))
            top, first = fits[-1], index
            continue
        start = index
        while start > first and units[start - 1].keep_with_next:
            start -= 1  # take the heading (and its lead-in) along to the next page
        if start == first and index > first:
            start = index  # a page of nothing but headings: break before the unit instead
        if start == first:  # the unit alone is taller than a page: cut it where it must be
            inside = sorted(c for c in unit.lines if top < c <= limit)
            cut = inside[-1] if inside else limit
            pages.append((top, cut))
            top = cut
            continue
        pages.append((top, units[start].top))
        top, first = units[start].top, start
        index = start
    pages.append((top, max(top, units[-1].bottom)))
    return _fill_last_page(units, pages, room)


SHORT_LAST_PAGE = 0.2  # a last page this full or less looks forgotten...
MOVE_FROM_BELOW = 0.5  # ...so a heading below this share of the page before moves onto it


def _fill_last_page(units: list[_Unit], pages: list[tuple[float, float]],
                    room: Callable[[int], float]) -> list[tuple[float, float]]:
    """If the last page holds only a line or two, start it at a heading lower on the page before."""
    if len(pages) < 2:
        return pages
    (before_top, _), (last_top, last_bottom) = pages[-2], pages[-1]
    last = len(pages) - 1
    if last_bottom - last_top > SHORT_LAST_PAGE * room(last):
        return pages
    starts = [i for i, u in enumerate(units)
              if u.kind == "heading" and before_top + MOVE_FROM_BELOW * room(last - 1) <= u.top < last_top]
    for index in reversed(starts):
        while index > 0 and units[index - 1].keep_with_next and units[index - 1].top > before_top:
            index -= 1
        if last_bottom - units[index].top <= room(last):
            return [*pages[:-2], (before_top, units[index].top), (units[index].top, last_bottom)]
    return pages


@dataclass
class _Flow:
    """One section's laid-out document, its pictures and its units."""

    document: QTextDocument
    pictures: list[tuple[QRectF, Path]]
    units: list[_Unit]


@functools.cache
def _placeholder() -> QImage:
    """What QTextDocument draws for a picture: nothing (we paint the picture over it)."""
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    return image


def _prepare_html(markup: str, assets: Path, width: float) -> tuple[str, dict[str, Path]]:
    """Give each picture its printed size and a placeholder name; size boxes for paper."""
    pictures: dict[str, Path] = {}

    def picture(match: re.Match[str]) -> str:
        src = re.search(r'src="([^"]*)"', match.group(0))
        path = assets / html.unescape(src.group(1)) if src else None
        found = _picture(path) if path is not None and path.is_file() else None
        if path is None or found is None or found[0].isEmpty():
            return ""  # `kiosk check` reports missing pictures; paper shows no broken box
        size = found[0] * (PICTURE_PT_PER_PX * UNIT)
        box = size.boundedTo(QSizeF(width * PICTURE_MAX_WIDTH, PICTURE_MAX_HEIGHT * UNIT))
        fitted = size.scaled(box, Qt.AspectRatioMode.KeepAspectRatio)  # shrunk to fit, same shape
        name = f"{PICTURE_URL}{len(pictures)}"
        pictures[name] = path
        return f'<img src="{name}" width="{round(fitted.width())}" height="{round(fitted.height())}">'

    markup = IMG_TAG.sub(picture, markup)
    markup = markup.replace('<p class="picture">', '<p class="picture" align="center">')
    markup = re.sub(r'cellpadding="\d+"', f'cellpadding="{8 * UNIT}"', markup)
    markup = re.sub(r'(<td class="bar[^"]*" width=")\d+', rf"\g<1>{4 * UNIT}", markup)
    return markup, pictures


def _section_flow(markup: str, assets: Path, width: float) -> _Flow:
    """Lay a section out at this width and measure it into units."""
    markup, names = _prepare_html(markup, assets, width)
    document = QTextDocument()
    for name in names:
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), _placeholder())
    _set_up(document, markup, width)
    layout = document.documentLayout()
    tables = [(frame.firstPosition(), frame.lastPosition(), frame)
              for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)]
    units: list[_Unit] = []
    pictures: list[tuple[QRectF, Path]] = []
    block = document.begin()
    while block.isValid():
        table = next((t for t in tables if t[0] <= block.position() <= t[1]), None)
        if table is not None:
            top, bottom = _table_box(layout, table[2])
            cuts: list[float] = []
            words: list[str] = []
            while block.isValid() and block.position() <= table[1]:
                cuts += _line_tops(layout, block)
                pictures += _block_pictures(layout, block, names)
                words.append(block.text())
                block = block.next()
            units.append(_Unit(top, bottom, "box", " ".join(" ".join(words).split()),
                               lines=tuple(sorted(cuts)[1:])))
            continue
        rect = layout.blockBoundingRect(block)
        text = " ".join(block.text().replace("\ufffc", " ").split())
        found = _block_pictures(layout, block, names)
        tops = _line_tops(layout, block)
        if found:
            pictures += found
            units.append(_Unit(rect.top(), rect.bottom(), "picture",
                               " ".join(p.name for _, p in found)))
        elif block.blockFormat().headingLevel() > 0:
            units.append(_Unit(rect.top(), rect.bottom(), "heading", text, keep_with_next=True))
        elif text:
            kind = "item" if block.textList() is not None else "text"
            units.append(_Unit(rect.top(), rect.bottom(), kind, text,
                               tuple(tops[LINES_KEPT:len(tops) - LINES_KEPT + 1]),
                               keep_with_next=kind == "text" and text.endswith(":"),
                               lines=tuple(tops[1:])))
        block = block.next()
    return _Flow(document, pictures, units)


def _set_up(document: QTextDocument, markup: str, width: float) -> None:
    """Load print HTML into a document with the print font and style sheet, at this width."""
    document.setUseDesignMetrics(True)  # the same line breaks on any printer as on the PDF
    document.setDocumentMargin(0)
    document.setIndentWidth(16 * UNIT)
    document.setDefaultFont(_font(BODY_PT))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # long web addresses
    document.setDefaultTextOption(option)
    document.setDefaultStyleSheet(PRINT_CSS)
    document.setHtml(markup)
    document.setTextWidth(width)


def _table_box(layout, table: QTextTable) -> tuple[float, float]:
    """The top and bottom of a table as drawn, in document coordinates.

    Not frameBoundingRect: for a table it adds the first cell's offset (Qt centres cells
    vertically by default), so it lands inside the table. Each cell's content, padding and
    border are measured instead; the tallest cell spans its row.
    """
    fmt = table.format()
    edge = fmt.border() + fmt.cellSpacing()
    tops, bottoms = [], []
    for row in range(table.rows()):
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            cell_format = cell.format().toTableCellFormat()
            first = cell.firstCursorPosition().block()
            last = cell.lastCursorPosition().block()
            top_pad = cell_format.topPadding() \
                if cell_format.hasProperty(QTextFormat.Property.TableCellTopPadding) \
                else fmt.cellPadding()
            bottom_pad = cell_format.bottomPadding() \
                if cell_format.hasProperty(QTextFormat.Property.TableCellBottomPadding) \
                else fmt.cellPadding()
            tops.append(layout.blockBoundingRect(first).top() - first.blockFormat().topMargin()
                        - top_pad - cell_format.topBorder())
            bottoms.append(layout.blockBoundingRect(last).bottom()
                           + last.blockFormat().bottomMargin() + bottom_pad
                           + cell_format.bottomBorder())
    return min(tops) - edge, max(bottoms) + edge


def _line_tops(layout, block) -> list[float]:
    """The top of each line of a block, in document coordinates."""
    lines = block.layout()
    origin = layout.blockBoundingRect(block).top() - lines.boundingRect().top()
    return [origin + lines.lineAt(i).y() for i in range(lines.lineCount())]


def _block_pictures(layout, block, names: dict[str, Path]) -> list[tuple[QRectF, Path]]:
    """Where each picture of a block sits, in document coordinates."""
    found = []
    lines = block.layout()
    box = layout.blockBoundingRect(block)
    origin = box.topLeft() - lines.boundingRect().topLeft()
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        image = fragment.charFormat().toImageFormat()
        if fragment.charFormat().isImageFormat() and image.name() in names:
            at = fragment.position() - block.position()
            line = lines.lineForTextPosition(at)
            x = line.cursorToX(at)
            x = x[0] if isinstance(x, tuple) else x
            top = line.y() + line.ascent() - image.height()
            found.append((QRectF(origin.x() + x, origin.y() + top, image.width(), image.height()),
                          names[image.name()]))
        fragments += 1
    return found


# --- handout pages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintedPage:
    """One printed page: what it is and, for a section's page, the blocks it shows in order."""

    kind: str  # "cover" | "contents" | "section"
    index: int  # the section (for "section") or the contents page (for "contents"); 0 for the cover
    opening: bool  # a section starts here, under its title
    top: float = 0.0  # the slice of the section's document it shows (layout units)
    bottom: float = 0.0
    blocks: tuple[tuple[str, str], ...] = ()  # (kind, text): "heading", "text", "item", "picture", "box"


@dataclass(frozen=True)
class _Entry:
    """A line of the contents: which section (title, summary, start page) and how tall it is."""

    section: int
    height: float


class _HandoutFonts:
    def __init__(self) -> None:
        self.band = _font(14, QFont.Weight.Bold)
        self.band_date = _font(10.5)
        self.header = _font(HEADER_PT, QFont.Weight.DemiBold)
        self.header_right = _font(HEADER_PT)
        self.title = _font(22, QFont.Weight.Bold)
        self.summary = _font(12.5)
        self.footer = _font(9.5)
        self.cover_clinic = _font(20, QFont.Weight.Bold)
        self.cover_title = _font(32, QFont.Weight.Bold)
        self.cover_subtitle = _font(16)
        self.cover_date = _font(12)
        self.contents_title = _font(24, QFont.Weight.Bold)
        self.entry = _font(14, QFont.Weight.Bold)
        self.entry_summary = _font(11)


@dataclass
class HandoutLayout:
    """Every page of a handout or booklet, measured and cut, ready to paint or to check."""

    handout: Handout
    width: float  # the paper, in points
    height: float
    pages: list[PrintedPage]
    flows: list[_Flow]
    contents: list[list[_Entry]]  # the entries on each contents page
    fonts: _HandoutFonts

    @property
    def inner(self) -> float:
        return self.width - 2 * TEXT_X

    def start(self, section: int) -> int:
        """The printed page number (from 1) where a section starts."""
        return next(number for number, page in enumerate(self.pages, start=1)
                    if page.kind == "section" and page.index == section)


def _band_height(handout: Handout, fonts: _HandoutFonts, inner: float) -> float:
    """The clinic band over a handout's first page: logo, clinic name, date, a rule."""
    date_w = QFontMetricsF(fonts.band_date).horizontalAdvance(handout.date_text) / UNIT + 16
    text_w = inner - (40 if handout.logo else 0) - date_w
    return max(30.0 if handout.logo else 0.0, _text_height(fonts.band, text_w, handout.band))


def _opening_height(section: Section, fonts: _HandoutFonts, inner: float) -> tuple[float, float]:
    """(title height, whole block height) of the title block a section opens with."""
    text_w = inner - (58 if section.icon else 0)
    title = _text_height(fonts.title, text_w, section.title)
    block = title + (6 + _text_height(fonts.summary, text_w, section.summary) if section.summary
                     else 0)
    return title, max(44.0 if section.icon else 0.0, block)


def _opening_bottom(handout: Handout, index: int, fonts: _HandoutFonts, inner: float) -> float:
    """Where the text starts on a section's first page (under the band on a handout's first)."""
    y = OPENING_TOP
    if handout.cover is None and index == 0:
        y += _band_height(handout, fonts, inner) + 8 + 22
    return y + _opening_height(handout.sections[index], fonts, inner)[1] + 12 + 18


def _contents_pages(handout: Handout, fonts: _HandoutFonts, inner: float,
                    height: float) -> list[list[_Entry]]:
    """The contents entries, page by page (their height does not depend on the page numbers)."""
    text_w = inner - 44 - 50
    top = OPENING_TOP + _text_height(fonts.contents_title, inner, handout.contents_title) + 26
    pages: list[list[_Entry]] = [[]]
    y = top
    for index, section in enumerate(handout.sections):
        entry = _text_height(fonts.entry, text_w, section.title)
        if section.summary:
            entry += 3 + _text_height(fonts.entry_summary, text_w, section.summary)
        entry = max(entry, 30.0) + 16
        if y + entry > height - BODY_GAP_BOTTOM and pages[-1]:
            pages.append([])
            y = top
        pages[-1].append(_Entry(index, entry))
        y += entry
    return pages


def layout_handout(handout: Handout) -> HandoutLayout:
    """Lay out every section and cut it into pages (needs a QGuiApplication, for fonts)."""
    _, width, height = PAGES[handout.paper]
    inner = width - 2 * TEXT_X
    fonts = _HandoutFonts()
    flows = [_section_flow(section.html, handout.assets, inner * UNIT) for section in handout.sections]
    pages: list[PrintedPage] = []
    if handout.cover is not None:
        pages.append(PrintedPage("cover", 0, False))
    contents = _contents_pages(handout, fonts, inner, height) if handout.contents_title else []
    pages += [PrintedPage("contents", number, number == 0) for number in range(len(contents))]
    for index, flow in enumerate(flows):
        first_top = _opening_bottom(handout, index, fonts, inner)

        def room(page: int, first_top: float = first_top) -> float:
            return (height - BODY_GAP_BOTTOM - (first_top if page == 0 else BODY_TOP)) * UNIT

        for page, (top, bottom) in enumerate(paginate(flow.units, room)):
            blocks = tuple((u.kind, u.text) for u in flow.units if u.top < bottom and u.bottom > top)
            pages.append(PrintedPage("section", index, page == 0, top, bottom, blocks))
    return HandoutLayout(handout, width, height, pages, flows, contents, fonts)


def _elided(font: QFont, text: str, width: float) -> str:
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width * UNIT)


def _paint_band(painter: QPainter, layout: HandoutLayout, y: float) -> float:
    handout, fonts = layout.handout, layout.fonts
    x, inner = TEXT_X, layout.inner
    band = _band_height(handout, fonts, inner)
    text_x = x
    if handout.logo:
        _draw_logo(painter, handout.logo, _rect(x, y + (band - 30) / 2, 30, 30))
        text_x = x + 40
    date_w = QFontMetricsF(fonts.band_date).horizontalAdvance(handout.date_text) / UNIT + 16
    text_w = x + inner - date_w - text_x
    text_h = _text_height(fonts.band, text_w, handout.band)
    _text(painter, fonts.band, ACCENT, _rect(text_x, y + (band - text_h) / 2, text_w, text_h),
          Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, handout.band)
    _text(painter, fonts.band_date, MUTED, _rect(x, y, inner, band),
          Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, handout.date_text)
    _rule(painter, x, x + inner, y + band + 8, ACCENT, 1.5)
    return y + band + 8 + 22


def _paint_opening(painter: QPainter, layout: HandoutLayout, section: Section, y: float) -> None:
    fonts, x, inner = layout.fonts, TEXT_X, layout.inner
    title_h, block = _opening_height(section, fonts, inner)
    text_x = x
    if section.icon:
        _draw_logo(painter, section.icon, _rect(x, y, 44, 44))
        text_x = x + 58
    text_w = x + inner - text_x
    top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    _text(painter, fonts.title, HEADING, _rect(text_x, y, text_w, title_h), top_left, section.title)
    if section.summary:
        _text(painter, fonts.summary, MUTED, _rect(text_x, y + title_h + 6, text_w, block), top_left,
              section.summary)
    _rule(painter, x, x + inner, y + block + 12, RULE, 0.8)


def _paint_running_header(painter: QPainter, layout: HandoutLayout, section: Section) -> None:
    fonts, x, inner = layout.fonts, TEXT_X, layout.inner
    right = _elided(fonts.header_right, layout.handout.band, inner * 0.38)
    _text(painter, fonts.header, MUTED, _rect(x, HEADER_Y, inner * 0.6, 14),
          Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
          _elided(fonts.header, section.title, inner * 0.6))
    _text(painter, fonts.header_right, MUTED, _rect(x, HEADER_Y, inner, 14),
          Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, right)
    _rule(painter, x, x + inner, HEADER_Y + 16, RULE, 0.5)


def _paint_section_page(painter: QPainter, layout: HandoutLayout, page: PrintedPage) -> None:
    handout = layout.handout
    section, flow = handout.sections[page.index], layout.flows[page.index]
    if page.opening:
        y = OPENING_TOP
        if handout.cover is None and page.index == 0:
            y = _paint_band(painter, layout, y)
        _paint_opening(painter, layout, section, y)
        body_top = _opening_bottom(handout, page.index, layout.fonts, layout.inner)
    else:
        _paint_running_header(painter, layout, section)
        body_top = BODY_TOP
    painter.save()
    painter.translate(TEXT_X * UNIT, body_top * UNIT - page.top)
    # A little wider than the text, so box borders on the edge are never clipped.
    flow.document.drawContents(painter, QRectF(-4 * UNIT, page.top, (layout.inner + 8) * UNIT,
                                               page.bottom - page.top))
    for rect, path in flow.pictures:
        if page.top <= rect.center().y() < page.bottom:
            _draw_logo(painter, path, rect, centre=True)
    painter.restore()


def _paint_cover(painter: QPainter, layout: HandoutLayout) -> None:
    cover, fonts = layout.handout.cover, layout.fonts
    assert cover is not None
    x, inner, width = TEXT_X, layout.inner, layout.width
    centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    y = 130.0
    if cover.logo:
        _draw_logo(painter, cover.logo, _rect(x, y, inner, 104), centre=True)
        y += 104 + 26
    if cover.clinic:
        h = _text_height(fonts.cover_clinic, inner, cover.clinic)
        _text(painter, fonts.cover_clinic, ACCENT, _rect(x, y, inner, h), centre, cover.clinic)
        y += h + 22
    _rule(painter, width / 2 - 60, width / 2 + 60, y, ACCENT, 2)
    y += 28
    h = _text_height(fonts.cover_title, inner, cover.title)
    _text(painter, fonts.cover_title, INK, _rect(x, y, inner, h), centre, cover.title)
    y += h + 12
    h = _text_height(fonts.cover_subtitle, inner, cover.subtitle)
    _text(painter, fonts.cover_subtitle, MUTED, _rect(x, y, inner, h), centre, cover.subtitle)
    y += h + 54
    if cover.icons:
        size, gap = 46.0, 18.0
        per_row = max(1, int((inner + gap) // (size + gap)))
        for start in range(0, len(cover.icons), per_row):
            row = cover.icons[start:start + per_row]
            left = width / 2 - (len(row) * size + (len(row) - 1) * gap) / 2
            for number, icon in enumerate(row):
                _draw_logo(painter, icon, _rect(left + number * (size + gap), y, size, size),
                           centre=True)
            y += size + gap
    bottom = layout.height - 96
    _text(painter, fonts.cover_date, MUTED, _rect(x, bottom, inner, 18), centre, cover.date_text)
    _rule(painter, x, x + inner, bottom + 26, RULE, 0.5)
    _text(painter, fonts.footer, MUTED, _rect(x, bottom + 34, inner, 30), centre,
          layout.handout.footer)


def _paint_contents(painter: QPainter, layout: HandoutLayout, number: int) -> None:
    handout, fonts = layout.handout, layout.fonts
    x, inner = TEXT_X, layout.inner
    top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    title_h = _text_height(fonts.contents_title, inner, handout.contents_title)
    _text(painter, fonts.contents_title, HEADING, _rect(x, OPENING_TOP, inner, title_h), top_left,
          handout.contents_title)
    _rule(painter, x, x + inner, OPENING_TOP + title_h + 10, ACCENT, 1.5)
    y = OPENING_TOP + title_h + 26
    text_x, text_w = x + 44, inner - 44 - 50
    metrics = QFontMetricsF(fonts.entry)
    for entry in layout.contents[number]:
        section = handout.sections[entry.section]
        if section.icon:
            _draw_logo(painter, section.icon, _rect(x, y, 30, 30))
        title_h = _text_height(fonts.entry, text_w, section.title)
        _text(painter, fonts.entry, INK, _rect(text_x, y, text_w, title_h), top_left, section.title)
        page = str(layout.start(entry.section))
        _text(painter, fonts.entry, ACCENT, _rect(x + inner - 50, y, 50, title_h),
              Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, page)
        line_h = metrics.height() / UNIT
        if title_h <= line_h * 1.5:  # one line: dots lead the eye to the page number
            start = text_x + metrics.horizontalAdvance(section.title) / UNIT + 8
            end = x + inner - metrics.horizontalAdvance(page) / UNIT - 8
            if end > start:
                pen = _pen(RULE, 1.2)
                pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                base = y + metrics.ascent() / UNIT
                painter.drawLine(_rect(start, base, 0, 0).topLeft(), _rect(end, base, 0, 0).topLeft())
        if section.summary:
            h = _text_height(fonts.entry_summary, text_w, section.summary)
            _text(painter, fonts.entry_summary, MUTED, _rect(text_x, y + title_h + 3, text_w, h),
                  top_left, section.summary)
        y += entry.height


def _paint_footer(painter: QPainter, layout: HandoutLayout, number: int) -> None:
    fonts, x, inner = layout.fonts, TEXT_X, layout.inner
    foot_y = layout.height - MARGIN_BOTTOM - 12
    _rule(painter, x, x + inner, foot_y - 6, RULE, 0.5)
    label = layout.handout.page_label.format(page=number + 1, total=len(layout.pages))
    label_w = QFontMetricsF(fonts.footer).horizontalAdvance(label) / UNIT + 12
    _text(painter, fonts.footer, MUTED, _rect(x, foot_y, inner - label_w, 24),
          Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, layout.handout.footer)
    _text(painter, fonts.footer, MUTED, _rect(x, foot_y, inner, 14),
          Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, label)


def _paint_handout_page(painter: QPainter, layout: HandoutLayout, number: int) -> None:
    page = layout.pages[number]
    if page.kind == "cover":
        _paint_cover(painter, layout)
        return
    if page.kind == "contents":
        _paint_contents(painter, layout, page.index)
    else:
        _paint_section_page(painter, layout, page)
    _paint_footer(painter, layout, number)


RENDER_HINTS = (QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                | QPainter.RenderHint.SmoothPixmapTransform)


def render_handout_images(handout: Handout | HandoutLayout, width_px: int,
                          pages: Sequence[int] | None = None) -> list[QImage]:
    """White images, width_px wide, of the chosen pages (default all): a preview of the print."""
    layout = handout if isinstance(handout, HandoutLayout) else layout_handout(handout)
    scale = width_px / (layout.width * UNIT)
    height_px = round(width_px * layout.height / layout.width)
    images = []
    for number in range(len(layout.pages)) if pages is None else pages:
        image = QImage(width_px, height_px, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHints(RENDER_HINTS)
        painter.scale(scale, scale)
        _paint_handout_page(painter, layout, number)
        painter.end()
        images.append(image)
    return images


def print_handout(handout: Handout, target: PrintTarget) -> PrintResult:
    """Print a handout or booklet to a PDF file or a printer; never raises for a printer."""

    def paint(painter: QPainter, scale: float, new_page: Callable[[], bool]) -> int:
        layout = layout_handout(handout)  # only once the printer is there: a missing one is quick
        painter.setRenderHints(RENDER_HINTS)
        painter.scale(scale, scale)
        for number in range(len(layout.pages)):
            if number and not new_page():
                return 0
            _paint_handout_page(painter, layout, number)
        return len(layout.pages)

    return _print_pages(target, handout.paper, handout.title, paint)


def print_guide(library: Library, slug: str, settings: Settings, target: PrintTarget,
                today: dt.date | None = None) -> PrintResult:
    """Print one guide as a handout. An unknown slug raises UnknownGuide (a caller's mistake);
    printer problems come back as PrintResult(ok=False, ...)."""
    return print_handout(build_guide_handout(library, slug, settings, today), target)


def print_booklet(library: Library, settings: Settings, target: PrintTarget,
                  today: dt.date | None = None) -> PrintResult:
    """Print every guide as one booklet (cover, contents, guides, words to know, sources)."""
    return print_handout(build_booklet(library, settings, today), target)
