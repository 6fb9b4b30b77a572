"""Slides: guide pages laid out for a projector screen, type sized to the screen.

`SlideMaker` turns guides into `Slide`s for one screen size: a title slide per guide, then each
page cut into slides by the flow engine (kiosk/flow.py), under the page's title ("(continued)"
after the first). The widgets that show them are in present.py.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QTextDocument,
)

from kiosk.core.blocks import Block
from kiosk.core.pages import RenderedPage
from kiosk.flow import FlowStyle, Picture, compose, document_for, flow_boxes, new_document
from kiosk.ui.pictures import PictureFiles
from kiosk.ui.theme import Theme, box_rules

log = logging.getLogger("kiosk.present")

# Type is sized to the screen height, like slides: 3.7% gives 40 px body text at 1080 lines and
# 30 px at 800. Nothing on a slide is ever drawn smaller than MIN_TEXT_PX: a page that does not fit
# at these sizes is split across slides instead of shrunk.
BODY_SHARE = 0.037
MIN_TEXT_PX = 28
LINE_CHARS_EM = 38  # the text column is at most this many body-size ems wide (about 75 characters)
PICTURE_SHARE = 0.5  # a picture starts at half the slide's text height...
PICTURE_MAX_SHARE = 0.72  # ...and grows into free space on its slide up to this share

PRESENT_LABELS: dict[str, str] = {
    "present_continued": "{title} (continued)",
    "present_contents_title": "Slides",
    "present_go_to": "Go to slide {number}",
    "present_counter": "{slide} / {total}",
    "present_name": "Presentation",
}

def present_labels(strings: Callable[[str], str] | None = None) -> dict[str, str]:
    """The screen's labels: from the language pack where it has them, else English."""
    labels = dict(PRESENT_LABELS)
    if strings is not None:
        for key in labels:
            text = strings(key)
            if text and text != key:
                labels[key] = text
    return labels


@dataclass(frozen=True)
class PresentedGuide:
    """One guide as the presentation needs it; `icon` is a path under assets/ ('' for none)."""

    slug: str
    title: str
    summary: str
    icon: str
    pages: Sequence[RenderedPage]


@dataclass
class Slide:
    """One slide, laid out for one screen size. `page` is -1 for a guide's title slide."""

    guide: str
    page: int
    part: int
    title: str
    document: QTextDocument
    markup: str = ""  # the HTML the document was made from
    centred: bool = False

    @property
    def is_title(self) -> bool:
        return self.page < 0

    def key(self) -> tuple[str, int, int]:
        return (self.guide, self.page, self.part)


# --- geometry and style -------------------------------------------------------------------------


@dataclass(frozen=True)
class SlideGeometry:
    """Where text goes and how big it is on a screen of one size."""

    width: int
    height: int
    body_px: int
    title_px: int  # a content slide's title
    heading_px: int  # headings inside a page and box titles
    small_px: int  # the sources list
    deck_title_px: int  # a guide's title on its title slide
    chrome_px: int  # the counter and the typed slide number
    left: int
    top: int
    text_width: int
    text_height: int

    @classmethod
    def for_screen(cls, width: int, height: int) -> SlideGeometry:
        width, height = max(width, 320), max(height, 240)
        body = max(MIN_TEXT_PX, round(height * BODY_SHARE))
        text_width = min(width - 2 * round(width * 0.06), round(body * LINE_CHARS_EM))
        top = round(height * 0.065)
        bottom = round(height * 0.095)  # the counter sits in the bottom margin
        return cls(
            width=width,
            height=height,
            body_px=body,
            title_px=round(body * 1.4),
            heading_px=round(body * 1.15),
            small_px=max(MIN_TEXT_PX, round(body * 0.85)),
            deck_title_px=round(body * 1.9),
            chrome_px=max(16, round(height * 0.024)),
            left=(width - text_width) // 2,
            top=top,
            text_width=text_width,
            text_height=height - top - bottom,
        )


