"""The kiosk at rest: the welcome screen, the idle timer that waits for a patient, read aloud."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractButton
from uihelpers import show_at, tap

from kiosk.app import KioskApp, KioskTimings, LaunchOptions
from kiosk.core.config import Settings
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.welcome import FADE_MS, MIN_SLIDE_MS

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def kiosk_at_rest(qtbot):
    built: list[KioskApp] = []

    def build(idle_ms: int = 60_000, warn_ms: int = 1_000, settings: Settings | None = None,
              size: tuple[int, int] = (1280, 800)) -> KioskApp:
        options = LaunchOptions(REPO / "content", REPO / "assets", kiosk_mode=True, unlocked=True)
        kiosk = KioskApp(options, settings or Settings(clinic_name="Riverside Pain Clinic"),
                         timings=KioskTimings(idle_ms, warn_ms, 80))
        built.append(kiosk)
        return show_at(qtbot, kiosk, size)

    yield build
    for kiosk in built:
        kiosk.idle.stop()
        kiosk.lockdown.stop()
        kiosk.window._exiting = True
        kiosk.window.close()


def test_the_kiosk_starts_on_the_welcome_screen_with_the_clinic_and_every_language(kiosk_at_rest):
    """Ensure kiosk mode opens on a welcome screen covering the window, with the clinic's name,
    what the kiosk offers, and a large start button in English and in Spanish."""
    kiosk = kiosk_at_rest()
    welcome = kiosk.window.welcome
    assert welcome.isVisible() and welcome.geometry() == kiosk.window.centralWidget().rect()
    assert welcome.clinic.text() == "Riverside Pain Clinic"
    assert welcome.title.text() == "Welcome"
    titles = [item.title for item in welcome.items]
    assert titles[:-1] == [g.title for g in kiosk.library.guides]
    assert titles[-1] == "Questions to ask your doctor"
    assert welcome.slide_title.text() == kiosk.library.guides[0].title
    assert [b.text() for b in welcome.buttons] == ["Tap anywhere to start",
                                                   "Toque en cualquier lugar para empezar"]
    assert [b.accessibleName() for b in welcome.buttons] == ["Start, in English",
                                                             "Empezar, en Español"]
    assert all(b.height() >= 96 and b.isVisible() for b in welcome.buttons)
    assert welcome.logo.isVisible() and not welcome.logo.pixmap().isNull()


def test_no_idle_warning_ever_shows_over_the_welcome_screen(kiosk_at_rest, qtbot):
    """Ensure that at rest, and again after a reset, the welcome screen stays with no warning
    however long it sits (many idle periods at test speed)."""
    kiosk = kiosk_at_rest(idle_ms=40, warn_ms=150)
    window = kiosk.window
    assert not kiosk.idle.running
    qtbot.wait(500)  # more than ten idle periods
    assert window.welcome.isVisible() and not window.idle_warning.isVisible()
    tap(qtbot, window.welcome)
    assert kiosk.idle.running and not window.welcome.isVisible()
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=2000)
    qtbot.waitUntil(window.welcome.isVisible, timeout=2000)  # the reset brings it back
    assert window.leftover_patient_state() == []
    assert not kiosk.idle.running
    for _ in range(5):
        qtbot.wait(100)
        assert window.welcome.isVisible() and not window.idle_warning.isVisible()


def test_start_over_also_returns_to_the_welcome_screen(kiosk_at_rest, qtbot):
    """Ensure a patient's own Start over ends on the welcome screen with the idle timer stopped."""
    kiosk = kiosk_at_rest()
    window = kiosk.window
    tap(qtbot, window.welcome)
    tap(qtbot, kiosk.screens.toolbar.start_over_button)
    tap(qtbot, window.confirm.yes_button)
    assert window.welcome.isVisible() and not kiosk.idle.running


def test_a_language_button_starts_in_that_language(kiosk_at_rest, qtbot):
    """Ensure tapping the Spanish start button starts the visit in Spanish, and a reset goes
    back to the clinic's language and the welcome screen."""
    kiosk = kiosk_at_rest()
    window = kiosk.window
    tap(qtbot, window.welcome.buttons[1])
    assert not window.welcome.isVisible()
    assert kiosk.library.lang == "es" and kiosk.session.lang == "es"
    assert kiosk.screens.home.heading.text() == kiosk.library.strings("home_heading")
    assert kiosk.screens.toolbar.start_over_button.text() == "Empezar de nuevo"
    assert kiosk.idle.running
    window.reset_patient()
    assert kiosk.library.lang == "en" and window.welcome.isVisible()
    tap(qtbot, window.welcome.buttons[0])
    assert kiosk.library.lang == "en" and not window.welcome.isVisible()


