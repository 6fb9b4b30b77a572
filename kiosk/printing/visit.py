"""The visit sheet on paper: clinic band, the body outline with the marked regions hatched, the
answers as a compact table, the questions grouped by who to ask, and a notes box. One page;
two only when there are many questions. Bilingual: the clinic's words in italics beside."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from kiosk.core.body import VIEWS
from kiosk.core.visit_sheet import Pair, Row, VisitSheet
from kiosk.printing.device import PrintResult, PrintTarget, print_each_page
from kiosk.printing.style import (
    ACCENT,
    BOX,
    FOOTER_SPACE,
    INK,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
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
from kiosk.ui.body_paint import OutlineStyle, paint_view

__all__ = ["PrintTarget", "iter_visit_images", "print_visit_sheet", "visit_pages"]

FIGURE_W = 140.0  # the two body views side by side
GAP = 12.0
LABEL_W = 178.0  # the table's question column
BOX_PT = 13.0  # one cell of the 0-10 strip
NOTES_MIN = 58.0
NUMBER_W = 27.0  # room for "15." before a question
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
BLACK = QColor("#000000")
PAPER_OUTLINE = OutlineStyle(QColor("#FFFFFF"), BLACK, QColor("#7B8794"), 1.4 * UNIT,
                             0.5 * UNIT, hatch_gap=2.6 * UNIT)


class _Fonts:
    def __init__(self, k: float) -> None:  # k: the answers' size, 1.0 down to 0.85
        self.clinic = print_font(14, QFont.Weight.Bold)
        self.title = print_font(18, QFont.Weight.Bold)
        self.date = print_font(11)
        self.intro = print_font(10 * k)
        self.label = print_font(10 * k, QFont.Weight.Bold)
        self.value = print_font(10.5 * k)
        self.big = print_font(12, QFont.Weight.Bold)
        self.second = print_font(8.8 * k)
        self.second.setItalic(True)
        self.anchor = print_font(8.3 * k)
        self.section = print_font(13, QFont.Weight.Bold)
        self.group = print_font(11, QFont.Weight.Bold)
        self.question = print_font(11 * k, QFont.Weight.DemiBold)
        self.strip = print_font(7.5, QFont.Weight.Bold)
        self.side = print_font(7)
        self.small = print_font(9)


def _both(pair: Pair) -> str:
    """One answer with the clinic's words beside it ("Cabeza / Head"), or just the answer."""
    return f"{pair[0]} / {pair[1]}" if pair[1] and pair[1] != pair[0] else pair[0]


@dataclass
class _Plan:
    """Pages of (kind, y, height, data) blocks, in points."""

    width: float
    height: float
    pages: list[list[tuple[str, float, float, object]]]
    fonts: _Fonts
    lines: int  # answer lines under each question

    @property
    def inner(self) -> float:
        return self.width - 2 * MARGIN_X

    @property
    def bottom(self) -> float:
        return self.height - MARGIN_BOTTOM - FOOTER_SPACE


def _pair_height(fonts: _Fonts, first: QFont, width: float, pair: Pair) -> float:
    height = text_height(first, width, pair[0])
    if pair[1]:
        height += text_height(fonts.second, width, pair[1])
    return height


def _header_height(sheet: VisitSheet, fonts: _Fonts, inner: float) -> float:
    title = _pair_height(fonts, fonts.title, inner - 120, sheet.title)
    intro = _pair_height(fonts, fonts.intro, inner, sheet.intro)
    return 42 + title + 3 + intro + 8


def _row_height(row: Row, fonts: _Fonts, value_w: float) -> float:
    label = _pair_height(fonts, fonts.label, LABEL_W - 6, row.label)
    if row.scale is not None:
        anchors = text_height(fonts.anchor, value_w, _both(row.scale.low)) \
            + text_height(fonts.anchor, value_w, _both(row.scale.high))
        return max(label, BOX_PT + 3 + anchors) + 5
    texts = [_both(v) for v in row.values] or ["—"]
    value = text_height(fonts.value, value_w, "; ".join(texts))
    return max(label, value) + 5


