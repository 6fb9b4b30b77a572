"""`kiosk --smoke`: build the real window, open every guide and page, then exit 0 (or 1)."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

log = logging.getLogger("kiosk.commands.smoke")


def _settle(qt_app: QApplication) -> None:
    """What the running app's event loop does between taps: handle what is pending, and delete
    what the screens let go (a page's question buttons). processEvents() alone never deletes:
    a walk through every page would keep every page's buttons, which the app never does."""
    qt_app.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _print_sheet(kiosk) -> list[str]:
    """Print a three-question sheet to a temporary PDF (then delete it), as the front desk would."""
    import tempfile
    from pathlib import Path

    from kiosk import printing
    from kiosk.core.questions import QuestionPicks

    picks = QuestionPicks(ids=kiosk.library.questions.ids()[:3])
    original = kiosk.session.picks
    kiosk.session.picks = picks
    try:
        sheet = kiosk.window.current_sheet()
    finally:
        kiosk.session.picks = original
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.pdf"
        result = printing.print_sheet(sheet, printing.PrintTarget(pdf=path))
        size = path.stat().st_size if path.exists() else 0
    print(f"smoke: question sheet with {len(picks)} questions: {result.pages} page(s), "
          f"{size} bytes")
    if not result.ok or size == 0:
        return [f"question sheet did not print ({result.reason}: {result.detail})"]
    return []


def _visit_sheet(kiosk, qt_app: QApplication) -> list[str]:
    """Walk the visit-sheet steps and print a sample sheet to a temporary PDF (then delete it);
    the sample answers are never the session's own."""
    import tempfile
    from pathlib import Path

    from kiosk.core.visit import VisitAnswers
    from kiosk.printing import visit

    screen = kiosk.screens.visit
    if screen is None or not kiosk.visit_packs.has(kiosk.library.lang):
        # A pack without visit.yaml does not offer the visit sheet: nothing to walk or print.
        print("smoke: visit sheet not offered (this pack has no visit.yaml)")
        return []
    kiosk.window.show_visit()
    for step in range(len(screen.scrolls)):
        screen.show_step(step)
        _settle(qt_app)
    screen.show_step(0)
    kiosk.window.go_home()
    sample = VisitAnswers(regions=["lower_back"], scales={"average": 5}, duration="years_1_to_5")
    original = kiosk.session.visit
    kiosk.session.visit = sample
    try:
        sheet = kiosk.window.current_visit_sheet()
    finally:
        kiosk.session.visit = original
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "visit.pdf"
        result = visit.print_visit_sheet(sheet, visit.PrintTarget(pdf=path))
        size = path.stat().st_size if path.exists() else 0
    print(f"smoke: visit sheet: {result.pages} page(s), {size} bytes")
    if not result.ok or size == 0:
        return [f"visit sheet did not print ({result.reason}: {result.detail})"]
    return []
def _report_speech(kiosk) -> None:
    """Say which speech engine read aloud found, and the voice for each offered language."""
    from kiosk.core.content import offered_languages

    if kiosk.speech is None:
        kiosk.set_up_speech()  # run() does this just after the first paint; it may not have yet
    speech = kiosk.speech
    if speech is None:
        print(f"smoke: read aloud: none ({kiosk.speech_off})")
        return
    voices = []
    for code, _, _ in offered_languages(kiosk.options.content_root, kiosk.settings.languages):
        voice = speech.voice_for(code)
        voices.append(f"{code} {voice.name() if voice is not None else 'no voice (no Listen)'}")
    print(f"smoke: read aloud: engine {speech.engine.engine()}; {', '.join(voices)}")


def smoke_run(kiosk, qt_app: QApplication, started: float) -> int:
    """Walk every screen offscreen-safely; print what was shown; 0 if all of it worked."""
    window = kiosk.window
    reader = kiosk.screens.reader
    _settle(qt_app)
    failures: list[str] = []
    pages_shown = 0
    if not kiosk.library.guides:
        failures.append("no guides loaded")
    for guide in kiosk.library.guides:
        window.open_guide(guide.slug)
        _settle(qt_app)
        if reader.slug != guide.slug:
            failures.append(f"{guide.slug}: did not open")
            continue
        while True:
            if not reader.view.toPlainText().strip():
                failures.append(f"{guide.slug}: page {reader.index + 1} is empty")
            pages_shown += 1
            if reader.on_last_page():
                break
            reader.next_page()
            _settle(qt_app)
        window.go_home()
        _settle(qt_app)
    for term in list(kiosk.library.glossary.terms.values())[:1]:
        window.show_term(term.id)
        _settle(qt_app)
        window.term_popup.close_overlay()
    failures += _print_sheet(kiosk)
    failures += _visit_sheet(kiosk, qt_app)
    _report_speech(kiosk)
    elapsed = time.perf_counter() - started
    print(f"smoke: {len(kiosk.library.guides)} guides, {pages_shown} pages shown "
          f"in {elapsed:.2f} s; {len(failures)} failures")
    for failure in failures:
        print(f"smoke: FAILED {failure}")
    window.close()
    return 1 if failures else 0
