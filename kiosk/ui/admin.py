"""Staff-only screens in kiosk mode: the PIN keypad and the admin panel behind it."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from kiosk.core.pin import MAX_DIGITS
from kiosk.ui.overlays import Overlay


class PinPad(Overlay):
    """A large on-screen keypad. The typed digits are never shown, logged or kept after OK."""

    pin_entered = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.dots = QLabel()
        self.dots.setObjectName("pinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setObjectName("cardText")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(14)
        layout = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok"]
        for index, key in enumerate(layout):
            button = QPushButton(key)
            button.setObjectName("primary" if key == "ok" else "pinKey")
            button.setMinimumSize(120, 84)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, index // 3, index % 3)
            self.keys[key] = button
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.dots)
        self.card_layout.addWidget(self.message)
        self.card_layout.addLayout(grid)
        self.close_button.setObjectName("")  # OK is the main action here; Cancel is quieter
        self.card_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self._digits = ""
        self._wait_text = ""
        self._wait_left = 0
        self._wait_timer = QTimer(self, interval=1000)
        self._wait_timer.timeout.connect(self._count_down)
        self.closed.connect(self._forget)

    def card_width(self) -> int:
        return min(self.width() - 80, 620)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt API names
        """Tab and Shift+Tab go round the keypad's own buttons, never to the screen behind it."""
        ring = [w for w in (*self.keys.values(), self.close_button)
                if w.isEnabled() and w.isVisible()]
        if not ring:
            return True
        current = self.window().focusWidget()
        index = ring.index(current) if current in ring else -1
        ring[(index + (1 if next else -1)) % len(ring)].setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def set_strings(self, strings) -> None:
        self.title.setText(strings("admin_pin_title"))
        self.keys["back"].setText(strings("admin_pin_back"))
        self.keys["back"].setAccessibleName(strings("admin_pin_back_name"))
        self.keys["ok"].setText(strings("admin_pin_ok"))
        self.keys["ok"].setAccessibleName(strings("admin_pin_ok"))
        for digit in "0123456789":
            self.keys[digit].setAccessibleName(digit)
        self.set_close_text(strings("admin_cancel"), strings("admin_cancel"))
        self._strings = strings

    def open_pad(self, message: str = "") -> None:
        self._forget()
        self.message.setText(message)
        self.open_overlay()
        self.keys["1"].setFocus(Qt.FocusReason.PopupFocusReason)

    @property
    def typed(self) -> int:
        return len(self._digits)

    def press(self, key: str) -> None:
        if self._wait_left:
            return
        if key == "back":
            self._digits = self._digits[:-1]
        elif key == "ok":
            digits, self._digits = self._digits, ""
            self._show_dots()
            if digits:
                self.pin_entered.emit(digits)
            return
        elif len(self._digits) < MAX_DIGITS:
            self._digits += key
        self._show_dots()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def wait(self, seconds: int, text_with_seconds: str) -> None:
        """Too many wrong PINs: the keys rest for `seconds`, with a countdown."""
        self._wait_text = text_with_seconds
        self._wait_left = max(1, seconds)
        self._set_keys_enabled(False)
        self.message.setText(self._wait_text.format(seconds=self._wait_left))
        self._wait_timer.start()

    def _count_down(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._wait_timer.stop()
            self._wait_left = 0
            self._set_keys_enabled(True)
            self.message.setText("")
        else:
            self.message.setText(self._wait_text.format(seconds=self._wait_left))

    def _set_keys_enabled(self, enabled: bool) -> None:
        for button in self.keys.values():
            button.setEnabled(enabled)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_dots(self) -> None:
        self.dots.setText(" ".join("●" * len(self._digits)) or " ")
        self.dots.setAccessibleName(self._strings("admin_pin_typed", count=len(self._digits)))

    def _forget(self) -> None:
        self._digits = ""
        if hasattr(self, "_strings"):
            self._show_dots()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API name
        text = event.text()
        if len(text) == 1 and text in "0123456789":  # ASCII only: what the keys can type
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.press("back")
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
                self.focusWidget(), QPushButton):
            self.press("ok")
        else:
            super().keyPressEvent(event)


