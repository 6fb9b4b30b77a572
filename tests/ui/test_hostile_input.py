"""What a careless author, admin or passer-by can do to the running kiosk: it stays calm and staff get in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel
from uihelpers import close_kiosks, show_at, tap

from kiosk.app import KioskApp, KioskTimings, LaunchOptions
from kiosk.core.config import Settings
from kiosk.core.pin import FREE_TRIES, hash_pin
from kiosk.printing import PrintResult

REPO = Path(__file__).resolve().parents[2]
PIN = "2468"


@pytest.fixture
def build(qtbot):
    """Build the real app in kiosk mode (locked with a PIN) or laptop mode, shown at 1280x800."""
    built: list[KioskApp] = []

    def make(content_root: Path = REPO / "content", assets: Path = REPO / "assets", *,
             kiosk_mode: bool = True, settings: Settings | None = None) -> KioskApp:
        settings = settings or Settings(pin_hash=hash_pin(PIN))
        kiosk = KioskApp(LaunchOptions(content_root, assets, kiosk_mode=kiosk_mode), settings,
                         timings=KioskTimings(60_000, 1_200, 80))
        built.append(kiosk)
        show_at(qtbot, kiosk)
        return kiosk

    yield make
    close_kiosks(built)


def _shown_labels(widget) -> list[QLabel]:
    return [label for label in widget.findChildren(QLabel) if label.isVisible()]


def test_markup_in_a_guide_title_and_summary_shows_as_plain_text_on_home(build, pack, assets):
    """Ensure a title like '<b>Free</b> <img src=...>' is shown as typed, never as HTML."""
    guide = pack / "guides" / "01-alpha.md"
    guide.write_text(guide.read_text().replace(
        "title: Alpha pain", "title: \"<img src='/etc/hostname'> <b>Free</b> pills\"").replace(
        "summary: A short guide to alpha pain", "summary: \"<a href='x'>tap here</a>\""))
    kiosk = build(pack.parent, assets, kiosk_mode=False)
    tile = kiosk.screens.home.tiles[0]
    assert tile.title.text() == "<img src='/etc/hostname'> <b>Free</b> pills"
    assert tile.title.textFormat() == Qt.TextFormat.PlainText
    assert tile.summary.textFormat() == Qt.TextFormat.PlainText
    # Every label the window shows is plain, whatever screen made it.
    assert all(label.textFormat() == Qt.TextFormat.PlainText
               for label in kiosk.window.findChildren(QLabel) if label.isVisible())


def test_a_typed_question_with_markup_is_shown_as_typed_in_laptop_mode(build):
    """Ensure a typed '<img src=...>' question appears as its own text, not as a picture."""
    kiosk = build(kiosk_mode=False)
    typed = '<img src="/usr/share/pixmaps/debian-logo.png"> Can I drive?'
    kiosk.window.show_questions()
    kiosk.screens.questions.own_field.setText(typed)
    kiosk.screens.questions.own_field.returnPressed.emit()
    QApplication.processEvents()
    shown = [label for label in _shown_labels(kiosk.screens.questions) if label.text() == typed]
    assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)


def test_markup_in_a_glossary_entry_shows_as_plain_text_in_the_popup(build, pack, assets):
    """Ensure a glossary term and definition holding tags are shown as typed."""
    glossary = pack / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace(
        "A fake treatment with no active part.", "\"A <b>fake</b> treatment.\""))
    kiosk = build(pack.parent, assets, kiosk_mode=False)
    kiosk.window.show_term("placebo")
    popup = kiosk.window.term_popup
    assert popup.definition.text() == "A <b>fake</b> treatment."
    assert popup.definition.textFormat() == Qt.TextFormat.PlainText


def test_switching_language_on_a_guide_the_other_pack_lacks_goes_home_calmly(build, pack, assets):
    """Ensure a switch to a pack without the open guide shows home, with no error notice."""
    spanish = pack.parent / "es"
    shutil.copytree(pack, spanish)
    (spanish / "guides" / "03-gamma.md").unlink()
    kiosk = build(pack.parent, assets, kiosk_mode=False)
    kiosk.window.open_guide("gamma")
    errors: list[str] = []
    kiosk.notifier.posted.connect(errors.append)
    kiosk.switch_language("es")
    assert kiosk.library.lang == "es"
    assert kiosk.window.current_screen() is kiosk.screens.home
    assert kiosk.library.strings("notice_error") not in errors


def test_an_open_notice_does_not_stay_in_english_after_a_switch_to_spanish(build, pack, assets):
    """Ensure an English notice is closed (not left untranslated) when Spanish is chosen."""
    shutil.copytree(pack, pack.parent / "es")
    kiosk = build(pack.parent, assets, kiosk_mode=False)
    english = kiosk.library.strings("notice_no_printer")
    kiosk.notifier.notice(english)
    assert kiosk.screens.notice_bar.isVisible()
    kiosk.switch_language("es")
    bar = kiosk.screens.notice_bar
    assert not bar.isVisible() or bar.text.text() != english


def test_a_guide_print_with_no_printer_does_not_talk_about_questions(build):
    """Ensure the guide's no-printer notice is about the guide, not 'your questions'."""
    kiosk = build(kiosk_mode=False)
    kiosk.window.printing.print_guide = lambda library, slug: PrintResult(
        False, 0, "no_printer", "no default printer")
    slug = kiosk.library.guides[0].slug
    kiosk.window.open_guide(slug)
    kiosk.window.print_guide(slug)
    text = kiosk.screens.notice_bar.text.text()
    assert kiosk.screens.notice_bar.isVisible() and "guide" in text
    assert "questions" not in text.lower()


