"""The one page-flow engine: measure a page's blocks in a QTextDocument and cut them into boxes.

The core renderer hands a page over as blocks that say what each may do (kiosk/core/render.py
`Block`): a heading keeps with what follows; a paragraph may split between lines (paper) and,
as a last resort on a screen, into its sentences; a list splits between items; a picture, a table
and a warning box never split (a box splits into one box per paragraph only when it is taller
than a whole screen). Here the blocks are laid out in one QTextDocument at the output's width and
style (`FlowStyle`), measured into units (`measure`), and cut into boxes of a given height
(`paginate`). Paper paints each slice of that one document; screens and slides get a document per
box, composed from the blocks it holds (`flow_boxes`). The reader, the slides and printed pages
all cut pages here, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QRectF, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QTextBlock,
    QTextDocument,
    QTextFormat,
    QTextOption,
    QTextTable,
)

from kiosk.core.blocks import Block, block_html

LINES_KEPT = 2  # a paragraph splits across pages only with this many lines on each side
SHORT_LAST_PAGE = 0.2  # a last page this full or less looks forgotten...
MOVE_FROM_BELOW = 0.5  # ...so a heading below this share of the page before moves onto it
ANCHOR = "kb"
ZWSP = "\u200b"  # carries a block's name (kiosk/core/blocks.py block_html); not part of its words


@dataclass(frozen=True)
class Picture:
    """How an output shows one picture: the address its <img> uses, its size, and the image to
    register under that address (None: the document finds the file itself)."""

    name: str
    width: int
    height: int
    image: QImage | None = None


@dataclass(frozen=True)
class FlowStyle:
    """What an output lays text out with: width, fonts, CSS, box and picture sizes."""

    width: float  # the text column, in the document's units
    font: QFont
    css: str
    indent: float
    box_padding: int = 14
    bar_width: int = 10
    picture: Callable[[Block], Picture | None] = lambda block: None  # None: shown as its alt text
    base_url: QUrl | None = None
    design_metrics: bool = False  # paper: the same line breaks on every printer as on the PDF
    wrap_anywhere: bool = False  # paper: long web addresses in the sources may break anywhere
    split_lines: bool = False  # paper: paragraphs split between lines (screens split between blocks)
    links: bool = True  # False on slides and paper: linked words become plain words


@dataclass
class Unit:
    """A piece of a page that boxes are cut around: a heading, paragraph, list item, box..."""

    top: float  # in the measured document
    bottom: float
    kind: str  # "heading" | "text" | "item" | "picture" | "box" | "table"
    text: str
    cuts: tuple[float, ...] = ()  # line tops inside the unit where a box may end
    keep_with_next: bool = False
    lines: tuple[float, ...] = ()  # every line top inside it: a last resort for a unit too tall
    ref: tuple[int, int] = (-1, -1)  # (block, list item or -1) in the blocks measured


@dataclass
class Measured:
    """One page's blocks laid out at one width and style, measured into units."""

    document: QTextDocument
    blocks: list[Block]
    units: list[Unit]
    pictures: list[tuple[QRectF, Block]] = field(default_factory=list)  # where each one sits


def paginate(units: list[Unit], room: Callable[[int], float]) -> list[tuple[float, float]]:
    """Cut units into boxes; room(n) is the text height of box n.

    Returns each box's (top, bottom) slice of the document. A box never ends with a unit that
    keeps with the next one unless that unit opens the box; pictures and boxes move whole to the
    next box; a paragraph splits only at one of its cuts. Something taller than a whole box is
    cut where it must be.
    """
    if not units:
        return [(0.0, 0.0)]
    pages: list[tuple[float, float]] = []
    top, first, index = units[0].top, 0, 0
    while index < len(units):
        unit = units[index]
        limit = top + max(room(len(pages)), 1.0)  # never a box with no room: that loops forever
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
            start -= 1  # take the heading (and its lead-in) along to the next box
        if start == first and index > first:
            start = index  # a box of nothing but headings: break before the unit instead
        if start == first:  # the unit alone is taller than a box: cut it where it must be
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


