"""The print device boundary: a PDF file, a named or default printer, and what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import (
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk import __version__
from kiosk.printing.style import PAGES, RENDER_HINTS, UNIT


@dataclass(frozen=True)
class PrintTarget:
    """Where a sheet goes: a PDF file, or a printer by name ("" for the system default)."""

    pdf: Path | None = None
    printer: str | None = None


@dataclass(frozen=True)
class PrintResult:
    """What happened; reason is "" | "no_printer" | "failed"; detail is for the log only."""

    ok: bool
    pages: int
    reason: str
    detail: str



def _open_device(target: PrintTarget, paper: str, title: str
                 ) -> tuple[QPdfWriter | QPrinter, str] | PrintResult:
    """The PDF writer or printer for a target, or a PrintResult saying why there is none."""
    page_id = PAGES[paper][0]
    if target.pdf is not None:
        writer = QPdfWriter(str(target.pdf))
        writer.setPageSize(QPageSize(page_id))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        writer.setResolution(72 * UNIT)  # one device pixel is one layout unit
        writer.setTitle(title)
        writer.setCreator(f"kiosk {__version__}")
        return writer, str(target.pdf)
    if target.printer is None:
        raise ValueError("a PrintTarget needs a pdf path or a printer name")
    if target.printer == "":
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            return PrintResult(False, 0, "no_printer", "no default printer is set up")
    elif target.printer not in QPrinterInfo.availablePrinterNames():
        names = ", ".join(QPrinterInfo.availablePrinterNames()) or "none"
        return PrintResult(False, 0, "no_printer",
                           f"printer '{target.printer}' not found (printers: {names})")
    else:
        info = QPrinterInfo.printerInfo(target.printer)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(page_id))
    printer.setFullPage(True)  # our own margins, measured from the paper's edge
    printer.setDocName(title)
    return printer, f"printer '{info.printerName()}'"


def print_pages(target: PrintTarget, paper: str, title: str,
                 paint: Callable[[QPainter, float, Callable[[], bool]], int]) -> PrintResult:
    """Open the target, let paint() draw every page, and say what happened; never raises for a
    printer. paint gets the painter, device pixels per layout unit and a new-page function, and
    returns the number of pages painted (0 if a new page failed)."""
    opened = _open_device(target, paper, title)
    if isinstance(opened, PrintResult):
        return opened
    device, where = opened
    painter = QPainter()
    if not painter.begin(device):  # Qt fails silently here: a bad path, a printer gone away
        return PrintResult(False, 0, "failed", f"could not start printing to {where}")
    try:
        pages = paint(painter, device.resolution() / (72 * UNIT), device.newPage)
    finally:
        ended = painter.end()
    if not (pages and ended):
        return PrintResult(False, 0, "failed", f"printing to {where} did not finish")
    return PrintResult(True, pages, "", f"printed {pages} page{'s' * (pages != 1)} to {where}")


def print_each_page(target: PrintTarget, paper: str, title: str,
                    lay_out: Callable[[], tuple[int, Callable[[QPainter, int], None]]]
                    ) -> PrintResult:
    """Print laid-out pages: the printing twin of style.page_images. lay_out() is called once the
    target is open (a missing printer answers quickly) and gives the number of pages and how to
    paint one, by number, in layout units."""

    def paint(painter: QPainter, scale: float, new_page: Callable[[], bool]) -> int:
        count, paint_page = lay_out()
        painter.setRenderHints(RENDER_HINTS)
        painter.scale(scale, scale)
        for number in range(count):
            if number and not new_page():
                return 0
            paint_page(painter, number)
        return count

    return print_pages(target, paper, title, paint)
