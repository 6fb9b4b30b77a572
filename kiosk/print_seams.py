"""How the window prints and previews: the real seams, each importing the printing package on
first use, so QtPrintSupport and the print layout stay off the start-up path."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.core.config import Settings
from kiosk.ui.window import PrintSeams

if TYPE_CHECKING:
    from kiosk.core.pages import RenderCache


def print_seams(settings: Settings,
                current_cache: Callable[[], RenderCache | None] = lambda: None) -> PrintSeams:
    """Print to the configured printer (or the system default); never a dialog. Guides print
    from the app's rendered pages (current_cache() gives its RenderCache) when it has them."""

    def print_sheet(sheet):
        from kiosk import printing  # QtPrintSupport stays off the start-up path

        return printing.print_sheet(sheet, printing.PrintTarget(printer=settings.printer))

    def sheet_images(sheet, width_px: int):
        from kiosk import printing

        return printing.iter_sheet_images(sheet, width_px)

    def rendered(library):
        """The app's rendered pages of this library's guides, if the cache is its."""
        cache = current_cache()
        return cache.pages if cache is not None and cache.library is library else None

    def print_guide(library, slug: str):
        from kiosk import printing

        return printing.print_guide(library, slug, settings,
                                    printing.PrintTarget(printer=settings.printer),
                                    rendered=rendered(library))

    def print_visit(sheet):
        from kiosk.printing import visit

        return visit.print_visit_sheet(sheet, visit.PrintTarget(printer=settings.printer))

    def visit_images(sheet, width_px: int):
        from kiosk.printing import visit

        return visit.iter_visit_images(sheet, width_px)

    def guide_pages(library, slug: str) -> int:
        from kiosk.core.handout import build_guide_handout
        from kiosk.printing import layout_handout

        return len(layout_handout(build_guide_handout(library, slug, settings,
                                                      rendered=rendered(library))).pages)

    def sheet_pages(sheet) -> int:
        from kiosk import printing

        return printing.sheet_pages(sheet)

    def printer_state():
        from kiosk.printing.printer_state import printer_state

        return printer_state(settings.printer)

    return PrintSeams(print_sheet=print_sheet, sheet_images=sheet_images,
                      print_guide=print_guide, print_visit=print_visit,
                      visit_images=visit_images, guide_pages=guide_pages,
                      sheet_pages=sheet_pages, printer_state=printer_state)