def _fill_last_page(units: list[Unit], pages: list[tuple[float, float]],
                    room: Callable[[int], float]) -> list[tuple[float, float]]:
    """If the last box holds only a line or two, start it at a heading lower in the box before."""
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


# --- measuring --------------------------------------------------------------------------------


def new_document(style: FlowStyle, markup: str = "") -> QTextDocument:
    """A document set up with the style (fonts, CSS, width); `markup` loaded if given."""
    document = QTextDocument()
    document.setUseDesignMetrics(style.design_metrics)
    document.setDocumentMargin(0)
    document.setIndentWidth(style.indent)
    document.setDefaultFont(style.font)
    if style.wrap_anywhere:
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(option)
    if style.base_url is not None:
        document.setBaseUrl(style.base_url)
    document.setDefaultStyleSheet(style.css)
    if markup:
        document.setHtml(markup)
    document.setTextWidth(style.width)
    return document


def compose(blocks: Sequence[Block], style: FlowStyle, anchors: bool = False,
            pictures: dict[str, Picture] | None = None) -> str:
    """The HTML of blocks in this style; with anchors, each block's start is named for `measure`.
    A list block may stand for some of its items only (see `_slice_blocks`)."""
    out = []
    for index, block in enumerate(blocks):
        picture = None
        if block.kind == "picture":
            chosen = style.picture(block)
            if chosen is None:  # unreadable: its description instead
                block = Block("text", "p", f"<i>{_escape(block.alt)}</i>", block.alt)
            else:
                if pictures is not None:
                    pictures[chosen.name] = chosen
                picture = (f'<img src="{_escape(chosen.name)}" alt="{_escape(block.alt)}" '
                           f'width="{chosen.width}" height="{chosen.height}">')
        out.append(block_html(block, anchor=f"{ANCHOR}{index}" if anchors else "",
                              box_padding=style.box_padding, bar_width=style.bar_width,
                              picture=picture, links=style.links))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def document_for(blocks: Sequence[Block], style: FlowStyle, prefix: str = "") -> QTextDocument:
    """A ready document of blocks (after an optional HTML prefix, such as a slide's title), with
    its pictures registered."""
    pictures: dict[str, Picture] = {}
    markup = prefix + compose(blocks, style, pictures=pictures)
    document = new_document(style)
    _register(document, pictures)
    document.setHtml(markup)
    document.setTextWidth(style.width)
    return document


def _register(document: QTextDocument, pictures: dict[str, Picture]) -> None:
    for picture in pictures.values():
        if picture.image is not None:
            address = QUrl(picture.name)
            if document.baseUrl().isValid() and not document.baseUrl().isEmpty():
                address = document.baseUrl().resolved(address)
            document.addResource(QTextDocument.ResourceType.ImageResource, address, picture.image)


