"""The bundled typeface: Atkinson Hyperlegible, made for low-vision readers, on screen and paper."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

log = logging.getLogger("kiosk.fonts")

FAMILY = "Atkinson Hyperlegible"
_loaded: set[Path] = set()


def font_files(assets: Path) -> list[Path]:
    """The bundled faces (assets/fonts/*.ttf), regular first."""
    return sorted((assets / "fonts").glob("*.ttf"), key=lambda p: ("Regular" not in p.name, p.name))


def load_fonts(assets: Path) -> str:
    """Register the bundled faces (assets/fonts/*.ttf) once and make them the application's font;
    return the family in use (the platform's default if the files are missing)."""
    folder = assets / "fonts"
    for path in font_files(assets):
        if path in _loaded:
            continue
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            log.warning("font %s could not be loaded", path)
            continue
        _loaded.add(path)
    if FAMILY not in QFontDatabase.families():
        log.warning("the bundled typeface %s is missing from %s; using the system's", FAMILY, folder)
        return QGuiApplication.font().family()
    font = QFont(QGuiApplication.font())
    font.setFamilies([FAMILY])
    QGuiApplication.setFont(font)
    return FAMILY
