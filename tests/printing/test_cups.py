"""Printing the question sheet through a real CUPS queue (kiosk-pdf, a cups-pdf printer)."""

from __future__ import annotations

import datetime as dt
import os
import pwd
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.core.config import Settings
from kiosk.core.content import load_library
from kiosk.core.questions import QuestionPicks, build_sheet

pytestmark = pytest.mark.cups

REPO = Path(__file__).resolve().parents[2]
QUEUE = "kiosk-pdf"
CONF = Path("/etc/cups/cups-pdf.conf")


def _cups_answers() -> bool:
    if shutil.which("lpstat") is None:
        return False
    run = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, timeout=10)
    return run.returncode == 0 and "not running" not in run.stdout


def _output_folders() -> list[Path]:
    """Where cups-pdf writes: its 'Out' folder for a known user, 'AnonDirName' otherwise."""
    settings = {"Out": "/var/spool/cups-pdf/${USER}", "AnonDirName": "/var/spool/cups-pdf/ANONYMOUS"}
    if CONF.is_file():
        for line in CONF.read_text(errors="replace").splitlines():
            match = re.match(r"^\s*(Out|AnonDirName)\s+(\S+)", line)
            if match:
                settings[match.group(1)] = match.group(2)
    user = pwd.getpwuid(os.getuid())
    out = settings["Out"].replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name)
    return [Path(out), Path(settings["AnonDirName"])]


def _pdfs(folders: list[Path]) -> dict[Path, float]:
    return {p: p.stat().st_mtime for folder in folders if folder.is_dir() for p in folder.glob("*.pdf")}


# CI sets KIOSK_REQUIRE_CUPS=1 so a scheduler that failed to start is a failure, not a skip.
@pytest.mark.skipif(not _cups_answers() and not os.environ.get("KIOSK_REQUIRE_CUPS"),
                    reason="no CUPS server answers `lpstat -r` on this machine")
def test_the_sheet_prints_through_a_real_cups_queue(qapp, qtbot):
    """Ensure a sheet sent to the kiosk-pdf CUPS queue comes out as a PDF holding the questions."""
    from PySide6.QtPrintSupport import QPrinterInfo

    assert _cups_answers(), "KIOSK_REQUIRE_CUPS is set but no CUPS scheduler answers `lpstat -r`"

    from kiosk.printing import PrintTarget, print_sheet

    assert QUEUE in QPrinterInfo.availablePrinterNames(), (
        f"CUPS runs but has no '{QUEUE}' queue; .ci/run shows how to add it")
    library, _ = load_library(REPO / "content" / "en", REPO / "assets")
    ids = ["pain-cause", "safe-blood-thinner", "cost-insurance"]
    sheet = build_sheet(library, QuestionPicks(ids=ids), Settings(clinic_name="CUPS Test Clinic"),
                        dt.date.today())
    folders = _output_folders()
    before = _pdfs(folders)
    result = print_sheet(sheet, PrintTarget(printer=QUEUE))
    assert result.ok, result.detail
    assert result.pages == 1

    def landed() -> list[Path]:
        return [p for p, mtime in _pdfs(folders).items() if before.get(p) != mtime]

    deadline = time.monotonic() + 60
    while not landed() and time.monotonic() < deadline:
        time.sleep(0.5)
    new = landed()
    assert new, f"no PDF appeared in {', '.join(map(str, folders))} within 60 s"
    time.sleep(0.5)  # cups-pdf may still be closing the file
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(new[0]).pages).split())
    for question_id in ids:
        assert " ".join(library.questions.get(question_id).text.split()) in text
