"""Read aloud: a page sentence by sentence through Qt TextToSpeech, in a voice of the page's language.

Qt TextToSpeech comes with PySide6-Addons (the optional `speech` extra). Without it, or with no
working engine (Linux with no speech-dispatcher, say), `make_speech` returns None and the app hides
its Listen button. A language with no voice hides Listen too: speech-dispatcher keeps the last
voice when asked for a language it has none for, so a page is never handed to the engine before
the voice it is read in has been checked to speak the page's language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QLoggingCategory, QObject, QTimer, Signal

if TYPE_CHECKING:
    from kiosk.ui.theme import Theme

log = logging.getLogger("kiosk.speech")

SLOW_RATE = -0.35  # Qt's rate runs from -1 (slowest) to 1; this is about 75% of normal speed


@dataclass(frozen=True)
class HighlightColours:
    """The sentence being read, and its word being read, as (text, background) colours."""

    sentence_text: str
    sentence_background: str
    word_text: str
    word_background: str


# A highlighter pen's yellow: the theme's pale box colours are too close to each other to mark a
# sentence on a boxed page, so the normal theme's mark is this (11:1 with body text).
HIGHLIGHTER = "#FFE066"


def highlight_colours(theme: Theme) -> HighlightColours:
    """Colours for following along, each pair at least 7:1 (tests/ui/test_speech.py). Normal:
    body text on highlighter yellow, the word white on the heading colour. High contrast: black
    on the theme's yellow, the word black on its cyan focus colour."""
    if theme.name == "high-contrast":
        return HighlightColours(theme.primary_text, theme.primary, theme.primary_text, theme.focus)
    return HighlightColours(theme.text, HIGHLIGHTER, theme.primary_text, theme.heading)


def default_voice(names: list[tuple[str, str]], lang: str) -> str:
    """From (voice name, locale name) pairs of one language, the plain voice of the language's
    main country ("English (America)" for en, "Spanish (Spain)" for es), else the first plain one.
    speech-dispatcher lists variants as "Name+Variant"; the plain voice is the clearest."""
    main = QLocale(lang).name()
    plain = [(name, locale) for name, locale in names if "+" not in name] or names
    plain.sort(key=lambda pair: (pair[1] != main, len(pair[0]), pair[0]))
    return plain[0][0] if plain else ""