def _goal_extra(sheet: VisitSheet, fonts: _Fonts) -> float:
    return text_height(fonts.value, LABEL_W, _both(sheet.goals_write)) + 10


def _plan(sheet: VisitSheet, lines: int, small: float) -> _Plan:
    _, width, height = PAGES[sheet.paper]
    fonts = _Fonts(small)
    plan = _Plan(width, height, [[]], fonts, lines)
    inner = plan.inner
    header = _header_height(sheet, fonts, inner)
    plan.pages[0].append(("header", MARGIN_TOP, header, None))
    y = MARGIN_TOP + header
    table_w = inner - FIGURE_W - GAP
    value_w = table_w - LABEL_W
    rows = [(row, _row_height(row, fonts, value_w)) for row in sheet.rows]
    table = sum(h for _, h in rows) + _goal_extra(sheet, fonts)
    notes = _pair_height(fonts, fonts.group, FIGURE_W, sheet.notes_title) + 4
    figure = _figure_height()
    top = max(table, figure + 8 + notes + NOTES_MIN)
    plan.pages[0].append(("answers", y, top, rows))
    plan.pages[0].append(("notes", y + figure + 8, top - figure - 8, (notes, MARGIN_X, FIGURE_W)))
    y += top + 10

    def new_page() -> None:
        nonlocal y
        plan.pages.append([("continued", MARGIN_TOP, 28, None)])
        y = MARGIN_TOP + 28

    if sheet.groups:
        section = _pair_height(fonts, fonts.section, inner, sheet.questions_title) + 4
        plan.pages[-1].append(("section", y, section, sheet.questions_title))
        y += section
        number = 1
        for group in sheet.groups:
            heading = _pair_height(fonts, fonts.group, inner, group.heading) + 3
            first = True
            for question in group.questions:
                text = _pair_height(fonts, fonts.question, inner - NUMBER_W, question)
                block = text + lines * 16 + 5
                need = block + (heading if first else 0)
                if y + need > plan.bottom:
                    new_page()
                if first:
                    plan.pages[-1].append(("group", y, heading, group.heading))
                    y += heading
                    first = False
                plan.pages[-1].append(("question", y, block, (number, question, text)))
                y += block
                number += 1
    return plan


def _figure_height() -> float:
    return 14 + 2.4 * (FIGURE_W / 2 - 6) + 2 + 20 + 14


def _layout(sheet: VisitSheet) -> _Plan:
    """The roomiest plan on one page, else on two; a very long list flows on (a question is
    never dropped, and answer lines never shrink below one)."""
    for pages in (1, 2):
        # The bundled face (Atkinson Hyperlegible) is wide: a two-language sheet may need the
        # smallest step, 0.85 of 10.5 pt answers, to stay on one page.
        for lines, small in ((2, 1.0), (1, 1.0), (1, 0.9), (1, 0.85)):
            plan = _plan(sheet, lines, small)
            if len(plan.pages) <= pages:
                return plan
    return plan


def visit_pages(sheet: VisitSheet) -> int:
    """How many pages the visit sheet prints on (needs a QGuiApplication for font metrics)."""
    return len(_layout(sheet).pages)


# --- painting -----------------------------------------------------------------------------------

def _draw_pair(painter: QPainter, fonts: _Fonts, first: QFont, colour: QColor, x: float, y: float,
               width: float, pair: Pair) -> float:
    """The patient's words, then the clinic's in italics under them; returns the height."""
    h = text_height(first, width, pair[0])
    draw_text(painter, first, colour, pt_rect(x, y, width, h + 2), LEFT, pair[0])
    if pair[1]:
        h2 = text_height(fonts.second, width, pair[1])
        draw_text(painter, fonts.second, MUTED, pt_rect(x, y + h, width, h2 + 2), LEFT, pair[1])
        h += h2
    return h


