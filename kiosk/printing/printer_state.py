"""What the staff menu says about the printer: ready, paused, missing, and jobs waiting.

On Linux and macOS this asks CUPS with `lpstat` (it knows a paused queue and the jobs in it); where
there is no `lpstat` (Windows) it asks Qt, which knows less. `run` is the seam tests replace.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

Runner = Callable[[list[str]], tuple[int, str]]  # argv -> (exit code, stdout and stderr)


@dataclass(frozen=True)
class PrinterState:
    """One printer as staff need to know it. state: ready | paused | missing | unknown; jobs is
    the number of jobs waiting, -1 when it cannot be told."""

    name: str
    state: str
    jobs: int
    detail: str = ""  # CUPS's own words, for the log


def _run_lpstat(argv: list[str]) -> tuple[int, str]:
    # C locale: the words parsed below are CUPS's English ones whatever the kiosk's language.
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=5, env=env,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 1, str(error)
    return done.returncode, done.stdout + done.stderr


def parse_default(text: str) -> str:
    """The default printer's name from `lpstat -d` ("" when there is none)."""
    match = re.search(r"system default destination:\s*(\S+)", text)
    return match.group(1) if match else ""


def parse_printer(name: str, code: int, text: str) -> tuple[str, str]:
    """(state, detail) from `lpstat -p NAME`."""
    line = next((line for line in text.splitlines() if line.startswith(f"printer {name} ")), "")
    if not line:
        return ("missing" if code != 0 or "Invalid destination" in text else "unknown",
                text.strip())
    if " disabled" in line:
        return "paused", text.strip()
    if " is idle" in line or " now printing" in line:
        return "ready", text.strip()
    return "unknown", text.strip()


def parse_jobs(name: str, text: str) -> int:
    """How many jobs `lpstat -o NAME` lists (one line each, named NAME-<id>)."""
    return sum(1 for line in text.splitlines() if line.startswith(f"{name}-"))


def printer_state(printer: str, run: Runner | None = None) -> PrinterState:
    """The state of the named printer, or of the system default for ""."""
    if run is None:
        if shutil.which("lpstat") is None:
            return _qt_printer_state(printer)
        run = _run_lpstat
    name = printer
    if not name:
        _, text = run(["lpstat", "-d"])
        name = parse_default(text)
        if not name:
            return PrinterState("", "missing", 0, text.strip())
    code, text = run(["lpstat", "-p", name])
    state, detail = parse_printer(name, code, text)
    if state == "missing":
        return PrinterState(name, state, 0, detail)
    code, jobs_text = run(["lpstat", "-o", name])
    jobs = parse_jobs(name, jobs_text) if code == 0 else -1
    return PrinterState(name, state, jobs, detail)


def _qt_printer_state(printer: str) -> PrinterState:
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    info = QPrinterInfo.printerInfo(printer) if printer else QPrinterInfo.defaultPrinter()
    if info.isNull():
        return PrinterState(printer, "missing", 0, "Qt lists no such printer")
    states = {QPrinter.PrinterState.Idle: "ready", QPrinter.PrinterState.Active: "ready",
              QPrinter.PrinterState.Aborted: "paused", QPrinter.PrinterState.Error: "unknown"}
    return PrinterState(info.printerName(), states.get(info.state(), "unknown"), -1,
                        f"Qt printer state {info.state()}")
