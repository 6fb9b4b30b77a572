"""Kiosk mode on the real window: idle warning and reset, lock-down, start over, the admin PIN."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from uihelpers import close_kiosks, show_at, tap

from kiosk.app import KioskApp, KioskTimings, LaunchOptions, Redactor
from kiosk.core.config import Settings
from kiosk.core.pin import FREE_TRIES, hash_pin

REPO = Path(__file__).resolve().parents[2]
PIN = "2468"
PIN_HASH = hash_pin(PIN)


class FakePrinting:
    """Printing seams that record sheets instead of printing them."""

    def __init__(self) -> None:
        self.sheets = []

    def print_sheet(self, sheet):
        from kiosk.printing import PrintResult

        self.sheets.append(sheet)
        return PrintResult(True, 1, "", "printed 1 page to a fake printer")

    def sheet_images(self, sheet, width_px):
        from kiosk.printing import render_sheet_images

        return render_sheet_images(sheet, width_px)


@pytest.fixture
def two_languages(tmp_path, pack) -> Path:
    """The test pack as 'en' plus a copy of it as 'es' (enough to switch languages)."""
    shutil.copytree(pack, pack.parent / "es")
    return pack.parent


@pytest.fixture
def make_kiosk(qtbot, assets):
    built: list[KioskApp] = []

    def build(content_root: Path = REPO / "content", *, locked: bool = True, idle_ms: int = 60_000,
              warn_ms: int = 1_200, press_ms: int = 80, kiosk_mode: bool = True,
              settings: Settings | None = None, asset_dir: Path | None = None,
              at_rest: bool = False) -> KioskApp:
        settings = settings or Settings(pin_hash=PIN_HASH if locked else "")
        options = LaunchOptions(content_root, asset_dir or (REPO / "assets"),
                                kiosk_mode=kiosk_mode, unlocked=not locked)
        printing = FakePrinting()
        kiosk = KioskApp(options, settings, printing=printing,
                         timings=KioskTimings(idle_ms, warn_ms, press_ms))
        kiosk.fake_printing = printing
        built.append(kiosk)
        show_at(qtbot, kiosk)
        if kiosk_mode and not at_rest:  # a patient has tapped the welcome screen
            tap(qtbot, kiosk.window.welcome)
        return kiosk

    yield build
    close_kiosks(built)


def _dirty_every_kind_of_patient_state(kiosk: KioskApp, qtbot) -> None:
    """Do everything a patient can do that the next patient must not see."""
    window, s = kiosk.window, kiosk.screens
    tap(qtbot, s.toolbar.larger_button)
    tap(qtbot, s.toolbar.larger_button)
    kiosk.session.high_contrast = True  # the theme toggle comes with the accessibility issue
    window.apply_style()
    first = kiosk.library.guides[0]
    window.open_guide(first.slug)
    tap(qtbot, s.reader.next_button)
    s.reader.view.verticalScrollBar().setValue(40)
    question_id = kiosk.library.questions.ids()[0]
    window.toggle_question(question_id)
    window.toggle_question(kiosk.library.questions.ids()[1])
    s.questions.own_field.setText("Can I keep driving to work")
    s.questions.own_field.returnPressed.emit()
    qtbot.keyClicks(s.questions.own_field, "half typed secret")
    QGuiApplication.clipboard().setText("half typed secret")
    window.show_questions()
    s.questions.scroll.verticalScrollBar().setValue(30)
    window.show_preview()
    term = next(iter(kiosk.library.glossary.terms.values()))
    window.show_term(term.id)
    assert len(window.leftover_patient_state()) >= 10, window.leftover_patient_state()


def _assert_everything_is_back_to_default(kiosk: KioskApp) -> None:
    window, s, session = kiosk.window, kiosk.screens, kiosk.session
    assert window.leftover_patient_state() == []
    # ...and, checked one by one rather than trusting that method:
    assert session.picks.ids == [] and session.picks.own == []
    assert s.toolbar.questions_button.text() == kiosk.library.strings("toolbar_questions", count=0)
    assert session.text_step == 0 and s.toolbar.size_label.text() == "Text 100%"
    assert session.high_contrast is False
    assert session.lang == "en" and kiosk.library.lang == "en"
    assert s.questions.own_field.text() == "" and not s.questions.own_field.isUndoAvailable()
    assert window.current_screen() is s.home
    assert s.reader.slug == "" and s.reader.index == 0 and s.reader.pages == []
    assert s.reader.view.verticalScrollBar().value() == 0
    assert s.home.scroll.verticalScrollBar().value() == 0
    assert s.questions.scroll.verticalScrollBar().value() == 0
    assert [o for o in window.overlays() if o.isVisible()] == []
    assert window.preview.page_labels == []
    assert QGuiApplication.clipboard().text() == ""
    assert not any(b.isChecked() for b in s.offers.buttons.values())


def test_idle_warning_counts_down_then_resets_every_patient_choice(make_kiosk, qtbot):
    kiosk = make_kiosk(idle_ms=60_000, warn_ms=1_200)
    _dirty_every_kind_of_patient_state(kiosk, qtbot)
    window = kiosk.window
    kiosk.idle.idle_ms = 50
    kiosk.idle._idle.setInterval(50)
    kiosk.idle.still_here()  # restart timing with the short interval
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=2000)
    warning = window.idle_warning
    assert warning.title.text() == "Are you still reading?"
    assert warning.number.text() == "2"
    assert "start over" in warning.text.text()
    assert warning.close_button.text() == "Yes, I'm still here"
    qtbot.waitUntil(lambda: warning.number.text() == "1", timeout=2000)
    qtbot.waitUntil(lambda: window.current_screen() is kiosk.screens.home
                    and not warning.isVisible(), timeout=3000)
    _assert_everything_is_back_to_default(kiosk)


def test_yes_im_still_here_cancels_the_reset(make_kiosk, qtbot):
    kiosk = make_kiosk(idle_ms=50, warn_ms=400)
    window = kiosk.window
    window.open_guide(kiosk.library.guides[1].slug)
    window.toggle_question(kiosk.library.questions.ids()[0])
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=2000)
    kiosk.idle.idle_ms = 60_000
    kiosk.idle._idle.setInterval(60_000)
    tap(qtbot, window.idle_warning.close_button)
    assert not window.idle_warning.isVisible()
    qtbot.wait(600)  # longer than the countdown was
    assert window.current_screen() is kiosk.screens.reader
    assert kiosk.session.picks.ids == [kiosk.library.questions.ids()[0]]


def test_any_touch_restarts_the_idle_timer(make_kiosk, qtbot):
    kiosk = make_kiosk(idle_ms=250, warn_ms=5_000)
    window = kiosk.window
    for step in range(6):  # 6 x 100 ms of pointer moves: longer than the idle time
        qtbot.mouseMove(window, QPoint(600 + 20 * step, 400))
        qtbot.wait(100)
        assert not window.idle_warning.isVisible()
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=2000)


def test_start_over_asks_then_clears_everything(make_kiosk, qtbot):
    kiosk = make_kiosk()
    _dirty_every_kind_of_patient_state(kiosk, qtbot)
    window = kiosk.window
    window.close_popups()
    button = kiosk.screens.toolbar.start_over_button
    assert button.isVisible() and button.text() == "Start over"
    tap(qtbot, button)
    assert window.confirm.isVisible()
    tap(qtbot, window.confirm.close_button)  # "No, keep reading"
    assert kiosk.session.picks.ids
    tap(qtbot, button)
    tap(qtbot, window.confirm.yes_button)
    _assert_everything_is_back_to_default(kiosk)


def test_a_reset_gives_back_the_patients_caches_and_the_screens_keep_their_typeface(
        make_kiosk, qtbot):
    """Ensure a reset empties Qt's pixmap cache, its font cache (seen as one change of the
    application fonts) and the printed-picture cache, and home still shows in the bundled
    typeface afterwards."""
    from PySide6.QtGui import QPixmap, QPixmapCache

    from kiosk.printing import style
    from kiosk.ui.fonts import FAMILY

    kiosk = make_kiosk()
    _dirty_every_kind_of_patient_state(kiosk, qtbot)
    window = kiosk.window
    window.close_popups()
    QPixmapCache.insert("left by the last patient", QPixmap(8, 8))
    style.load_picture(REPO / "assets" / "logo.svg")
    assert style._load_picture.cache_info().currsize >= 1
    changes = []
    QGuiApplication.instance().fontDatabaseChanged.connect(lambda: changes.append(1))
    tap(qtbot, kiosk.screens.toolbar.start_over_button)
    tap(qtbot, window.confirm.yes_button)
    _assert_everything_is_back_to_default(kiosk)
    assert QPixmapCache.find("left by the last patient") is None
    assert style._load_picture.cache_info().currsize == 0
    assert changes  # Qt empties its font cache when the application fonts change
    tiles = kiosk.screens.home.findChildren(QWidget)
    assert tiles and all(FAMILY in w.font().families() or w.font().family() == FAMILY
                         for w in tiles if w.isVisible())
    assert FAMILY in QFontDatabase.families()
    from kiosk.ui import caches

    if sys.platform.startswith("linux"):  # glibc (Debian, as deployed): freed pages go back too
        assert caches._malloc_trim() is not None


def test_reset_switches_the_language_back(make_kiosk, two_languages, qtbot):
    kiosk = make_kiosk(two_languages, asset_dir=two_languages.parent / "assets")
    kiosk.switch_language("es")
    assert kiosk.library.lang == "es" and kiosk.session.lang == "es"
    kiosk.window.reset_patient()
    assert kiosk.library.lang == "en" and kiosk.window.library.lang == "en"
    assert kiosk.window.leftover_patient_state() == []


def test_a_reset_that_cannot_clear_everything_builds_a_new_window(make_kiosk, qtbot, caplog):
    kiosk = make_kiosk()
    old = kiosk.window
    kiosk.window.toggle_question(kiosk.library.questions.ids()[0])
    old.leftover_patient_state = lambda: ["a widget that kept its state"]
    with caplog.at_level(logging.ERROR, logger="kiosk"):
        old.reset_patient()
    assert kiosk.window is not old and kiosk.resets_rebuilt == 1
    assert not old.isVisible() and kiosk.window.isVisible()
    assert kiosk.window.leftover_patient_state() == []
    assert "built a new window" in caplog.text
    # The new window is wired like the first one: the idle watcher still resets it.
    kiosk.window.toggle_question(kiosk.library.questions.ids()[0])
    kiosk.idle.timed_out.emit()
    assert kiosk.session.picks.ids == []


@pytest.mark.parametrize("attempt", ["window close", "Esc", "Alt+F4", "Ctrl+Q", "Ctrl+W"])
def test_locked_kiosk_window_cannot_be_closed(make_kiosk, qtbot, attempt):
    kiosk = make_kiosk(locked=True)
    window = kiosk.window
    with qtbot.waitActive(window):  # shortcuts only reach the active window
        window.activateWindow()
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    if attempt == "window close":
        assert window.close() is False
    else:
        key = {"Esc": Qt.Key.Key_Escape, "Alt+F4": Qt.Key.Key_F4, "Ctrl+Q": Qt.Key.Key_Q,
               "Ctrl+W": Qt.Key.Key_W}[attempt]
        modifier = {"Alt+F4": Qt.KeyboardModifier.AltModifier,
                    "Ctrl+Q": Qt.KeyboardModifier.ControlModifier,
                    "Ctrl+W": Qt.KeyboardModifier.ControlModifier}.get(
                        attempt, Qt.KeyboardModifier.NoModifier)
        qtbot.keyClick(kiosk.screens.home.tiles[0], key, modifier)
    QApplication.processEvents()
    assert window.isVisible()


def test_ctrl_q_does_close_the_window_outside_kiosk_mode(make_kiosk, qtbot):
    """The same key press that the kiosk swallows does close a laptop window (so the test above
    would fail if the lock-down did nothing)."""
    kiosk = make_kiosk(kiosk_mode=False, locked=False)
    with qtbot.waitActive(kiosk.window):
        kiosk.window.activateWindow()
    qtbot.keyClick(kiosk.screens.home.tiles[0], Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert not kiosk.window.isVisible()


def test_no_context_menu_in_kiosk_mode(make_kiosk, qtbot):
    from PySide6.QtGui import QContextMenuEvent

    kiosk = make_kiosk()
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    view = kiosk.screens.reader.view.viewport()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(50, 50),
                              view.mapToGlobal(QPoint(50, 50)))
    assert QApplication.sendEvent(view, event) is True  # swallowed by the lock-down
    assert QApplication.activePopupWidget() is None


def _long_press_corner(qtbot, kiosk: KioskApp, hold_ms: int) -> None:
    target = kiosk.screens.toolbar.home_button
    where = target.mapFrom(kiosk.window, QPoint(30, 30))
    qtbot.mousePress(target, Qt.MouseButton.LeftButton, pos=where)
    qtbot.wait(hold_ms)
    qtbot.mouseRelease(target, Qt.MouseButton.LeftButton, pos=where)
    QApplication.processEvents()


def _type_pin(qtbot, pad, pin: str) -> None:
    for digit in pin:
        tap(qtbot, pad.keys[digit])
    tap(qtbot, pad.keys["ok"])


def test_a_short_tap_in_the_corner_is_just_a_tap(make_kiosk, qtbot):
    kiosk = make_kiosk(press_ms=300)
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    _long_press_corner(qtbot, kiosk, 20)
    assert not kiosk.window.pin_pad.isVisible()
    assert kiosk.window.current_screen() is kiosk.screens.home  # the Home button worked


def test_long_press_then_only_the_right_pin_exits(make_kiosk, qtbot):
    kiosk = make_kiosk(press_ms=80)
    window = kiosk.window
    window.open_guide(kiosk.library.guides[0].slug)
    _long_press_corner(qtbot, kiosk, 250)
    pad = window.pin_pad
    assert pad.isVisible() and pad.title.text() == "Staff only: enter the PIN"
    assert window.current_screen() is kiosk.screens.reader  # the release did not tap Home
    _type_pin(qtbot, pad, "1357")
    assert pad.isVisible() and not window.admin_panel.isVisible()
    assert "not right" in pad.message.text() and pad.message.text().endswith(": 4")
    assert pad.typed == 0  # a wrong PIN is not kept
    _type_pin(qtbot, pad, PIN)
    assert window.admin_panel.isVisible() and not pad.isVisible()
    facts = window.admin_panel.info.text()
    assert "App version" in facts and "review due" in facts and "Log file" in facts
    with qtbot.waitSignal(window.exit_requested, timeout=1000):
        tap(qtbot, window.admin_panel.exit_button)
    assert not window.isVisible()


def test_wrong_pins_back_off_after_five_tries(make_kiosk, qtbot):
    kiosk = make_kiosk()
    window = kiosk.window
    clock = [1000.0]
    window.pin_gate.clock = lambda: clock[0]
    window.ask_pin()
    pad = window.pin_pad
    for _ in range(FREE_TRIES):
        _type_pin(qtbot, pad, "0000")
    assert pad.message.text().endswith("try again: 30")
    assert not pad.keys["5"].isEnabled()
    window.check_pin(PIN)  # even the right PIN is refused during the wait
    assert not window.admin_panel.isVisible()
    clock[0] += 31
    pad._count_down()  # what the one-second timer does
    pad._wait_left = 1
    pad._count_down()
    assert pad.keys["5"].isEnabled()
    _type_pin(qtbot, pad, "1111")  # wrong again: a longer wait
    assert pad.message.text().endswith("try again: 60")
    clock[0] += 61
    pad._wait_left = 1
    pad._count_down()
    _type_pin(qtbot, pad, PIN)
    assert window.admin_panel.isVisible()


def test_admin_reload_and_test_page(make_kiosk, qtbot):
    kiosk = make_kiosk()
    window = kiosk.window
    window.ask_pin()
    _type_pin(qtbot, window.pin_pad, PIN)
    tap(qtbot, window.admin_panel.reload_button)
    assert window.admin_panel.isVisible()
    assert window.admin_panel.status.text().startswith(
        f"Content reloaded: {len(kiosk.library.guides)} guides")
    tap(qtbot, window.admin_panel.test_button)
    sheet = kiosk.fake_printing.sheets[-1]
    assert sheet.title == "Printer test page" and len(sheet.questions) == 3
    assert window.admin_panel.status.text() == "The test page was sent to the printer."


def test_unlocked_kiosk_needs_no_pin_and_can_close(make_kiosk, qtbot):
    kiosk = make_kiosk(locked=False)
    kiosk.window.ask_pin()
    assert kiosk.window.admin_panel.isVisible() and not kiosk.window.pin_pad.isVisible()
    assert kiosk.window.close() is True


def test_no_typing_field_in_kiosk_mode(make_kiosk, qtbot):
    kiosk = make_kiosk()
    kiosk.window.show_questions()
    assert not kiosk.screens.questions.own_field.isVisible()


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_goes_home_with_a_calm_notice(make_kiosk, qtbot, caplog):
    import sys

    from kiosk.app import install_excepthook

    kiosk = make_kiosk()
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    kiosk.window.toggle_question(kiosk.library.questions.ids()[0])
    saved = sys.excepthook
    install_excepthook(kiosk)
    try:
        def broken_slot():
            raise RuntimeError("a bug in a slot")

        kiosk.screens.reader.page_shown.connect(broken_slot)
        with caplog.at_level(logging.ERROR, logger="kiosk"):
            kiosk.screens.reader.next_page()
            QApplication.processEvents()
    finally:
        sys.excepthook = saved
    assert "a bug in a slot" in caplog.text and "Traceback" in caplog.text
    assert kiosk.window.current_screen() is kiosk.screens.home
    assert kiosk.screens.notice_bar.isVisible()
    assert kiosk.screens.notice_bar.text.text().startswith("Something went wrong")
    assert kiosk.session.picks.ids  # the patient's picks survive


def test_the_log_redactor_removes_patient_text_from_messages_and_tracebacks():
    redactor = Redactor()
    redactor.sources = [lambda: ["Will it hurt my back"]]
    try:
        raise ValueError("bad question: Will it hurt my back")
    except ValueError:
        import sys

        record = logging.LogRecord("kiosk", logging.ERROR, __file__, 1, "saw %s", (
            "Will it hurt my back",), sys.exc_info())
    assert redactor.filter(record)
    assert "hurt" not in record.getMessage() and "hurt" not in record.exc_text
    assert Redactor.REPLACEMENT in record.exc_text
