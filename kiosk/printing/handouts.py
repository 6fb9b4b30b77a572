"""Guide handouts and the booklet: cover, contents, each guide's pages, words to know, sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
)

from kiosk.core.config import Settings
from kiosk.core.content import Library
from kiosk.core.handout import Handout, Rendered, Section, build_booklet, build_guide_handout
from kiosk.core.paths import safe_asset
from kiosk.flow import Measured, measure, paginate
from kiosk.printing.device import PrintResult, PrintTarget, print_each_page
from kiosk.printing.style import (
    ACCENT,
    BODY_GAP_BOTTOM,
    BODY_TOP,
    HEADER_PT,
    HEADER_Y,
    HEADING,
    INK,
    MARGIN_BOTTOM,
    MUTED,
    OPENING_TOP,
    PAGES,
    RULE,
    TEXT_X,
    UNIT,
    draw_logo,
    draw_rule,
    draw_text,
    page_images,
    print_flow_style,
    print_font,
    print_pen,
    pt_rect,
    text_height,
)

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
        self.band = print_font(14, QFont.Weight.Bold)
        self.band_date = print_font(10.5)
        self.header = print_font(HEADER_PT, QFont.Weight.DemiBold)
        self.header_right = print_font(HEADER_PT)
        self.title = print_font(22, QFont.Weight.Bold)
        self.summary = print_font(12.5)
        self.footer = print_font(9.5)
        self.cover_clinic = print_font(20, QFont.Weight.Bold)
        self.cover_title = print_font(32, QFont.Weight.Bold)
        self.cover_subtitle = print_font(16)
        self.cover_date = print_font(12)
        self.contents_title = print_font(24, QFont.Weight.Bold)
        self.entry = print_font(14, QFont.Weight.Bold)
        self.entry_summary = print_font(11)


@dataclass
class HandoutLayout:
    """Every page of a handout or booklet, measured and cut, ready to paint or to check."""

    handout: Handout
    width: float  # the paper, in points
    height: float
    pages: list[PrintedPage]
    flows: list[Measured]
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
    return max(30.0 if handout.logo else 0.0, text_height(fonts.band, text_w, handout.band))


def _opening_height(section: Section, fonts: _HandoutFonts, inner: float) -> tuple[float, float]:
    """(title height, whole block height) of the title block a section opens with."""
    text_w = inner - (58 if section.icon else 0)
    title = text_height(fonts.title, text_w, section.title)
    block = title + (6 + text_height(fonts.summary, text_w, section.summary) if section.summary
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
    top = OPENING_TOP + text_height(fonts.contents_title, inner, handout.contents_title) + 26
    pages: list[list[_Entry]] = [[]]
    y = top
    for index, section in enumerate(handout.sections):
        entry = text_height(fonts.entry, text_w, section.title)
        if section.summary:
            entry += 3 + text_height(fonts.entry_summary, text_w, section.summary)
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
    style = print_flow_style(inner * UNIT, handout.assets)
    flows = [measure(section.blocks, style) for section in handout.sections]
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
        draw_logo(painter, handout.logo, pt_rect(x, y + (band - 30) / 2, 30, 30))
        text_x = x + 40
    date_w = QFontMetricsF(fonts.band_date).horizontalAdvance(handout.date_text) / UNIT + 16
    text_w = x + inner - date_w - text_x
    text_h = text_height(fonts.band, text_w, handout.band)
    draw_text(painter, fonts.band, ACCENT, pt_rect(text_x, y + (band - text_h) / 2, text_w, text_h),
          Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, handout.band)
    draw_text(painter, fonts.band_date, MUTED, pt_rect(x, y, inner, band),
          Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, handout.date_text)
    draw_rule(painter, x, x + inner, y + band + 8, ACCENT, 1.5)
    return y + band + 8 + 22


def _paint_opening(painter: QPainter, layout: HandoutLayout, section: Section, y: float) -> None:
    fonts, x, inner = layout.fonts, TEXT_X, layout.inner
    title_h, block = _opening_height(section, fonts, inner)
    text_x = x
    if section.icon:
        draw_logo(painter, section.icon, pt_rect(x, y, 44, 44))
        text_x = x + 58
    text_w = x + inner - text_x
    top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    draw_text(painter, fonts.title, HEADING, pt_rect(text_x, y, text_w, title_h), top_left, section.title)
    if section.summary:
        draw_text(painter, fonts.summary, MUTED, pt_rect(text_x, y + title_h + 6, text_w, block), top_left,
              section.summary)
    draw_rule(painter, x, x + inner, y + block + 12, RULE, 0.8)


def _paint_running_header(painter: QPainter, layout: HandoutLayout, section: Section) -> None:
    fonts, x, inner = layout.fonts, TEXT_X, layout.inner
    right = _elided(fonts.header_right, layout.handout.band, inner * 0.38)
    draw_text(painter, fonts.header, MUTED, pt_rect(x, HEADER_Y, inner * 0.6, 14),
          Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
          _elided(fonts.header, section.title, inner * 0.6))
    draw_text(painter, fonts.header_right, MUTED, pt_rect(x, HEADER_Y, inner, 14),
          Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, right)
    draw_rule(painter, x, x + inner, HEADER_Y + 16, RULE, 0.5)


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
    for rect, block in flow.pictures:
        if page.top <= rect.center().y() < page.bottom:
            path = safe_asset(handout.assets, block.src)
            if path is not None:
                draw_logo(painter, path, rect, centre=True)
    painter.restore()


def _paint_cover(painter: QPainter, layout: HandoutLayout) -> None:
    cover, fonts = layout.handout.cover, layout.fonts
    assert cover is not None
    x, inner, width = TEXT_X, layout.inner, layout.width
    centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    y = 130.0
    if cover.logo:
        draw_logo(painter, cover.logo, pt_rect(x, y, inner, 104), centre=True)
        y += 104 + 26
    if cover.clinic:
        h = text_height(fonts.cover_clinic, inner, cover.clinic)
        draw_text(painter, fonts.cover_clinic, ACCENT, pt_rect(x, y, inner, h), centre, cover.clinic)
        y += h + 22
    draw_rule(painter, width / 2 - 60, width / 2 + 60, y, ACCENT, 2)
    y += 28
    h = text_height(fonts.cover_title, inner, cover.title)
    draw_text(painter, fonts.cover_title, INK, pt_rect(x, y, inner, h), centre, cover.title)
    y += h + 12
    h = text_height(fonts.cover_subtitle, inner, cover.subtitle)
    draw_text(painter, fonts.cover_subtitle, MUTED, pt_rect(x, y, inner, h), centre, cover.subtitle)
    y += h + 54
    if cover.icons:
        size, gap = 46.0, 18.0
        per_row = max(1, int((inner + gap) // (size + gap)))
        for start in range(0, len(cover.icons), per_row):
            row = cover.icons[start:start + per_row]
            left = width / 2 - (len(row) * size + (len(row) - 1) * gap) / 2
            for number, icon in enumerate(row):
                draw_logo(painter, icon, pt_rect(left + number * (size + gap), y, size, size),
                           centre=True)
            y += size + gap
    bottom = layout.height - 96
    draw_text(painter, fonts.cover_date, MUTED, pt_rect(x, bottom, inner, 18), centre, cover.date_text)
    draw_rule(painter, x, x + inner, bottom + 26, RULE, 0.5)
    draw_text(painter, fonts.footer, MUTED, pt_rect(x, bottom + 34, inner, 30), centre,
          layout.handout.footer)


def _paint_contents(painter: QPainter, layout: HandoutLayout, number: int) -> None:
    handout, fonts = layout.handout, layout.fonts
    x, inner = TEXT_X, layout.inner
    top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    title_h = text_height(fonts.contents_title, inner, handout.contents_title)
    draw_text(painter, fonts.contents_title, HEADING, pt_rect(x, OPENING_TOP, inner, title_h), top_left,
          handout.contents_title)
    draw_rule(painter, x, x + inner, OPENING_TOP + title_h + 10, ACCENT, 1.5)
    y = OPENING_TOP + title_h + 26
    text_x, text_w = x + 44, inner - 44 - 50
    metrics = QFontMetricsF(fonts.entry)
    for entry in layout.contents[number]:
        section = handout.sections[entry.section]
        if section.icon:
            draw_logo(painter, section.icon, pt_rect(x, y, 30, 30))
        title_h = text_height(fonts.entry, text_w, section.title)
        draw_text(painter, fonts.entry, INK, pt_rect(text_x, y, text_w, title_h), top_left, section.title)
        page = str(layout.start(entry.section))
        draw_text(painter, fonts.entry, ACCENT, pt_rect(x + inner - 50, y, 50, title_h),
              Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, page)
        line_h = metrics.height() / UNIT
        if title_h <= line_h * 1.5:  # one line: dots lead the eye to the page number
            start = text_x + metrics.horizontalAdvance(section.title) / UNIT + 8
            end = x + inner - metrics.horizontalAdvance(page) / UNIT - 8
            if end > start:
                pen = print_pen(RULE, 1.2)
                pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                base = y + metrics.ascent() / UNIT
                painter.drawLine(pt_rect(start, base, 0, 0).topLeft(), pt_rect(end, base, 0, 0).topLeft())
        if section.summary:
            h = text_height(fonts.entry_summary, text_w, section.summary)
            draw_text(painter, fonts.entry_summary, MUTED, pt_rect(text_x, y + title_h + 3, text_w, h),
                  top_left, section.summary)
        y += entry.height


def _paint_footer(painter: QPainter, layout: HandoutLayout, number: int) -> None:
    fonts, x, inner = layout.fonts, TEXT_X, layout.inner
    foot_y = layout.height - MARGIN_BOTTOM - 12
    draw_rule(painter, x, x + inner, foot_y - 6, RULE, 0.5)
    label = layout.handout.page_label.format(page=number + 1, total=len(layout.pages))
    label_w = QFontMetricsF(fonts.footer).horizontalAdvance(label) / UNIT + 12
    draw_text(painter, fonts.footer, MUTED, pt_rect(x, foot_y, inner - label_w, 24),
          Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, layout.handout.footer)
    draw_text(painter, fonts.footer, MUTED, pt_rect(x, foot_y, inner, 14),
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


def render_handout_images(handout: Handout | HandoutLayout, width_px: int,
                          pages: Sequence[int] | None = None) -> list[QImage]:
    """White images, width_px wide, of the chosen pages (default all): a preview of the print."""
    layout = handout if isinstance(handout, HandoutLayout) else layout_handout(handout)
    return list(page_images(width_px, layout.width, layout.height,
                            range(len(layout.pages)) if pages is None else pages,
                            lambda painter, number: _paint_handout_page(painter, layout, number)))


def print_handout(handout: Handout, target: PrintTarget) -> PrintResult:
    """Print a handout or booklet to a PDF file or a printer; never raises for a printer."""

    def lay_out():
        layout = layout_handout(handout)
        return len(layout.pages), lambda painter, number: _paint_handout_page(painter, layout,
                                                                              number)

    return print_each_page(target, handout.paper, handout.title, lay_out)


def print_guide(library: Library, slug: str, settings: Settings, target: PrintTarget,
                today: dt.date | None = None, rendered: Rendered | None = None) -> PrintResult:
    """Print one guide as a handout (from the app's rendered pages where given). An unknown slug
    raises UnknownGuide (a caller's mistake); printer problems come back as PrintResult."""
    return print_handout(build_guide_handout(library, slug, settings, today, rendered), target)


def print_booklet(library: Library, settings: Settings, target: PrintTarget,
                  today: dt.date | None = None, rendered: Rendered | None = None) -> PrintResult:
    """Print every guide as one booklet (cover, contents, guides, words to know, sources)."""
    return print_handout(build_booklet(library, settings, today, rendered), target)