def test_the_tap_that_wakes_the_kiosk_never_lands_on_a_control(kiosk_at_rest, qtbot):
    """Ensure a tap on the welcome screen right over a guide tile only wakes the kiosk; the next
    tap on the tile opens the guide."""
    kiosk = kiosk_at_rest()
    window, home = kiosk.window, kiosk.screens.home
    tile = home.tiles[0]
    where = window.welcome.mapFromGlobal(tile.mapToGlobal(tile.rect().center()))
    under = window.welcome.childAt(where)  # the welcome's background or its words, not a button
    assert under is None or not isinstance(under, QAbstractButton)
    opened: list[str] = []
    home.guide_opened.connect(opened.append)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton, pos=where)
    assert not window.welcome.isVisible()
    assert opened == [] and window.current_screen() is home
    tap(qtbot, tile)
    assert opened == [kiosk.library.guides[0].slug]
    assert window.current_screen() is kiosk.screens.reader


def test_the_keyboard_starts_too(kiosk_at_rest, qtbot):
    """Ensure Enter on the welcome screen starts, for a keyboard-only visitor."""
    kiosk = kiosk_at_rest()
    qtbot.keyClick(kiosk.window.welcome, Qt.Key.Key_Return)
    assert not kiosk.window.welcome.isVisible() and kiosk.idle.running


def test_the_loop_is_slow_and_calm(kiosk_at_rest, qtbot):
    """Ensure the loop changes topic no more often than every 5 s, each change a cross-fade of
    over a second (far from WCAG 2.3.1's three flashes a second), and goes round every topic."""
    kiosk = kiosk_at_rest(settings=Settings(welcome_seconds=5))
    welcome = kiosk.window.welcome
    assert welcome.looping and welcome.slide_ms >= MIN_SLIDE_MS
    assert FADE_MS >= 1000
    assert welcome._fade_out.duration() + welcome._fade_in.duration() == FADE_MS
    seen = [welcome.slide_title.text()]
    for number in (1, 2):  # two real cross-fades
        welcome.next_slide()  # what the timer does every welcome_seconds
        welcome.next_slide()  # a second call during the fade does nothing
        qtbot.waitUntil(lambda n=number: welcome.changes == n and welcome.fade.opacity() == 1.0,
                        timeout=4000)
        seen.append(welcome.slide_title.text())
    for _ in range(len(welcome.items) - 2):  # the rest of the round, without the waits
        welcome._swap_slide()
        seen.append(welcome.slide_title.text())
    assert welcome.changes == len(welcome.items)
    assert seen[1:len(welcome.items)] == [item.title for item in welcome.items[1:]]
    assert seen[-1] == seen[0]  # round again


def test_staff_can_turn_the_loop_off(kiosk_at_rest):
    """Ensure welcome_loop = false shows every topic at once, standing still, with no timer."""
    kiosk = kiosk_at_rest(settings=Settings(welcome_loop=False))
    welcome = kiosk.window.welcome
    assert welcome.isVisible() and not welcome.looping
    assert not welcome.slide.isVisible() and welcome.list_host.isVisible()
    assert [row.text().lstrip("• ") for row in welcome.list_rows] == [
        item.title for item in welcome.items]


def test_the_welcome_screen_fills_a_portrait_totem(kiosk_at_rest, qtbot):
    """Ensure at 1080x1920 the start buttons stack, full width, and everything fits."""
    kiosk = kiosk_at_rest(size=(1080, 1920))
    welcome = kiosk.window.welcome
    first, second = welcome.buttons
    qtbot.waitUntil(lambda: second.y() >= first.y() + first.height(), timeout=2000)
    assert first.width() >= welcome.width() * 0.8
    assert second.geometry().bottom() < welcome.height()
    assert welcome.slide.geometry().right() < welcome.width()


class FakeSpeech(QObject):
    """The speech seam: says nothing, reports states like kiosk.ui.speech.Speech."""

    state_changed = Signal(str)
    word_spoken = Signal(str)
    sentence_started = Signal(int)
    word_started = Signal(int, int, int)
    speaking_changed = Signal(bool)  # True while sound plays, as the real one
    state = "ready"

    def set_language(self, lang: str) -> None:
        pass

    def can_read(self, lang: str) -> bool:
        return True

    def read(self, sentences: list[str], lang: str) -> bool:
        self.say(" ".join(sentences))
        return True

    def set_slow(self, slow: bool) -> None:
        pass

    def say(self, text: str) -> None:
        self.state = "speaking"
        self.state_changed.emit("speaking")
        self.speaking_changed.emit(True)

    def stop(self) -> None:
        if self.state != "ready":
            self.state = "ready"
            self.state_changed.emit("ready")
            self.speaking_changed.emit(False)

    def pause(self) -> None:
        self.state = "paused"
        self.state_changed.emit("paused")

    def resume(self) -> None:
        self.say("")


def test_read_aloud_holds_the_idle_timer(kiosk_at_rest, qtbot):
    """Ensure while a page is read aloud no warning or reset comes, and timing starts again
    when the reading ends."""
    kiosk = kiosk_at_rest(idle_ms=40, warn_ms=200)
    speech = FakeSpeech()
    kiosk.window.attach_speech(speech)
    window = kiosk.window
    tap(qtbot, window.welcome)
    window.open_guide(kiosk.library.guides[0].slug)
    tap(qtbot, kiosk.screens.reader.listen_button)
    assert kiosk.idle.held
    qtbot.wait(600)  # many idle and warning periods
    assert not window.idle_warning.isVisible() and window.current_screen() is kiosk.screens.reader
    speech.stop()  # the reading ended
    assert not kiosk.idle.held
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=2000)


