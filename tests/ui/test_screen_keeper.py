"""The full-screen keeper on the real window (offscreen): it fills the screen and undoes a
minimise, a hide and a shrink. The same under a real X server is in test_x11_fullscreen.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect

from kiosk.app import KioskApp, KioskTimings, LaunchOptions
from kiosk.core.config import Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def kept(qtbot):
    options = LaunchOptions(REPO / "content", REPO / "assets", kiosk_mode=True, unlocked=True)
    kiosk = KioskApp(options, Settings(), timings=KioskTimings(60_000, 1_000, 80))
    kiosk.keep_full_screen()
    qtbot.waitExposed(kiosk.window)
    yield kiosk
    kiosk.quit()


def test_the_kiosk_window_fills_its_screen(kept):
    """Ensure keep_full_screen gives the window the screen's whole geometry, full screen."""
    window = kept.window
    assert window.isFullScreen() and window.geometry() == window.screen().geometry()


# The offscreen platform has no stacking order to raise the window in; Qt says so.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
@pytest.mark.parametrize("trouble", ["minimised", "hidden", "shrunk"])
def test_the_keeper_brings_the_window_back(kept, qtbot, trouble):
    """Ensure a minimised, hidden or shrunk kiosk window comes back full screen by itself."""
    window, keeper = kept.window, kept.keeper
    if trouble == "minimised":
        window.showMinimized()
    elif trouble == "hidden":
        window.hide()
    else:
        window.showNormal()
        window.setGeometry(QRect(0, 0, 770, 544))
    with qtbot.waitSignal(keeper.restored, timeout=2000):
        pass
    qtbot.waitUntil(lambda: window.isVisible() and window.isFullScreen()
                    and not window.isMinimized()
                    and window.geometry() == window.screen().geometry(), timeout=2000)


def test_a_new_screen_size_is_filled(kept, qtbot):
    """Ensure the window follows its screen's geometry (a rotation or a new resolution)."""
    window = kept.window
    window.setGeometry(QRect(0, 0, 600, 400))  # what a changed screen leaves behind
    kept.keeper._screen_resized(window.screen().geometry())
    assert window.geometry() == window.screen().geometry()


def test_staff_exit_stops_the_keeper(kept, qtbot):
    """Ensure once staff exit, nothing brings the window back."""
    kept.quit()
    qtbot.wait(600)
    assert not kept.window.isVisible() and kept.keeper.restores == 0
