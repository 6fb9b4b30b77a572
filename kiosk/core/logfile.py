"""The kiosk's log: the console and a file appended to and started afresh past a size (keeping a
few old ones), with anything a patient picked or typed removed from every record."""

from __future__ import annotations

import logging
import os
from pathlib import Path


class RotatingLogFile(logging.FileHandler):
    """Writes `kiosk.log`; past `max_bytes` it becomes `kiosk.log.1` (and `.1` becomes `.2`, up to
    `backups` old files) and a new one starts.

    The standard library's RotatingFileHandler does the same, but it lives in `logging.handlers`,
    which imports socket, pickle and queue for handlers the kiosk never uses: 2.4 MiB resident
    and about 11 ms of every start, on a machine that runs one app for months."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.max_bytes > 0 \
                    and self.stream.tell() + len(self.format(record)) + 1 > self.max_bytes:
                self.rotate()
        except Exception:  # a full disk or a vanished folder: logging must never stop the app
            self.handleError(record)
            return
        super().emit(record)

    def rotate(self) -> None:
        """Move the files along one place (the oldest is dropped) and start an empty log."""
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        current = Path(self.baseFilename)
        for number in range(self.backups - 1, 0, -1):
            older = current.with_name(f"{current.name}.{number}")
            if older.exists():
                os.replace(older, current.with_name(f"{current.name}.{number + 1}"))
        if self.backups > 0 and current.exists():
            os.replace(current, current.with_name(f"{current.name}.1"))
        elif current.exists():
            current.unlink()
        self.stream = self._open()


class Redactor(logging.Filter):
    """Removes anything a patient picked or typed from every log record, whatever logged it.

    The app never logs patient text on purpose; this catches it in tracebacks and messages from
    code that did not mean to (an exception whose message quotes a typed question, say)."""

    REPLACEMENT = "[patient text removed]"

    def __init__(self) -> None:
        super().__init__()
        self.sources: list = []  # callables returning the texts to remove

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = sorted({t for source in self.sources for t in source() if len(t) >= 3},
                         key=len, reverse=True)
        if not secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in secrets:
            message = message.replace(secret, self.REPLACEMENT)
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, self.REPLACEMENT)
        record.msg, record.args = message, None
        return True


REDACTOR = Redactor()


def setup_logging(log_dir: Path | None = None) -> Path | None:
    """Log to stderr and to a rotating file in the user's log folder (never patient text)."""
    root = logging.getLogger("kiosk")
    root.setLevel(logging.INFO)
    if root.handlers:
        return None
    console = logging.StreamHandler()
    console.addFilter(REDACTOR)
    root.addHandler(console)
    if log_dir is None:
        from platformdirs import user_log_dir

        log_dir = Path(user_log_dir("pain-kiosk", appauthor=False))
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "kiosk.log"
        handler = RotatingLogFile(path, max_bytes=1_000_000, backups=3)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(REDACTOR)
        root.addHandler(handler)
        return path
    except OSError as error:
        root.warning("cannot write the log file in %s (%s); logging to the console only",
                     log_dir, error)
        return None
