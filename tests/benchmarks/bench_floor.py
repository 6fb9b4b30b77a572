"""The floor under the start-up goal: how fast can ANY home screen like ours first paint?

Each level is a separate process (started like the bench's bare window, timed the same way:
CPU time to the first painted window, alternating with the bare window) that adds one thing
every kiosk home needs, without any of the app's own code or content:

  bare       a PySide6 QWidget (the reference of tests/benchmarks/bench_kiosk.py)
  +Qt        `from PySide6.QtCore import Qt`: the Qt namespace's 95 Python enums
  +fonts     the bundled typeface registered (assets/fonts), a toolbar row and a heading
  +tiles     seven tiles with an SVG icon and two lines of text each, as home shows
  +style     the app's own style sheet for that screen (kiosk.ui.theme.app_style_sheet)

Run: QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_floor.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LEVELS = ("bare", "+Qt", "+fonts", "+tiles", "+style")


def child(level: int) -> None:
    sys.path.insert(0, str(HERE))
    import bench_children
    from PySide6.QtWidgets import QApplication, QWidget

    if level >= 1:
        from PySide6.QtCore import Qt
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1280, 800)
    if level >= 2:
        from PySide6.QtGui import QFont, QFontDatabase
        from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

        for path in sorted((REPO / "assets" / "fonts").glob("*.ttf")):
            QFontDatabase.addApplicationFont(str(path))
        font = QFont(app.font())
        font.setFamilies(["Atkinson Hyperlegible"])
        app.setFont(font)
        column = QVBoxLayout(window)
        bar = QHBoxLayout()
        column.addLayout(bar)
        for text in ("Home", "My questions (0)", "Español", "High contrast", "A-", "A+"):
            bar.addWidget(QPushButton(text))
        column.addWidget(QLabel("What would you like to read about?"))
    if level >= 3:
        from PySide6.QtCore import QSize
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QGridLayout, QToolButton

        grid = QGridLayout()
        column.addLayout(grid)
        icons = sorted((REPO / "assets" / "icons").glob("*.svg"))
        for number in range(7):
            tile = QToolButton()
            tile.setText(f"A guide's title\nWhat the guide tells, in one line ({number})")
            tile.setIcon(QIcon(str(icons[number % len(icons)])))
            tile.setIconSize(QSize(96, 96))
            tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            grid.addWidget(tile, number // 2, number % 2)
    if level >= 4:
        sys.path.insert(0, str(REPO))
        from kiosk.ui.theme import NORMAL, Sizes, app_style_sheet

        window.setStyleSheet(app_style_sheet(NORMAL, Sizes.for_screen(800, 1.0, 1280)))
    bench_children._on_first_paint(window, bench_children._report)
    window.show()
    app.exec()


def run_child(level: int) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               KIOSK_BENCH_T0=repr(time.monotonic()))
    out = subprocess.run([sys.executable, __file__, "--child", str(level)], env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads([line for line in out.stdout.splitlines() if line.startswith("{")][-1])["cpu_ms"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return 0
    for level in range(len(LEVELS)):  # warm the page cache and the .pyc files
        run_child(level)
    cpu: dict[str, list[float]] = {name: [] for name in LEVELS}
    for _ in range(args.runs):
        for level, name in enumerate(LEVELS):
            cpu[name].append(run_child(level))
    bare = statistics.median(cpu["bare"])
    print(f"floor of a home screen, CPU to the first paint, median of {args.runs} alternating runs:")
    for name in LEVELS:
        median = statistics.median(cpu[name])
        print(f"  {name:<8} {median:6.0f} ms  {median / bare:.2f}x bare")
    print(f"  the 1.5x goal: {1.5 * bare:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