def test_the_pin_back_off_survives_a_window_rebuilt_by_a_reset(build):
    """Ensure wrong PINs counted before a rebuilding reset still count after it."""
    kiosk = build()
    clock = [1000.0]
    kiosk.window.pin_gate.clock = lambda: clock[0]
    for _ in range(FREE_TRIES):
        kiosk.window.check_pin("0000")
    assert kiosk.window.pin_gate.wait_seconds() > 0
    old = kiosk.window
    old.leftover_patient_state = lambda: ["a widget that kept its state"]
    old.reset_patient()
    assert kiosk.window is not old
    assert kiosk.window.pin_gate.failures == FREE_TRIES
    assert kiosk.window.pin_gate.wait_seconds() > 0
    kiosk.window.check_pin(PIN)  # even the right PIN waits
    assert not kiosk.window.admin_panel.isVisible()


def test_tab_with_the_keypad_open_never_reaches_the_buttons_behind_it(build, qtbot):
    """Ensure 40 Tabs and 40 Shift+Tabs keep the focus on the keypad's own buttons."""
    kiosk = build()
    kiosk.window.ask_pin()
    pad = kiosk.window.pin_pad
    own = {*pad.keys.values(), pad.close_button}
    kiosk.window.activateWindow()
    assert kiosk.window.focusWidget() in own
    for key in [Qt.Key.Key_Tab] * 40 + [Qt.Key.Key_Backtab] * 40:
        qtbot.keyClick(kiosk.window.focusWidget(), key)
        assert kiosk.window.focusWidget() in own, kiosk.window.focusWidget()


def test_a_missing_content_folder_shows_content_unavailable_in_english_and_staff_get_in(
        build, tmp_path, qtbot):
    """Ensure a missing --content folder gives a calm screen in English and the PIN corner works."""
    kiosk = build(tmp_path / "no-such-folder")
    home = kiosk.screens.home
    assert home.tiles == [] and home.heading.text() == "The guides are not available right now"
    assert kiosk.screens.toolbar.home_button.text() == "Home"  # never 'toolbar_home'
    target = kiosk.screens.toolbar.home_button
    where = target.mapFrom(kiosk.window, QPoint(30, 30))
    qtbot.mousePress(target, Qt.MouseButton.LeftButton, pos=where)
    qtbot.wait(250)
    qtbot.mouseRelease(target, Qt.MouseButton.LeftButton, pos=where)
    assert kiosk.window.pin_pad.isVisible()
    for digit in PIN:
        tap(qtbot, kiosk.window.pin_pad.keys[digit])
    tap(qtbot, kiosk.window.pin_pad.keys["ok"])
    assert kiosk.window.admin_panel.isVisible()


def test_a_pack_without_strings_yaml_shows_english_words_not_keys(build, pack, assets):
    """Ensure a pack with no strings.yaml falls back to the app's own English strings."""
    (pack / "strings.yaml").unlink()
    kiosk = build(pack.parent, assets, kiosk_mode=False)
    s = kiosk.screens
    assert s.toolbar.home_button.text() == "Home"
    assert s.home.heading.text() == "What would you like to read about?"


def test_content_removed_while_running_reloads_to_english_words_not_keys(build, pack, assets):
    """Ensure a reload after the content folder is deleted shows words and the calm screen."""
    kiosk = build(pack.parent, assets)
    shutil.rmtree(pack.parent)
    kiosk.reload_content()
    assert kiosk.screens.toolbar.home_button.text() == "Home"
    assert kiosk.screens.home.heading.text() == "The guides are not available right now"
    assert "admin_reloaded" not in kiosk.window.admin_panel.status.text()


def test_a_default_language_with_no_pack_does_not_make_every_reset_rebuild_the_window(build):
    """Ensure default_language = "fr" (no pack) starts in English and resets cleanly in place."""
    kiosk = build(settings=Settings(pin_hash=hash_pin(PIN), default_language="fr"))
    assert kiosk.library.lang == "en"
    kiosk.window.open_guide(kiosk.library.guides[0].slug)
    kiosk.window.reset_patient()
    assert kiosk.resets_rebuilt == 0 and kiosk.window.leftover_patient_state() == []


def test_check_with_the_settings_names_a_default_language_that_has_no_pack(tmp_path, capsys):
    """Ensure `kiosk check --config` reports a default_language the content has no pack for."""
    from kiosk import cli

    path = tmp_path / "kiosk.toml"
    path.write_text('default_language = "fr"\n')
    assert cli.main(["check", "--config", str(path), "--today", "2026-12-01"]) == 1
    assert "'default_language' = 'fr' has no language pack" in capsys.readouterr().out