def measure(blocks: Sequence[Block], style: FlowStyle) -> Measured:
    """Lay the blocks out in one document and measure each into units, in order."""
    blocks = list(blocks)
    pictures: dict[str, Picture] = {}
    markup = compose(blocks, style, anchors=True, pictures=pictures)
    document = new_document(style)
    _register(document, pictures)
    document.setHtml(markup)
    document.setTextWidth(style.width)
    layout = document.documentLayout()
    tables = [(frame.firstPosition(), frame.lastPosition(), frame)
              for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)]
    units: list[Unit] = []
    found: list[tuple[QRectF, Block]] = []
    ref = (-1, -1)
    block = document.begin()
    while block.isValid():
        table = next((t for t in tables if t[0] <= block.position() <= t[1]), None)
        if table is not None:
            top, bottom = _table_box(layout, table[2])
            lines: list[float] = []
            words: list[str] = []
            inner_refs: list[tuple[int, int]] = []
            while block.isValid() and block.position() <= table[1]:
                inner_refs += _anchors(block)
                lines += _line_tops(layout, block)
                found += [(rect, blocks[ref[0]]) for rect in _block_pictures(layout, block)]
                words.append(block.text().replace(ZWSP, ""))
                block = block.next()
            if inner_refs:
                ref = inner_refs[0]
            source = blocks[ref[0]] if ref[0] >= 0 else None
            kind = "box" if source is None or source.kind == "box" else "table"
            units.append(Unit(top, bottom, kind, " ".join(" ".join(words).split()),
                              lines=tuple(sorted(lines)[1:]), ref=ref))
            continue
        own = _anchors(block)
        if not own and ref[0] + 1 < len(blocks) and blocks[ref[0] + 1].kind == "picture" \
                and _block_pictures(layout, block):
            own = [(ref[0] + 1, -1)]  # Qt names the character after a name, never a picture
        if own:
            ref = own[0]
        rect = layout.blockBoundingRect(block)
        text = " ".join(block.text().replace("\ufffc", " ").replace(ZWSP, "").split())
        tops = _line_tops(layout, block, rect)
        source = blocks[ref[0]] if ref[0] >= 0 else None
        if not own and units and units[-1].ref == ref and ref != (-1, -1):
            # More of the same block: a list item's own paragraphs or nested list.
            last = units[-1]
            last.bottom, last.lines = rect.bottom(), (*last.lines, *tops)
            last.text = f"{last.text} {text}".strip()
        elif source is not None and source.kind == "picture":
            found += [(r, source) for r in _block_pictures(layout, block)]
            units.append(Unit(rect.top(), rect.bottom(), "picture", source.alt, ref=ref))
        elif source is not None and source.kind == "heading":
            units.append(Unit(rect.top(), rect.bottom(), "heading", text, keep_with_next=True, ref=ref))
        elif text:
            kind = "item" if ref[1] >= 0 else "text"
            cuts = tuple(tops[LINES_KEPT:len(tops) - LINES_KEPT + 1]) if style.split_lines else ()
            keep = source.keep_with_next if source is not None and kind == "text" else False
            units.append(Unit(rect.top(), rect.bottom(), kind, text, cuts, keep_with_next=keep,
                              lines=tuple(tops[1:]) if style.split_lines else (), ref=ref))
        block = block.next()
    for unit, after in zip(units, units[1:], strict=False):
        # A box's measured foot counts its last paragraph's margin, which Qt does not draw inside
        # a cell; nothing drawn reaches under the next unit.
        unit.bottom = min(unit.bottom, max(after.top, unit.top))
    return Measured(document, blocks, units, found)


def _anchors(block: QTextBlock) -> list[tuple[int, int]]:
    """The (block, item) references named at the start of this text block.

    block_html puts every name first in the text block it names (a block, a list item, a box's
    first paragraph), so reading stops at the first fragment without one: the rest of a long
    paragraph is never walked (a booklet measures 700 text blocks)."""
    found = []
    fragments = block.begin()
    while not fragments.atEnd():
        names = fragments.fragment().charFormat().anchorNames()
        if not names:
            break
        for name in names:
            if name.startswith(ANCHOR):
                index, _, item = name[len(ANCHOR):].partition(".")
                if index.isdigit():
                    found.append((int(index), int(item) if item.isdigit() else -1))
        fragments += 1
    return found


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


def _line_tops(layout, block: QTextBlock, rect: QRectF | None = None) -> list[float]:
    """The top of each line of a block, in document coordinates (`rect`: the block's bounding
    rectangle when the caller has it: a booklet asked Qt for 700 of them twice)."""
    lines = block.layout()
    rect = layout.blockBoundingRect(block) if rect is None else rect
    origin = rect.top() - lines.boundingRect().top()
    return [origin + lines.lineAt(i).y() for i in range(lines.lineCount())]


def _block_pictures(layout, block: QTextBlock) -> list[QRectF]:
    """Where each picture of a text block sits, in document coordinates."""
    found = []
    lines = block.layout()
    box = layout.blockBoundingRect(block)
    origin = box.topLeft() - lines.boundingRect().topLeft()
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        if fragment.charFormat().isImageFormat():
            image = fragment.charFormat().toImageFormat()
            at = fragment.position() - block.position()
            line = lines.lineForTextPosition(at)
            x = line.cursorToX(at)
            x = x[0] if isinstance(x, tuple) else x
            top = line.y() + line.ascent() - image.height()
            found.append(QRectF(origin.x() + x, origin.y() + top, image.width(), image.height()))
        fragments += 1
    return found


# --- boxes for screens and slides ----------------------------------------------------------------


