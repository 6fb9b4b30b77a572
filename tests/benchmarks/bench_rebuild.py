"""Measure memory over rebuilding resets (the last resort of an idle reset) and print the figures.

Not a test: run from the repo root with the dev venv:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_rebuild.py [--rebuilds 50]

Each round dirties the patient state, makes the reset's final check fail (as a widget that kept
its state would) so the app throws the window away and builds a new one, and lets the event loop
delete the old one. Resident memory is read from /proc after 10 warm-up rounds and after the rest.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuilds", type=int, default=50)
    parser.add_argument("--default-language", default="en",
                        help="a language with no pack (like fr) was the way to make every reset "
                             "rebuild the window")
    args = parser.parse_args()
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.app import KioskApp, KioskTimings, LaunchOptions
    from kiosk.core.config import Settings
    from kiosk.core.pin import hash_pin

    app = QApplication(sys.argv[:1])
    settings = Settings(pin_hash=hash_pin("2468"), default_language=args.default_language)
    kiosk = KioskApp(LaunchOptions(REPO / "content", REPO / "assets", kiosk_mode=True),
                     settings, timings=KioskTimings(600_000, 20_000))
    kiosk.window.resize(1280, 800)
    kiosk.window.show()

    def settle() -> None:
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()
        gc.collect()

    def one_round() -> None:
        window = kiosk.window
        window.open_guide(kiosk.library.guides[0].slug)
        window.toggle_question(kiosk.library.questions.ids()[0])
        window.leftover_patient_state = lambda: ["a widget that kept its state"]
        window.reset_patient()
        settle()

    warm = 10
    for _ in range(warm):
        one_round()
    before = rss_kib()
    for _ in range(args.rebuilds):
        one_round()
    after = rss_kib()
    windows = sum(1 for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow")
    per = (after - before) / args.rebuilds
    print(f"rebuilds: {args.rebuilds} after {warm} warm-up; RSS {before / 1024:.1f} MiB -> "
          f"{after / 1024:.1f} MiB; {per:.0f} KiB per rebuild; main windows alive: {windows}; "
          f"rebuilt {kiosk.resets_rebuilt}")
    kiosk.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
