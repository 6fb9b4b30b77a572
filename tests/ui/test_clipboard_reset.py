"""The idle reset empties every clipboard, X11's selection (PRIMARY) too, on a real X server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("xvfb-run") is None and not os.environ.get("KIOSK_REQUIRE_XVFB"),
                    reason="xvfb-run is not installed (CI installs xvfb and sets KIOSK_REQUIRE_XVFB)")
def test_a_reset_clears_the_clipboard_and_the_x11_selection(tmp_path):
    """Ensure a page copied with Ctrl+A, Ctrl+C is gone from both clipboards after a reset."""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "XDG_RUNTIME_DIR": str(tmp_path),
           "HOME": str(tmp_path), "PYTHONPATH": str(TESTS)}
    run = subprocess.run(["xvfb-run", "-a", sys.executable, str(TESTS / "clipboard_session.py")],
                         capture_output=True, text=True, timeout=120, env=env)
    lines = run.stdout.splitlines()
    assert run.returncode == 0, run.stderr[-3000:]
    assert "SUPPORTS_SELECTION True" in lines
    assert "BEFORE True True" in lines  # the page really was on both clipboards
    assert "AFTER False False" in lines, run.stdout
    assert "LEFTOVERS []" in lines