class _FactsArea(QScrollArea):
    """Scrolls the staff facts when they outgrow the screen, and asks for their full height."""

    def __init__(self, label: QLabel) -> None:
        super().__init__()
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QScrollArea.SizeAdjustPolicy.AdjustIgnored)
        # The theme paints scroll areas in the page colour; here the card's own colour shows.
        self.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget "
                           "{ background: transparent; }")

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API name
        # The card is sized from this: as tall as the facts, until the screen runs out.
        return self.widget().heightForWidth(width - self.verticalScrollBar().sizeHint().width())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        return QSize(600, self.heightForWidth(600))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API name
        return QSize(200, 80)


class AdminPanel(Overlay):
    """What staff can do once the PIN is right: exit, reload content, print a test page, and
    go back to the previous content pack."""

    exit_requested = Signal()
    reload_requested = Signal()
    test_print_requested = Signal()
    check_requested = Signal()  # run the `kiosk doctor` checks and show what works
    rollback_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.info = QLabel()
        self.info.setObjectName("adminInfo")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        # The facts scroll when a short screen (1024x768) cannot show them all with the buttons.
        self.facts = QScrollArea()
        self.facts.setWidgetResizable(True)
        self.facts.setFrameShape(QFrame.Shape.NoFrame)
        self.facts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facts.setWidget(self.info)
        self.facts.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget "
                                 "{ background: transparent; }")  # the card's own colour
        self.status = QLabel()
        self.status.setObjectName("cardText")
        self.status.setWordWrap(True)
        self.exit_button = QPushButton()
        self.reload_button = QPushButton()
        self.test_button = QPushButton()
        self.check_button = QPushButton()
        self.check_button.clicked.connect(self.check_requested)
        self.rollback_button = QPushButton()
        self.rollback_button.hide()  # shown only while a previous pack is kept
        self.rollback_button.clicked.connect(self.rollback_requested)
        self.exit_button.clicked.connect(self.exit_requested)
        self.reload_button.clicked.connect(self.reload_requested)
        self.test_button.clicked.connect(self.test_print_requested)
        row = QHBoxLayout()
        row.setSpacing(14)
        for button in (self.exit_button, self.reload_button, self.test_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        self.card_layout.addWidget(self.title)
        self.card_layout.addWidget(self.facts, 1)
        self.info_area = self.facts
        self.card_layout.addWidget(self.status)
        self.card_layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)
        # On its own line: a fourth button squeezes every label in the row at 1280x800.
        self.card_layout.addWidget(self.rollback_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.card_layout.addLayout(row)

    def card_width(self) -> int:
        return min(self.width() - 60, max(900, self.width() * 8 // 10))

    def _fit(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        margins = self.card_layout.contentsMargins()
        inner = self.card_width() - margins.left() - margins.right() \
            - self.facts.verticalScrollBar().sizeHint().width()
        self.facts.setFixedHeight(0)
        self.card_layout.invalidate()
        others = max(self.card_layout.totalHeightForWidth(self.card_width()),
                     self.card_layout.totalMinimumSize().height())
        wanted = self.info.heightForWidth(inner) + 4
        self.facts.setFixedHeight(max(80, min(wanted, self.height() - 60 - others)))
        super()._fit()

    def set_strings(self, strings) -> None:
        self.title.setText(strings("admin_title"))
        for button, key in ((self.exit_button, "admin_exit"), (self.reload_button, "admin_reload"),
                            (self.test_button, "admin_test_print"),
                            (self.check_button, "admin_check"),
                            (self.rollback_button, "admin_rollback")):
            button.setText(strings(key))
            button.setAccessibleName(strings(key))
        self.set_close_text(strings("admin_close"), strings("admin_close"))

    def set_rollback_available(self, available: bool) -> None:
        self.rollback_button.setVisible(available)

    def show_panel(self, info: str) -> None:
        self.info.setText(info)
        self.status.setText("")
        self.open_overlay()

    def show_checks(self, report: str, summary: str) -> None:
        """What works on this kiosk, in place of the facts (they are one tap away again)."""
        self.info.setText(report)
        self.show_status(summary)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self._fit()
