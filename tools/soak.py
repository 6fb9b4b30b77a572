"""Soak test: thousands of random taps, swipes and keys on the real kiosk-mode UI.

Run: QT_QPA_PLATFORM=offscreen python tools/soak.py [--actions 5000] [--seed 1]
Kiosk mode, locked, with short idle times (so idle warnings and resets happen all the time), a
PDF printer in a temporary folder, and the app's own excepthook. Prints what happened, and the
memory in use (resident) and its high-water mark every 500 actions. Exit 1 on any exception or if
the memory in use grew by 10 MiB or more from action 500 to the end. Growth is judged on memory in
use, not on the high-water mark: one staff PIN check (scrypt) briefly takes 32 MiB and gives it
back, which raises the high-water mark for good without anything being kept.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.qtcompat import keep_singletons_alive  # noqa: E402

keep_singletons_alive()

from PySide6.QtCore import QEvent, QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QApplication  # noqa: E402

from kiosk import printing  # noqa: E402
from kiosk.app import (  # noqa: E402
    KioskApp,
    KioskTimings,
    LaunchOptions,
    create_application,
    install_excepthook,
)
from kiosk.core import resources  # noqa: E402
from kiosk.core.config import Settings  # noqa: E402
from kiosk.core.pin import hash_pin  # noqa: E402
from kiosk.ui.window import PrintSeams  # noqa: E402

KEYS = [Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
        Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Space, Qt.Key.Key_Up,
        Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_5, Qt.Key.Key_Backspace]
TRAPS = [(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
         (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
         (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_use_mib() -> float:
    """Resident memory now (Linux /proc), after the deferred deletes of the last action and after
    the C allocator has handed its free pages back (malloc_trim), so what is counted is what the
    app still holds, not free heap the allocator keeps for later."""
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def own_pages_mib() -> float:
    """The app's own (anonymous) pages: memory in use less the mapped code and data files."""
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith("Anonymous:"):
                return int(line.split()[1]) / 1024
    return 0.0


def c_heap_mib() -> float:
    """What the C allocator has handed out and not had back (glibc mallinfo2)."""
    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return (info.uordblks + info.hblkhd) / 2**20


def held() -> str:
    """What the memory in use is made of: pages of the app's own (anonymous) and of mapped
    files (the code of Qt and Python, touched as more of it runs: not memory the app holds),
    what the C allocator has handed out and not had back, the Python objects alive, and the
    widgets. A leak shows in the last three; the first two also move with fragmentation and
    with code run for the first time."""
    fields = {}
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup.read().splitlines()[1:]:
            name, _, value = line.partition(":")
            fields[name] = int(value.split()[0]) / 1024
    return (f"own pages {fields['Anonymous']:.1f} MiB, file pages "
            f"{fields['Rss'] - fields['Anonymous']:.1f} MiB, C heap in use "
            f"{c_heap_mib():.1f} MiB, Python blocks "
            f"{sys.getallocatedblocks():,}, widgets {len(QApplication.allWidgets())}")