@dataclass
class FlowBox:
    """One screen's or slide's share of a page: the blocks it shows (a list may show only some of
    its items), ready to become a document."""

    blocks: list[Block]
    units: list[Unit]
    height: float  # as measured in the page's document
    overflows: bool = False  # one block taller than the whole box: the reader scrolls through it


def _slice_blocks(measured: Measured, units: Sequence[Unit]) -> list[Block]:
    """The blocks behind units, a list cut down to the items these units hold."""
    out: list[Block] = []
    items: dict[int, list[int]] = {}
    order: list[int] = []
    for unit in units:
        index, item = unit.ref
        if index < 0:
            continue
        if index not in items:
            items[index] = []
            order.append(index)
        if item >= 0:
            items[index].append(item)
    for index in order:
        block = measured.blocks[index]
        chosen = items[index]
        if block.kind == "list" and chosen and len(chosen) < len(block.items):
            keep = sorted(chosen)
            block = replace(block, items=tuple(block.items[i] for i in keep),
                            item_texts=tuple(block.item_texts[i] for i in keep)
                            if block.item_texts else (),
                            text=" ".join(block.item_texts[i] for i in keep)
                            if block.item_texts else block.text,
                            plain_items=tuple(block.plain_items[i] for i in keep)
                            if block.plain_items else (),
                            start=block.start + keep[0])
        out.append(block)
    return out


def _expanded(blocks: list[Block], indexes: set[int]) -> list[Block]:
    out: list[Block] = []
    for index, block in enumerate(blocks):
        out.extend(block.parts if index in indexes and block.parts else [block])
    return out


def flow_boxes(blocks: Sequence[Block], style: FlowStyle, room: Callable[[int], float],
               fits: Callable[[int, list[Block]], bool] | None = None) -> list[FlowBox]:
    """Cut a page's blocks into boxes for screens or slides; room(n) is box n's text height.

    Blocks move between boxes whole (a list between its items). A paragraph or box taller than a
    whole box is cut into its parts (sentences, or one box per paragraph) first; what is still
    too tall gets a box of its own, marked `overflows`. `fits(n, blocks)` checks the composed box
    (margins can differ a little from the measured slice); a box that fails gives its last unit
    to the next box.
    """
    blocks = list(blocks)
    for _ in range(3):
        measured = measure(blocks, style)
        # A paragraph that would not fit where it starts goes by sentences (no harm done); a
        # box is cut into its paragraphs only when no box could hold it whole.
        smallest, tallest = min(room(0), room(1)), max(room(0), room(1))
        too_tall = {u.ref[0] for u in measured.units if measured.blocks[u.ref[0]].parts and
                    u.bottom - u.top > (smallest if u.kind == "text" else tallest)}
        if not too_tall:
            break
        blocks = _expanded(blocks, too_tall)
    units = measured.units
    if not units:
        return [FlowBox([], [], 0.0)]
    boxes: list[list[Unit]] = []
    for top, bottom in paginate(units, room):
        chosen = [u for u in units if top <= u.top < bottom or (u.top < top < u.bottom and not boxes)]
        if chosen:
            boxes.append(chosen)
    if fits is not None:
        boxes = _settle(boxes, measured, fits)
    result = []
    for number, chosen in enumerate(boxes):
        height = chosen[-1].bottom - chosen[0].top
        result.append(FlowBox(_slice_blocks(measured, chosen), chosen, height,
                              overflows=height > room(number)))
    return result


def _settle(boxes: list[list[Unit]], measured: Measured,
            fits: Callable[[int, list[Block]], bool]) -> list[list[Unit]]:
    """Check each composed box; one that does not fit passes units on (never its only unit, and
    never leaving a heading at its foot)."""
    number = 0
    while number < len(boxes):
        chosen = boxes[number]
        while len(chosen) > 1 and not fits(number, _slice_blocks(measured, chosen)):
            moved = [chosen.pop()]
            while len(chosen) > 1 and chosen[-1].keep_with_next:
                moved.insert(0, chosen.pop())
            if number + 1 == len(boxes):
                boxes.append([])
            boxes[number + 1][:0] = moved
        number += 1
    return [b for b in boxes if b]