def _paint_figure(painter: QPainter, sheet: VisitSheet, fonts: _Fonts, x: float, y: float) -> None:
    half = FIGURE_W / 2
    view_h = 2.4 * (half - 6)
    captions = {"front": sheet.front, "back": sheet.back}
    for index, view in enumerate(VIEWS):
        left = x + index * half
        draw_text(painter, fonts.label, INK, pt_rect(left, y, half, 12), CENTRE,
                  _both(captions[view]) if not sheet.bilingual else captions[view][0])
        paint_view(painter, view, pt_rect(left + 3, y + 14, half - 6, view_h),
                   set(sheet.marked), PAPER_OUTLINE)
        first, second = (sheet.your_right, sheet.your_left) if view == "front" \
            else (sheet.your_left, sheet.your_right)
        below = y + 16 + view_h
        draw_text(painter, fonts.side, MUTED, pt_rect(left, below, half / 2, 20), CENTRE,
                  first[0])
        draw_text(painter, fonts.side, MUTED, pt_rect(left + half / 2, below, half / 2, 20),
                  CENTRE, second[0])
    key_y = y + 16 + view_h + 20
    swatch = pt_rect(x + 2, key_y + 1, 14, 9)
    painter.save()
    painter.setClipRect(swatch)
    painter.setPen(print_pen(BLACK, 0.8))
    for step in range(-2, 8):
        painter.drawLine(pt_rect(x + step * 2.6, key_y + 10, 0, 0).topLeft(),
                         pt_rect(x + step * 2.6 + 10, key_y, 0, 0).topLeft())
    painter.restore()
    painter.setPen(print_pen(BLACK, 0.8))
    painter.drawRect(swatch)
    draw_text(painter, fonts.anchor, INK, pt_rect(x + 20, key_y, FIGURE_W - 20, 20), LEFT,
              _both(sheet.marked_key))


def _paint_strip(painter: QPainter, fonts: _Fonts, x: float, y: float, value: int | None) -> None:
    for number in range(11):
        cell = pt_rect(x + number * BOX_PT, y, BOX_PT - 1.5, BOX_PT - 1.5)
        chosen = number == value
        painter.setPen(print_pen(BLACK if chosen else BOX, 0.7))
        painter.setBrush(BLACK if chosen else Qt.BrushStyle.NoBrush)
        painter.drawRect(cell)
        draw_text(painter, fonts.strip, QColor("#FFFFFF") if chosen else MUTED, cell, CENTRE,
                  str(number))
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _paint_answers(painter: QPainter, sheet: VisitSheet, plan: _Plan, y: float, rows) -> None:
    fonts = plan.fonts
    x = MARGIN_X
    _paint_figure(painter, sheet, fonts, x, y)
    tx = x + FIGURE_W + GAP
    value_x, value_w = tx + LABEL_W, plan.inner - FIGURE_W - GAP - LABEL_W
    draw_rule(painter, tx, x + plan.inner, y, RULE, 0.6)
    for row, height in rows:
        _draw_pair(painter, fonts, fonts.label, INK, tx, y + 3, LABEL_W - 6, row.label)
        if row.scale is not None:
            scale = row.scale
            strip_x = value_x + plan.inner - FIGURE_W - GAP - LABEL_W - 11 * BOX_PT
            # The number reads the same in both languages: the words once, never wrapped.
            text = scale.value_text[0] if scale.value is not None else sheet.blank
            draw_text(painter, fonts.big, INK, pt_rect(value_x, y + 2, strip_x - value_x + 40, 16),
                      LEFT, text)
            _paint_strip(painter, fonts, strip_x, y + 3, scale.value)
            ay = y + 3 + BOX_PT + 2
            for anchor in (scale.low, scale.high):
                h = text_height(fonts.anchor, value_w, _both(anchor))
                draw_text(painter, fonts.anchor, MUTED, pt_rect(value_x, ay, value_w, h + 2), LEFT,
                          _both(anchor))
                ay += h
        else:
            texts = [_both(v) for v in row.values] or [sheet.blank]
            draw_text(painter, fonts.value, INK, pt_rect(value_x, y + 3, value_w, height), LEFT,
                      "; ".join(texts))
        y += height
        draw_rule(painter, tx, x + plan.inner, y, RULE, 0.6)
    write = _both(sheet.goals_write)
    draw_text(painter, fonts.value, MUTED, pt_rect(tx, y + 4, LABEL_W, 16), LEFT, write)
    draw_rule(painter, value_x, x + plan.inner, y + 16, RULE, 0.6)


