"""A real kiosk window receiving content packs: installed quietly, shown at the next reset, rolled back."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from uihelpers import close_kiosks

from kiosk.app import KioskApp, KioskTimings, LaunchOptions
from kiosk.core import minisign
from kiosk.core.config import Settings
from kiosk.core.pack import build_pack
from tests.uihelpers import tap

KEY = minisign.generate()
PUBLIC_LINE = KEY.public.to_file_text().splitlines()[1]
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def publish(pack, assets, tmp_path):
    """Rename the first guide, build and sign a pack at this hour, and drop it in an inbox."""

    def publish(hour: int, title: str, inbox: Path, key=KEY) -> str:
        guide = pack / "guides" / "01-alpha.md"
        text = guide.read_text().splitlines()
        text[1] = f"title: {title}"
        guide.write_text("\n".join(text) + "\n")
        out = tmp_path / "built" / f"clinic-{hour}.kpack"
        built = dt.datetime(2026, 12, 1, hour, tzinfo=dt.UTC)
        result = build_pack(pack.parent, assets, out, built=built, today=TODAY)
        assert result.problems == []
        inbox.mkdir(parents=True, exist_ok=True)
        data = out.read_bytes()
        (inbox / out.name).write_bytes(data)
        (inbox / f"{out.name}.minisig").write_text(minisign.sign(data, key, out.name))
        return result.manifest.version

    return publish


@pytest.fixture
def make_receiver(qtbot, pack, assets, tmp_path):
    built: list[KioskApp] = []

    def build(public_key: str = PUBLIC_LINE) -> KioskApp:
        settings = Settings(pack_inbox=str(tmp_path / "inbox"), pack_public_key=public_key)
        options = LaunchOptions(pack.parent, assets, kiosk_mode=True, unlocked=True,
                                packs_dir=tmp_path / "packs")
        kiosk = KioskApp(options, settings, timings=KioskTimings(60_000, 5_000, 80,
                                                                 inbox_poll_ms=20))
        built.append(kiosk)
        kiosk.window.resize(1280, 800)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        return kiosk

    yield build
    close_kiosks(built)


def tile_titles(kiosk: KioskApp) -> list[str]:
    return [tile.title.text() for tile in kiosk.screens.home.tiles]


def staff_menu(kiosk: KioskApp) -> str:
    kiosk.window.ask_pin()  # unlocked: straight to the staff menu
    assert kiosk.window.admin_panel.isVisible()
    return kiosk.window.admin_panel.info.text()


def test_a_new_pack_waits_for_start_over_then_shows(make_receiver, publish, qtbot, tmp_path,
                                                    caplog):
    """Ensure a pack arriving mid-visit changes nothing on screen until Start over, then shows."""
    caplog.set_level(logging.INFO, "kiosk")
    kiosk = make_receiver()
    assert tile_titles(kiosk)[0] == "Alpha pain"
    kiosk.window.open_guide("alpha")  # a patient is reading
    version = publish(9, "Alpha pain, revised", tmp_path / "inbox")
    qtbot.waitUntil(lambda: kiosk.packs.state.staged == version, timeout=5000)
    assert kiosk.screens.reader.slug == "alpha"
    assert kiosk.screens.reader.pages[0].title == "About alpha pain"
    assert tile_titles(kiosk)[0] == "Alpha pain" and kiosk.pack is None
    kiosk.window.close_popups()
    tap(qtbot, kiosk.screens.toolbar.start_over_button)
    tap(qtbot, kiosk.window.confirm.yes_button)
    assert tile_titles(kiosk)[0] == "Alpha pain, revised"
    assert kiosk.window.current_screen() is kiosk.screens.home
    assert kiosk.window.leftover_patient_state() == []
    assert kiosk.library.assets == tmp_path / "packs" / "versions" / version / "assets"
    assert f"switched to version {version} at a reset" in caplog.text
    menu = staff_menu(kiosk)
    assert f"Content pack: pain-kiosk content, version {version}" in menu
    # Opening a guide from the pack shows its ready pages (no markdown rendered).
    kiosk.window.close_popups()
    kiosk.window.open_guide("alpha")
    assert "placebo" in kiosk.screens.reader.view.toPlainText()


def test_idle_reset_switches_and_staff_roll_back_to_the_old_content(make_receiver, publish,
                                                                    qtbot, tmp_path):
    """Ensure the idle reset switches to a new pack and the staff menu's rollback brings the old one back."""
    inbox = tmp_path / "inbox"
    kiosk = make_receiver()
    first = publish(9, "Alpha pain, first", inbox)
    qtbot.waitUntil(lambda: kiosk.packs.state.staged == first, timeout=5000)
    kiosk.window.reset_patient()
    assert tile_titles(kiosk)[0] == "Alpha pain, first"
    second = publish(10, "Alpha pain, second", inbox)
    qtbot.waitUntil(lambda: kiosk.packs.state.staged == second, timeout=5000)
    assert "New content pack 2026.12.01.100000 is ready" in staff_menu(kiosk)
    kiosk.window.close_popups()
    kiosk.idle.timed_out.emit()  # what the idle watcher sends when the countdown ends
    assert tile_titles(kiosk)[0] == "Alpha pain, second"
    menu = staff_menu(kiosk)
    assert "Previous pack kept for going back: version 2026.12.01.090000" in menu
    panel = kiosk.window.admin_panel
    assert panel.rollback_button.isVisible()
    tap(qtbot, panel.rollback_button)
    assert tile_titles(kiosk)[0] == "Alpha pain, first"
    assert panel.status.text() == "Went back to the previous content, version 2026.12.01.090000."
    assert not panel.rollback_button.isVisible()
    # The newer pack is still in the inbox: it is not installed again behind staff's back.
    kiosk.poll_inbox()
    kiosk.poll_inbox()
    assert kiosk.packs.state.staged is None and kiosk.inbox.refusals == {}


