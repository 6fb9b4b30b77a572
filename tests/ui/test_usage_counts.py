"""Usage counts on the real window: a scripted patient changes exactly the expected counters."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from uihelpers import close_kiosks, show_at, tap, tap_offer

from kiosk.app import KioskApp, KioskTimings, LaunchOptions
from kiosk.core.config import Settings
from kiosk.core.usage import DayCounts, read_day_file

REPO = Path(__file__).resolve().parents[2]


class Printer:
    """Printing seams that succeed without paper and remember what went out."""

    def __init__(self) -> None:
        self.jobs: list[str] = []

    def print_sheet(self, sheet):
        from kiosk.printing import PrintResult

        self.jobs.append("sheet")
        return PrintResult(True, 1, "", "printed to a fake printer")

    def sheet_images(self, sheet, width_px):
        from kiosk.printing import render_sheet_images

        return render_sheet_images(sheet, width_px)

    def print_guide(self, library, slug):
        from kiosk.printing import PrintResult

        self.jobs.append(slug)
        return PrintResult(True, 1, "", "printed to a fake printer")


@pytest.fixture
def two_languages(pack) -> Path:
    """The test pack as 'en' plus a copy as 'es'."""
    shutil.copytree(pack, pack.parent / "es")
    return pack.parent


@pytest.fixture
def counting_kiosk(qtbot, tmp_path, assets):
    built: list[KioskApp] = []

    def build(content_root: Path, *, counting: bool = True, speech: str | None = None,
              kiosk_mode: bool = True, idle_ms: int = 60_000) -> KioskApp:
        from kiosk.ui.window import PrintSeams

        printer = Printer()
        settings = Settings(usage_counts=counting, usage_outbox=str(tmp_path / "outbox"),
                            kiosk_id="test-kiosk")
        kiosk = KioskApp(
            LaunchOptions(content_root, assets, kiosk_mode=kiosk_mode, unlocked=True,
                          speech_engine=speech),
            settings, printing=PrintSeams(printer.print_sheet, printer.sheet_images,
                                          printer.print_guide),
            timings=KioskTimings(idle_ms, 300, 80, usage_write_ms=60_000))
        kiosk.printer = printer
        built.append(kiosk)
        show_at(qtbot, kiosk)
        return kiosk

    yield build
    close_kiosks(built)


def counts_on_disk(kiosk: KioskApp) -> dict:
    files = sorted(kiosk.usage.outbox.glob("usage-test-kiosk-*.json"))
    assert len(files) == 1, files
    return read_day_file(files[0]).counts.to_json()


def start_over(kiosk: KioskApp, qtbot) -> None:
    tap(qtbot, kiosk.screens.toolbar.start_over_button)
    tap(qtbot, kiosk.window.confirm.yes_button)


def test_a_scripted_session_changes_exactly_the_expected_counters(counting_kiosk, two_languages,
                                                                  qtbot):
    """Ensure one patient's taps become exactly these daily totals, written at Start over."""
    kiosk = counting_kiosk(two_languages)
    s, usage = kiosk.screens, kiosk.usage
    assert usage is not None and not usage.in_session
    tap(qtbot, s.home.language_buttons["es"])  # the first tap starts the session
    assert usage.in_session and kiosk.library.lang == "es"
    tap(qtbot, next(t for t in s.home.tiles if t.slug == "alpha"))
    tap_offer(qtbot, kiosk, "q-one")
    tap(qtbot, s.reader.next_button)
    tap(qtbot, s.toolbar.larger_button)  # restyles and shows the same page again: one page
    tap(qtbot, s.toolbar.larger_button)
    tap(qtbot, s.toolbar.contrast_button)
    while not s.reader.on_last_page():
        tap(qtbot, s.reader.next_button)
    pages = len(s.reader.pages)
    assert pages >= 3
    tap(qtbot, s.reader.print_button)
    # Print buttons stay off for 1.5 s after a job (one job per tap); a patient takes longer.
    kiosk.window.print_guard.release()
    tap(qtbot, s.toolbar.questions_button)
    tap(qtbot, s.questions.rows["q-one"])  # unpicked...
    tap(qtbot, s.questions.rows["q-one"])  # ...and picked again: one patient, one question
    tap(qtbot, s.questions.print_button)
    assert kiosk.printer.jobs == ["alpha", "sheet"]
    assert not usage.outbox.exists()  # nothing is written while the patient is there
    start_over(kiosk, qtbot)
    assert not usage.in_session
    assert counts_on_disk(kiosk) == {
        "sessions": 1, "pages_shown": pages, "language_switches": 1, "text_size_sessions": 1,
        "high_contrast_sessions": 1, "listen_sessions": 0,
        "guides_opened": {"alpha": 1}, "guides_completed": {"alpha": 1},
        "questions_added": {"q-one": 1},
        "printed": {"guide_handout": 1, "question_sheet": 1},
        "session_languages": {"en": 1, "es": 1},
    }
    # The next patient starts in English again, and only their own taps count.
    tap(qtbot, next(t for t in s.home.tiles if t.slug == "beta"))
    start_over(kiosk, qtbot)
    after = counts_on_disk(kiosk)
    assert after["sessions"] == 2 and after["session_languages"] == {"en": 2, "es": 1}
    assert after["guides_opened"] == {"alpha": 1, "beta": 1} and after["pages_shown"] == pages + 1
    assert after["guides_completed"] == {"alpha": 1} and after["language_switches"] == 1


