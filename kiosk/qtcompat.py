"""A guard for a PySide6 6.12.0 bug on Python 3.11: None and True are returned without a reference.

Every call to a void Qt method (setEnabled, setText, ...) takes one reference from None, and every
signal emit takes one from True. On Python 3.12+ these objects are immortal (PEP 683) and nothing
happens; on 3.11 the count reaches zero after a few thousand calls and the interpreter aborts
("bool_dealloc: deallocating True or False"). PySide6 6.11.3 does not have the bug.
"""

from __future__ import annotations

import ctypes
import linecache
import sys

_MARGIN = 1 << 40  # more leaked references than a kiosk could make in centuries of taps


def keep_singletons_alive() -> None:
    """Make None, True and False effectively immortal on Python 3.11, as 3.12 does."""
    if sys.version_info >= (3, 12) or getattr(keep_singletons_alive, "done", False):
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _MARGIN
    keep_singletons_alive.done = True  # type: ignore[attr-defined]


def read_no_sources() -> None:
    """Stop PySide6 from reading the source of every module imported after it.

    PySide6 asks of each newly imported module whether it uses PySide6 (for its `__feature__`
    switches) by reading the module's whole source with `inspect.getsource`, which keeps every
    line in `linecache` for the life of the process: 49,000 lines, 5 MiB of memory in use for
    good and 8 ms at start in this app, for an answer that only matters to modules importing
    `__feature__` (PySide6 records those itself, at that import). The answer given instead is
    the one the source scan gives for this app's modules and for modules that never name
    PySide6; a module that names PySide6 without importing `__feature__` is told "ignore",
    which leaves it on the default feature set as before.
    """
    try:
        import PySide6.QtCore  # noqa: F401 - installs shibokensupport
        from shibokensupport import feature
    except ImportError:
        return
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        return  # another PySide6 release: nothing to change

    def uses_pyside(module) -> bool:
        return getattr(module, "__name__", "").partition(".")[0] == "kiosk"

    feature._mod_uses_pyside = uses_pyside
    linecache.clearcache()  # what PySide6 read of its own imports before this ran


def own_viewport(area) -> None:
    """Give a scroll area (QScrollArea) a viewport made from Python.

    Qt's own viewport is an object whose exact class PySide6 6.12 has no wrapper for: the first
    time Python touches one (`area.viewport()`), PySide6 builds every QtWidgets class and enum
    to find a class for it, 20 ms before home can paint. Ours is a plain QWidget it knows.
    Not for a QTextEdit or QTextBrowser: their document layout keeps Qt's first viewport as
    its paint device, and laying a page out after the swap crashed.
    """
    from PySide6.QtWidgets import QWidget

    viewport = QWidget(area)  # made with its parent: Qt owns it, not this Python name
    area.setViewport(viewport)


read_no_sources()  # as soon as the first module importing this one has PySide6 loaded