def test_a_refused_pack_is_flagged_in_the_staff_menu_and_logged(make_receiver, publish, qtbot,
                                                                tmp_path, caplog):
    """Ensure a pack signed with another key is refused, logged, flagged to staff, and not shown."""
    kiosk = make_receiver()
    publish(9, "Alpha pain, forged", tmp_path / "inbox", key=minisign.generate())
    qtbot.waitUntil(lambda: kiosk.inbox is not None and bool(kiosk.inbox.refusals), timeout=5000)
    assert "packs: refused clinic-9.kpack: signed with another key" in caplog.text
    assert "PACK REFUSED: clinic-9.kpack: signed with another key" in staff_menu(kiosk)
    kiosk.window.close_popups()
    kiosk.window.reset_patient()
    assert tile_titles(kiosk)[0] == "Alpha pain"


def test_a_restarted_kiosk_starts_from_its_installed_pack(make_receiver, publish, qtbot,
                                                          tmp_path):
    """Ensure a kiosk started again shows the installed pack (a staged one switches at start-up)."""
    kiosk = make_receiver()
    version = publish(9, "Alpha pain, installed", tmp_path / "inbox")
    qtbot.waitUntil(lambda: kiosk.packs.state.staged == version, timeout=5000)
    again = make_receiver()
    assert again.packs.state.current == version and again.pack is not None
    assert tile_titles(again)[0] == "Alpha pain, installed"
    assert again.cache.pending() == []


def test_a_guide_handout_prints_from_an_installed_pack(make_receiver, publish, qtbot, tmp_path):
    """Ensure a guide printed from a pack (no markdown folder on the kiosk) has its words."""
    from pypdf import PdfReader

    from kiosk import printing

    kiosk = make_receiver()
    version = publish(9, "Alpha pain, printed", tmp_path / "inbox")
    qtbot.waitUntil(lambda: kiosk.packs.state.staged == version, timeout=5000)
    kiosk.window.reset_patient()
    out = tmp_path / "alpha.pdf"
    result = printing.print_guide(kiosk.library, "alpha", kiosk.settings,
                                  printing.PrintTarget(pdf=out))
    assert result.ok, result.detail
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Alpha pain, printed" in text and "Take a short walk each day" in text


def test_a_pack_without_its_signature_is_shown_to_staff_as_waiting(make_receiver, qtbot,
                                                                   tmp_path, pack, assets):
    """Ensure a pack whose .minisig has not arrived is named in the staff menu and not installed."""
    kiosk = make_receiver()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    out = inbox / "clinic.kpack"
    assert build_pack(pack.parent, assets, out, today=TODAY).problems == []
    qtbot.waitUntil(lambda: kiosk.inbox is not None and kiosk.inbox.waiting == ["clinic.kpack"],
                    timeout=5000)
    assert "Waiting for clinic.kpack.minisig" in staff_menu(kiosk)
    assert kiosk.packs.state.staged is None


def test_a_reset_that_rebuilds_the_window_also_switches_to_the_new_pack(make_receiver, publish,
                                                                        qtbot, tmp_path):
    """Ensure the last-resort reset (a fresh window) also brings in a waiting pack."""
    kiosk = make_receiver()
    version = publish(9, "Alpha pain, rebuilt", tmp_path / "inbox")
    qtbot.waitUntil(lambda: kiosk.packs.state.staged == version, timeout=5000)
    old = kiosk.window
    old.leftover_patient_state = lambda: ["a widget that kept its state"]
    old.reset_patient()
    assert kiosk.window is not old and kiosk.resets_rebuilt == 1
    assert tile_titles(kiosk)[0] == "Alpha pain, rebuilt"
    assert kiosk.packs.state.current == version
