"""Read aloud: the current page through Qt TextToSpeech, when a speech engine works here.

Qt TextToSpeech comes with PySide6-Addons (the optional `speech` extra). Without it, or with no
working engine (Linux with no speech-dispatcher, say), `make_speech` returns None and the app hides
its Listen button. Nothing else in the app depends on speech.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QLoggingCategory, QObject, Signal

log = logging.getLogger("kiosk.speech")


class Speech(QObject):
    """Says a page's text; can pause, resume and stop. `state_changed` carries one of
    "speaking", "paused" or "ready"."""

    state_changed = Signal(str)
    word_spoken = Signal(str)  # each word as the engine reaches it (for tests and highlighting)

    def __init__(self, engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self._state = "ready"
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._states = {QTextToSpeech.State.Speaking: "speaking",
                        QTextToSpeech.State.Paused: "paused",
                        QTextToSpeech.State.Ready: "ready",
                        QTextToSpeech.State.Synthesizing: "speaking",
                        QTextToSpeech.State.Error: "ready"}
        engine.stateChanged.connect(self._on_state)
        engine.sayingWord.connect(lambda word, _id, _start, _length: self.word_spoken.emit(word))

    @property
    def state(self) -> str:
        return self._state

    def set_language(self, lang: str) -> None:
        """Pick a voice for the pack's language when the engine has one."""
        wanted = QLocale(lang)
        for locale in self.engine.availableLocales():
            if locale.language() == wanted.language():
                self.engine.setLocale(locale)
                return

    def say(self, text: str) -> None:
        self.engine.stop()
        self.engine.say(text)

    def pause(self) -> None:
        if self._state == "speaking":
            self.engine.pause()

    def resume(self) -> None:
        if self._state == "paused":
            self.engine.resume()

    def stop(self) -> None:
        if self._state != "ready":
            self.engine.stop()

    def _on_state(self, state) -> None:
        name = self._states.get(state, "ready")
        if state == type(state).Error:
            log.warning("speech engine error: %s", self.engine.errorString())
        if name != self._state:
            self._state = name
            self.state_changed.emit(name)


def make_speech(engine_name: str | None = None, parent: QObject | None = None) -> Speech | None:
    """A Speech on the named (or the platform's default) engine, or None when none works."""
    # Qt Multimedia (under TextToSpeech) warns about sound libraries it can do without, and a
    # missing engine is reported here as "read aloud is off" rather than as Qt's own error.
    QLoggingCategory.setFilterRules("qt.multimedia.*=false\nqt.speech.*=false")
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as error:  # no PySide6-Addons, or a system library it needs is missing
        log.info("read aloud is off: %s", error)
        return None
    engines = QTextToSpeech.availableEngines()
    if engine_name is None:
        engine_name = next((e for e in engines if e != "mock"), None)
    if engine_name is None or engine_name not in engines:
        log.info("read aloud is off: no speech engine (found: %s)", ", ".join(engines) or "none")
        return None
    engine = QTextToSpeech(engine_name, parent)
    if engine.state() == QTextToSpeech.State.Error:
        log.info("read aloud is off: the %s engine does not work here (%s)", engine_name,
                 engine.errorString())
        engine.deleteLater()
        return None
    return Speech(engine, parent)
