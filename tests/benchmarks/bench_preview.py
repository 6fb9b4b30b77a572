"""How long `kiosk preview` takes from an editor's save to the new text on screen (bundled content).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_preview.py [RUNS]

Saves a guide the way editors do (temp file, rename) RUNS times and prints, for each, the
milliseconds until the reader shows the new words (the 250 ms settle time included), then the
median and the worst. A script, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def main(runs: int) -> None:
    from kiosk.app import create_application
    from kiosk.ui.fonts import load_fonts
    from kiosk.ui.preview import PreviewWindow

    app = create_application()
    load_fonts(REPO / "assets")
    content = Path(tempfile.mkdtemp()) / "content"
    shutil.copytree(REPO / "content", content)
    window = PreviewWindow(content, REPO / "assets", "how-acupuncture-works")
    window.resize(1600, 950)
    window.show()
    guide = next((content / "en" / "guides").glob("*-how-acupuncture-works.md"))
    original = guide.read_text(encoding="utf-8")
    figures = []
    for run in range(runs):
        marker = f"Benchmark words {run}."
        temp = guide.with_name(f".{guide.name}.tmp")
        heading_end = original.index("\n", original.index("\n## ") + 1)  # first page's heading
        temp.write_text(f"{original[:heading_end]}\n\n{marker}\n{original[heading_end:]}",
                        encoding="utf-8")
        started = time.perf_counter()
        os.replace(temp, guide)
        while marker not in window.main.reader.view.toPlainText():
            app.processEvents()
            if time.perf_counter() - started > 10:
                raise SystemExit(f"run {run}: the save did not show within 10 s")
        figures.append((time.perf_counter() - started) * 1000)
        print(f"run {run + 1}: {figures[-1]:.0f} ms", flush=True)
    print(f"save to screen: median {statistics.median(figures):.0f} ms, worst {max(figures):.0f} ms "
          f"over {runs} saves")
    shutil.rmtree(content.parent, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
