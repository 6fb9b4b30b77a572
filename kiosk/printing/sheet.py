"""The question sheet: one page (two at most) of picked questions with answer lines and notes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
)

from kiosk.core.questions import Sheet
from kiosk.printing.device import PrintResult, PrintTarget, print_each_page
from kiosk.printing.style import (
    ACCENT,
    BOX,
    FIRST_PAGE_QUESTIONS,
    FOOTER_SPACE,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    NUMBER_COLUMN,
    OWN_LINES,
    PAGES,
    RULE,
    UNIT,
    draw_logo,
    draw_rule,
    draw_text,
    page_images,
    print_font,
    print_pen,
    pt_rect,
    text_height,
)


@dataclass(frozen=True)
class _Style:
    question_pt: float
    pitch: float  # distance between answer lines: room to write by hand
    gap: float  # space after each question's lines


# Roomiest first; the first style whose page 1 fits is used (12 pt is the floor for old eyes).
STYLES = (_Style(14, 26, 10), _Style(14, 23, 7), _Style(14, 21, 5), _Style(13, 21, 5),
          _Style(13, 19, 4), _Style(12, 19, 4), _Style(12, 17, 3), _Style(12, 16, 2))



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
        self.clinic = print_font(16, QFont.Weight.Bold)
        self.title = print_font(24, QFont.Weight.Bold)
        self.date = print_font(12.5)
        self.intro = print_font(12.5)
        self.question = print_font(style.question_pt, QFont.Weight.DemiBold)
        self.number = print_font(style.question_pt, QFont.Weight.Bold)
        self.section = print_font(14, QFont.Weight.Bold)
        self.group = print_font(11.5, QFont.Weight.Bold)  # "Ask your doctor", over its questions
        self.small = print_font(9.5)
        self.continued = print_font(18, QFont.Weight.Bold)
        self.header_small = print_font(11)


def _header_height(sheet: Sheet, fonts: _Fonts, inner: float) -> tuple[float, float, float]:
    logo = 40.0 if sheet.logo else 0.0
    clinic_w = inner - (logo + 12 if logo else 0)
    band = max(logo, text_height(fonts.clinic, clinic_w, sheet.clinic))
    date_w = QFontMetricsF(fonts.date).horizontalAdvance(sheet.date_text) / UNIT + 16
    title = text_height(fonts.title, inner - date_w, sheet.title)
    intro = text_height(fonts.intro, inner, sheet.intro)
    return band, title, band + 18 + title + 4 + intro + 14


def _continued_height(fonts: _Fonts, sheet: Sheet, inner: float) -> float:
    return 14 + 6 + text_height(fonts.continued, inner, sheet.continued) + 16


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
    starts, first = {}, 0  # question index -> the heading of the group it opens
    for heading, count in sheet.groups:
        starts[first] = heading
        first += count
    for index, text in enumerate(sheet.questions):
        text_h = text_height(fonts.question, inner - NUMBER_COLUMN, text)
        block = text_h + lines * style.pitch + style.gap
        group_h = text_height(fonts.group, inner, starts[index]) + 2 if index in starts else 0
        if index == FIRST_PAGE_QUESTIONS or (y + group_h + block > bottom and index > 0):
            if index < FIRST_PAGE_QUESTIONS:
                fits = False
            new_page()
        if group_h:  # a group's heading always stays with its first question
            layout.pages[-1].append(("group", y, group_h, starts[index]))
            y += group_h
        layout.pages[-1].append(("question", y, block, (index + 1, text, text_h, lines)))
        y += block
    own_pitch = max(style.pitch, 22.0)
    section = text_height(fonts.section, inner, sheet.own_title) + 4
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

def _paint_page(painter: QPainter, sheet: Sheet, layout: _Layout, number: int) -> None:
    fonts = _Fonts(layout.style)
    x, inner, right = layout.left, layout.inner, layout.left + layout.inner
    top_left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    for kind, y, height, data in layout.pages[number]:
        if kind == "header":
            band, title_h, _ = _header_height(sheet, fonts, inner)
            text_x = x
            if sheet.logo:
                draw_logo(painter, sheet.logo, pt_rect(x, y, 40, 40))
                text_x = x + 52
            clinic_h = text_height(fonts.clinic, right - text_x, sheet.clinic)
            draw_text(painter, fonts.clinic, ACCENT, pt_rect(text_x, y + (band - clinic_h) / 2,
                                                       right - text_x, clinic_h), top_left,
                  sheet.clinic)
            draw_rule(painter, x, right, y + band + 8, ACCENT, 1.5)
            ty = y + band + 18
            date_w = QFontMetricsF(fonts.date).horizontalAdvance(sheet.date_text) / UNIT + 16
            draw_text(painter, fonts.title, INK, pt_rect(x, ty, inner - date_w, title_h), top_left,
                  sheet.title)  # measured at this width too: a long title never meets the date
            draw_text(painter, fonts.date, INK, pt_rect(x, ty, inner, title_h),
                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, sheet.date_text)
            draw_text(painter, fonts.intro, MUTED, pt_rect(x, ty + title_h + 4, inner, 40), top_left,
                  sheet.intro)
        elif kind == "continued":
            draw_text(painter, fonts.header_small, MUTED, pt_rect(x, y, inner, 14), top_left, sheet.clinic)
            draw_text(painter, fonts.header_small, MUTED, pt_rect(x, y, inner, 14),
                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, sheet.date_text)
            draw_text(painter, fonts.continued, INK, pt_rect(x, y + 20, inner, height - 36), top_left,
                  sheet.continued)
            draw_rule(painter, x, right, y + height - 8, ACCENT, 1.2)
        elif kind == "question":
            index, text, text_h, lines = data  # type: ignore[misc]
            draw_text(painter, fonts.number, ACCENT, pt_rect(x, y, NUMBER_COLUMN, text_h), top_left,
                  f"{index}.")
            draw_text(painter, fonts.question, INK, pt_rect(x + NUMBER_COLUMN, y, inner - NUMBER_COLUMN,
                                                      text_h), top_left, text)
            for line in range(1, lines + 1):
                draw_rule(painter, x + NUMBER_COLUMN, right, y + text_h + line * layout.style.pitch,
                      RULE, 0.6)
        elif kind == "group":
            draw_text(painter, fonts.group, ACCENT, pt_rect(x, y, inner, height), top_left, data)
        elif kind == "own":
            first, width, pitch = data  # type: ignore[misc]
            section = text_height(fonts.section, width, sheet.own_title)
            draw_text(painter, fonts.section, ACCENT, pt_rect(x, y, width, section), top_left,
                      sheet.own_title)
            for line in range(OWN_LINES):
                base = y + section + 4 + (line + 1) * pitch
                draw_text(painter, fonts.number, MUTED, pt_rect(x, base - pitch, NUMBER_COLUMN, pitch - 2),
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, f"{first + line}.")
                draw_rule(painter, x + NUMBER_COLUMN, x + width, base, RULE, 0.6)
        elif kind == "notes":
            left, width = data  # type: ignore[misc]
            section = text_height(fonts.section, width, sheet.notes_title)
            draw_text(painter, fonts.section, ACCENT, pt_rect(left, y, width, section), top_left,
                  sheet.notes_title)
            painter.setPen(print_pen(BOX, 0.8))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(pt_rect(left, y + section + 4, width, height - section - 4),
                                    6 * UNIT, 6 * UNIT)
    foot_y = layout.height - MARGIN_BOTTOM - 12
    draw_rule(painter, x, right, foot_y - 6, RULE, 0.5)
    label = sheet.page_label.format(page=number + 1, total=len(layout.pages))
    label_w = QFontMetricsF(fonts.small).horizontalAdvance(label) / UNIT + 12
    draw_text(painter, fonts.small, MUTED, pt_rect(x, foot_y, inner - label_w, 24), top_left, sheet.footer)
    draw_text(painter, fonts.small, MUTED, pt_rect(x, foot_y, inner, 14),
          Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, label)


def render_sheet_images(sheet: Sheet, width_px: int) -> list[QImage]:
    """One white image per page, width_px wide: a preview of exactly what prints."""
    return list(iter_sheet_images(sheet, width_px))


def iter_sheet_images(sheet: Sheet, width_px: int) -> Iterator[QImage]:
    """The preview pages one at a time (see style.page_images)."""
    layout = _layout(sheet)
    return page_images(width_px, layout.width, layout.height, range(len(layout.pages)),
                       lambda painter, number: _paint_page(painter, sheet, layout, number))


def print_sheet(sheet: Sheet, target: PrintTarget) -> PrintResult:
    """Print the sheet to a PDF file or a printer, with no dialog; never raises for a printer."""
    def lay_out():
        layout = _layout(sheet)
        return len(layout.pages), lambda painter, number: _paint_page(painter, sheet, layout,
                                                                      number)

    return print_each_page(target, sheet.paper, sheet.title, lay_out)
