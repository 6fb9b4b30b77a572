"""Read aloud through the real speech-dispatcher engine (espeak-ng, silent sound output), in English
and Spanish: sentence by sentence, the highlight on the sentence being said, never a wrong voice."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from speechd import missing, private_speechd
from uihelpers import tap

from kiosk.app import KioskApp, LaunchOptions
from kiosk.core.config import Settings
from kiosk.core.speech_text import page_sentences

REPO = Path(__file__).resolve().parents[2]
REQUIRED = bool(os.environ.get("KIOSK_REQUIRE_SPEECH"))  # CI: a missing engine fails, never skips


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"KIOSK_REQUIRE_SPEECH is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def speechd_log():
    """A private speech-dispatcher for this module's tests, stopped after them."""
    from PySide6.QtCore import QLoggingCategory

    # As kiosk.ui.speech does: Qt Multimedia warns about sound libraries it can do without.
    QLoggingCategory.setFilterRules("qt.multimedia.*=false\nqt.speech.*=false")
    try:
        import PySide6.QtTextToSpeech  # noqa: F401
    except ImportError as error:
        _unavailable(f"Qt TextToSpeech does not load: {error}")
    problem = missing()
    if problem:
        _unavailable(problem)
    # Level 5 logs every message the server is given, so a test can see what was really said.
    with private_speechd(log_level=5) as log:
        yield log


def make_kiosk(qtbot, content: Path = REPO / "content", lang: str = "en") -> KioskApp:
    kiosk = KioskApp(LaunchOptions(content, REPO / "assets", lang=lang, speech_engine="speechd"),
                     Settings())
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    kiosk.set_up_speech()
    assert kiosk.speech is not None, "the speechd engine did not load"
    return kiosk


def said(log: Path) -> list[str]:
    """Every text the server was given to say, in order, from its log."""
    text = (log / "speech-dispatcher.log").read_text(errors="replace")
    return re.findall(r"Queueing message \|(.*?)\| with priority", text, flags=re.S)


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def read_page_aloud(qtbot, kiosk: KioskApp, slug: str, page: int, log: Path):
    """Open a page, tap Listen, wait for the page to be read; return what was marked when."""
    kiosk.window.open_guide(slug)
    reader = kiosk.screens.reader
    reader.show_page(page)
    qtbot.waitUntil(lambda: reader.listen_button.isVisible(), timeout=2000)
    before = len(said(log))
    speech = kiosk.speech
    steps: list[tuple[int, str]] = []
    engine_states: list[str] = []
    # Connected after the window's own slots: each step sees the highlight the patient sees.
    speech.engine.stateChanged.connect(lambda state: engine_states.append(state.name))
    speech.sentence_started.connect(lambda i: steps.append((i, reader.view.highlighted_text())))
    with qtbot.waitSignal(speech.finished, timeout=60000):
        tap(qtbot, reader.listen_button)
    qtbot.waitUntil(lambda: speech.state == "ready", timeout=2000)
    return steps, engine_states, said(log)[before:]


@pytest.mark.parametrize(("lang", "slug_index", "page"), [("en", 0, 6), ("es", 0, 6)])
def test_real_engine_reads_each_sentence_with_it_highlighted(speechd_log, qtbot, lang, slug_index,
                                                             page):
    """Ensure speechd speaks the page a sentence at a time, each marked on the page as it is said."""
    kiosk = make_kiosk(qtbot, lang=lang)
    guide = kiosk.library.guides[slug_index]
    html = kiosk.cache.pages(guide.slug)[page].html
    sentences = page_sentences(html)
    assert "box-title" in html, "the page chosen should have a box, read apart from its text"
    steps, states, spoken = read_page_aloud(qtbot, kiosk, guide.slug, page, speechd_log)
    assert "Speaking" in states and states[-1] == "Ready"
    assert [i for i, _ in steps] == list(range(len(sentences)))
    for (index, marked), sentence in zip(steps, sentences, strict=True):
        # What was marked is the sentence being said (a picture is marked, not its words).
        expected = sentence.shown if not sentence.picture else marked
        assert words(marked) == words(expected), (index, marked, sentence)
    assert [words(s) for s in spoken] == [words(s.text) for s in sentences]
    assert kiosk.screens.reader.view.highlighted_text() == ""  # cleared when done
    voice = kiosk.speech.engine.voice()
    assert voice.locale().name().startswith(lang), voice.name()


def test_switching_language_reads_in_the_new_language_voice(speechd_log, qtbot):
    """Ensure a Spanish page after an English one is read by a Spanish voice, and back again."""
    kiosk = make_kiosk(qtbot)
    read_page_aloud(qtbot, kiosk, kiosk.library.guides[0].slug, 0, speechd_log)
    assert kiosk.speech.engine.voice().locale().name().startswith("en")
    kiosk.switch_language("es")
    read_page_aloud(qtbot, kiosk, kiosk.library.guides[0].slug, 0, speechd_log)
    assert kiosk.speech.engine.voice().name() == "Spanish (Spain)"


def test_a_pack_language_with_no_voice_hides_listen(speechd_log, qtbot, tmp_path):
    """Ensure a language espeak-ng has no voice for (Zulu) shows no Listen, and English does."""
    shutil.copytree(REPO / "content" / "en", tmp_path / "en")
    shutil.copytree(REPO / "content" / "en", tmp_path / "zu")
    kiosk = make_kiosk(qtbot, content=tmp_path, lang="zu")
    assert kiosk.library.lang == "zu" and not kiosk.speech.can_read("zu")
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    reader = kiosk.screens.reader
    assert not reader.listen_button.isVisible() and not reader.slower_button.isVisible()
    assert not kiosk.speech.read(["Sawubona."], "zu")  # refused: nothing goes to the engine
    assert kiosk.speech.state == "ready"
    kiosk.switch_language("en")
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    assert reader.listen_button.isVisible()


def test_a_voice_the_engine_does_not_switch_to_is_refused(speechd_log, qtbot, monkeypatch):
    """Ensure a page is not read when the engine's voice is not of the page's language."""
    kiosk = make_kiosk(qtbot)
    speech = kiosk.speech
    english = speech.voice_for("en")
    # As speech-dispatcher does for a language it lacks: it keeps speaking the English voice.
    monkeypatch.setattr(speech, "voice_for", lambda lang: english)
    before = len(said(speechd_log))
    assert not speech.read(["Hola."], "es")
    assert speech.state == "ready" and len(said(speechd_log)) == before


def test_a_voice_chosen_in_the_settings_is_used(speechd_log, qtbot):
    """Ensure speech_voices picks the Latin American Spanish voice over the default one."""
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets", lang="es",
                                   speech_engine="speechd"),
                     Settings(speech_voices={"es": "Spanish (Latin America)"}))
    qtbot.addWidget(kiosk.window)
    kiosk.set_up_speech()
    assert kiosk.speech.use_language("es")
    assert kiosk.speech.engine.voice().name() == "Spanish (Latin America)"