def test_the_idle_reset_closes_the_session_and_an_empty_reset_counts_nothing(counting_kiosk, pack,
                                                                            qtbot):
    """Ensure the idle timeout ends a patient's session, and a reset with nobody there adds none."""
    kiosk = counting_kiosk(pack.parent)
    kiosk.window.reset_patient()  # nobody used it: no session
    assert not kiosk.usage.outbox.exists()  # nothing to write
    tap(qtbot, kiosk.window.welcome)  # the next patient wakes the kiosk
    tap(qtbot, next(t for t in kiosk.screens.home.tiles if t.slug == "gamma"))
    assert kiosk.usage.in_session
    kiosk.idle.idle_ms = 50
    kiosk.idle._idle.setInterval(50)
    kiosk.idle.still_here()
    qtbot.waitUntil(lambda: not kiosk.usage.in_session, timeout=3000)
    assert kiosk.window.current_screen() is kiosk.screens.home
    counts = counts_on_disk(kiosk)
    assert counts["sessions"] == 1 and counts["guides_opened"] == {"gamma": 1}


def test_exit_counts_the_session_in_progress_and_writes_it(counting_kiosk, pack, qtbot):
    """Ensure quitting the app writes the day's totals with the unfinished session counted."""
    kiosk = counting_kiosk(pack.parent, kiosk_mode=False)
    tap(qtbot, next(t for t in kiosk.screens.home.tiles if t.slug == "beta"))
    kiosk.close_usage()
    assert counts_on_disk(kiosk)["sessions"] == 1 and kiosk.usage.closed


def test_counting_is_off_by_default_and_writes_nothing(counting_kiosk, pack, qtbot, tmp_path):
    """Ensure that without usage_counts no counter exists and no outbox is made."""
    assert Settings().usage_counts is False
    kiosk = counting_kiosk(pack.parent, counting=False)
    tap(qtbot, next(t for t in kiosk.screens.home.tiles if t.slug == "alpha"))
    start_over(kiosk, qtbot)
    assert kiosk.usage is None and not (tmp_path / "outbox").exists()


def test_the_staff_menu_shows_counting_and_todays_and_the_weeks_counts(counting_kiosk, pack, qtbot):
    """Ensure the admin panel says counting is on, where files go, and today's and 7 days' figures."""
    kiosk = counting_kiosk(pack.parent)
    for slug in ("alpha", "beta"):
        tap(qtbot, next(t for t in kiosk.screens.home.tiles if t.slug == slug))
        start_over(kiosk, qtbot)
    kiosk.window.show_admin()
    text = kiosk.window.admin_panel.info.text()
    assert "Usage counts: on" in text and str(kiosk.usage.outbox) in text
    assert "Today: 2 patient sessions, 2 guides opened, 0 read to the end" in text
    assert "Last 7 days: 2 patient sessions" in text


def test_the_staff_menu_says_when_counting_is_off(counting_kiosk, pack, qtbot):
    """Ensure the admin panel says counting is off and how to turn it on."""
    kiosk = counting_kiosk(pack.parent, counting=False)
    kiosk.window.show_admin()
    assert "Usage counts: off" in kiosk.window.admin_panel.info.text()


# CI sets KIOSK_REQUIRE_SPEECH=1: there a missing TextToSpeech is a failure, not a skip.
requires_speech = pytest.mark.skipif(
    not os.environ.get("KIOSK_REQUIRE_SPEECH") and not __import__("importlib").util.find_spec(
        "PySide6.QtTextToSpeech"), reason="the speech extra (PySide6-Addons)")


@requires_speech
def test_listen_counts_once_per_session(counting_kiosk, pack, qtbot):
    """Ensure tapping Listen marks the session as one that used read aloud, once."""
    kiosk = counting_kiosk(pack.parent, speech="mock")
    kiosk.set_up_speech()
    assert kiosk.speech is not None, "Qt's mock speech engine did not load"
    tap(qtbot, next(t for t in kiosk.screens.home.tiles if t.slug == "alpha"))
    for _ in range(2):
        qtbot.waitUntil(kiosk.screens.reader.listen_button.isVisible, timeout=3000)
        tap(qtbot, kiosk.screens.reader.listen_button)
        tap(qtbot, kiosk.screens.reader.stop_button)
    kiosk.speech.stop()
    start_over(kiosk, qtbot)
    assert counts_on_disk(kiosk)["listen_sessions"] == 1


def test_nothing_but_ids_and_numbers_reach_the_file(counting_kiosk, pack, qtbot):
    """Ensure a typed question and the picked question's wording never reach the usage file."""
    kiosk = counting_kiosk(pack.parent, kiosk_mode=False)  # typing is only offered off-kiosk
    s = kiosk.screens
    tap(qtbot, next(t for t in s.home.tiles if t.slug == "alpha"))
    tap_offer(qtbot, kiosk, "q-one")
    tap(qtbot, s.toolbar.questions_button)
    s.questions.own_field.setFocus()
    qtbot.keyClicks(s.questions.own_field, "Will my knee ever stop hurting")
    tap(qtbot, s.questions.own_add)
    kiosk.close_usage()
    text = next(kiosk.usage.outbox.glob("usage-*.json")).read_text()
    assert "knee" not in text and "What is causing" not in text and "q-one" in text
    assert DayCounts.from_json(json.loads(text)["counts"]).sessions == 1


@pytest.mark.parametrize("run", ["smoke", "present"])
def test_smoke_runs_and_slides_never_count(qtbot, tmp_path, pack, assets, run):
    """Ensure `kiosk --smoke` (which opens every page) and `--present` make no usage counter."""
    options = LaunchOptions(pack.parent, assets, smoke=run == "smoke",
                            present="" if run == "present" else None)
    kiosk = KioskApp(options, Settings(usage_counts=True, usage_outbox=str(tmp_path / "out")))
    qtbot.addWidget(kiosk.window)
    assert kiosk.usage is None and kiosk.window.usage is None
    kiosk.window.open_guide("alpha")
    kiosk.close_usage()
    assert not (tmp_path / "out").exists()
