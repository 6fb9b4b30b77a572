"""The measured processes of bench_kiosk.py: each does one job and prints one JSON line.

    python tests/benchmarks/bench_children.py ROLE [ARGS]
    (bare, app [KIOSK ARGS], pack --config FILE, interactive RUNS,
     memory LANG WIDTHxHEIGHT [PACKS_FOLDER])

Kept apart from the parent so that a start-up child imports nothing but what it measures: the
bare window and the app pay the same few milliseconds for this file.
"""

from __future__ import annotations

import os
import sys
import time


def _report(**values) -> None:
    import json
    import resource

    values["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(values), flush=True)
    os._exit(0)  # the measurement is over; tearing Qt down would only add noise


def _on_first_paint(root, report) -> None:
    """report(ms=..., cpu_ms=...) once root and everything in it have first been painted.

    The time is that of the last Paint event of the first paint pass (home and all its tiles),
    read when the event loop comes back: a timer scheduled at paint time may run after other
    zero-timers the app queued, so it must not be the clock itself. CPU time (this process, all
    threads) is far less sensitive than wall time to other jobs on a busy machine.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    started = float(os.environ["KIOSK_BENCH_T0"])

    class FirstPaint(QObject):
        last = 0.0
        cpu = 0.0

        def eventFilter(self, watched, event):  # noqa: N802 - Qt API name
            if event.type() == QEvent.Type.Paint and self.last >= 0:
                if not self.last:
                    QTimer.singleShot(0, self.finish)
                self.last, self.cpu = time.monotonic(), time.process_time()
            return False

        def finish(self) -> None:
            painted, self.last = self.last, -1.0
            report(ms=(painted - started) * 1000, cpu_ms=self.cpu * 1000)

    watcher = FirstPaint(root)
    for widget in [root, *root.findChildren(QWidget)]:
        widget.installEventFilter(watcher)


def child_bare() -> None:
    """A bare PySide6 window: import, QApplication, show one QWidget, run the event loop."""
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1280, 800)
    _on_first_paint(window, _report)
    window.show()
    app.exec()


def child_app(args: list[str]) -> None:
    """The real `kiosk` command (cli.main -> app.run), reporting when home has first painted.

    `pack` runs it the same way with a settings file whose packs_dir holds an installed pack."""
    from kiosk.qtcompat import keep_singletons_alive

    keep_singletons_alive()
    import kiosk.app

    class WatchedKioskApp(kiosk.app.KioskApp):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            _on_first_paint(self.screens.home, _report)

    kiosk.app.KioskApp = WatchedKioskApp  # run() builds the app through this name
    from kiosk.cli import main

    main(args)


def child_interactive(runs: int, width: int = 1280, height: int = 800) -> None:
    """Page turns, opening guides, re-layout and printing, in one process after warm-up."""
    from kiosk.qtcompat import keep_singletons_alive

    keep_singletons_alive()
    import datetime as dt
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk import printing
    from kiosk.app import KioskApp, LaunchOptions, create_application
    from kiosk.core import resources
    from kiosk.core.config import Settings
    from kiosk.core.questions import QuestionPicks, build_sheet

    app = create_application()
    kiosk = KioskApp(LaunchOptions(resources.content_root(), resources.assets_dir(), lang="en"),
                     Settings(clinic_name="Riverside Pain Clinic"))
    window, reader, home = kiosk.window, kiosk.screens.reader, kiosk.screens.home
    window.resize(width, height)
    window.show()
    app.processEvents()
    for guide in kiosk.library.guides:  # what prerender_in_background does just after start-up
        kiosk.cache.pages(guide.slug)

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, watched, event):  # noqa: N802 - Qt API name
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    painted = PaintCounter()
    reader.view.viewport().installEventFilter(painted)
    unpainted = 0

    idle: dict[str, list[float]] = {"turns": [], "opens": []}

    def tap_and_paint(widget, kind: str) -> float:
        """A tap, then Qt's own update pass (the dirty regions painted and flushed); in ms.

        The update pass is a posted event, so delivering the posted events paints the page.
        Work the tap queued for after that (a zero timer that lays out the next and previous
        pages while the patient reads) runs in the processEvents() that follows; the time to
        that point, "until idle", is kept too (it is what this child measured until 1 Dec)."""
        nonlocal unpainted
        before = painted.count
        start = time.perf_counter()
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        QApplication.sendPostedEvents()
        elapsed = (time.perf_counter() - start) * 1000
        unpainted += painted.count == before
        QApplication.processEvents()
        idle[kind].append((time.perf_counter() - start) * 1000)
        # What the running app's event loop does next: delete what the tap let go (the last
        # page's question buttons). processEvents() alone never does, and 160 widgets kept by
        # a walk through every guide made each later restyle 35 ms slower than in the app.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return elapsed

    turns: list[float] = []
    opens: list[float] = []
    for timed_pass in range(1 + max(1, runs // 5)):  # the first pass warms up and is dropped
        if timed_pass == 1:
            turns.clear()
            opens.clear()
            idle["turns"].clear()
            idle["opens"].clear()
        for index, guide in enumerate(kiosk.library.guides):
            window.go_home()
            tile = home.tiles[index]
            home.scroll.ensureWidgetVisible(tile)
            QApplication.processEvents()
            opens.append(tap_and_paint(tile, "opens"))
            assert reader.slug == guide.slug, f"tapping the tile did not open {guide.slug}"
            while not reader.on_last_page():
                turns.append(tap_and_paint(reader.next_button, "turns"))

    # Re-layout on a page of a long guide: a text-size step (A+ or A-), and a rotation
    # (landscape to portrait and back), each until Qt has painted the result.
    window.open_guide(kiosk.library.guides[2].slug)
    reader.show_page(3)
    QApplication.processEvents()
    text_steps: list[float] = []
    rotations: list[float] = []
    for repeat in range(1 + max(2, runs // 3)):
        for step in (+1, -1):
            start = time.perf_counter()
            window.change_text_size(step)
            QApplication.processEvents()
            text_steps.append((time.perf_counter() - start) * 1000)
        for size in ((height, width), (width, height)):
            start = time.perf_counter()
            window.resize(*size)
            QApplication.processEvents()
            rotations.append((time.perf_counter() - start) * 1000)
        if repeat == 0:  # the first round lays out for the first time: warm-up
            text_steps.clear()
            rotations.clear()

    picks = QuestionPicks(ids=kiosk.library.questions.ids()[:12])
    sheet = build_sheet(kiosk.library, picks, kiosk.settings, dt.date.today())
    result = {"turns": turns, "opens": opens, "unpainted": unpainted, "text_steps": text_steps,
              "rotations": rotations, "turns_idle": idle["turns"], "opens_idle": idle["opens"]}
    with tempfile.TemporaryDirectory() as folder:
        sheet_pdf = printing.PrintTarget(pdf=Path(folder) / "sheet.pdf")
        booklet_pdf = printing.PrintTarget(pdf=Path(folder) / "booklet.pdf")
        booklet = getattr(printing, "print_booklet", None)
        jobs = {"sheet": (lambda: printing.print_sheet(sheet, sheet_pdf), 5, 60)}
        if booklet is not None:
            jobs["booklet"] = (lambda: booklet(kiosk.library, kiosk.settings, booklet_pdf), 1, 8)
            # As the kiosk prints it: from the pages it has already rendered.
            jobs["booklet_cached"] = (lambda: booklet(kiosk.library, kiosk.settings, booklet_pdf,
                                                      rendered=kiosk.cache.pages), 1, 8)
        for name, (action, warm_up, repeats) in jobs.items():
            try:
                result[name] = _timed(action, warm_up, repeats)
            except Exception as error:  # noqa: BLE001 - printing is being changed: report, go on
                result[f"{name}_error"] = f"{type(error).__name__}: {error}"
    _report(**result)


def _timed(action, warm_up: int, runs: int) -> list[float]:
    for _ in range(warm_up):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def child_memory(lang: str, width: int, height: int, packs: str = "") -> None:
    """Peak RSS with every guide of one language rendered and every page shown and painted;
    from the bundled content folder, or (`packs`, a folder of installed content packs) from the
    installed pack, as a clinic group's kiosks run."""
    from kiosk.qtcompat import keep_singletons_alive

    keep_singletons_alive()
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.app import KioskApp, LaunchOptions, create_application
    from kiosk.core import resources
    from kiosk.core.config import Settings

    app = create_application()
    from pathlib import Path

    kiosk = KioskApp(LaunchOptions(resources.content_root(), resources.assets_dir(), lang=lang,
                                   packs_dir=Path(packs) if packs else None), Settings())
    if packs and kiosk.pack is None:
        raise SystemExit(f"no installed pack in {packs}")
    kiosk.window.resize(width, height)  # the backing store alone is width x height x 4 bytes
    kiosk.window.show()
    app.processEvents()
    set_up_speech = getattr(kiosk, "set_up_speech", None)
    if set_up_speech is not None:  # run() does this just after the first paint
        set_up_speech()
    if getattr(kiosk, "speech", None) is not None:
        speech = "on"
    else:
        speech = "loaded, no engine" if "PySide6.QtTextToSpeech" in sys.modules else "not installed"
    pages = 0
    for guide in kiosk.library.guides:
        kiosk.window.open_guide(guide.slug)
        while True:
            kiosk.window.repaint()
            QApplication.processEvents()
            # The running app's event loop deletes what deleteLater() let go (a page's question
            # buttons, a screen's documents); processEvents() alone never does, so without this
            # every page walked would keep the widgets the app had already thrown away.
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            pages += 1
            if kiosk.screens.reader.on_last_page():
                break
            kiosk.screens.reader.next_page()
    kiosk.window.go_home()
    kiosk.window.repaint()
    _report(guides=len(kiosk.library.guides), pages=pages, speech=speech)


# --- the parent: spawns the children, alternates runs, prints the table ------------------------



def main() -> None:
    role, *args = sys.argv[1:]
    if role == "bare":
        child_bare()
    elif role in ("app", "pack"):
        child_app(args)
    elif role == "interactive":  # RUNS [WIDTH HEIGHT]
        child_interactive(int(args[0]), *(int(v) for v in args[1:3]))
    elif role == "memory":
        width, height = (int(n) for n in args[1].split("x"))
        child_memory(args[0], width, height, *args[2:3])
    else:
        raise SystemExit(f"unknown role {role!r}")


if __name__ == "__main__":
    main()
