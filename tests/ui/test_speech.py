"""Read aloud with Qt's mock speech engine: Listen reads the page, Pause, Carry on and Stop."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from uihelpers import tap

# CI sets KIOSK_REQUIRE_SPEECH=1: there a missing TextToSpeech is a failure, not a skip.
if not os.environ.get("KIOSK_REQUIRE_SPEECH"):
    pytest.importorskip("PySide6.QtTextToSpeech", reason="the speech extra (PySide6-Addons)",
                        exc_type=ImportError)

from kiosk.app import KioskApp, LaunchOptions  # noqa: E402
from kiosk.core.config import Settings  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def speaking_app(qtbot):
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets", speech_engine="mock"),
                     Settings())
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    kiosk.set_up_speech()
    assert kiosk.speech is not None, "Qt's mock speech engine did not load"
    yield kiosk
    kiosk.speech.stop()


def words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text)


def test_listen_reads_the_page_text(speaking_app, qtbot):
    kiosk = speaking_app
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    reader = kiosk.screens.reader
    assert reader.listen_button.isVisible() and reader.listen_button.text() == "Listen"
    heard: list[str] = []
    kiosk.speech.word_spoken.connect(heard.append)
    tap(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: kiosk.speech.state == "speaking", timeout=2000)
    assert reader.pause_button.isVisible() and reader.stop_button.isVisible()
    assert not reader.listen_button.isVisible()
    qtbot.waitUntil(lambda: len(heard) >= 12, timeout=5000)
    page_words = words(reader.pages[0].text)
    assert heard[:12] == page_words[:12]
    assert page_words[0] in reader.view.toPlainText()


def start_listening(qtbot, kiosk, guide_index: int):
    """Open a guide, tap Listen, and wait until the engine speaks; return the reader."""
    kiosk.window.open_guide(kiosk.library.guides[guide_index].slug)
    reader = kiosk.screens.reader
    tap(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: kiosk.speech.state == "speaking", timeout=2000)
    return reader


def test_pause_carry_on_and_stop(speaking_app, qtbot):
    kiosk = speaking_app
    reader = start_listening(qtbot, kiosk, 1)
    tap(qtbot, reader.pause_button)
    qtbot.waitUntil(lambda: kiosk.speech.state == "paused", timeout=2000)
    assert reader.pause_button.text() == "Carry on"
    tap(qtbot, reader.pause_button)
    qtbot.waitUntil(lambda: kiosk.speech.state == "speaking", timeout=2000)
    assert reader.pause_button.text() == "Pause"
    tap(qtbot, reader.stop_button)
    qtbot.waitUntil(lambda: kiosk.speech.state == "ready", timeout=2000)
    assert reader.listen_button.isVisible() and not reader.stop_button.isVisible()


def test_turning_the_page_or_going_home_stops_reading(speaking_app, qtbot):
    kiosk = speaking_app
    reader = start_listening(qtbot, kiosk, 2)
    tap(qtbot, reader.next_button)
    qtbot.waitUntil(lambda: kiosk.speech.state == "ready", timeout=2000)
    tap(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: kiosk.speech.state == "speaking", timeout=2000)
    kiosk.window.reset_patient()
    qtbot.waitUntil(lambda: kiosk.speech.state == "ready", timeout=2000)


def test_listen_is_hidden_when_no_speech_engine_works(qtbot):
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets",
                                   speech_engine="no-such-engine"), Settings())
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    kiosk.set_up_speech()
    assert kiosk.speech is None
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    assert not kiosk.screens.reader.listen_button.isVisible()