def _paint_page(painter: QPainter, sheet: VisitSheet, plan: _Plan, number: int) -> None:
    fonts, x, inner = plan.fonts, MARGIN_X, plan.inner
    right = x + inner
    for kind, y, height, data in plan.pages[number]:
        if kind == "header":
            text_x = x
            if sheet.logo:
                draw_logo(painter, sheet.logo, pt_rect(x, y, 32, 32))
                text_x = x + 42
            draw_text(painter, fonts.clinic, ACCENT, pt_rect(text_x, y + 6, right - text_x - 130,
                                                             24), LEFT, sheet.clinic)
            draw_text(painter, fonts.date, INK, pt_rect(x, y + 8, inner, 20),
                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, sheet.date_text)
            draw_rule(painter, x, right, y + 38, ACCENT, 1.5)
            ty = y + 44
            ty += _draw_pair(painter, fonts, fonts.title, INK, x, ty, inner - 120, sheet.title) + 4
            _draw_pair(painter, fonts, fonts.intro, MUTED, x, ty, inner, sheet.intro)
        elif kind == "continued":
            draw_text(painter, fonts.group, INK, pt_rect(x, y, inner, 18), LEFT, sheet.continued)
            draw_text(painter, fonts.small, MUTED, pt_rect(x, y, inner, 18),
                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, sheet.date_text)
            draw_rule(painter, x, right, y + 20, ACCENT, 1.2)
        elif kind == "answers":
            _paint_answers(painter, sheet, plan, y, data)
        elif kind == "section":
            _draw_pair(painter, fonts, fonts.section, ACCENT, x, y, inner, data)
        elif kind == "group":
            _draw_pair(painter, fonts, fonts.group, INK, x, y + 1, inner, data)
        elif kind == "question":
            index, question, text_h = data  # type: ignore[misc]
            draw_text(painter, fonts.question, ACCENT, pt_rect(x, y, NUMBER_W, 16), LEFT,
                      f"{index}.")
            _draw_pair(painter, fonts, fonts.question, INK, x + NUMBER_W, y, inner - NUMBER_W,
                       question)
            for line in range(1, plan.lines + 1):
                draw_rule(painter, x + NUMBER_W, right, y + text_h + line * 16, RULE, 0.6)
        elif kind == "notes":
            title_h, left, width = data  # type: ignore[misc]
            _draw_pair(painter, fonts, fonts.group, ACCENT, left, y, width, sheet.notes_title)
            painter.setPen(print_pen(BOX, 0.8))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(pt_rect(left, y + title_h, width, height - title_h),
                                    6 * UNIT, 6 * UNIT)
    foot_y = plan.height - MARGIN_BOTTOM - 12
    draw_rule(painter, x, right, foot_y - 6, RULE, 0.5)
    label = sheet.page_label.format(page=number + 1, total=len(plan.pages))
    label_w = QFontMetricsF(fonts.small).horizontalAdvance(label) / UNIT + 12
    draw_text(painter, fonts.small, MUTED, pt_rect(x, foot_y, inner - label_w, 24), LEFT,
              sheet.footer)
    draw_text(painter, fonts.small, MUTED, pt_rect(x, foot_y, inner, 14),
              Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, label)


def iter_visit_images(sheet: VisitSheet, width_px: int) -> Iterator[QImage]:
    """The pages as white images width_px wide, one at a time: a preview of what prints."""
    plan = _layout(sheet)
    return page_images(width_px, plan.width, plan.height, range(len(plan.pages)),
                       lambda painter, number: _paint_page(painter, sheet, plan, number))


def print_visit_sheet(sheet: VisitSheet, target: PrintTarget) -> PrintResult:
    """Print to a PDF file or a printer, with no dialog; never raises for a missing printer."""

    def lay_out():
        plan = _layout(sheet)
        return len(plan.pages), lambda painter, number: _paint_page(painter, sheet, plan, number)

    return print_each_page(target, sheet.paper, sheet.title[0], lay_out)
