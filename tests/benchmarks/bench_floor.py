"""The floor under the start-up goal: how fast can ANY home screen like ours first paint?

Each level is a separate process (started like the bench's bare window, timed the same way:
CPU time to the first painted window, alternating with the bare window) that adds one thing
every kiosk home needs, without any of the app's own code or content:

  bare       a PySide6 QWidget (the reference of tests/benchmarks/bench_kiosk.py)
  +Qt        `from PySide6.QtCore import Qt`: the Qt namespace's 95 Python enums
  +fonts     the bundled typeface registered (assets/fonts), a toolbar row and a heading
  +tiles     seven tiles with an SVG icon and two lines of text each, as home shows
  +style     the app's own style sheet for that screen (kiosk.ui.theme.app_style_sheet)
  home-only  the app's own start, cut to what its home needs: the log, the settings file, the
             installed pack's index, the typeface, and the real toolbar, notice bar and home
             screen in one window with the app's style sheet; no reader, no other screen, no
             overlay (the lower bound of a start that builds everything else after the paint).
             The bundled content is built into a pack and installed first, as bench_kiosk.py does.
  app        the real `kiosk --config FILE` on that pack, as bench_kiosk.py measures it

Run: QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_floor.py [--runs N]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

# A level's process imports nothing else of this file's (argparse, subprocess, statistics...):
# it pays what the bench's bare window pays, and what its level adds.

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
LEVELS = ("bare", "+Qt", "+fonts", "+tiles", "+style", "home-only", "app")


def child(level: int) -> None:
    sys.path.insert(0, str(HERE))
    import bench_children

    if LEVELS[level] == "home-only":
        home_only(Path(os.environ["KIOSK_BENCH_PACK_CONFIG"]), bench_children)
        return
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


def home_only(config: Path, bench_children) -> None:
    """The app's start with nothing but home: what `kiosk --config FILE` must do before the
    first paint if every other screen and overlay were built after it."""
    sys.path.insert(0, str(REPO))
    from kiosk.qtcompat import keep_singletons_alive

    keep_singletons_alive()
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    from kiosk.core.config import load_settings, packs_folder
    from kiosk.core.logfile import setup_logging
    from kiosk.core.pack import PackContent
    from kiosk.core.packstore import PackStore
    from kiosk.ui.fonts import load_fonts
    from kiosk.ui.home import HomeScreen
    from kiosk.ui.notices import NoticeBar
    from kiosk.ui.theme import NORMAL, Sizes, app_style_sheet
    from kiosk.ui.toolbar import Toolbar

    setup_logging()
    settings, _ = load_settings(config)
    app = QApplication(sys.argv[:1])
    store = PackStore(packs_folder(settings))
    library, _, _ = PackContent(store.folder(store.state.current)).load(
        settings.default_language, settings.numbers)
    load_fonts(library.assets)
    window = QWidget()
    window.resize(1280, 800)
    column = QVBoxLayout(window)
    toolbar, notices, home = Toolbar(), NoticeBar(), HomeScreen()
    for part in (toolbar, notices, home):
        column.addWidget(part)
    toolbar.set_strings(library.strings)
    notices.set_strings(library.strings)
    notices.hide()
    home.show_guides(library.guides, library.assets, library.strings("home_heading"),
                     library.strings("home_intro"))
    window.setStyleSheet(app_style_sheet(NORMAL, Sizes.for_screen(800, 1.0, 1280)))
    bench_children._on_first_paint(window, bench_children._report)
    window.show()
    app.exec()


def run_child(level: int, pack_config: Path) -> float:
    import json
    import subprocess

    env = dict(os.environ, KIOSK_BENCH_PACK_CONFIG=str(pack_config),
               QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               KIOSK_BENCH_T0=repr(time.monotonic()))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: the warm-up run writes the .pyc files
    command = [sys.executable, __file__, "--child", str(level)]
    if LEVELS[level] == "app":
        command = [sys.executable, str(HERE / "bench_children.py"), "pack", "--config",
                   str(pack_config)]
    out = subprocess.run(command, env=env,
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads([line for line in out.stdout.splitlines() if line.startswith("{")][-1])["cpu_ms"]


def main() -> int:
    import argparse
    import statistics
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_kiosk import _installed_pack

    scratch = tempfile.TemporaryDirectory()
    pack_config = _installed_pack(Path(scratch.name))
    for level in range(len(LEVELS)):  # warm the page cache and the .pyc files
        run_child(level, pack_config)
    cpu: dict[str, list[float]] = {name: [] for name in LEVELS}
    for _ in range(args.runs):
        for level, name in enumerate(LEVELS):
            cpu[name].append(run_child(level, pack_config))
    bare = statistics.median(cpu["bare"])
    print(f"floor of a home screen, CPU to the first paint, median of {args.runs} alternating runs:")
    for name in LEVELS:
        median = statistics.median(cpu[name])
        print(f"  {name:<8} {median:6.0f} ms  {median / bare:.2f}x bare")
    print(f"  the 1.5x goal: {1.5 * bare:.0f} ms")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]))
    else:
        sys.exit(main())
