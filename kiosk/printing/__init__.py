"""The Qt print boundary: the question sheet, guide handouts and the booklet, to PDF or a printer.

device.py opens a PDF or a printer; sheet.py lays out and paints the question sheet; handouts.py
cuts guides into printed pages with the flow engine (kiosk/flow.py) and paints them; style.py
holds what they share (paper, units, fonts, colours, the print CSS).
"""

from kiosk.printing.device import PrintResult, PrintTarget
from kiosk.printing.handouts import (
    HandoutLayout,
    PrintedPage,
    layout_handout,
    print_booklet,
    print_guide,
    print_handout,
    render_handout_images,
)
from kiosk.printing.sheet import iter_sheet_images, print_sheet, render_sheet_images, sheet_pages

__all__ = [
    "HandoutLayout", "PrintResult", "PrintTarget", "PrintedPage", "iter_sheet_images",
    "layout_handout", "print_booklet", "print_guide", "print_handout", "print_sheet",
    "render_handout_images", "render_sheet_images", "sheet_pages",
]
