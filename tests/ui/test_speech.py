"""Read aloud with Qt's mock speech engine: Listen reads the page sentence by sentence with each
marked on the page (and its words), Pause, Carry on, Stop, Slower, and no Listen without a voice."""

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
    """Ensure Listen reads the page's words in order and shows Pause and Stop."""
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
    qtbot.waitUntil(lambda: len(heard) >= 12, timeout=15000)  # a busy machine speaks slower
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
    """Ensure Pause, Carry on and Stop do what they say."""
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
    """Ensure a page turn and a reset stop reading aloud."""
    kiosk = speaking_app
    reader = start_listening(qtbot, kiosk, 2)
    tap(qtbot, reader.next_button)
    qtbot.waitUntil(lambda: kiosk.speech.state == "ready", timeout=2000)
    tap(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: kiosk.speech.state == "speaking", timeout=2000)
    kiosk.window.reset_patient()
    qtbot.waitUntil(lambda: kiosk.speech.state == "ready", timeout=2000)


def test_listen_is_hidden_when_no_speech_engine_works(qtbot):
    """Ensure no Listen button shows where no speech engine works."""
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets",
                                   speech_engine="no-such-engine"), Settings())
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    kiosk.set_up_speech()
    assert kiosk.speech is None
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    assert not kiosk.screens.reader.listen_button.isVisible()


def test_each_sentence_is_highlighted_as_the_mock_engine_says_it(speaking_app, qtbot):
    """Ensure the sentence marked on the page is the one being said, from first to third."""
    from kiosk.core.speech_text import page_sentences

    kiosk = speaking_app
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    reader = kiosk.screens.reader
    reader.show_page(6)
    sentences = page_sentences(reader.pages[6].html)
    marked: list[tuple[int, str]] = []
    kiosk.speech.sentence_started.connect(
        lambda i: marked.append((i, reader.view.highlighted_text())))
    tap(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: len(marked) >= 3, timeout=20000)
    assert [i for i, _ in marked[:3]] == [0, 1, 2]
    for index, text in marked[:3]:
        assert text == sentences[index].shown


def test_the_word_being_said_is_marked_inside_its_sentence(speaking_app, qtbot):
    """Ensure the mock engine's word positions mark that very word on the page."""
    kiosk = speaking_app
    kiosk.window.open_guide(kiosk.library.guides[1].slug)
    reader = kiosk.screens.reader
    seen: list[tuple[str, str]] = []

    def on_word(word: str) -> None:
        selections = reader.view.extraSelections()
        if len(selections) == 2:
            seen.append((word, selections[1].cursor.selectedText()))

    kiosk.speech.word_spoken.connect(on_word)
    tap(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: len(seen) >= 4, timeout=10000)
    assert all(word == shown for word, shown in seen), seen


@pytest.mark.parametrize("high_contrast", [False, True], ids=["normal", "high-contrast"])
def test_the_highlight_keeps_text_at_7_to_1(speaking_app, qtbot, high_contrast):
    """Ensure the marked sentence and word are drawn in theme colours at least 7:1 apart."""
    from kiosk.ui.theme import contrast_ratio

    kiosk = speaking_app
    kiosk.window.set_contrast(high_contrast)
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    view = kiosk.screens.reader.view
    assert view.highlight_sentence(words(kiosk.screens.reader.pages[0].text)[0])
    assert view.highlight_word(0, 3)
    selections = view.extraSelections()
    assert len(selections) == 2
    for selection in selections:
        text = selection.format.foreground().color().name()
        background = selection.format.background().color().name()
        assert contrast_ratio(text, background) >= 7.0, (text, background)
    page = "#000000" if high_contrast else "#fafaf7"
    sentence = selections[0].format.background().color().name()
    assert sentence.lower() != page  # the mark stands out from the page


def test_a_sentence_out_of_view_is_scrolled_into_view(speaking_app, qtbot):
    """Ensure at the largest text the sentence being read is brought into view: the screen that
    holds it is shown (a long page is cut into screens) and it is scrolled into the view."""
    from kiosk.core.speech_text import page_sentences

    kiosk = speaking_app
    for _ in range(4):
        kiosk.window.change_text_size(+1)
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    reader = kiosk.screens.reader
    reader.show_page(6)
    last = page_sentences(reader.pages[6].html)[-1]
    assert reader.screen_count() > 1  # the page is longer than the view
    assert reader.show_screen_holding(lambda view: view.highlight_sentence(last.shown))
    assert reader.screen == reader.screen_count() - 1
    cursor = reader.view.textCursor()
    cursor.setPosition(reader.view.document().find(last.shown).selectionStart())
    rect = reader.view.cursorRect(cursor)
    assert rect.top() >= 0 and rect.bottom() <= reader.view.viewport().height()


def test_slower_reads_slower_and_start_over_returns_to_normal_speed(speaking_app, qtbot):
    """Ensure Slower lowers the engine's rate, and a reset brings back normal speed."""
    kiosk = speaking_app
    reader = start_listening(qtbot, kiosk, 0)
    assert reader.slower_button.isVisible() and reader.slower_button.text() == "Slower"
    tap(qtbot, reader.slower_button)
    assert kiosk.speech.engine.rate() < 0 and reader.slower_button.text() == "Normal speed"
    kiosk.window.reset_patient()
    assert kiosk.speech.engine.rate() == 0 and not reader.slower_button.isChecked()


def test_speaking_changed_tells_when_sound_plays(speaking_app, qtbot):
    """Ensure speaking_changed says True when reading starts and False when it stops."""
    kiosk = speaking_app
    changes: list[bool] = []
    kiosk.speech.speaking_changed.connect(changes.append)
    reader = start_listening(qtbot, kiosk, 0)
    tap(qtbot, reader.stop_button)
    qtbot.waitUntil(lambda: kiosk.speech.state == "ready", timeout=2000)
    assert changes == [True, False]


def test_a_language_the_engine_has_no_voice_for_hides_listen(speaking_app, qtbot):
    """Ensure Spanish pages offer no Listen when the engine (mock: English only) has no
    Spanish voice, and English pages offer it again."""
    kiosk = speaking_app
    kiosk.switch_language("es")
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    assert not kiosk.screens.reader.listen_button.isVisible()
    assert not kiosk.speech.read(["Hola."], "es") and kiosk.speech.state == "ready"
    kiosk.switch_language("en")
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    assert kiosk.screens.reader.listen_button.isVisible()


def test_a_picture_is_marked_while_its_alt_text_is_read(speaking_app, qtbot):
    """Ensure the picture itself is marked on the page when its alt text is being read."""
    from kiosk.core.speech_text import page_sentences

    kiosk = speaking_app
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    reader = kiosk.screens.reader
    sentences = page_sentences(reader.pages[0].html)
    picture = next(i for i, s in enumerate(sentences) if s.picture)
    marked: list[str] = []
    kiosk.speech.sentence_started.connect(
        lambda i: marked.append(reader.view.highlighted_text()) if i == picture else None)
    tap(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: bool(marked), timeout=30000)
    assert marked == ["\ufffc"]  # the picture's place in the page's text