def slide_style_sheet(theme: Theme, g: SlideGeometry) -> str:
    """The CSS slide documents use: the app's colours at projector sizes."""
    t, b = theme, g.body_px
    rules = [
        f"body, p, li, td {{ color: {t.text}; }}",
        "p, li { line-height: 135%; }",
        f"p {{ margin-top: 0px; margin-bottom: {round(b * 0.55)}px; }}",
        f"li {{ margin-bottom: {round(b * 0.3)}px; }}",
        f"p.slide-title {{ font-size: {g.title_px}px; font-weight: 700; color: {t.heading}; "
        f"line-height: 115%; margin-bottom: {round(b * 0.7)}px; }}",
        # Qt sizes h3 from the body font (1.2x) whatever the CSS says; colour and margins obey.
        f"h3, h4 {{ font-weight: 700; color: {t.heading}; "
        f"margin-top: {round(b * 0.3)}px; margin-bottom: {round(b * 0.3)}px; }}",
        # A picture's paragraph must not take the text's line height: that leaves a gap under it.
        f"p.picture {{ line-height: 100%; margin-top: {round(b * 0.2)}px; "
        f"margin-bottom: {round(b * 0.55)}px; }}",
        f"p.box-title {{ font-weight: 700; font-size: {g.heading_px}px; "
        f"margin-bottom: {round(b * 0.25)}px; }}",
        f"table.box {{ margin-top: {round(b * 0.3)}px; margin-bottom: {round(b * 0.55)}px; }}",
        f"span.ref {{ color: {t.heading}; font-weight: 600; }}",
        f"span.continued {{ color: {t.muted}; font-size: {b}px; font-weight: 400; }}",
        f"td.box-body p {{ margin-bottom: {round(b * 0.3)}px; }}",
        f"ul.sources li {{ font-size: {g.small_px}px; line-height: 125%; }}",
        f"p.deck-title {{ font-size: {g.deck_title_px}px; font-weight: 700; color: {t.heading}; "
        f"line-height: 115%; margin-top: {round(b * 0.6)}px; margin-bottom: {round(b * 0.6)}px; }}",
        f"p.deck-summary {{ color: {t.muted}; }}",
        f"p.clinic {{ color: {t.muted}; font-weight: 600; margin-bottom: {round(b * 1.2)}px; }}",
    ]
    return "\n".join(rules + box_rules(theme))


# --- slides ------------------------------------------------------------------------------------


