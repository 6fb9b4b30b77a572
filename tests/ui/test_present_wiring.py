"""Presentation mode wired into the app: `--present` and the reader's Present button."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from uihelpers import tap, turn_page

REPO = Path(__file__).resolve().parents[2]


def test_present_button_shows_the_open_guide_from_its_page_and_esc_comes_back(make_app, qtbot):
    kiosk = make_app()
    guide = kiosk.library.guides[1]
    kiosk.window.open_guide(guide.slug)
    reader = kiosk.screens.reader
    turn_page(qtbot, reader)
    turn_page(qtbot, reader)
    assert reader.present_button.isVisible() and reader.present_button.text() == "Present"
    tap(qtbot, reader.present_button)
    screen = kiosk.presentation
    qtbot.addWidget(screen)
    assert screen.isVisible() and screen.isFullScreen()
    slide = screen.current_slide()
    assert slide.title.startswith(reader.pages[2].title)
    assert {g.slug for g in screen.guides} == {guide.slug}
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert not screen.isVisible()
    assert kiosk.window.isVisible() and reader.index == 2


def test_present_button_is_not_offered_in_kiosk_mode(make_app, qtbot):
    kiosk = make_app()
    kiosk.window.enter_kiosk_mode(locked=False)
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    assert not kiosk.screens.reader.present_button.isVisible()


def test_present_an_unknown_guide_is_a_clear_error(tmp_path):
    run = subprocess.run([sys.executable, "-m", "kiosk", "--present", "no-such-guide"],
                         capture_output=True, text=True, timeout=60, cwd=REPO,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                              "HOME": str(tmp_path)})
    assert run.returncode == 2
    assert "no guide 'no-such-guide'" in run.stderr and "how-acupuncture-works" in run.stderr


def test_present_and_kiosk_do_not_go_together(capsys):
    from kiosk import cli

    assert cli.main(["--present", "--kiosk"]) == 2
    assert "does not go with --kiosk" in capsys.readouterr().err


def test_present_from_the_command_line_labels_stay_plain_text(qtbot, pack, assets):
    """Ensure `kiosk --present` (the main window never shown, so never painted) still installs
    the app-wide filters before the slides show: their labels are plain text."""
    from PySide6.QtWidgets import QLabel

    from kiosk.app import KioskApp, LaunchOptions
    from kiosk.core.config import Settings

    kiosk = KioskApp(LaunchOptions(pack.parent, assets), Settings())
    qtbot.addWidget(kiosk.window)
    assert not kiosk.watching
    assert kiosk.start_presentation("")
    qtbot.waitExposed(kiosk.presentation)
    assert kiosk.watching
    labels = kiosk.presentation.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    kiosk.presentation.close()
