"""The bundled typeface (Atkinson Hyperlegible) is the one on screen and paper, and has every
character the language packs use."""

from __future__ import annotations

from conftest import BUNDLED_ASSETS, BUNDLED_CONTENT
from PySide6.QtGui import QFont, QGuiApplication, QRawFont

from kiosk.ui.fonts import FAMILY, load_fonts


def _pack_characters() -> set[str]:
    chars: set[str] = set()
    for path in BUNDLED_CONTENT.rglob("*"):
        if path.suffix in (".md", ".yaml") and path.is_file():
            chars |= set(path.read_text(encoding="utf-8"))
    return {c for c in chars if c.isprintable() and not c.isspace()}


def test_the_app_font_is_the_bundled_typeface(qapp):
    """Ensure starting the app makes Atkinson Hyperlegible the font of every widget."""
    assert load_fonts(BUNDLED_ASSETS) == FAMILY
    assert QGuiApplication.font().family() == FAMILY


def test_every_character_in_every_pack_is_in_the_typeface(qapp):
    """Ensure no letter, accent or symbol of the English and Spanish packs falls back to another
    face (each face: regular, bold, italic, bold italic)."""
    load_fonts(BUNDLED_ASSETS)
    chars = _pack_characters()
    assert {"á", "é", "í", "ó", "ú", "ñ", "¿", "¡"} <= chars  # the Spanish pack is read too
    for path in sorted((BUNDLED_ASSETS / "fonts").glob("*.ttf")):
        raw = QRawFont(str(path), 20)
        assert raw.isValid(), path
        missing = sorted(c for c in chars if not raw.supportsCharacter(ord(c)))
        assert not missing, f"{path.name} lacks {missing}"


def test_printed_pages_use_the_bundled_typeface(qapp):
    """Ensure paper asks for the same face first."""
    from kiosk.printing.style import FAMILIES, print_font

    load_fonts(BUNDLED_ASSETS)
    assert FAMILIES[0] == FAMILY
    assert QFont(print_font(12)).families()[0] == FAMILY
