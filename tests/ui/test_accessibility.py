"""Accessibility: contrast of every colour pair, names on every control, keyboard use, focus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QTextBrowser, QWidget
from uihelpers import tap

from kiosk.ui.theme import (
    HIGH_CONTRAST,
    NORMAL,
    Sizes,
    app_style_sheet,
    colour_pairs,
    contrast_ratio,
    decorative_backgrounds,
    document_style_sheet,
)


def test_contrast_ratio_matches_known_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", [NORMAL, HIGH_CONTRAST], ids=lambda t: t.name)
def test_every_colour_pair_meets_its_contrast_target(theme):
    failures = []
    for what, foreground, background, kind in colour_pairs(theme):
        ratio = contrast_ratio(foreground, background)
        needed = 7.0 if kind == "body" or theme is HIGH_CONTRAST else 4.5
        if ratio < needed:
            failures.append(f"{what}: {foreground} on {background} is {ratio:.2f}:1, "
                            f"needs {needed}:1")
    assert failures == []


@pytest.mark.parametrize("theme", [NORMAL, HIGH_CONTRAST], ids=lambda t: t.name)
def test_the_pairs_cover_every_text_colour_the_style_sheets_use(theme):
    sizes = Sizes.for_screen(1080, 1.0)
    sheets = app_style_sheet(theme, sizes) + document_style_sheet(theme, sizes)
    used = {c.upper() for c in re.findall(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", sheets)}
    covered = {fg.upper() for _, fg, _, _ in colour_pairs(theme)}
    assert used - covered == set()
    backgrounds = {c.upper() for c in re.findall(r"background(?:-color)?:\s*(#[0-9A-Fa-f]{6})",
                                                 sheets)}
    covered_bg = {bg.upper() for _, _, bg, _ in colour_pairs(theme)}
    covered_bg |= {c.upper() for c in decorative_backgrounds(theme)}
    assert backgrounds - covered_bg == set()


def _controls(window: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QTextBrowser)
    return [w for w in window.findChildren(QWidget)
            if isinstance(w, kinds) and w.isVisible() and w.window() is window]


def _unnamed(window: QWidget) -> list[str]:
    bad = []
    for widget in _controls(window):
        name = widget.accessibleName() or (
            widget.text() if isinstance(widget, QAbstractButton) else "")
        if not name.strip() or name.strip() in {"+", "−", "-", "‹", "›"}:
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            bad.append(f"{type(widget).__name__} {widget.objectName()!r} text={text!r}")
    return bad


def _every_screen(kiosk):
    """Yield (name, window) after showing each screen and popup of the app."""
    window = kiosk.window
    yield "home", window
    window.open_guide(kiosk.library.guides[1].slug)
    kiosk.screens.reader.show_page(1)
    yield "reader", window
    window.show_contents()
    yield "contents", window
    window.close_popups()
    window.show_term(next(iter(kiosk.library.glossary.terms)))
    yield "glossary", window
    window.close_popups()
    for question_id in kiosk.library.questions.ids()[:2]:
        window.toggle_question(question_id)
    window.add_own_question("Is it safe with my knee brace")
    window.show_questions()
    yield "my questions", window
    window.show_preview()
    yield "sheet preview", window
    window.close_popups()
    window.ask_clear_questions()
    yield "confirm", window
    window.close_popups()
    window.enter_kiosk_mode(locked=False)
    window.warn_idle(20)
    yield "idle warning", window
    window.close_popups()
    window.pin_gate = None
    window.show_admin()
    yield "staff menu", window
    window.close_popups()


def test_every_control_on_every_screen_has_an_accessible_name(make_app, qtbot):
    kiosk = make_app()
    problems = {}
    for name, window in _every_screen(kiosk):
        QApplication.processEvents()
        missing = _unnamed(window)
        if missing:
            problems[name] = missing
    assert problems == {}


def test_the_name_walk_finds_an_unnamed_control(make_app, qtbot):
    """The walk above can fail: an icon-only button with no name is caught."""
    from PySide6.QtWidgets import QPushButton

    kiosk = make_app()
    stray = QPushButton("+", kiosk.screens.home)
    stray.show()
    assert any("QPushButton" in p for p in _unnamed(kiosk.window))


def test_pin_keypad_and_offers_popup_have_names(make_app, qtbot):
    from kiosk.core.pin import hash_pin

    kiosk = make_app()
    window = kiosk.window
    from kiosk.core.pin import PinGate

    window.pin_gate = PinGate(hash_pin("2468"))
    window.ask_pin()
    QApplication.processEvents()
    assert _unnamed(window) == []
    assert window.pin_pad.keys["back"].accessibleName() == "Delete the last digit"


def test_tab_moves_through_the_toolbar_and_tiles_in_reading_order(make_app, qtbot):
    kiosk = make_app(size=(1920, 1080))
    window = kiosk.window
    with qtbot.waitActive(window):
        window.activateWindow()
    toolbar = kiosk.screens.toolbar
    toolbar.home_button.setFocus(Qt.FocusReason.TabFocusReason)
    seen = []
    for _ in range(12):
        focused = QApplication.focusWidget()
        assert focused is not None, f"focus lost after {seen}"
        seen.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    expected_start = [toolbar.home_button, toolbar.questions_button,
                      toolbar.language_buttons["es"], toolbar.contrast_button,
                      toolbar.larger_button]  # A- is disabled at 100%
    assert seen[:len(expected_start)] == expected_start
    tiles = kiosk.screens.home.tiles
    assert tiles[0] in seen and seen.index(tiles[0]) < seen.index(tiles[1])


def test_keyboard_alone_reads_a_guide_and_picks_a_question(make_app, qtbot):
    kiosk = make_app(size=(1920, 1080))  # the page's questions beside the text
    window = kiosk.window
    with qtbot.waitActive(window):
        window.activateWindow()
    tile = kiosk.screens.home.tiles[1]
    tile.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(tile, Qt.Key.Key_Space)
    reader = kiosk.screens.reader
    assert window.current_screen() is reader and reader.index == 0
    for _ in range(5):  # Right goes screen by screen through a long page
        qtbot.keyClick(reader.view, Qt.Key.Key_Right)
        if reader.index:
            break
    assert reader.index == 1
    QApplication.processEvents()  # new buttons show on the next turn, before any next key
    # Tab reaches an "Add to my questions" button; Space presses it.
    for _ in range(20):
        assert QApplication.focusWidget() is not None
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() in kiosk.screens.offers.buttons.values():
            break
    focused = QApplication.focusWidget()
    assert focused in kiosk.screens.offers.buttons.values()
    qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert len(kiosk.session.picks) == 1


def test_focus_ring_is_drawn_in_the_focus_colour(make_app, qtbot):
    kiosk = make_app()
    sheet = kiosk.window.styleSheet()
    assert f'QPushButton[keyFocus="true"]:focus {{ border: 4px solid {NORMAL.focus}; }}' in sheet
    assert contrast_ratio(NORMAL.focus, NORMAL.window) >= 3.0  # a ring is not text: 3:1
    assert contrast_ratio(HIGH_CONTRAST.focus, HIGH_CONTRAST.window) >= 3.0


def test_the_focus_ring_shows_when_the_keyboard_moves_the_focus_and_never_from_the_app(
        make_app, qtbot):
    """Ensure the first topic, which the app focuses so Tab has a place to start, shows no ring
    (to a patient who taps it looks chosen for them), and shows one once Tab reaches it."""
    from PySide6.QtGui import QColor

    kiosk = make_app()
    window = kiosk.window
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.go_home()
    tile = kiosk.screens.home.tiles[0]
    assert tile.hasFocus()

    def ring_pixels() -> int:
        image = tile.grab().toImage()
        ring = QColor(NORMAL.focus).rgb()
        middle = image.height() // 2
        return sum(image.pixel(x, middle) == ring for x in range(min(8, image.width())))

    assert ring_pixels() == 0, "the app's own focus drew a ring"
    kiosk.screens.toolbar.home_button.setFocus(Qt.FocusReason.OtherFocusReason)
    for _ in range(60):  # Tab from Home round to the first topic, as a keyboard user would
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if tile.hasFocus():
            break
    assert tile.hasFocus()
    qtbot.waitUntil(lambda: ring_pixels() >= 4)


def test_the_welcome_screen_leaving_gives_the_first_topic_no_ring(qtbot):
    """Ensure a tap on the welcome screen leaves the first topic focused (so Tab has a place to
    start) with no ring: Qt moves the focus off the hidden welcome screen with the Tab reason."""
    from PySide6.QtGui import QColor

    from kiosk.app import KioskApp, KioskTimings, LaunchOptions
    from kiosk.core.config import Settings
    from kiosk.ui.window import PrintSeams

    repo = Path(__file__).resolve().parents[2]

    seams = PrintSeams(print_sheet=lambda sheet: None, sheet_images=lambda sheet, width: iter(()))
    kiosk = KioskApp(LaunchOptions(repo / "content", repo / "assets", kiosk_mode=True,
                                   unlocked=True), Settings(), printing=seams,
                     timings=KioskTimings(idle_ms=60_000, warn_ms=1_000))
    window = kiosk.window
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    welcome = window.welcome
    qtbot.waitUntil(lambda: QApplication.focusWidget() is welcome)  # at rest, it holds the focus
    tap(qtbot, welcome)  # tap anywhere
    tile = kiosk.screens.home.tiles[0]
    qtbot.waitUntil(lambda: not welcome.isVisible() and tile.hasFocus())
    assert not tile.property("keyFocus")
    image = tile.grab().toImage()
    ring = QColor(NORMAL.focus).rgb()
    assert sum(image.pixel(x, image.height() // 2) == ring for x in range(8)) == 0


def test_high_contrast_toggle_restyles_and_start_over_turns_it_off(make_app, qtbot):
    kiosk = make_app()
    window = kiosk.window
    toolbar = kiosk.screens.toolbar
    tap(qtbot, toolbar.contrast_button)
    assert kiosk.session.high_contrast and toolbar.contrast_button.isChecked()
    assert HIGH_CONTRAST.window.lower() in window.styleSheet().lower()
    window.reset_patient()
    assert not kiosk.session.high_contrast and not toolbar.contrast_button.isChecked()
    assert HIGH_CONTRAST.window.lower() not in window.styleSheet().lower().split("qmainwindow")[1][:80]


def test_a_tapped_button_takes_no_focus_and_tab_still_reaches_it(make_app, qtbot):
    """Ensure a tap shows no focus ring (the button does not take the focus, nor does the focus
    jump elsewhere), while Tab still reaches the buttons and shows the ring."""
    kiosk = make_app()
    window = kiosk.window
    with qtbot.waitActive(window):
        window.activateWindow()
    reader = kiosk.screens.reader
    window.open_guide(kiosk.library.guides[0].slug)
    reader.view.setFocus()
    before = QApplication.focusWidget()
    tap(qtbot, reader.next_button)
    assert reader.next_button.focusPolicy() == Qt.FocusPolicy.TabFocus
    assert not reader.next_button.hasFocus() and QApplication.focusWidget() is before
    tap(qtbot, kiosk.screens.toolbar.larger_button)
    assert QApplication.focusWidget() is before
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is reader.next_button:
            break
    assert reader.next_button.hasFocus()


@pytest.mark.parametrize("size", [(1080, 1920), (1024, 768), (800, 1280)])
def test_no_word_of_a_topic_tile_is_cut_at_200_percent(make_app, qtbot, size):
    """Ensure the home grid takes fewer columns when a tile would be narrower than its longest
    word: a wrapped label breaks between words only, so "acupuncture" was cut to "acupunctu" in
    portrait at 200%."""
    from kiosk.ui.theme import TEXT_SCALES

    kiosk = make_app(size=size)
    kiosk.session.text_step = TEXT_SCALES.index(2.0)
    kiosk.window.apply_style()
    tiles = kiosk.screens.home.tiles

    def cut() -> list[str]:
        return [tile.title.text() for tile in tiles if tile.width_for_words() > tile.width()]

    qtbot.waitUntil(lambda: not cut(), timeout=2000)
    kiosk.window.change_text_size(-len(TEXT_SCALES))  # back to 100%: more columns again
    qtbot.waitUntil(lambda: kiosk.screens.home._columns == (1 if size[0] < 900 else 2))
    assert not cut()
