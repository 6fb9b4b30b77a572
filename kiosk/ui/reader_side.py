"""Where the reader puts a page's questions, by the window's shape: beside the text on a wide
landscape screen, under it in portrait, else behind a button that opens them over the page; and
the guide's title over each page's first screen when the window is narrow.

A mixin of `kiosk.ui.reader.ReaderScreen` (it moves the questions between the reader's side
column, its area under the page and its popup); kept apart so reader.py holds the turning of
pages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.ui.controls import keep_place

WIDE_PX = 1500  # from this width (landscape) the page's questions go beside the text
NARROW_PX = 1400  # under this width the guide's title goes over each page's first screen
SIDE_PX = 420  # their column


class SidePlacement:
    """The reader's side of placing the page's questions (kiosk.ui.questions.QuestionOffers)."""

    def attach_side(self, widget: QWidget) -> None:
        """Give the reader the page's questions to place beside the text (wide), under it
        (portrait) or behind a button that opens them over the page (other screens)."""
        from kiosk.ui.overlays import Overlay

        self._side_widget = widget
        self.offers_popup = Overlay(self)
        self.offers_popup.card_layout.addWidget(self.offers_popup.close_button, 0,
                                                Qt.AlignmentFlag.AlignRight)
        self.place_side()

    @property
    def side_mode(self) -> str:
        return self._side_mode

    def _mode_for_shape(self) -> str:
        window = self.window()
        width, height = (window.width(), window.height()) if window is not None else (0, 0)
        if height > width:
            return "under"
        return "beside" if width >= WIDE_PX else "popup"

    def place_side(self) -> None:
        """Put the questions where this window's shape wants them; the choice depends only on the
        shape, so the text column stays put from page to page and at every text size."""
        widget = self._side_widget
        if widget is None:
            return
        offered = len(getattr(widget, "buttons", {}))
        mode = self._mode_for_shape()
        window = self.window()
        narrow = window is not None and window.width() < NARROW_PX
        if narrow != self._narrow:
            # Narrow: the guide's title goes over the first screen of each page instead of
            # beside the page's buttons, which leaves the most room for reading.
            self._narrow = narrow
            self.guide_title.setVisible(not narrow)
            if self.pages:
                self._relayout()
        # Its place is kept on a page without questions only where the button is used at all:
        # beside or under the page it never shows, and a kept place was a blank in the row.
        keep_place(self.offers_button, mode == "popup")
        self.offers_button.setVisible(mode == "popup" and offered > 0)
        if self._strings is not None:
            # As wide as its widest count, so nothing beside it moves when the count changes.
            self.offers_button.setText(self._strings("reader_offers", count=88))
            self.offers_button.setMinimumWidth(self.offers_button.sizeHint().width())
            self.offers_button.setText(self._strings("reader_offers", count=offered))
            self.offers_button.setAccessibleName(self._strings("reader_offers_name",
                                                               count=offered))
        if mode != self._side_mode:
            self._side_mode = mode
            self.offers_popup.close_overlay()
            for layout in (self.side, self.extras, self.offers_popup.card_layout):
                layout.removeWidget(widget)
            if mode in ("beside", "under"):
                (self.side if mode == "beside" else self.extras).insertWidget(0, widget)
            else:
                self.offers_popup.card_layout.insertWidget(0, widget, 1)
            widget.set_beside_page(True)  # one question a row: beside, under and in the popup
            if mode == "beside":
                widget.setFixedWidth(SIDE_PX)
            else:
                widget.setMinimumWidth(0)
                widget.setMaximumWidth(16777215)
            self.side_area.setVisible(mode == "beside")
            self.under.setVisible(mode == "under")
        if mode == "beside":  # the same width with or without questions: the column stays put
            # Its margin, and room for a scroll bar when a page offers more than fit.
            self.side_area.setFixedWidth(SIDE_PX + self.side.contentsMargins().left() + 24)
        if mode == "under":
            window = self.window()
            self.under.setFixedHeight(round(window.height() * 0.24) if window is not None else 300)
        if mode == "under":
            # In a scroll area a widget gets its height from its width (wrapped question text).
            self.under.widget().setMaximumWidth(self.under.viewport().width())
        self.set_tab_order()
