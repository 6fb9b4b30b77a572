"""`kiosk doctor`: what works on this kiosk (display, printer, read aloud and its voices, fonts),
each check "ok" or what to install. The staff menu runs the same checks in the running app."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.config import Settings

SAY_TIMEOUT_MS = 15000  # a short sentence is said well within this, even on a slow kiosk


@dataclass(frozen=True)
class Check:
    """One thing checked: `detail` says what works, or what to do about it."""

    name: str
    ok: bool
    detail: str
    more: str = ""  # printed by `kiosk doctor` on the next line; too long for the staff menu

    def line(self) -> str:
        return f"{'ok ' if self.ok else 'FIX'}  {self.name}: {self.detail}"


def display_problem() -> str:
    """Why Qt would find no display here ('' when it should find one)."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform != "linux":
        return ""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return ""
    return ("no display (DISPLAY and WAYLAND_DISPLAY are unset): run `kiosk doctor` in the "
            "kiosk's graphical session (cage, or an X11 or Wayland desktop)")


def check_display() -> Check:
    from PySide6.QtGui import QGuiApplication

    platform = QGuiApplication.platformName()
    screen = QGuiApplication.primaryScreen()
    size = screen.size() if screen is not None else None
    shown = f"{size.width()}x{size.height()}" if size is not None else "no screen"
    if platform in ("offscreen", "minimal"):
        return Check("display", False, f"Qt platform '{platform}' shows nothing: run in the "
                     "kiosk's session (for X11: apt install libxcb-cursor0; Wayland: cage)")
    if size is None or size.width() < 1024 or size.height() < 600:
        return Check("display", False, f"{platform}, screen {shown}: the kiosk needs at least "
                     "1024x600 (1280x800 or more is best)")
    return Check("display", True, f"{platform}, screen {shown}")


def check_printer(settings: Settings) -> Check:
    from PySide6.QtPrintSupport import QPrinterInfo

    names = QPrinterInfo.availablePrinterNames()
    default = QPrinterInfo.defaultPrinterName()
    if not names:
        return Check("printer", False, "no printers: install cups (and the printer's driver), "
                     "then add the printer (docs/deploy.md, Printing)")
    if settings.printer:
        if settings.printer in names:
            return Check("printer", True, f"'{settings.printer}' (set in the settings); "
                         f"system default: {default or 'none'}")
        return Check("printer", False, f"'{settings.printer}' (set in the settings) is not a "
                     f"printer here; printers: {', '.join(names)} (lpstat -p lists them)")
    if not default:
        return Check("printer", False, f"no default printer (printers: {', '.join(names)}): "
                     "set one with `lpoptions -d NAME`, or set `printer` in kiosk.toml")
    return Check("printer", True, f"system default printer '{default}'")


def check_speech(speech, reason: str, languages: list[tuple[str, str]]) -> list[Check]:
    """The engine, then for each offered (code, name) language the voice Listen would use."""
    if speech is None:
        return [Check("read aloud", False, reason or "off")]
    checks = [Check("read aloud", True, f"engine '{speech.engine.engine()}'")]
    for code, name in languages:
        voices = speech.voices(code)
        chosen = speech.chosen.get(code, "")
        voice = speech.voice_for(code)
        plain = sorted({v.name() for v in voices if "+" not in v.name()})
        if voice is None:
            checks.append(Check(f"voice for {name} ({code})", False,
                                "none, so Listen is hidden on these pages: add a voice for it "
                                "to speech-dispatcher (espeak-ng: apt install "
                                "speech-dispatcher-espeak-ng; or RHVoice, Piper)"))
        elif chosen and voice.name() != chosen:
            checks.append(Check(f"voice for {name} ({code})", False,
                                f"'{chosen}' (speech_voices in the settings) is not installed; "
                                f"using '{voice.name()}'. Voices: {', '.join(plain)}"))
        else:
            checks.append(Check(f"voice for {name} ({code})", True,
                                f"'{voice.name()}' (of {len(voices)} voices)",
                                f"main voices: {', '.join(plain)}"))
    return checks


