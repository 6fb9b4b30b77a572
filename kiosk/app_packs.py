"""The composition root's content-pack part: start from the installed pack, look in the inbox
for a new signed one, switch to it at the next reset, roll back, and tell staff.

A mixin of `kiosk.app.KioskApp` (it uses the app's options, settings, session, window and
library); kept apart so app.py holds the building and wiring. The engines are in kiosk/core:
pack.py (reading a pack), packstore.py (installed versions), inbox.py (checking arrivals).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from kiosk.core.inbox import Inbox

log = logging.getLogger("kiosk")


class PackReceiver:
    """The kiosk as a careful receiver of content packs."""

    def _open_packs(self) -> None:
        """Start from the installed pack (a staged one first: start-up is a reset too)."""
        if self.options.packs_dir is None:
            return
        from kiosk.core.packstore import PackStore

        self.packs = PackStore(self.options.packs_dir)
        if self.packs.activate_staged():
            log.info("packs: switched to version %s at start-up", self.packs.state.current)
        self._open_current_pack()

    def _open_current_pack(self) -> None:
        from kiosk.core.pack import PackContent, PackError

        self.pack = None
        folder = self.packs.folder(self.packs.state.current) if self.packs else None
        if folder is None:
            return
        try:
            self.pack = PackContent(folder)
        except PackError as error:
            log.error("packs: cannot use the installed pack (%s); showing %s instead",
                      error, self.options.content_root)
        self.visit_packs.use_pack(self.pack)

    def _start_inbox(self) -> None:
        """Look at `pack_inbox` every few seconds for a new signed pack (kiosk/core/inbox.py)."""
        if self.packs is None or not self.settings.pack_inbox:
            return
        # The inbox and its checks are set up at the first look, not before the first paint.
        self.inbox_timer = QTimer(interval=self.timings.inbox_poll_ms)
        self.inbox_timer.timeout.connect(self.poll_inbox)
        self.inbox_timer.start()

    def _open_inbox(self) -> Inbox:
        from kiosk.core.config import setting_path
        from kiosk.core.inbox import Inbox
        from kiosk.core.minisign import parse_public_key

        key = parse_public_key(self.settings.pack_public_key) \
            if self.settings.pack_public_key else None
        if key is None:
            log.warning("packs: pack_inbox is set but pack_public_key is not: every pack "
                        "will be refused")
        return Inbox(setting_path(self.settings, self.settings.pack_inbox), key, self.packs)

    def poll_inbox(self) -> None:
        """One look at the inbox; a pack installed now shows from the next reset, not now."""
        if self.packs is None or not self.settings.pack_inbox:
            return
        if self.inbox is None:
            self.inbox = self._open_inbox()
        waiting = list(self.inbox.waiting)
        if self.inbox.poll() or self.inbox.waiting != waiting:
            self._show_pack_facts()

    def switch_to_new_pack(self) -> None:
        """After a patient reset (nobody is reading): show the staged pack, if one waits."""
        if self.packs is None or not self.packs.activate_staged():
            return
        self._open_current_pack()
        version = self.packs.state.current
        self._show_content_again()
        log.info("packs: switched to version %s at a reset", version)

    def roll_back_pack(self) -> None:
        """Staff: go back to the previous pack now (they are at the kiosk, not a patient)."""
        strings = self.library.strings
        version = self.packs.roll_back() if self.packs is not None else None
        if version is None:
            self.window.show_admin_status(strings("admin_rollback_none"))
            return
        log.info("admin: rolled back to content pack %s", version)
        self._open_current_pack()
        self._show_content_again()
        self.window.show_admin()
        self.window.show_admin_status(self.library.strings("admin_rolled_back", version=version))

    def _show_content_again(self) -> None:
        problems = self._load(self.session.lang)
        self.window.languages = self._offered_languages()
        self.window.show_library(self.library, self.cache)
        self._show_pack_facts()
        for problem in problems:
            log.warning("content: %s", problem)

    def pack_facts(self) -> list[str]:
        """Staff-menu lines: the running pack, the kept one, one waiting, and every refusal."""
        if self.packs is None:
            return []
        s, state = self.library.strings, self.packs.state
        lines = []
        if self.pack is not None:
            lines.append(s("admin_pack", name=self.pack.manifest.name, version=state.current))
        if state.previous:
            lines.append(s("admin_pack_previous", version=state.previous))
        if state.staged:
            lines.append(s("admin_pack_staged", version=state.staged))
        if self.inbox is not None:
            for refusal in self.inbox.refusals.values():
                lines.append(s("admin_pack_refused", file=refusal.file, reason=refusal.message))
            for name in self.inbox.waiting:
                lines.append(s("admin_pack_waiting", file=name))
        return lines

    def _show_pack_facts(self) -> None:
        can_roll_back = self.packs is not None and bool(self.packs.state.previous)
        self.window.show_pack_facts(self.pack_facts(), can_roll_back)
