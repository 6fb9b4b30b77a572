"""Kiosk mode: the window covers its whole screen and stays in front, whatever runs it.

With no window manager (a bare X session) nobody honours a full-screen request, so the window
sets its own geometry to the screen's; under a window manager or a desktop, a minimised, hidden
or covered window is brought back within `check_ms`. It follows a change of screen, resolution
or rotation. Laptop and presentation windows never use this.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger("kiosk.fullscreen")


class ScreenKeeper(QObject):
    """Keeps `window` full screen on its screen and in front; `restored` says what it undid."""

    restored = Signal(str)

    def __init__(self, window: QWidget, check_ms: int = 250, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self._timer = QTimer(self, interval=check_ms)
        self._timer.timeout.connect(self.check)
        self._screen: QScreen | None = None
        self.restores = 0
        self._last_why = ""
        self._x11 = None  # kiosk.ui.x11_front.X11Front, on the xcb platform only
        if QGuiApplication.platformName() == "xcb":
            from kiosk.ui.x11_front import X11Front

            self._x11 = X11Front()

    def start(self) -> None:
        """Fill the screen now, then keep it filled."""
        self.fill()
        handle = self.window.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self._follow_screen)
            handle.windowStateChanged.connect(self._state_changed)
        self._follow_screen(self.window.screen())
        # A bound slot, not a lambda: Qt drops the connection with this keeper (a rebuilt window
        # gets a new keeper; the old one must not touch the old window).
        QGuiApplication.instance().primaryScreenChanged.connect(self._primary_changed)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._x11 is not None:
            self._x11.close()

    def target(self) -> QRect:
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        return screen.geometry()

    def fill(self) -> None:
        """Cover the screen: an explicit geometry (for bare X) and the full-screen state."""
        geometry = self.target()
        if self.window.geometry() != geometry:
            self.window.setGeometry(geometry)
        if not self.window.isFullScreen() or not self.window.isVisible():
            self.window.showFullScreen()

    def check(self) -> None:
        """Undo whatever took the kiosk off the screen since the last check."""
        window = self.window
        why = ""
        if not window.isVisible():
            why = "hidden"
        elif window.isMinimized():
            why = "minimised"
        elif window.windowHandle() is not None and not window.windowHandle().isExposed() or \
                self._x11 is not None and not self._x11.is_viewable(int(window.winId())):
            why = "not on screen"  # unmapped by a window manager, and Qt did not hear of it
        elif not window.isFullScreen() or window.geometry() != self.target():
            why = f"not covering the screen ({_rect(window.geometry())} on {_rect(self.target())})"
        elif not window.isActiveWindow() and self._may_take_focus():
            why = "behind another window"
        if not why:
            self._last_why = ""
            return
        state = window.windowState() & ~Qt.WindowState.WindowMinimized
        window.setWindowState(state | Qt.WindowState.WindowFullScreen)
        self.fill()
        window.raise_()
        window.activateWindow()
        if self._x11 is not None:
            self._x11.bring_to_front(int(window.winId()))
        self.restores += 1
        if why != self._last_why:  # once per episode, not at every tick it lasts
            log.warning("kiosk window was %s; brought it back full screen", why)
        self._last_why = why
        self.restored.emit(why)

    @staticmethod
    def _may_take_focus() -> bool:
        # A popup or dialog of our own is not another application covering the kiosk.
        return QApplication.activePopupWidget() is None and \
            QApplication.activeModalWidget() is None and QApplication.activeWindow() is None

    def _state_changed(self, state: Qt.WindowState) -> None:
        if state & Qt.WindowState.WindowMinimized or not state & Qt.WindowState.WindowFullScreen:
            QTimer.singleShot(0, self.check)  # at once, not at the next tick

    def _primary_changed(self, _screen: QScreen) -> None:
        self.fill()

    def _follow_screen(self, screen: QScreen | None) -> None:
        if self._screen is not None:
            self._screen.geometryChanged.disconnect(self._screen_resized)
        self._screen = screen
        if screen is not None:
            screen.geometryChanged.connect(self._screen_resized)
        self.fill()

    def _screen_resized(self, geometry: QRect) -> None:
        log.info("screen is now %s; filling it", _rect(geometry))
        self.fill()


def _rect(rect: QRect) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"