def trend(points: list[tuple[int, float]]) -> float:
    """The least-squares slope of the second half of (action, MiB) points, per 1,000 actions."""
    half = points[len(points) // 2:]
    if len(half) < 2:
        return 0.0
    mean_x = sum(x for x, _ in half) / len(half)
    mean_y = sum(y for _, y in half) / len(half)
    spread = sum((x - mean_x) ** 2 for x, _ in half)
    return 1000 * sum((x - mean_x) * (y - mean_y) for x, y in half) / spread


def visible_buttons(window) -> list[QAbstractButton]:
    return [b for b in window.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]


def tour(kiosk, rng: random.Random) -> int:
    """The first actions: use every feature once (each guide and page, popups, largest text, high
    contrast, Spanish, the sheet preview and printing, the PIN keypad and the staff menu, an idle
    reset), so that what each needs the first time is in the peak by action 500. Growth after
    that is what the random actions add: a leak, not a feature used for the first time."""
    window, s = kiosk.window, kiosk.screens
    steps = 0

    def step(action) -> None:
        nonlocal steps
        action()
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        steps += 1

    for lang in ("es", "en"):
        step(lambda lang=lang: kiosk.switch_language(lang))
        for guide in kiosk.library.guides:
            step(lambda g=guide: window.open_guide(g.slug))
            while not s.reader.on_last_page():
                step(s.reader.next_page)
            step(window.show_contents)
            step(lambda g=guide: window.show_term(next(iter(kiosk.library.glossary.terms))))
        for question_id in kiosk.library.questions.ids()[:14]:
            step(lambda q=question_id: window.toggle_question(q))
        step(window.show_questions)
        step(window.show_preview)
        step(window.print_questions)
        for _ in range(4):
            step(lambda: window.change_text_size(+1))
        step(lambda: window.set_contrast(True))
        step(lambda: window.open_guide(kiosk.library.guides[2].slug))
        step(window.show_questions)
        step(window.reset_patient)
    step(window.ask_pin)
    step(lambda: window.check_pin("0000"))
    step(window.show_admin)
    step(window.close_popups)
    return steps


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    app = create_application()  # noqa: F841 (kept alive for the whole run)
    settings = Settings(pin_hash=hash_pin("80246913"))
    real = KioskApp._printing(settings)  # page counts as the kiosk makes them
    seams = PrintSeams(
        print_sheet=lambda sheet: printing.print_sheet(
            sheet, printing.PrintTarget(pdf=folder / "sheet.pdf")),
        sheet_images=printing.iter_sheet_images,
        print_guide=lambda library, slug: printing.print_guide(
            library, slug, settings, printing.PrintTarget(pdf=folder / "guide.pdf")),
        guide_pages=real.guide_pages, sheet_pages=real.sheet_pages)
    kiosk = KioskApp(LaunchOptions(resources.content_root(), resources.assets_dir(),
                                   kiosk_mode=True), settings, printing=seams,
                     timings=KioskTimings(idle_ms=700, warn_ms=400, long_press_ms=300))
    errors: list[str] = []
    install_excepthook(kiosk)
    app_hook = sys.excepthook

    def counting_hook(kind, value, trace) -> None:
        errors.append(f"{kind.__name__}: {value}")
        app_hook(kind, value, trace)

    sys.excepthook = counting_hook
    resets = [0]
    kiosk.idle.timed_out.connect(lambda: resets.__setitem__(0, resets[0] + 1))
    at_rest = {"welcome shown": 0, "visits started": 0, "warnings over the welcome": 0}

    def count(key: str) -> None:
        at_rest[key] += 1

    def warned() -> None:
        if kiosk.window.welcome.isVisible():
            count("warnings over the welcome")
            errors.append("an idle warning showed over the welcome screen")

    kiosk.idle.warning_started.connect(lambda _: warned())
    watched: list = []

    reset_since = [False]  # a patient reset happened since the last action (measured after it)

    def watch(window) -> None:  # a failed reset builds a new window: watch that one too
        if window not in watched:
            watched.append(window)
            window.patient_reset.connect(lambda: reset_since.__setitem__(0, True))
            window.welcome_shown.connect(lambda: count("welcome shown"))
            window.visit_started.connect(lambda: count("visits started"))

    watch(kiosk.window)
    window = kiosk.window
    window.resize(1280, 800)
    window.showFullScreen()
    QTest.qWaitForWindowExposed(window)
    counts: dict[str, int] = {"tour": tour(kiosk, rng)}
    started = time.perf_counter()
    at_500 = 0.0
    held_500 = ""
    curve: list[str] = []
    points: list[tuple[int, float]] = []  # (action, memory in use) every 500 actions
    at_rest_points: list[tuple[int, float]] = []  # (action, memory in use) just after each reset
    jumps: dict[str, float] = {}  # what raised the peak after the first 500 actions
    for number in range(counts["tour"] + 1, args.actions + 1):
        window = kiosk.window  # a failed reset may have built a new one
        watch(window)
        before = peak_mib()
        roll = rng.random()
        if roll < 0.50:
            kind = "tap button"
            buttons = visible_buttons(window)
            if buttons:
                button = rng.choice(buttons)
                kind = f"tap {button.objectName() or button.text()[:18] or type(button).__name__}"
                if button.text().isdigit() or button.text() in ("OK", "⌫"):
                    kind = "tap PIN key"
                QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())
        elif roll < 0.62:
            kind = "tap anywhere"
            QTest.mouseClick(window, Qt.MouseButton.LeftButton,
                             pos=QPoint(rng.randrange(window.width()),
                                        rng.randrange(window.height())))
        elif roll < 0.72:
            kind = "swipe"
            view = kiosk.screens.reader.view.viewport()
            if view.isVisible():
                dx = rng.choice([-1, 1]) * rng.randrange(150, 600)
                start = QPoint(view.width() // 2 - dx // 2, view.height() // 2)
                QTest.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
                for step in range(1, 5):
                    QTest.mouseMove(view, start + QPoint(dx * step // 4, 0))
                QTest.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, 0))
        elif roll < 0.92:
            kind = "key"
            QTest.keyClick(QApplication.focusWidget() or window, rng.choice(KEYS))
        elif roll < 0.96:
            kind = "quit key"
            key, modifier = rng.choice(TRAPS)
            QTest.keyClick(QApplication.focusWidget() or window, key, modifier)
        elif roll < 0.98:
            kind = "long press corner"
            QTest.mousePress(window, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
            QTest.qWait(350)
            QTest.mouseRelease(window, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
        else:
            kind = "wait (idle)"
            QTest.qWait(rng.choice([100, 400, 800, 1200]))
        counts[kind] = counts.get(kind, 0) + 1
        QApplication.processEvents()
        # What returning to app.exec() does between two touches: free what deleteLater marked
        # (processEvents alone never does, so a script would look like it leaks).
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if not kiosk.window.isVisible():
            errors.append(f"the window closed after action {number} ({kind})")
            break
        if number > 500 and peak_mib() > before:
            jumps[kind] = jumps.get(kind, 0.0) + peak_mib() - before
        if reset_since[0]:
            reset_since[0] = False
            if number > 500:
                at_rest_points.append((number, in_use_mib()))
        if number == 500:
            at_500 = in_use_mib()
            held_500 = held()
        if number % 500 == 0:
            points.append((number, in_use_mib()))
            curve.append(f"{number}: {points[-1][1]:.1f} (own {own_pages_mib():.1f}, "
                         f"C heap {c_heap_mib():.1f})")
    elapsed = time.perf_counter() - started
    end = in_use_mib()
    growth = end - at_500
    print(f"soak: {number} actions in {elapsed:.1f} s (seed {args.seed})")
    for kind, count in sorted(counts.items()):
        print(f"  {kind:<18} {count}")
    print(f"soak: idle resets {resets[0]}, windows rebuilt {kiosk.resets_rebuilt}, "
          f"exceptions {len(errors)}")
    print("soak: at rest: " + ", ".join(f"{key} {value}" for key, value in at_rest.items())
          + f", pages printed by the last patient {kiosk.session.pages_printed}")
    print(f"soak: memory in use after 500 actions {at_500:.1f} MiB, at the end {end:.1f} MiB, "
          f"growth {growth:.1f} MiB (limit 10); high-water mark {peak_mib():.1f} MiB")
    print(f"soak: memory in use every 500 actions (MiB): {', '.join(curve)}")
    print(f"soak: trend of the memory in use over the second half: {trend(points):+.2f} MiB "
          "per 1,000 actions (least squares; caches fill in the first thousands of actions)")
    if at_rest_points:
        rest = [mib for _, mib in at_rest_points]
        print(f"soak: memory in use just after each patient reset, after action 500 "
              f"({len(rest)} resets): first {rest[0]:.1f}, last {rest[-1]:.1f}, lowest "
              f"{min(rest):.1f}, highest {max(rest):.1f} MiB; trend over the second half "
              f"{trend(at_rest_points):+.2f} MiB per 1,000 actions")
    print(f"soak: held after 500 actions: {held_500}")
    print(f"soak: held at the end:        {held()}")
    if jumps:
        print("soak: what raised the peak after action 500: " + ", ".join(
            f"{kind} {mib:.1f} MiB" for kind, mib in sorted(jumps.items(), key=lambda j: -j[1])))
    for error in errors[:10]:
        print(f"soak: ERROR {error}")
    kiosk.window._exiting = True
    kiosk.quit()
    return 1 if errors or growth >= 10 else 0


if __name__ == "__main__":
    sys.exit(main())
