"""The one page-flow engine: measure blocks in a QTextDocument, cut them into boxes."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QImage,
    QTextDocument,
    QTextFormat,
    QTextOption,
    QTextTable,
)

from kiosk.core.paths import safe_asset
from kiosk.printing.style import (
    BODY_PT,
    IMG_TAG,
    LINES_KEPT,
    PICTURE_MAX_HEIGHT,
    PICTURE_MAX_WIDTH,
    PICTURE_PT_PER_PX,
    PICTURE_URL,
    PRINT_CSS,
    UNIT,
    load_picture,
    print_font,
)


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
        path = safe_asset(assets, html.unescape(src.group(1))) if src else None
        found = load_picture(path) if path is not None and path.is_file() else None
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
    document.setDefaultFont(print_font(BODY_PT))
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
