"""Every clipboard the system has: the usual one, X11's selection (PRIMARY) and macOS's find buffer."""

from __future__ import annotations

from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication


def clipboard_modes() -> list[QClipboard.Mode]:
    """The clipboard modes this platform supports (Ctrl+A on a page also fills X's selection)."""
    clipboard = QApplication.clipboard()
    if clipboard is None:
        return []
    modes = [QClipboard.Mode.Clipboard]
    if clipboard.supportsSelection():
        modes.append(QClipboard.Mode.Selection)
    if clipboard.supportsFindBuffer():
        modes.append(QClipboard.Mode.FindBuffer)
    return modes


def clear_every_clipboard() -> None:
    """Empty every clipboard mode (a reset must leave nothing the last patient selected)."""
    for mode in clipboard_modes():
        QApplication.clipboard().clear(mode)


def clipboard_holds_text() -> bool:
    """True if any clipboard mode still holds text."""
    return any(QApplication.clipboard().text(mode) for mode in clipboard_modes())