class SlideMaker:
    """Lays out the slides of guides for one screen size. Pages are cut into slides by the flow
    engine (kiosk/flow.py), between blocks; here only pictures are sized and titles added."""

    def __init__(self, geometry: SlideGeometry, theme: Theme, assets: Path,
                 labels: Mapping[str, str], clinic_name: str = "", pixel_ratio: float = 1.0) -> None:
        self.geometry = geometry
        self.theme = theme
        self.assets = assets
        self.labels = labels
        self.clinic_name = clinic_name
        self.pixel_ratio = pixel_ratio
        self.style = slide_style_sheet(theme, geometry)
        self.font = QFont()
        self.font.setPixelSize(geometry.body_px)
        self.base_url = QUrl.fromLocalFile(str(assets) + "/")
        self.pictures = PictureFiles(assets)  # every slide is made at once: all are kept
        self.flow_style = self._flow_style(PICTURE_SHARE)

    def make(self, guides: Sequence[PresentedGuide]) -> list[Slide]:
        slides: list[Slide] = []
        for guide in guides:
            slides.append(self.title_slide(guide))
            for index, page in enumerate(guide.pages):
                slides.extend(self.page_slides(guide.slug, index, page))
        return slides

    # documents ---------------------------------------------------------------------------------

    def _flow_style(self, picture_share: float) -> FlowStyle:
        g = self.geometry
        return FlowStyle(width=g.text_width, font=self.font, css=self.style,
                         indent=round(g.body_px * 1.3), box_padding=round(g.body_px * 0.5),
                         bar_width=round(g.body_px * 0.3), base_url=self.base_url, links=False,
                         picture=lambda block: self._picture(block, g.text_height * picture_share))

    def document(self, markup: str) -> QTextDocument:
        return new_document(self.flow_style, markup)

    def fits(self, document: QTextDocument) -> bool:
        size = document.size()
        return (size.height() <= self.geometry.text_height
                and size.width() <= self.geometry.text_width + 0.5)

    # pictures ----------------------------------------------------------------------------------

    def natural_size(self, src: str) -> tuple[int, int]:
        return self.pictures.natural_size(src)

    def image(self, src: str, width: int, height: int) -> QImage:
        return self.pictures.image(src, width, height, self.pixel_ratio)

    def _picture(self, block: Block, height: float) -> Picture | None:
        """A picture at this height (narrower if the column is), drawn from an image made at its
        exact size: crisp, and nothing is decoded or scaled while a slide is shown."""
        natural_w, natural_h = self.natural_size(block.src)
        if natural_w <= 0 or natural_h <= 0:
            log.info("presentation: picture '%s' cannot be read; showing its description", block.src)
            return None
        height = min(height, self.geometry.text_width * natural_h / natural_w)
        width, height = round(height * natural_w / natural_h), round(height)
        return Picture(block.src, width, height, self.image(block.src, width, height))

    # title slides ------------------------------------------------------------------------------

    def title_slide(self, guide: PresentedGuide) -> Slide:
        g = self.geometry
        icon = round(g.height * 0.24)
        has_icon = bool(guide.icon) and self.natural_size(guide.icon)[0] > 0
        while True:
            parts = []
            if self.clinic_name:
                parts.append(f'<p class="clinic" align="center">{html.escape(self.clinic_name)}</p>')
            if has_icon:
                parts.append(f'<p class="picture" align="center"><img src="{html.escape(guide.icon)}"'
                             f' width="{icon}" height="{icon}"></p>')
            parts.append(f'<p class="deck-title" align="center">{html.escape(guide.title)}</p>')
            parts.append(f'<p class="deck-summary" align="center">{html.escape(guide.summary)}</p>')
            markup = "".join(parts)
            document = self.document(markup)
            if self.fits(document) or not has_icon or icon < g.body_px * 2:
                break
            icon = round(icon * 0.8)
        if has_icon:
            document.addResource(QTextDocument.ResourceType.ImageResource,
                                 self.base_url.resolved(QUrl(guide.icon)),
                                 self.image(guide.icon, icon, icon))
        return Slide(guide.slug, -1, 0, guide.title, document, markup, centred=True)

    # page slides -------------------------------------------------------------------------------

    def page_slides(self, slug: str, page_index: int, page: RenderedPage) -> list[Slide]:
        """A page's slides: its title over each share of its blocks, '(continued)' after the first."""
        titles = [self._title_markup(page.title, 0), self._title_markup(page.title, 1)]
        heights = [self.document(t).size().height() for t in titles]

        def room(number: int) -> float:
            return self.geometry.text_height - heights[min(number, 1)]

        def fits(number: int, blocks: list[Block]) -> bool:
            return self.fits(document_for(blocks, self.flow_style, titles[min(number, 1)]))

        boxes = flow_boxes(page.blocks, self.flow_style, room, fits)
        slides = []
        for part, box in enumerate(boxes):
            if box.overflows:
                log.info("presentation: a block on page '%s' is taller than a slide", page.title)
            title = titles[min(part, 1)]
            style = self._grown_style(title, box.blocks)
            markup = title + compose(box.blocks, style)
            document = document_for(box.blocks, style, title)
            shown_title = page.title if part == 0 else \
                self.labels["present_continued"].format(title=page.title)
            slides.append(Slide(slug, page_index, part, shown_title, document, markup))
        return slides

    def _title_markup(self, title: str, part: int) -> str:
        """A slide's title; on a follow-on slide '(continued)' is added, quieter than the title."""
        if part == 0:
            return f'<p class="slide-title">{html.escape(title)}</p>'
        before, _, after = self.labels["present_continued"].partition("{title}")
        quiet = '<span class="continued">{}</span>'
        return '<p class="slide-title">' + "".join([
            quiet.format(html.escape(before.strip())) + " " if before.strip() else "",
            html.escape(title),
            " " + quiet.format(html.escape(after.strip())) if after.strip() else ""]) + "</p>"

    def _grown_style(self, title: str, blocks: list[Block]) -> FlowStyle:
        """Let the one picture on a slide take the room the text leaves (up to a limit)."""
        if sum(b.kind == "picture" for b in blocks) != 1:
            return self.flow_style
        for share in (PICTURE_MAX_SHARE, 0.65, 0.58):
            grown = self._flow_style(share)
            if self.fits(document_for(blocks, grown, title)):
                return grown
        return self.flow_style
