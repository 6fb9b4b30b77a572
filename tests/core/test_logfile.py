"""The kiosk's own rotating log file (kiosk/core/logfile.py)."""

from __future__ import annotations

import logging

from kiosk.core.logfile import RotatingLogFile


def _logger(handler: logging.Handler) -> logging.Logger:
    log = logging.getLogger(f"kiosk.test.logfile.{id(handler)}")
    log.propagate = False
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    return log


def test_the_log_moves_along_past_its_size_and_keeps_only_the_last_backups(tmp_path):
    """Ensure a full log becomes kiosk.log.1, older ones move along, and at most 3 are kept."""
    path = tmp_path / "kiosk.log"
    handler = RotatingLogFile(path, max_bytes=200, backups=3)
    log = _logger(handler)
    for n in range(40):
        log.info("line %02d %s", n, "x" * 40)  # 49 bytes a line: 4 lines to a file
    handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["kiosk.log", "kiosk.log.1", "kiosk.log.2", "kiosk.log.3"]
    assert all(p.stat().st_size <= 200 for p in tmp_path.iterdir())
    # Nothing is lost within what is kept: the newest lines, in order, across the files.
    kept = "".join((tmp_path / name).read_text() for name in
                   ["kiosk.log.3", "kiosk.log.2", "kiosk.log.1", "kiosk.log"]).splitlines()
    numbers = [int(line.split()[1]) for line in kept]
    assert numbers == list(range(40 - len(numbers), 40)) and len(numbers) == 16


def test_an_existing_log_is_appended_to(tmp_path):
    """Ensure a restart adds to the log it finds rather than emptying it."""
    path = tmp_path / "kiosk.log"
    path.write_text("from the last run\n", encoding="utf-8")
    handler = RotatingLogFile(path, max_bytes=1_000_000, backups=3)
    _logger(handler).info("this run")
    handler.close()
    assert path.read_text(encoding="utf-8") == "from the last run\nthis run\n"


def test_a_log_folder_that_vanishes_is_reported_not_raised(tmp_path, capsys):
    """Ensure rotation failing (folder gone) goes to logging's error report, never to the app."""
    folder = tmp_path / "logs"
    folder.mkdir()
    handler = RotatingLogFile(folder / "kiosk.log", max_bytes=60, backups=2)
    log = _logger(handler)
    log.info("first line that fills most of the file ....................")
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    log.info("second line that needs a rotation ..........................")  # must not raise
    handler.close()
    assert "Logging error" in capsys.readouterr().err