def check_saying(speech, languages: list[tuple[str, str]]) -> list[Check]:
    """Say a word in each language and wait for the engine to finish: proves the sound path."""
    from PySide6.QtCore import QEventLoop, QTimer

    checks = []
    for code, name in languages:
        if speech is None or not speech.can_read(code):
            continue
        loop = QEventLoop()
        heard: list[int] = []
        speech.sentence_started.connect(heard.append)
        speech.finished.connect(loop.quit)
        timer = QTimer(singleShot=True, interval=SAY_TIMEOUT_MS)
        timer.timeout.connect(loop.quit)
        timer.start()
        started = speech.read([name], code)
        if started:
            loop.exec()
        done = started and timer.isActive()
        timer.stop()
        speech.finished.disconnect(loop.quit)
        speech.sentence_started.disconnect(heard.append)
        if not done:
            speech.stop()
            checks.append(Check(f"saying {name} ({code})", False,
                                f"{'began' if heard else 'never began'} but did not finish in "
                                f"{SAY_TIMEOUT_MS // 1000} s: speech-dispatcher's sound output "
                                "does not work (check AudioOutputMethod in speechd.conf, and "
                                "that PulseAudio or PipeWire runs in the kiosk's session)"))
        else:
            checks.append(Check(f"saying {name} ({code})", True, "spoke and finished"))
    return checks


def check_fonts(content_root: Path, codes: list[str]) -> Check:
    """The app's font has every letter each offered language pack uses."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics

    if not QFontDatabase.families():
        return Check("fonts", False, "no fonts: apt install fonts-dejavu-core (or fonts-noto-core)")
    font = QFont()
    family = QFontInfo(font).family()
    metrics = QFontMetrics(font)
    missing: set[str] = set()
    for code in codes:
        for path in [content_root / code / "strings.yaml",
                     *sorted((content_root / code / "guides").glob("**/*.md"))]:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                continue
            missing |= {c for c in set(text) if c.isprintable() and not c.isspace()
                        and not metrics.inFontUcs4(ord(c))}
    if missing:
        return Check("fonts", False, f"'{family}' lacks {' '.join(sorted(missing)[:20])}: "
                     "apt install fonts-dejavu-core fonts-noto-core")
    return Check("fonts", True, f"'{family}' has every letter of {', '.join(codes)}")


def run_checks(settings: Settings, content_root: Path, speech=None, speech_reason: str = "",
               say: bool = False) -> list[Check]:
    """Every check, for a QApplication that already runs (`speech` as the app has it)."""
    from kiosk.core.content import offered_languages

    languages = [(code, name) for code, name, _ in offered_languages(content_root,
                                                                     settings.languages)]
    checks = [check_display(), check_printer(settings)]
    checks += check_speech(speech, speech_reason, languages)
    if say:
        checks += check_saying(speech, languages)
    checks.append(check_fonts(content_root, [code for code, _ in languages]))
    return checks


def add_doctor_command(commands, common: argparse.ArgumentParser) -> None:
    doctor = commands.add_parser(
        "doctor", parents=[common],
        help="check what works here (display, printer, read aloud and its voices, fonts) and "
             "say what to install; exit 1 if anything needs fixing")
    doctor.add_argument("--say", action="store_true",
                        help="also say each language's name aloud, to check the sound output")


def run_doctor(args: argparse.Namespace) -> int:
    """Run `kiosk doctor`; print one line per check; 0 when all are ok."""
    from kiosk.core.config import load_settings
    from kiosk.core.resources import locations

    settings, problems = load_settings(args.config)
    for problem in problems:
        print(f"FIX  settings: {problem}")
    no_display = display_problem()
    if no_display:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the other checks still run
    from kiosk.app import create_application
    from kiosk.ui.speech import Speech, open_engine

    app = create_application()
    content_root, _ = locations(args.content)
    engine, reason = open_engine()
    speech = Speech(engine, settings.speech_voices) if engine is not None else None
    checks = run_checks(settings, content_root, speech, reason, say=args.say)
    if no_display:
        checks[0] = Check("display", False, no_display)
    for check in checks:
        print(check.line())
        if check.more:
            print(f"       {check.more}")
    failed = [c.name for c in checks if not c.ok] + (["settings"] if problems else [])
    print(f"kiosk doctor: {len(checks) - len(failed)} of {len(checks)} ok"
          + (f"; fix: {', '.join(failed)}" if failed else ""))
    if speech is not None:
        speech.stop()
    app.processEvents()
    return 1 if failed else 0
