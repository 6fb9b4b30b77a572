"""Home: a large tile for each guide (icon, title, one-line summary), in order."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content import Guide
from kiosk.qtcompat import own_viewport
from kiosk.ui.controls import discard


class GuideTile(QPushButton):
    """One guide on the home screen; the whole tile is the button."""

    def __init__(self, guide: Guide, assets: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slug = guide.slug
        self.setObjectName("tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(guide.title)
        self.setAccessibleDescription(guide.summary)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(20)
        self.icon = QLabel()
        icon_path = assets / guide.icon
        if icon_path.is_file():
            self.icon.setPixmap(QIcon(str(icon_path)).pixmap(QSize(96, 96)))
        self.icon.setFixedSize(96, 96)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        words = QVBoxLayout()
        words.setSpacing(6)
        self.title = QLabel(guide.title)
        self.title.setObjectName("tileTitle")
        self.summary = QLabel(guide.summary)
        self.summary.setObjectName("tileSummary")
        for label in (self.title, self.summary):
            label.setWordWrap(True)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            words.addWidget(label)
        words.addStretch(1)
        layout.addLayout(words, 1)

    def width_for_words(self) -> int:
        """The narrowest this tile can be with no word of its title or summary cut: a wrapped
        label breaks between words only, so a longer word than the line is clipped."""
        margins = self.layout().contentsMargins()
        longest = max((label.fontMetrics().horizontalAdvance(word)
                       for label in (self.title, self.summary) for word in label.text().split()),
                      default=0)
        return (margins.left() + margins.right() + self.icon.width() + self.layout().spacing()
                + longest + 8)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        # A push button ignores its layout; the tile is as tall as its wrapped words need.
        return self.layout().sizeHint().expandedTo(QSize(300, 150))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        width = max(self.width(), 300)
        return QSize(300, self.layout().totalHeightForWidth(width))


class HomeScreen(QWidget):
    """Shows the guides as tiles; tapping one emits guide_opened."""

    guide_opened = Signal(str)
    language_requested = Signal(str)
    visit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home")
        self.heading = QLabel()
        self.heading.setObjectName("homeHeading")
        self.heading.setWordWrap(True)
        self.intro = QLabel()
        self.intro.setObjectName("homeIntro")
        self.intro.setWordWrap(True)
        self.tiles: list[GuideTile] = []
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setSpacing(20)
        self._grid.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        self._body = body
        body.setObjectName("screen")
        column = QVBoxLayout(body)
        column.setContentsMargins(48, 28, 48, 28)
        column.setSpacing(14)
        top = QHBoxLayout()
        top.setSpacing(20)
        top.addWidget(self.heading, 1)
        self.languages_row = QHBoxLayout()
        self.languages_row.setSpacing(12)
        top.addLayout(self.languages_row)
        self.language_buttons: dict[str, QPushButton] = {}
        column.addLayout(top)
        column.addWidget(self.intro)
        self.visit_button = QPushButton()  # My visit sheet: hidden until it has words
        self.visit_button.setObjectName("primary")
        self.visit_button.setMinimumHeight(64)
        self.visit_button.clicked.connect(self.visit_requested)
        self.visit_hint = QLabel()
        self.visit_hint.setObjectName("homeIntro")
        self.visit_hint.setWordWrap(True)
        visit_row = QHBoxLayout()
        visit_row.setSpacing(20)
        visit_row.addWidget(self.visit_button)
        visit_row.addWidget(self.visit_hint, 1)
        self.visit_host = QWidget()
        self.visit_host.setLayout(visit_row)
        visit_row.setContentsMargins(0, 0, 0, 0)
        self.visit_host.hide()
        column.addWidget(self.visit_host)
        column.addSpacing(8)
        column.addWidget(self._grid_host)
        column.addStretch(1)
        self.scroll = QScrollArea()
        own_viewport(self.scroll)  # before any use of viewport(): see kiosk/qtcompat.py
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(body)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        self._columns = 0

    def show_guides(self, guides: tuple[Guide, ...], assets: Path, heading: str, intro: str) -> None:
        """Replace the tiles with one per guide, in order."""
        self.heading.setText(heading)
        self.intro.setText(intro)
        for tile in self.tiles:
            self._grid.removeWidget(tile)
            discard(tile)
        self.tiles = []
        for guide in guides:
            tile = GuideTile(guide, assets, self._grid_host)
            tile.clicked.connect(lambda _=False, slug=guide.slug: self.guide_opened.emit(slug))
            self.tiles.append(tile)
        self._columns = 0
        self._arrange()

    def show_languages(self, languages: list[tuple[str, str, str]], current: str) -> None:
        """A large button for each other language: (code, own name, invitation in it)."""
        for button in self.language_buttons.values():
            discard(button)
        self.language_buttons = {}
        for code, name, invite in languages:
            if code == current:
                continue
            button = QPushButton(invite)
            button.setObjectName("language")
            button.setAccessibleName(invite)
            button.setAccessibleDescription(name)
            button.clicked.connect(lambda _=False, c=code: self.language_requested.emit(c))
            self.languages_row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.language_buttons[code] = button

    def show_visit_button(self, text: str, name: str, hint: str = "") -> None:
        """Offer My visit sheet, with a line saying what it is ('' hides the offer)."""
        self.visit_button.setText(text)
        self.visit_button.setAccessibleName(name or text)
        self.visit_hint.setText(hint)
        self.visit_button.setVisible(bool(text))
        self.visit_host.setVisible(bool(text))

    def _arrange(self) -> None:
        columns = 3 if self.width() >= 1500 else 2
        if self.width() < 900:
            columns = 1
        # Fewer columns when a tile would be too narrow for its longest word at this text size
        # (in portrait at 200%, "acupuncture" was cut to "acupunctu").
        margins = self._body.layout().contentsMargins()
        room = self.scroll.viewport().width() - margins.left() - margins.right()
        while columns > 1 and self.tiles and (room - self._grid.horizontalSpacing()
                                              * (columns - 1)) / columns \
                < max(tile.width_for_words() for tile in self.tiles):
            columns -= 1
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles:
            self._grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles):
            self._grid.addWidget(tile, index // columns, index % columns)
        for column in range(3):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        self._arrange()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:  # a new text size: words grow or shrink
            QTimer.singleShot(0, self, self._arrange)

    def scroll_to_top(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)
