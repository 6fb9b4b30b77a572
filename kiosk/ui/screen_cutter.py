"""How the reader lays a page out: its look (the page CSS, body size, typeface, link colours),
its pictures sized to the screen, and the cut into screens by the flow engine (kiosk/flow.py).

The reader (kiosk/ui/reader.py) keeps which page and screen are on view and turns them; this
module only answers "what are this page's screens at this size?".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument

from kiosk.core.blocks import Block
from kiosk.ui.pictures import PictureFiles

if TYPE_CHECKING:
    from kiosk.flow import FlowStyle, Picture

# The flow engine (kiosk/flow.py) is imported when a page is first laid out, not before home is
# painted: with its text-layout classes it is 4 ms of every start.

PICTURE_SHARE = 0.6  # a picture is at most this share of the reading area's height
PICTURE_BODY_PX = 22  # pictures are drawn for 22 px body text; they grow and shrink with it
PICTURES_KEPT = 7  # images made for the pages laid out (a page or two): each is megabytes


@dataclass
class PageScreen:
    """One screen of a page: its document, ready to show, and the blocks it holds."""

    document: QTextDocument
    blocks: list[Block]
    overflows: bool  # one block taller than the reading area: scrolled through with Next


class ScreenCutter:
    """A page's look, and its blocks cut into screens of a given size in that look."""

    def __init__(self) -> None:
        self.css = ""
        self.font = QFont()
        self.body_px = 22
        self.assets = Path()
        self.base_url = QUrl()
        self.pictures = PictureFiles(self.assets, keep=PICTURES_KEPT)
        self.link_colour = QColor("#0B4F8A")
        self.term_colour = QColor("#1F2933")

    def set_look(self, css: str, body_px: int, assets: Path, font: QFont,
                 link_colour: str = "", term_colour: str = "") -> None:
        self.css = css
        self.body_px = body_px
        # Qt sizes headings relative to the document's default font and ignores CSS sizes
        # on them, so the default font carries the body size.
        self.font = QFont(font)
        self.font.setPixelSize(body_px)
        if assets != self.assets:
            self.pictures = PictureFiles(assets, keep=PICTURES_KEPT)
        self.assets = assets
        self.base_url = QUrl.fromLocalFile(str(assets) + "/")
        if link_colour:
            self.link_colour = QColor(link_colour)
        if term_colour:
            self.term_colour = QColor(term_colour)

    def drop_images(self) -> None:
        """The laid-out screens that held the pictures' images were freed: make them afresh."""
        self.pictures.drop_images()

    def flow_style(self, width: int, height: int, ratio: float) -> FlowStyle:
        """The flow engine's style for a reading area of width x height at this pixel ratio."""
        from kiosk.flow import FlowStyle

        body = self.body_px
        return FlowStyle(width=max(200, width), font=self.font, css=self.css,
                         indent=round(body * 1.4), box_padding=round(body * 0.6),
                         bar_width=max(6, round(body * 0.4)), base_url=self.base_url,
                         picture=lambda block: self.picture(block, width, height, ratio))

    def cut(self, blocks: Sequence[Block], first: str, continued: str, width: int, height: int,
            ratio: float = 1.0) -> list[PageScreen]:
        """The page's screens for an area of width x height: `first` (markup) opens the first
        screen, `continued` each one after it."""
        from kiosk.flow import document_for, flow_boxes

        style = self.flow_style(width, height, ratio)
        height = max(1, height)
        prefixes = [first, continued]
        tops = [document_for([], style, p).size().height() for p in prefixes]

        def room(number: int) -> float:
            return height - tops[min(number, 1)]

        def fits(number: int, chosen: list[Block]) -> bool:
            return document_for(chosen, style, prefixes[min(number, 1)]).size().height() <= height

        screens = []
        for number, box in enumerate(flow_boxes(blocks, style, room, fits)):
            document = document_for(box.blocks, style, prefixes[min(number, 1)])
            self.style_links(document)
            screens.append(PageScreen(document, box.blocks, document.size().height() > height))
        return screens

    def style_links(self, document: QTextDocument) -> None:
        """Glossary words: the text's colour with a dotted underline ("tap for its meaning").
        Links to other guides: the link colour with a solid underline. Qt's CSS has no dotted
        underline, so it is set on the laid-out text."""
        cursor = QTextCursor(document)
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                href = fragment.charFormat().anchorHref()
                if href:
                    fmt = QTextCharFormat()
                    term = href.startswith("term:")
                    fmt.setForeground(self.term_colour if term else self.link_colour)
                    fmt.setFontUnderline(True)
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine if term
                                          else QTextCharFormat.UnderlineStyle.SingleUnderline)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.mergeCharFormat(fmt)
                fragments += 1
            block = block.next()

    def picture(self, block: Block, width: int, area_height: int, ratio: float) -> Picture | None:
        """A picture sized with the text and the screen, never wider than the column nor taller
        than most of the reading area; drawn from an image made at its exact size."""
        from kiosk.flow import Picture

        natural_w, natural_h = self.pictures.natural_size(block.src)
        if natural_w <= 0 or natural_h <= 0:
            return None
        scale = min(self.body_px / PICTURE_BODY_PX, max(200, width) / natural_w,
                    area_height * PICTURE_SHARE / natural_h)
        w, h = max(1, round(natural_w * scale)), max(1, round(natural_h * scale))
        return Picture(block.src, w, h, self.pictures.image(block.src, w, h, ratio))
