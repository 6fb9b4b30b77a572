"""The kiosk at rest: the clinic's name and colours, a slow loop of topics, and a start button."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPropertyAnimation, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.controls import discard

# A cross-fade this slow, once every several seconds, is far from the three flashes a second
# WCAG 2.3.1 forbids, and slow enough not to pull the eye of someone reading nearby.
FADE_MS = 1600
MIN_SLIDE_MS = 5000


@dataclass(frozen=True)
class WelcomeItem:
    """One thing the kiosk offers, as the loop shows it."""

    title: str
    summary: str
    icon: Path | None


@dataclass(frozen=True)
class WelcomeStart:
    """One start button: the language it starts in and its words, in that language."""

    lang: str
    text: str
    accessible_name: str


class WelcomeScreen(QFrame):
    """Covers the whole window while nobody is using the kiosk. Any tap (on a start button: in its
    language) emits `start_requested`; the tap itself never reaches the screen underneath."""

    start_requested = Signal(str)  # language code ("" for the language shown underneath)
    shown = Signal()

    def __init__(self, parent: QWidget, background: str, text_colour: str, loop: bool,
                 slide_ms: int) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.background, self.text_colour = background, text_colour
        self.loop = loop
        self.items: list[WelcomeItem] = []
        self.index = 0
        self.changes = 0  # slides shown since the screen came up (for tests and the soak)
        self.logo = QLabel()
        self.clinic = QLabel()
        self.clinic.setObjectName("welcomeClinic")
        self.logo.setObjectName("welcomeLogo")
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clinic.setWordWrap(True)
        self.clinic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("welcomeTitle")
        self.intro = QLabel()
        self.intro.setObjectName("welcomeIntro")
        self.offers = QLabel()
        self.offers.setObjectName("welcomeOffers")
        for label in (self.title, self.intro, self.offers):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.slide = QFrame()
        self.slide.setObjectName("welcomeSlide")
        self.slide.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.slide.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.slide_icon = QLabel()
        self.slide_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.slide_title = QLabel()
        self.slide_title.setObjectName("welcomeSlideTitle")
        self.slide_summary = QLabel()
        self.slide_summary.setObjectName("welcomeSlideSummary")
        words = QVBoxLayout()
        words.setSpacing(10)
        for label in (self.slide_title, self.slide_summary):
            label.setWordWrap(True)
            words.addWidget(label)
        words.insertStretch(0, 1)
        words.addStretch(1)
        slide_row = QHBoxLayout(self.slide)
        slide_row.setSpacing(36)
        slide_row.addWidget(self.slide_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        slide_row.addLayout(words, 1)
        self.fade = QGraphicsOpacityEffect(self.slide)
        self.fade.setOpacity(1.0)
        self.slide.setGraphicsEffect(self.fade)
        self._fade_out = QPropertyAnimation(self.fade, b"opacity", self)
        self._fade_out.setDuration(FADE_MS // 2)
        self._fade_out.setStartValue(1.0)
        self._fade_out.setEndValue(0.0)
        self._fade_out.finished.connect(self._swap_slide)
        self._fade_in = QPropertyAnimation(self.fade, b"opacity", self)
        self._fade_in.setDuration(FADE_MS // 2)
        self._fade_in.setStartValue(0.0)
        self._fade_in.setEndValue(1.0)
        self._timer = QTimer(self, interval=max(MIN_SLIDE_MS, slide_ms))
        self._timer.timeout.connect(self.next_slide)
        self.list_host = QWidget()  # the loop turned off: every topic at once, standing still
        self.list_layout = QVBoxLayout(self.list_host)
        self.list_rows: list[QLabel] = []
        self.buttons: list[QPushButton] = []
        self.starts: list[WelcomeStart] = []
        self.button_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.button_row.setSpacing(28)

        self.column = QVBoxLayout(self)
        self.column.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.clinic)
        self.column.addWidget(self.title)
        self.column.addWidget(self.intro)
        self.column.addStretch(1)
        self.column.addWidget(self.offers)
        self.column.addWidget(self.slide, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(self.list_host, 0, Qt.AlignmentFlag.AlignHCenter)
        self.column.addStretch(1)
        self.column.addLayout(self.button_row)
        self._sized_for = QSize()
        parent.installEventFilter(self)  # cover the window again whenever it changes size
        self.hide()

    # --- content ----------------------------------------------------------------------------

    def show_content(self, clinic: str, logo: Path | None, title: str, intro: str, offers: str,
                     items: list[WelcomeItem], starts: list[WelcomeStart]) -> None:
        """What the screen says: the clinic, what the kiosk offers, a start button per language."""
        self.clinic.setText(clinic)
        self.clinic.setVisible(bool(clinic))
        self._logo_path = logo
        self.title.setText(title)
        self.intro.setText(intro)
        self.offers.setText(offers)
        self.items = items
        self.index = 0
        if starts != self.starts:
            self._make_buttons(starts)
        if not self.loop:  # the still list, only for a kiosk with the loop turned off
            for row in self.list_rows:
                discard(row)
            self.list_rows = []
            for item in items:
                row = QLabel(f"•  {item.title}")
                row.setObjectName("welcomeListRow")
                self.list_layout.addWidget(row)
                self.list_rows.append(row)
        self.slide.setVisible(self.loop)
        self.list_host.setVisible(not self.loop)
        self._sized_for = QSize()
        if self.isVisible():  # else styled by show_welcome, for the size it will cover
            self._restyle()
        self._show_item()

    def _make_buttons(self, starts: list[WelcomeStart]) -> None:
        # Only when the languages change: a start button is often the very one being tapped
        # when a language switch refreshes this screen, and must live until its click returns.
        for button in self.buttons:
            discard(button)
        self.buttons = []
        self.starts = starts
        for start in starts:
            button = QPushButton(start.text)
            button.setObjectName("welcomeStart")
            button.setAccessibleName(start.accessible_name)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.clicked.connect(lambda _=False, lang=start.lang: self._start(lang))
            self.button_row.addWidget(button)
            self.buttons.append(button)

    # --- showing and leaving ----------------------------------------------------------------

    def show_welcome(self) -> None:
        """Cover the window and begin the loop from the first topic."""
        self.setGeometry(self.parentWidget().rect())
        self._restyle()
        self.index = 0
        self.changes = 0
        self._fade_out.stop()
        self._fade_in.stop()
        self.fade.setOpacity(1.0)
        self._show_item()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.loop and len(self.items) > 1:
            self._timer.start()
        self.shown.emit()

    def leave(self) -> None:
        self._timer.stop()
        self._fade_out.stop()
        self._fade_in.stop()
        self.hide()

    def _start(self, lang: str) -> None:
        if self.isVisible():
            self.leave()
            self.start_requested.emit(lang)

    # A tap anywhere starts. The press is taken here and the screen leaves on the release, so
    # neither half of the tap reaches the control under the finger.
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API name
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API name
        event.accept()
        self._start("")

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API name
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._start("")
        else:
            super().keyPressEvent(event)

    # --- the loop ---------------------------------------------------------------------------

    @property
    def slide_ms(self) -> int:
        return self._timer.interval()

    @property
    def looping(self) -> bool:
        return self._timer.isActive()

    def next_slide(self) -> None:
        """Fade the current topic out and the next one in (the timer calls this)."""
        if not self.items or self._fade_out.state() == QPropertyAnimation.State.Running:
            return
        self._fade_in.stop()
        self._fade_out.start()

    def _swap_slide(self) -> None:
        self.index = (self.index + 1) % max(1, len(self.items))
        self.changes += 1
        self._show_item()
        self._fade_in.start()

    def _show_item(self) -> None:
        if not self.items:
            return
        item = self.items[self.index % len(self.items)]
        self.slide_title.setText(item.title)
        self.slide_summary.setText(item.summary)
        self.slide.setAccessibleName(f"{item.title}. {item.summary}")
        size = self._icon_px()
        if item.icon is not None and item.icon.is_file():
            self.slide_icon.setPixmap(QIcon(str(item.icon)).pixmap(QSize(size, size)))
        else:
            self.slide_icon.clear()
        self.slide_icon.setFixedSize(size, size)

    # --- sizes: from the window, like the rest of the app -----------------------------------

    def _unit(self) -> float:
        # 1.0 on a 1920x1080 landscape screen; a portrait totem is sized by its width.
        size = self.parentWidget().size() if self.parentWidget() else self.size()
        if size.height() > size.width():
            return max(0.6, min(size.width() / 1080, size.height() / 1920, 1.6))
        return max(0.6, min(size.height() / 1080, size.width() / 1440, 1.6))

    def _icon_px(self) -> int:
        return round(180 * self._unit())

    def _restyle(self) -> None:
        parent = self.parentWidget()
        if parent is None or parent.size() == self._sized_for:
            return
        self._sized_for = parent.size()
        u = self._unit()
        portrait = parent.height() > parent.width()
        bg, fg = self.background, self.text_colour
        px = lambda n: max(1, round(n * u))  # noqa: E731 - a local unit conversion
        self.setStyleSheet(f"""
            #welcome {{ background: {bg}; }}
            #welcome QLabel {{ color: {fg}; background: transparent; }}
            #welcomeClinic {{ font-size: {px(58)}px; font-weight: 700; }}
            #welcomeTitle {{ font-size: {px(46)}px; font-weight: 700; }}
            #welcomeIntro {{ font-size: {px(32)}px; }}
            #welcomeOffers {{ font-size: {px(30)}px; }}
            QLabel#welcomeLogo {{ background: #FFFFFF; border-radius: {px(22)}px; }}
            #welcomeSlide {{ background: rgba(255, 255, 255, 235); border-radius: {px(28)}px; }}
            #welcomeSlide QLabel {{ color: #1F2933; }}
            #welcomeSlideTitle {{ font-size: {px(46)}px; font-weight: 700; color: #0B4A5E; }}
            #welcomeSlideSummary {{ font-size: {max(24, px(32))}px; }}
            #welcomeListRow {{ font-size: {px(34)}px; }}
            QPushButton#welcomeStart {{
                background: {fg}; color: {bg}; border: {px(4)}px solid {fg};
                border-radius: {px(24)}px; font-size: {px(38)}px; font-weight: 700;
                min-height: {max(96, px(128))}px; padding: {px(12)}px {px(36)}px; }}
            QPushButton#welcomeStart:pressed {{ background: {bg}; color: {fg}; }}
            QPushButton#welcomeStart[keyFocus="true"]:focus {{ border: {px(8)}px solid #F59E0B; }}
        """)
        margin = px(64)
        self.column.setContentsMargins(margin, px(48), margin, px(56))
        self.column.setSpacing(px(22))
        self.slide.layout().setContentsMargins(px(44), px(36), px(44), px(36))
        self.slide.setFixedWidth(min(parent.width() - 2 * margin, px(1400)))
        self.slide.setFixedHeight(self._icon_px() + px(80))
        self.list_layout.setSpacing(px(12))
        if self._logo_path is not None and self._logo_path.is_file():
            logo = px(112)
            self.logo.setPixmap(QIcon(str(self._logo_path)).pixmap(QSize(logo, logo)))
            self.logo.setFixedSize(logo + px(20), logo + px(20))  # on a white plate: any logo shows
            self.logo.show()
        else:
            self.logo.hide()
        self.button_row.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                     else QBoxLayout.Direction.LeftToRight)
        self._show_item()

    _logo_path: Path | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        # Hidden (no kiosk mode, or a patient at the kiosk), it is styled when it next shows:
        # a style sheet costs several milliseconds, and the window's first paint waited for it.
        if self.isVisible():
            self._restyle()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API name
        super().showEvent(event)
        self._restyle()  # sized while hidden (or with its window hidden): style it now
