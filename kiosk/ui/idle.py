"""Kiosk-mode input watching: the idle warning and reset timers, lock-down keys, the admin corner.

Both watchers are application-wide event filters. They only look at events and emit signals; the
window decides what a warning, a reset or an admin request does. Every interval is injected so tests
can run the whole idle cycle in a fraction of a second.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

# Input that means a person is at the screen. Hover and focus changes are not input.
ACTIVITY = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.KeyPress, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TabletPress,
})
PRESSES = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})
RELEASES = frozenset({QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd,
                      QEvent.Type.TouchCancel})


class IdleWatcher(QObject):
    """After `idle_ms` with no input: `warning_started`; then `countdown` each tick and, if nobody
    touches the screen for `warn_ms` more, `timed_out`. Any input during the warning cancels it."""

    warning_started = Signal(int)  # whole seconds left
    countdown = Signal(int)  # whole seconds left, at every tick
    warning_cancelled = Signal()
    timed_out = Signal()

    def __init__(self, idle_ms: int, warn_ms: int, tick_ms: int = 250,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.idle_ms, self.warn_ms = idle_ms, warn_ms
        self._idle = QTimer(self, singleShot=True, interval=idle_ms)
        self._idle.timeout.connect(self._warn)
        self._reset = QTimer(self, singleShot=True, interval=warn_ms)
        self._reset.timeout.connect(self._time_out)
        self._tick = QTimer(self, interval=max(10, min(tick_ms, warn_ms)))
        self._tick.timeout.connect(self._count)
        self._clock = QElapsedTimer()
        self._shown = -1
        self.running = False
        self.held = False  # read aloud is playing: no warning, no reset, until release()

    @property
    def warning(self) -> bool:
        return self._reset.isActive()

    def start(self) -> None:
        """Watch every input event of the application and start the idle timer."""
        if not self.running:
            QApplication.instance().installEventFilter(self)
            self.running = True
        if not self.held:
            self._idle.start()

    def stop(self) -> None:
        """Stop watching (the kiosk is at rest on its welcome screen: nobody to warn)."""
        if self.running:
            QApplication.instance().removeEventFilter(self)
            self.running = False
        was_warning = self.warning
        for timer in (self._idle, self._reset, self._tick):
            timer.stop()
        if was_warning:
            self.warning_cancelled.emit()

    def hold(self) -> None:
        """Someone is listening without touching the screen: no warning and no reset until
        `release`. A warning already showing is cancelled."""
        self.held = True
        was_warning = self.warning
        for timer in (self._idle, self._reset, self._tick):
            timer.stop()
        if was_warning:
            self.warning_cancelled.emit()

    def release(self) -> None:
        """Timing starts again from the full idle time."""
        self.held = False
        if self.running and not self.warning:
            self._idle.start()

    def hold_while(self, busy: bool) -> None:
        """hold() while `busy`, release() once it is not (for a signal carrying a bool)."""
        if busy:
            self.hold()
        elif self.held:
            self.release()

    def still_here(self) -> None:
        """The patient said they are still reading: end any warning and start timing again."""
        was_warning = self.warning
        self._reset.stop()
        self._tick.stop()
        if self.running and not self.held:
            self._idle.start()
        if was_warning:
            self.warning_cancelled.emit()

    def seconds_left(self) -> int:
        if not self.warning:
            return 0
        return max(0, math.ceil((self.warn_ms - self._clock.elapsed()) / 1000))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        if event.type() in ACTIVITY:
            self.still_here()
        return False

    def _warn(self) -> None:
        self._clock.start()
        self._reset.start()
        self._tick.start()
        self._shown = self.seconds_left()
        self.warning_started.emit(self._shown)

    def _count(self) -> None:
        left = self.seconds_left()
        if left != self._shown:
            self._shown = left
            self.countdown.emit(left)

    def _time_out(self) -> None:
        self._tick.stop()
        self.countdown.emit(0)
        self.timed_out.emit()
        if self.running and not self.held:
            self._idle.start()


def _is_quit_key(event: QKeyEvent) -> bool:
    key, mods = event.key(), event.modifiers()
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    alt = bool(mods & Qt.KeyboardModifier.AltModifier)
    if alt and key == Qt.Key.Key_F4 or ctrl and key in (Qt.Key.Key_Q, Qt.Key.Key_W, Qt.Key.Key_F4):
        return True
    return event.matches(QKeySequence.StandardKey.Quit) or \
        event.matches(QKeySequence.StandardKey.Close)


class Lockdown(QObject):
    """Kiosk mode: swallow quit and close keys and context menus app-wide, and turn a long press
    in the window's top-left corner into `admin_requested`."""

    admin_requested = Signal()

    def __init__(self, window: QWidget, locked: bool, press_ms: int = 3000, corner_px: int = 90,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.locked = locked
        self.corner_px = corner_px
        self._press = QTimer(self, singleShot=True, interval=press_ms)
        self._press.timeout.connect(self._long_press)
        self._pressed_at = QPoint()
        self._pressed_widget: QWidget | None = None
        self._swallow_release = False

    def start(self) -> None:
        QApplication.instance().installEventFilter(self)

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self._press.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        kind = event.type()
        if self.locked:
            if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and \
                    _is_quit_key(event):
                event.accept()
                return True
            if kind == QEvent.Type.ContextMenu:
                return True
        if kind in PRESSES:
            self._swallow_release = False
            self._maybe_start(watched, event)
        elif kind in RELEASES:
            self._press.stop()
            # The window (a QWindow) must still see the release to end its mouse grab; the
            # widget under the finger must not, or the long press would also tap it.
            if self._swallow_release and isinstance(watched, QWidget):
                return True
        elif kind == QEvent.Type.MouseMove and self._press.isActive() \
                and (_global(event) - self._pressed_at).manhattanLength() > 40:
            self._press.stop()  # a swipe, not a long press
        return False

    def _maybe_start(self, watched: QObject, event: QEvent) -> None:
        if self._press.isActive() or not self.window.isVisible():
            return
        where = _global(event)
        local = self.window.mapFromGlobal(where)
        if 0 <= local.x() < self.corner_px and 0 <= local.y() < self.corner_px:
            self._pressed_at = where
            self._pressed_widget = watched if isinstance(watched, QWidget) else None
            self._press.start()

    def _long_press(self) -> None:
        # The finger is still down: its release must not also tap the button under it.
        self._swallow_release = True
        if isinstance(self._pressed_widget, QAbstractButton):
            self._pressed_widget.setDown(False)
        self.admin_requested.emit()


def _global(event: QEvent) -> QPoint:
    if hasattr(event, "globalPosition"):
        return event.globalPosition().toPoint()
    points = event.points()  # a touch event
    return points[0].globalPosition().toPoint() if points else QPoint()
