"""The main window's read aloud part: Listen offered where a voice speaks the pack's language,
each sentence marked on the page as it is said, pause, slower and stop.

A mixin of `kiosk.ui.window.MainWindow` (it uses the window's reader screen, library and the
`reading_aloud_changed` signal the idle timer listens to); kept apart so the window's file holds
the rest of what a patient sees.
"""

from __future__ import annotations


class ReadAloud:
    """The window's side of read aloud (the engine is kiosk.ui.speech.Speech)."""

    def attach_speech(self, speech) -> None:
        """Read aloud works here (speech: kiosk.ui.speech.Speech): offer Listen on pages whose
        language it has a voice for, and mark each sentence on the page as it is read."""
        self.speech = speech
        speech.state_changed.connect(self.screens.reader.show_speech_state)
        speech.state_changed.connect(self._speech_state_changed)
        speech.sentence_started.connect(self.follow_sentence)
        speech.word_started.connect(self.follow_word)
        # While sound plays (not between two sentences) the idle timer holds.
        speech.speaking_changed.connect(self.reading_aloud_changed)
        self.offer_speech()

    def offer_speech(self) -> None:
        """Listen only where the engine has a voice for the pack's language."""
        if self.speech is not None:
            self.screens.reader.set_speech_available(self.speech.can_read(self.library.lang))

    def listen(self, _text: str = "") -> None:
        """Read the shown page aloud, a sentence at a time, in a voice of its language."""
        reader = self.screens.reader
        if self.speech is None or not reader.pages:
            return
        from kiosk.core.speech_text import page_sentences  # html.parser: not needed to start

        self.reading = page_sentences(reader.pages[reader.index].html)
        if not self.speech.read([s.text for s in self.reading], self.library.lang):
            self.reading = []
            self.offer_speech()  # no voice for this language after all: Listen goes

    def follow_sentence(self, index: int) -> None:
        """Mark the sentence the engine has begun to say, scrolled into view."""
        if 0 <= index < len(self.reading):
            sentence = self.reading[index]
            reader = self.screens.reader
            # A long page is cut into screens: reading on turns to the screen that shows it.
            if sentence.picture:
                reader.show_screen_holding(lambda view: view.highlight_picture(sentence.picture))
            else:
                reader.show_screen_holding(lambda view: view.highlight_sentence(sentence.shown))

    def follow_word(self, index: int, start: int, length: int) -> None:
        if 0 <= index < len(self.reading) and self.reading[index].shown:
            self.screens.reader.view.highlight_word(start, length)

    def _speech_state_changed(self, state: str) -> None:
        # A bound slot, not a lambda: the speech engine outlives a window rebuilt after a failed
        # reset, and Qt drops this connection with the old window.
        if state == "ready":
            self.reading = []
            self.screens.reader.view.clear_highlight()

    def set_slow_speech(self, slow: bool) -> None:
        if self.speech is not None:
            self.speech.set_slow(slow)

    def pause_or_resume_speech(self) -> None:
        if self.speech is None:
            return
        if self.speech.state == "paused":
            self.speech.resume()
        else:
            self.speech.pause()

    def stop_speech(self) -> None:
        if self.speech is not None:
            self.speech.stop()
