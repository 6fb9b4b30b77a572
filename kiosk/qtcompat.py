"""A guard for a PySide6 6.12.0 bug on Python 3.11: None and True are returned without a reference.

Every call to a void Qt method (setEnabled, setText, ...) takes one reference from None, and every
signal emit takes one from True. On Python 3.12+ these objects are immortal (PEP 683) and nothing
happens; on 3.11 the count reaches zero after a few thousand calls and the interpreter aborts
("bool_dealloc: deallocating True or False"). PySide6 6.11.3 does not have the bug.
"""

from __future__ import annotations

import ctypes
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
