"""Starting the app: a broken pack still shows every good guide; --smoke; the Qt refcount guard."""

from __future__ import annotations

import os
import subprocess
import sys

from kiosk.cli import main


def test_app_on_a_broken_pack_shows_every_good_guide_and_a_calm_notice(make_app, pack, assets):
    """Ensure one guide with broken front matter is left out, the rest show, staff are told."""
    broken = pack / "guides" / "02-beta.md"
    broken.write_text(broken.read_text().replace("summary: A short", "summary: [A short"))
    bad_link = pack / "guides" / "03-gamma.md"
    bad_link.write_text(bad_link.read_text().replace("(guide:alpha)", "(guide:nowhere)"))
    kiosk = make_app(content_root=pack.parent, assets=assets)
    titles = [tile.title.text() for tile in kiosk.screens.home.tiles]
    assert titles == ["Alpha pain", "Gamma safety"]
    notice = kiosk.screens.notice_bar
    assert notice.isVisible()
    assert "kiosk check" in notice.text.text()
    kiosk.window.open_guide("gamma")
    kiosk.screens.reader.show_page(1)
    assert "other guide" in kiosk.screens.reader.view.toPlainText()  # the link text still shows


def test_smoke_run_opens_every_guide_and_page_and_exits_0():
    """Ensure `python -m kiosk --smoke` exits 0 offscreen and says what it showed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "kiosk", "--smoke"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 failures" in result.stdout
    assert "7 guides" in result.stdout
    assert "smoke: visit sheet: 1 page(s)" in result.stdout


def run_python(code: str) -> str:
    """Run code in a fresh Python process (offscreen Qt); what it printed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    return result.stdout.strip()


def test_thousands_of_qt_calls_and_signals_do_not_crash_at_exit():
    """Ensure the PySide6 6.12.0 refcount bug on Python 3.11 is neutralised (see qtcompat)."""
    code = (
        "import kiosk.ui\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "from PySide6.QtWidgets import QApplication, QPushButton\n"
        "app = QApplication([])\n"
        "class Source(QObject):\n"
        "    fired = Signal(str, int)\n"
        "source = Source(); source.fired.connect(lambda a, b: None)\n"
        "button = QPushButton()\n"
        "for i in range(50000):\n"
        "    source.fired.emit('x', i); button.setEnabled(i % 2 == 0)\n"
        "print('done')\n"
    )
    assert run_python(code) == "done"


def test_version_and_help_do_not_need_qt(capsys):
    """Ensure `kiosk --version` answers without starting Qt."""
    try:
        main(["--version"])
    except SystemExit as exit_:
        assert exit_.code == 0
    assert "kiosk 0.1.0" in capsys.readouterr().out


def test_importing_the_app_keeps_no_module_source_in_memory():
    """Ensure PySide6 does not read and keep the source of every module imported after it (it
    kept 49,000 lines, 5 MiB, in linecache for the life of the kiosk; see qtcompat)."""
    code = (
        "import linecache, sys\n"
        "import kiosk.app, kiosk.ui.window, kiosk.core.content\n"
        "files = [f for f in linecache.cache if '/kiosk/' in f or 'markdown' in f]\n"
        "print(len(linecache.cache), sum(len(v[2]) for v in linecache.cache.values()"
        " if len(v) > 2), len(files))\n"
    )
    cached_files, cached_lines, app_files = map(int, run_python(code).split())
    assert app_files == 0
    assert cached_lines < 1000, f"{cached_files} files, {cached_lines} lines kept in linecache"


def test_event_filters_start_at_the_first_paint_and_what_home_shows_is_plain_text_before(
        qtbot, tmp_path, pack, assets):
    """Ensure the app-wide event filters (lock-down, idle, plain text) are installed when the
    window first paints, not before (see KioskApp._watch_every_widget), and that every label
    and button built before then already has what the filter would give it: a guide title
    written as HTML shows as text, and buttons take the focus from the keyboard only."""
    from conftest import write_guide
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
    from uihelpers import close_kiosks

    from kiosk.app import KioskApp, LaunchOptions
    from kiosk.core.config import Settings

    write_guide(pack, 9, "html-title", "<b>Bold</b> <img src=x>", "alpha")
    kiosk = KioskApp(LaunchOptions(pack.parent, assets, kiosk_mode=True, unlocked=True),
                     Settings())
    qtbot.addWidget(kiosk.window)
    assert not kiosk.watching
    labels = kiosk.window.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    buttons = [b for b in kiosk.window.findChildren(QAbstractButton)
               if b.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert buttons and all(b.focusPolicy() == Qt.FocusPolicy.TabFocus for b in buttons)
    tile = next(t for t in kiosk.screens.home.tiles if t.title.text().startswith("<b>"))
    kiosk.window.resize(1280, 800)
    kiosk.window.show()
    qtbot.waitUntil(lambda: kiosk.watching, timeout=5000)
    assert QApplication.instance()._kiosk_plain_text_labels is not None
    assert tile.title.textFormat() == Qt.TextFormat.PlainText
    assert tile.title.text() == "<b>Bold</b> <img src=x>"
    assert kiosk.idle is not None and not kiosk.idle.running  # at rest on the welcome screen
    close_kiosks([kiosk])
