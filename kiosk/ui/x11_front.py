"""X11 only: ask the window manager, as a pager would, to end "show desktop" and raise the kiosk.

Qt's own activateWindow() asks as an application, and a window manager may refuse that as focus
stealing (openbox does, after Super+D). A pager's request (EWMH source indication 2) is honoured.
Uses libX11 through ctypes, so nothing new is installed; on any other platform it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger("kiosk.fullscreen")

CLIENT_MESSAGE = 33
SUBSTRUCTURE_NOTIFY = 1 << 19
SUBSTRUCTURE_REDIRECT = 1 << 20
SOURCE_PAGER = 2


class _ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                ("send_event", ctypes.c_int), ("display", ctypes.c_void_p),
                ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]


class _Event(ctypes.Union):
    _fields_ = [("xclient", _ClientMessage), ("pad", ctypes.c_long * 24)]


class _WindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int),
                ("height", ctypes.c_int), ("border_width", ctypes.c_int), ("depth", ctypes.c_int),
                ("visual", ctypes.c_void_p), ("root", ctypes.c_ulong), ("class_", ctypes.c_int),
                ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
                ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
                ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
                ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


IS_VIEWABLE = 2


class X11Front:
    """One connection to the X server, opened on first use and kept."""

    def __init__(self) -> None:
        self._lib = None
        self._display = None
        self.failed = False

    def _open(self) -> bool:
        if self._display is not None or self.failed:
            return not self.failed
        name = ctypes.util.find_library("X11") or "libX11.so.6"
        try:
            lib = ctypes.CDLL(name)
        except OSError as error:
            log.info("no libX11 (%s): the window manager is asked through Qt only", error)
            self.failed = True
            return False
        lib.XOpenDisplay.restype = ctypes.c_void_p
        lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        lib.XDefaultRootWindow.restype = ctypes.c_ulong
        lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        lib.XInternAtom.restype = ctypes.c_ulong
        lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        lib.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                                   ctypes.POINTER(_Event)]
        lib.XFlush.argtypes = [ctypes.c_void_p]
        lib.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                             ctypes.POINTER(_WindowAttributes)]
        lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        display = lib.XOpenDisplay(None)
        if not display:
            self.failed = True
            return False
        self._lib, self._display = lib, display
        return True

    def _send(self, window: int, message: bytes, data: tuple[int, ...]) -> None:
        lib, display = self._lib, self._display
        root = lib.XDefaultRootWindow(display)
        event = _Event()
        event.xclient.type = CLIENT_MESSAGE
        event.xclient.send_event = 1
        event.xclient.display = display
        event.xclient.window = window or root
        event.xclient.message_type = lib.XInternAtom(display, message, 0)
        event.xclient.format = 32
        for index, value in enumerate(data):
            event.xclient.data[index] = value
        lib.XSendEvent(display, root, 0, SUBSTRUCTURE_REDIRECT | SUBSTRUCTURE_NOTIFY,
                       ctypes.byref(event))

    def bring_to_front(self, window: int) -> None:
        """End "show desktop" and activate (un-minimise, raise, focus) the window."""
        if not self._open():
            return
        self._send(0, b"_NET_SHOWING_DESKTOP", (0,))
        self._send(window, b"_NET_ACTIVE_WINDOW", (SOURCE_PAGER, 0, 0))
        self._lib.XFlush(self._display)

    def is_viewable(self, window: int) -> bool:
        """What the X server says, whatever Qt believes: is the window mapped and viewable?
        (True when it cannot be asked.)"""
        if not self._open():
            return True
        attributes = _WindowAttributes()
        if not self._lib.XGetWindowAttributes(self._display, window, ctypes.byref(attributes)):
            return True
        return attributes.map_state == IS_VIEWABLE

    def close(self) -> None:
        if self._display is not None:
            self._lib.XCloseDisplay(self._display)
            self._display = None