def test_a_warning_already_showing_goes_when_reading_starts(qtbot, qapp):
    """Ensure hold() cancels a warning on screen and release() times the full idle period."""
    idle = IdleWatcher(30, 5_000)
    cancelled: list[bool] = []
    idle.warning_cancelled.connect(lambda: cancelled.append(True))
    with qtbot.waitSignal(idle.warning_started, timeout=2000):
        idle.start()
    idle.hold()
    assert not idle.warning and cancelled == [True]
    idle.eventFilter(qapp, _key_press())  # a touch while held does not start timing
    qtbot.wait(100)
    assert not idle.warning
    with qtbot.waitSignal(idle.warning_started, timeout=2000):
        idle.release()
    idle.stop()


def _key_press():
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)


def test_the_welcome_screen_covers_the_window_after_a_resize(kiosk_at_rest, qtbot):
    """Ensure a new screen size (a rotation, another monitor) is still covered edge to edge."""
    kiosk = kiosk_at_rest()
    kiosk.window.resize(1024, 768)
    qtbot.waitUntil(lambda: kiosk.window.welcome.size() ==
                    kiosk.window.centralWidget().size(), timeout=2000)
    assert kiosk.window.welcome.mapTo(kiosk.window, QPoint(0, 0)) == QPoint(0, 0)


def test_qts_mock_speech_engine_holds_the_idle_timer_while_it_reads(qtbot):
    """Ensure with a real Qt TextToSpeech engine (mock) reading a page, no warning comes; when
    the reading is stopped, idle timing starts again."""
    import importlib.util
    import os

    # CI sets KIOSK_REQUIRE_SPEECH=1: there a missing TextToSpeech fails the test. (Looked up,
    # not imported: make_speech quietens Qt Multimedia's sound-library probes before it loads.)
    if not os.environ.get("KIOSK_REQUIRE_SPEECH") and \
            importlib.util.find_spec("PySide6.QtTextToSpeech") is None:
        pytest.skip("needs the speech extra (PySide6-Addons)")
    options = LaunchOptions(REPO / "content", REPO / "assets", kiosk_mode=True, unlocked=True,
                            speech_engine="mock")
    kiosk = KioskApp(options, Settings(), timings=KioskTimings(60, 300, 80))
    try:
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        kiosk.set_up_speech()
        assert kiosk.speech is not None, "Qt's mock speech engine did not load"
        tap(qtbot, kiosk.window.welcome)
        kiosk.window.open_guide(kiosk.library.guides[0].slug)
        tap(qtbot, kiosk.screens.reader.listen_button)
        qtbot.waitUntil(lambda: kiosk.speech.state == "speaking", timeout=2000)
        assert kiosk.idle.held
        qtbot.wait(500)  # many idle periods, while the mock engine reads the page
        assert kiosk.speech.state == "speaking"
        assert not kiosk.window.idle_warning.isVisible()
        tap(qtbot, kiosk.screens.reader.stop_button)
        qtbot.waitUntil(lambda: not kiosk.idle.held, timeout=2000)
        qtbot.waitUntil(kiosk.window.idle_warning.isVisible, timeout=2000)
    finally:
        kiosk.speech.stop()
        kiosk.idle.stop()
        kiosk.lockdown.stop()
        kiosk.window._exiting = True
        kiosk.window.close()


def test_staff_reach_their_menu_from_the_welcome_screen(kiosk_at_rest, qtbot):
    """Ensure a long press in the top-left corner of the welcome screen opens the staff menu over
    it, and the release does not start a visit."""
    kiosk = kiosk_at_rest()
    window = kiosk.window
    where = QPoint(30, 30)
    qtbot.mousePress(window.welcome, Qt.MouseButton.LeftButton, pos=where)
    qtbot.wait(250)  # longer than the 80 ms long press of these tests
    qtbot.mouseRelease(window.welcome, Qt.MouseButton.LeftButton, pos=where)
    assert window.admin_panel.isVisible()  # --unlocked: no PIN
    assert window.welcome.isVisible() and not kiosk.idle.running
    tap(qtbot, window.admin_panel.close_button)
    assert window.welcome.isVisible()


def test_the_tapped_start_button_outlives_the_language_switch_it_causes(kiosk_at_rest, qtbot):
    """Ensure starting in Spanish (which reloads every screen's words) keeps the tapped button
    alive and the same: it is still in the middle of its click when the reload runs."""
    import shiboken6

    kiosk = kiosk_at_rest()
    welcome = kiosk.window.welcome
    before = list(welcome.buttons)
    tap(qtbot, before[1])
    assert kiosk.library.lang == "es"
    assert welcome.buttons == before and all(shiboken6.isValid(b) for b in before)
