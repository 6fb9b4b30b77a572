"""Installed content packs: one folder per version, which one runs, which waits, which is kept.

Kept apart from the inbox (kiosk/core/inbox.py) so that starting from an installed pack reads a
small JSON state file and nothing more.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.core.pack import Manifest

log = logging.getLogger("kiosk.packs")

MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # everything in a pack, unpacked
STATE_FILE = "state.json"
# shutil is imported where folders are removed: it pulls in bz2 and lzma, a few ms at start-up.


@dataclass
class StoreState:
    current: str | None = None
    previous: str | None = None
    staged: str | None = None  # installed, shown from the next reset
    highest: str | None = None  # the newest version ever installed here


class PackStore:
    """The packs folder: versions/VERSION/ for each installed pack, and which one runs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.versions = root / "versions"
        self.state = self._read_state()

    def _read_state(self) -> StoreState:
        path = self.root / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            state = StoreState(**{k: data.get(k) for k in ("current", "previous", "staged",
                                                            "highest")})
        except FileNotFoundError:
            return StoreState()
        except (OSError, ValueError, TypeError) as error:
            log.error("packs: cannot read %s (%s); starting with no installed pack", path, error)
            return StoreState()
        for name in ("current", "previous", "staged"):
            version = getattr(state, name)
            if version is not None and not (self.versions / version / "manifest.json").is_file():
                log.error("packs: the %s pack %s is missing from %s; forgetting it",
                          name, version, self.versions)
                setattr(state, name, None)
        return state

    def _save(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / STATE_FILE
        temporary = path.with_name(STATE_FILE + ".new")
        temporary.write_text(json.dumps(self.state.__dict__, indent=1), encoding="utf-8")
        temporary.replace(path)  # a power cut leaves the old state or the new, never half

    def folder(self, version: str | None) -> Path | None:
        return self.versions / version if version else None

    def newest_known(self) -> str | None:
        known = [v for v in (self.state.current, self.state.staged, self.state.highest) if v]
        return max(known) if known else None

    def install(self, data: bytes, manifest: Manifest, limit: int = MAX_UNPACKED_BYTES) -> Path:
        """Unpack a verified pack into versions/VERSION and stage it for the next reset."""
        import shutil

        from kiosk.core.inbox import check_archive

        final = self.versions / manifest.version
        incoming = self.versions / f".incoming-{manifest.version}"
        shutil.rmtree(incoming, ignore_errors=True)
        incoming.mkdir(parents=True)
        try:
            check_archive(data, manifest, limit, into=incoming)
            if final.exists():  # left by an install that was rolled back; replace it
                shutil.rmtree(final)
            incoming.rename(final)
        except BaseException:
            shutil.rmtree(incoming, ignore_errors=True)
            raise
        replaced = self.state.staged
        self.state.staged = manifest.version
        self.state.highest = max(v for v in (self.state.highest, manifest.version) if v)
        self._save()
        if replaced and replaced != manifest.version:
            self._remove(replaced)
        return final

    def activate_staged(self) -> bool:
        """Make the staged pack the running one (at a reset or start-up); keep the last one."""
        staged = self.state.staged
        if not staged:
            return False
        old_previous = self.state.previous
        if self.state.current != staged:
            self.state.previous = self.state.current
        self.state.current, self.state.staged = staged, None
        self._save()
        if old_previous and old_previous not in (self.state.previous, self.state.current):
            self._remove(old_previous)
        return True

    def roll_back(self) -> str | None:
        """Staff chose to go back: the previous pack runs again, now; returns its version."""
        previous = self.state.previous
        if not previous:
            return None
        dropped, staged = self.state.current, self.state.staged
        self.state.current, self.state.previous, self.state.staged = previous, None, None
        self._save()
        for version in (dropped, staged):
            if version and version != previous:
                self._remove(version)
        return previous

    def _remove(self, version: str) -> None:
        import shutil

        shutil.rmtree(self.versions / version, ignore_errors=True)
