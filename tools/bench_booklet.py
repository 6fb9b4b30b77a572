"""Time the booklet PDF (every guide), one guide handout and the question sheet, in-process.

Run: python tools/bench_booklet.py [--lang en] [--runs 15]
Each figure is the median (and worst) of several runs after warm-up, for the whole job the app or
`kiosk print` does: markdown to HTML, layout, pagination and writing the PDF. Goals: booklet
<= 500 ms, question sheet <= 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.qtcompat import keep_singletons_alive  # noqa: E402

keep_singletons_alive()

from PySide6.QtGui import QGuiApplication  # noqa: E402

from kiosk.core import resources  # noqa: E402
from kiosk.core.config import Settings  # noqa: E402
from kiosk.core.content import load_library  # noqa: E402
from kiosk.core.questions import QuestionPicks, build_sheet  # noqa: E402
from kiosk.printing import PrintResult, PrintTarget, print_booklet, print_guide, print_sheet  # noqa: E402

WARM_UP = 2


def _time(action: Callable[[], PrintResult], runs: int) -> tuple[list[float], PrintResult]:
    for _ in range(WARM_UP):
        result = action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    assert result.ok, result.detail
    return sorted(times), result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (kept alive for the fonts)
    library, _ = load_library(resources.content_root() / args.lang, resources.assets_dir())
    settings = Settings(clinic_name="Riverside Pain Clinic")
    slug = library.guides[0].slug
    sheet = build_sheet(library, QuestionPicks(ids=library.questions.ids()[:12]), settings,
                        dt.date.today())
    jobs = [
        (f"booklet, {len(library.guides)} guides", 500,
         lambda out: print_booklet(library, settings, PrintTarget(pdf=out))),
        (f"guide handout '{slug}'", None,
         lambda out: print_guide(library, slug, settings, PrintTarget(pdf=out))),
        ("question sheet, 12 picks", 50, lambda out: print_sheet(sheet, PrintTarget(pdf=out))),
    ]
    with tempfile.TemporaryDirectory() as folder:
        for name, goal, job in jobs:
            out = Path(folder) / "out.pdf"
            times, result = _time(lambda job=job, out=out: job(out), args.runs)
            median = statistics.median(times)
            verdict = "" if goal is None else f"; goal <= {goal} ms: {'OK' if median <= goal else 'MISSED'}"
            pages = f"{result.pages} page{'s' * (result.pages != 1)}"
            print(f"{name}: median {median:.1f} ms, worst {times[-1]:.1f} ms, {pages}, "
                  f"{out.stat().st_size:,} bytes ({args.runs} runs after {WARM_UP} warm-up{verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
