"""`kiosk doctor` and the staff menu's Check this kiosk: each check "ok" or what to install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from speechd import missing, private_speechd
from uihelpers import tap

from kiosk.app import KioskApp, LaunchOptions
from kiosk.core.config import Settings

REPO = Path(__file__).resolve().parents[1]
REQUIRED = bool(os.environ.get("KIOSK_REQUIRE_SPEECH"))


@pytest.fixture(scope="module")
def speechd_env():
    """The environment of a `kiosk doctor` run that talks to a private speech-dispatcher."""
    problem = missing()
    if problem:
        if REQUIRED:
            pytest.fail(f"KIOSK_REQUIRE_SPEECH is set but {problem}")
        pytest.skip(problem)
    with private_speechd():
        yield dict(os.environ)


def doctor(env: dict[str, str], *args: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-m", "kiosk", "doctor", *args], env=env,
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    return done.returncode, done.stdout.splitlines()


def line(lines: list[str], name: str) -> str:
    return next(x for x in lines if x[5:].startswith(name + ":"))


def test_doctor_reports_every_check_with_ok_or_what_to_do(speechd_env, tmp_path):
    """Ensure doctor prints display, printer, read aloud, a voice per language and fonts."""
    config = tmp_path / "kiosk.toml"
    config.write_text('printer = "No_Such_Printer"\n')
    code, lines = doctor(dict(speechd_env, QT_QPA_PLATFORM="offscreen"), "--say",
                         "--config", str(config))
    checks = [x for x in lines if x.startswith(("ok ", "FIX"))]
    assert [x[5:].split(":")[0] for x in checks] == [
        "display", "printer", "read aloud", "voice for English (en)", "voice for Español (es)",
        "saying English (en)", "saying Español (es)", "fonts"]
    assert line(lines, "display").startswith("FIX") and "offscreen" in line(lines, "display")
    assert line(lines, "printer").startswith("FIX") and ("No_Such_Printer" in line(lines, "printer")
                                                         or "install cups" in line(lines, "printer"))
    assert line(lines, "read aloud") == "ok   read aloud: engine 'speechd'"
    assert "'English (America)'" in line(lines, "voice for English (en)")
    assert "'Spanish (Spain)'" in line(lines, "voice for Español (es)")
    assert line(lines, "saying Español (es)") == "ok   saying Español (es): spoke and finished"
    assert line(lines, "fonts").startswith("ok ")
    assert code == 1 and lines[-1].startswith("kiosk doctor: 6 of 8 ok; fix: display, printer")


def test_doctor_names_a_language_with_no_voice_and_a_missing_display(speechd_env, tmp_path):
    """Ensure a pack espeak-ng has no voice for, and no display at all, each say what to do."""
    for lang in ("en", "zu"):
        shutil.copytree(REPO / "content" / lang if lang == "en" else REPO / "content" / "en",
                        tmp_path / lang)
    env = {k: v for k, v in speechd_env.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code, lines = doctor(env, "--content", str(tmp_path))
    assert "no display (DISPLAY and WAYLAND_DISPLAY are unset)" in line(lines, "display")
    zulu = next(x for x in lines if "(zu)" in x)
    assert zulu.startswith("FIX") and "Listen is hidden" in zulu and "espeak-ng" in zulu
    assert code == 1


def test_staff_menu_check_shows_what_works(qtbot):
    """Ensure Check this kiosk in the staff menu lists the checks with the app's own engine."""
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets", speech_engine="mock"),
                     Settings())
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    kiosk.set_up_speech()
    if kiosk.speech is None and not REQUIRED:
        pytest.skip(f"no Qt TextToSpeech here: {kiosk.speech_off}")
    kiosk.window.show_admin()
    panel = kiosk.window.admin_panel
    assert panel.check_button.isVisible() and panel.check_button.text() == "Check this kiosk"
    tap(qtbot, panel.check_button)
    report = panel.info.text().splitlines()
    assert "ok   read aloud: engine 'mock'" in report
    assert any(x.startswith("FIX  voice for Español (es): none") for x in report)
    assert panel.status.text().startswith(f"{sum(x.startswith('ok') for x in report)} of "
                                          f"{len(report)} checks ok")