class Speech(QObject):
    """Reads a list of sentences one at a time; can pause, resume and stop.

    `state_changed` carries "speaking", "paused" or "ready" for the page as a whole (it stays
    "speaking" between sentences); `speaking_changed` is True while sound plays, for the idle
    timer; `sentence_started` carries the index of the sentence the engine has begun to say;
    `word_started` (sentence index, start, length) comes from engines that report words."""

    state_changed = Signal(str)
    speaking_changed = Signal(bool)
    sentence_started = Signal(int)
    word_started = Signal(int, int, int)
    word_spoken = Signal(str)  # each word as the engine reaches it
    finished = Signal()  # the last sentence was read (not sent on stop)

    def __init__(self, engine, voices: dict[str, str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.engine = engine
        self.chosen = dict(voices or {})  # language -> voice name, from the settings
        self._State = QTextToSpeech.State
        self.reports_words = bool(engine.engineCapabilities()
                                  & QTextToSpeech.Capability.WordByWordProgress)
        self._state = "ready"
        self._sentences: list[str] = []
        self._index = 0
        self._heard = False  # the engine has begun the current sentence
        self._voices: dict[str, list] = {}  # language -> its QVoices, read once
        self.slow = False
        engine.stateChanged.connect(self._on_engine_state)
        engine.sayingWord.connect(self._on_word)

    # --- voices -----------------------------------------------------------------------------

    def voices(self, lang: str) -> list:
        """Every voice the engine has for a language (any country), as QVoices."""
        if lang not in self._voices:
            wanted = QLocale(lang).language()
            found = []
            for locale in self.engine.availableLocales():
                if locale.language() == wanted:
                    self.engine.setLocale(locale)
                    found += [v for v in self.engine.availableVoices()
                              if v.locale().language() == wanted]
            self._voices[lang] = found
        return self._voices[lang]

    def voice_names(self, lang: str) -> list[str]:
        return [voice.name() for voice in self.voices(lang)]

    def can_read(self, lang: str) -> bool:
        return bool(self.voices(lang))

    def voice_for(self, lang: str):
        """The voice to read `lang` in: the one the settings chose if the engine has it, else
        the language's default voice; None when the engine has no voice for the language."""
        voices = self.voices(lang)
        by_name = {voice.name(): voice for voice in voices}
        wanted = self.chosen.get(lang, "")
        if wanted and wanted not in by_name:
            log.warning("read aloud: no voice %r for %s; using the default voice (voices: %s)",
                        wanted, lang, ", ".join(sorted(by_name)[:12]))
            wanted = ""
        if not wanted:
            wanted = default_voice([(v.name(), v.locale().name()) for v in voices], lang)
        return by_name.get(wanted)

    def use_language(self, lang: str) -> bool:
        """Switch the engine to a voice of `lang`, then check that it really did: False (and
        nothing to be read) when it has no such voice or kept another language's."""
        voice = self.voice_for(lang)
        if voice is None:
            log.info("read aloud: no %s voice in the %s engine", lang, self.engine.engine())
            return False
        self.engine.setVoice(voice)
        now = self.engine.voice()
        wanted = QLocale(lang).language()
        if now.name() != voice.name() or now.locale().language() != wanted:
            log.warning("read aloud refused: asked for the %s voice %r, the engine kept %r (%s)",
                        lang, voice.name(), now.name(), now.locale().name())
            return False
        return True

    # --- reading ----------------------------------------------------------------------------

    @property
    def state(self) -> str:
        return self._state

    @property
    def index(self) -> int:
        """The sentence being read (or last read)."""
        return self._index

    def read(self, sentences: list[str], lang: str) -> bool:
        """Read sentences aloud, one at a time, in a voice of `lang`; False if there is none."""
        self.stop()
        sentences = [s for s in sentences if s.strip()]
        if not sentences or not self.use_language(lang):
            return False
        self.engine.setRate(SLOW_RATE if self.slow else 0.0)
        self._sentences = sentences
        self._index = 0
        self._say_current()
        return True

    def set_slow(self, slow: bool) -> None:
        """Slower or normal speed, from the next sentence on."""
        self.slow = slow
        self.engine.setRate(SLOW_RATE if slow else 0.0)

    def pause(self) -> None:
        if self._state == "speaking":
            self.engine.pause()

    def resume(self) -> None:
        if self._state == "paused":
            self.engine.resume()

    def stop(self) -> None:
        """Stop at once; nothing more of the page is read."""
        reading = bool(self._sentences)
        self._sentences = []
        if reading or self.engine.state() != self._State.Ready:
            self.engine.stop()
        self._set_state("ready")

    def _say_current(self) -> None:
        self._heard = False
        self.engine.say(self._sentences[self._index])

    def _next(self) -> None:
        if not self._sentences:
            return  # stopped in the meantime
        if self._index + 1 < len(self._sentences):
            self._index += 1
            self._say_current()
        else:
            self._sentences = []
            self._set_state("ready")
            self.finished.emit()

    def _on_engine_state(self, state) -> None:
        State = self._State
        if not self._sentences:
            return
        if state == State.Speaking:
            if not self._heard:
                self._heard = True
                self.sentence_started.emit(self._index)
            self._set_state("speaking")
        elif state == State.Paused:
            self._set_state("paused")
        elif state == State.Error:
            log.warning("read aloud stopped: the speech engine reported %s",
                        self.engine.errorString())
            self._sentences = []
            self._set_state("ready")
        elif state == State.Ready and self._heard:
            # The engine's state signal comes from inside its own handler: say the next
            # sentence from the event loop, not from here.
            QTimer.singleShot(0, self._next)

    def _on_word(self, word: str, _id: int, start: int, length: int) -> None:
        if self._sentences:
            self.word_started.emit(self._index, start, length)
        self.word_spoken.emit(word)

    def _set_state(self, name: str) -> None:
        if name == self._state:
            return
        was_speaking = self._state == "speaking"
        self._state = name
        self.state_changed.emit(name)
        if was_speaking != (name == "speaking"):
            self.speaking_changed.emit(name == "speaking")


def open_engine(engine_name: str | None = None, parent: QObject | None = None):
    """(a working QTextToSpeech engine, "") or (None, why there is none, for staff to act on)."""
    # Qt Multimedia (under TextToSpeech) warns about sound libraries it can do without, and a
    # missing engine is reported here as "read aloud is off" rather than as Qt's own error.
    QLoggingCategory.setFilterRules("qt.multimedia.*=false\nqt.speech.*=false")
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as error:  # no PySide6-Addons, or a system library it needs is missing
        return None, (f"Qt TextToSpeech does not load ({error}): install libpulse0, and "
                      "PySide6-Addons when running from source (pip install '.[speech]')")
    engines = QTextToSpeech.availableEngines()
    if engine_name is None:
        engine_name = next((e for e in engines if e != "mock"), None)
    if engine_name is None or engine_name not in engines:
        return None, (f"no speech engine (found: {', '.join(engines) or 'none'}): on Linux "
                      "install speech-dispatcher and speech-dispatcher-espeak-ng")
    engine = QTextToSpeech(engine_name, parent)
    if engine.state() == QTextToSpeech.State.Error:
        reason = engine.errorString()
        engine.deleteLater()
        return None, (f"the {engine_name} engine does not work here ({reason}): check that "
                      "speech-dispatcher starts (spd-say hello)")
    return engine, ""


def make_speech(engine_name: str | None = None, voices: dict[str, str] | None = None,
                parent: QObject | None = None) -> Speech | None:
    """A Speech on the named (or the platform's default) engine, or None when none works."""
    engine, reason = open_engine(engine_name, parent)
    if engine is None:
        log.info("read aloud is off: %s", reason)
        return None
    return Speech(engine, voices, parent)
