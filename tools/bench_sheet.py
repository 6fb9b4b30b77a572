"""Time the question sheet PDF (12 picks) in-process after warm-up, against a bare QPdfWriter page."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.qtcompat import keep_singletons_alive  # noqa: E402

keep_singletons_alive()

from PySide6.QtGui import QGuiApplication, QPainter, QPdfWriter  # noqa: E402

from kiosk.core import resources  # noqa: E402
from kiosk.core.config import Settings  # noqa: E402
from kiosk.core.content import load_library  # noqa: E402
from kiosk.core.questions import QuestionPicks, build_sheet  # noqa: E402
from kiosk.printing import PrintTarget, print_sheet  # noqa: E402

RUNS, WARM_UP = 60, 5


def _bare_page(path: Path) -> None:
    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.drawText(100, 100, "Questions for my visit")
    painter.end()


def _times(action) -> list[float]:
    for _ in range(WARM_UP):
        action()
    result = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        result.append((time.perf_counter() - start) * 1000)
    return sorted(result)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (kept alive for the fonts)
    library, _ = load_library(resources.content_root() / "en", resources.assets_dir())
    picks = QuestionPicks(ids=library.questions.ids()[:12])
    sheet = build_sheet(library, picks, Settings(clinic_name="Riverside Pain Clinic"), dt.date.today())
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "sheet.pdf"
        sheet_ms = _times(lambda: print_sheet(sheet, PrintTarget(pdf=out)))
        bare_ms = _times(lambda: _bare_page(Path(folder) / "bare.pdf"))
    p95 = lambda values: values[round(0.95 * (len(values) - 1))]  # noqa: E731
    median, bare = statistics.median(sheet_ms), statistics.median(bare_ms)
    print(f"question sheet PDF, 12 picks: median {median:.1f} ms, p95 {p95(sheet_ms):.1f} ms "
          f"({RUNS} runs after {WARM_UP} warm-up; goal <= 50 ms)")
    print(f"bare QPdfWriter + one drawText page: median {bare:.1f} ms, p95 {p95(bare_ms):.1f} ms")
    print(f"floor ratio (sheet / bare): {median / bare:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
