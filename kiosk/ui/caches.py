"""Giving back what a patient's visit filled Qt's caches with, once nobody is reading.

A patient who reads every guide at every text size, in both themes and both languages, leaves
Qt holding drawn icons (its pixmap cache), font engines with their rasterized glyphs for every
size used (its font cache) and, after printing, the parsed pictures of the pages printed. All
are caches: the next patient's screens rebuild what they need in a few milliseconds. Dropping
them at each patient reset keeps the kiosk's memory at rest where it started, whatever the
last patient did (docs/PERFORMANCE.md, "Soak").
"""

from __future__ import annotations

import ctypes
import functools
import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QPixmapCache

log = logging.getLogger("kiosk.caches")


def release_caches(fonts: Path) -> None:
    """Empty the pixmap, font and printed-picture caches, then hand freed heap back to the
    system. `fonts` is a font file Qt can read (one of the bundled faces)."""
    QPixmapCache.clear()
    style = sys.modules.get("kiosk.printing.style")  # loaded only once something was printed
    if style is not None:
        style.forget_pictures()
    _empty_font_cache(fonts)
    _trim_heap()


def _empty_font_cache(font_file: Path) -> None:
    """Qt has no call that empties its font cache; it empties it whenever the set of
    application fonts changes. So one face is registered a second time and removed again:
    the fonts in use stay as they are, and every font engine not in use is freed."""
    try:
        data = font_file.read_bytes()
    except OSError as error:
        log.info("font cache kept: cannot read %s (%s)", font_file, error)
        return
    font_id = QFontDatabase.addApplicationFontFromData(data)
    if font_id >= 0:
        QFontDatabase.removeApplicationFont(font_id)


def _trim_heap() -> None:
    """glibc keeps freed memory for later; malloc_trim gives whole free pages back."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    """glibc's malloc_trim, or None (another system, or a C library without it, like musl).
    Looked up in the running process: no ldconfig run at each reset."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
