"""The kiosk as a careful receiver: verify packs from an inbox, install them beside the running one.

An inbox file is read as a pack only when all of this holds (docs/deploy.md, "What a kiosk
reads from its inbox"):
- its name ends in `.kpack` and does not start with `.` or `~` (Syncthing writes
  `.syncthing.NAME.tmp` / `~syncthing~NAME.tmp` and renames when done; `kiosk pack build` writes
  `.NAME.part`), and `NAME.kpack.minisig` is there too;
- the signature is not older than the pack (by more than FAT's 2 s): an older one belongs to an
  earlier build that a new copy is replacing;
- sizes and modification times of both files are the same at two polls in a row (a USB copy or a
  slow transfer is still growing in between).
Then the pack is read into memory once, and that one copy is verified and unpacked, so a file
changing underneath cannot slip past the checks.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from kiosk.core.pack import PACK_SUFFIX, Manifest, PackError, read_manifest
from kiosk.core.packstore import MAX_UNPACKED_BYTES, PackStore

if TYPE_CHECKING:
    import zipfile

    from kiosk.core.minisign import PublicKey

log = logging.getLogger("kiosk.packs")

MAX_PACK_BYTES = 256 * 1024 * 1024  # the archive file
MAX_ENTRIES = 20_000
MTIME_SLACK_NS = 2_000_000_000  # FAT (USB sticks) stores times to 2 seconds


class Refused(Exception):
    """A pack the kiosk will not install; `kind` sorts it, the message says why."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


# --- checking an archive -----------------------------------------------------------------------


def entry_problem(info: zipfile.ZipInfo) -> Refused | None:
    """Why this archive entry may not be unpacked (None if it may)."""
    name = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return Refused("link", f"entry '{name}' is a link; a pack holds plain files only")
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":") or \
            any(part in ("..", ".") for part in name.split("/")) or "\0" in name:
        return Refused("escape", f"entry '{name}' would land outside the pack's folder")
    return None


def check_archive(data: bytes, manifest: Manifest, limit: int = MAX_UNPACKED_BYTES,
                  into: Path | None = None) -> None:
    """Check every entry (names, links, sizes, hashes against the manifest); unpack into `into`.

    Raises Refused on the first problem; a partly written `into` is the caller's to remove."""
    import hashlib
    import io
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise Refused("damaged", f"the archive is damaged ({error})") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise Refused("size", f"{len(infos)} entries; a pack may hold {MAX_ENTRIES}")
        for info in infos:
            problem = entry_problem(info)
            if problem is not None:
                raise problem
        if sum(info.file_size for info in infos) > limit:
            raise Refused("size", f"it unpacks to more than {limit // (1024 * 1024)} MiB")
        names = [i.filename for i in infos if not i.is_dir()]
        if len(set(names)) != len(names):
            raise Refused("damaged", "an entry is in the archive twice")
        expected = set(manifest.files)
        extra = sorted(set(names) - expected - {"manifest.json"})
        missing = sorted(expected - set(names))
        if extra:
            raise Refused("changed", f"'{extra[0]}' is in the archive but not in the manifest")
        if missing:
            raise Refused("changed", f"'{missing[0]}' is in the manifest but not in the archive")
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            digest = hashlib.sha256()
            target = None
            if into is not None:
                target = into.joinpath(*PurePosixPath(info.filename).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, \
                    (open(target, "wb") if target else _Discard()) as sink:  # noqa: SIM115
                while chunk := source.read(1 << 16):
                    total += len(chunk)
                    if total > limit:  # a header that lies about the size
                        raise Refused("size", f"it unpacks to more than "
                                      f"{limit // (1024 * 1024)} MiB")
                    digest.update(chunk)
                    sink.write(chunk)
            if info.filename != "manifest.json" and \
                    digest.hexdigest() != manifest.files[info.filename]:
                raise Refused("changed", f"'{info.filename}' does not match its hash in the "
                              "manifest")


class _Discard:
    def __enter__(self) -> _Discard:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def write(self, data: bytes) -> None:
        return None


def verify_pack(data: bytes, signature: str | None, key: PublicKey,
                limit: int = MAX_UNPACKED_BYTES) -> Manifest:
    """Signature first (nothing else is parsed before it holds), then every entry and hash."""
    from kiosk.core.minisign import SignatureError, verify

    if signature is None:
        raise Refused("signature", "no signature (.minisig) beside the pack")
    try:
        verify(data, signature, key)
    except SignatureError as error:
        kind = "key" if "another key" in str(error) else "signature"
        raise Refused(kind, str(error)) from error
    try:
        manifest = read_manifest(data)
    except PackError as error:
        raise Refused("damaged", str(error)) from error
    check_archive(data, manifest, limit)
    return manifest


def verify_pack_file(path: Path, key: PublicKey) -> Manifest:
    """`kiosk pack verify`: the pack and PACK.minisig beside it, checked as a kiosk checks them."""
    signature_path = path.with_name(path.name + ".minisig")
    data = path.read_bytes()
    signature = signature_path.read_text(encoding="utf-8") if signature_path.is_file() else None
    try:
        return verify_pack(data, signature, key)
    except Refused as error:
        raise PackError(str(error)) from error


# --- the inbox ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    pack_size: int
    pack_mtime: int
    signature_size: int
    signature_mtime: int


@dataclass(frozen=True)
class Outcome:
    """What one poll did with one inbox file."""

    file: str
    kind: str  # "installed", or a Refused kind: signature, key, changed, older, escape, ...
    message: str
    version: str | None = None

    @property
    def refused(self) -> bool:
        return self.kind != "installed"


@dataclass
class Inbox:
    """Polls one folder; installs each newer, correctly signed, fully arrived pack."""

    folder: Path
    key: PublicKey | None
    store: PackStore
    limit: int = MAX_UNPACKED_BYTES
    _last: dict[str, Snapshot] = field(default_factory=dict)
    _handled: dict[str, Snapshot] = field(default_factory=dict)
    refusals: dict[str, Outcome] = field(default_factory=dict)  # file -> the latest refusal
    # Packs not read because their signature is missing or older than they are (staff see them).
    waiting: list[str] = field(default_factory=list)

    def poll(self) -> list[Outcome]:
        """Look once; return what was installed or refused this time (usually nothing)."""
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return []  # not there (yet): a USB stick not plugged in, a share not mounted
        seen: dict[str, Snapshot] = {}
        waiting: list[str] = []
        outcomes: list[Outcome] = []
        for name in names:
            if not name.endswith(PACK_SUFFIX) or name.startswith((".", "~")):
                continue
            snapshot = self._snapshot(name)
            if snapshot is None:
                waiting.append(name)
                continue
            seen[name] = snapshot
            if self._last.get(name) != snapshot or self._handled.get(name) == snapshot:
                continue  # still arriving, or done with
            self._handled[name] = snapshot
            outcome = self._take(name, snapshot)
            if outcome is not None:
                outcomes.append(outcome)
        self._last = seen
        self.waiting = waiting
        for name in list(self.refusals):
            if name not in seen and not (self.folder / name).exists():
                del self.refusals[name]  # staff removed it: no longer a flag
        return outcomes

    def _snapshot(self, name: str) -> Snapshot | None:
        try:
            pack = (self.folder / name).stat()
            signature = (self.folder / f"{name}.minisig").stat()
        except OSError:
            return None  # no signature yet: never read a pack without one
        if not stat.S_ISREG(pack.st_mode) or not stat.S_ISREG(signature.st_mode) or \
                pack.st_size == 0 or signature.st_mtime_ns + MTIME_SLACK_NS < pack.st_mtime_ns:
            return None
        return Snapshot(pack.st_size, pack.st_mtime_ns, signature.st_size,
                        signature.st_mtime_ns)

    def _take(self, name: str, snapshot: Snapshot) -> Outcome | None:
        path = self.folder / name
        try:
            if (self.folder / name).is_symlink():
                raise Refused("link", "the inbox file is a link; copy the pack itself")
            if snapshot.pack_size > MAX_PACK_BYTES:
                raise Refused("size", f"the file is over {MAX_PACK_BYTES // (1024 * 1024)} MiB")
            if self.key is None:
                raise Refused("key", "no pack_public_key in the settings, so no pack can be "
                              "checked; set it to the clinic group's public key")
            data = path.read_bytes()
            signature = (self.folder / f"{name}.minisig").read_text(encoding="utf-8")
            if len(data) != snapshot.pack_size:
                self._handled.pop(name, None)  # it changed while being read: look again later
                return None
            manifest = verify_pack(data, signature, self.key, self.limit)
            running = self.store.state.current
            newest = self.store.newest_known()
            if running and manifest.version < running:
                raise Refused("older", f"version {manifest.version} is older than the running "
                              f"{running}; only staff can go back (staff menu)")
            if newest and manifest.version <= newest:
                log.info("packs: %s (version %s) is already installed here or was rolled back "
                         "from; nothing to do", name, manifest.version)
                self.refusals.pop(name, None)
                return None
            self.store.install(data, manifest, self.limit)
        except Refused as refusal:
            outcome = Outcome(name, refusal.kind, str(refusal))
            self.refusals[name] = outcome
            log.warning("packs: refused %s: %s", name, refusal)
            return outcome
        except (OSError, UnicodeDecodeError) as error:
            self._handled.pop(name, None)
            log.warning("packs: cannot read %s yet (%s); trying again", name, error)
            return None
        self.refusals.pop(name, None)
        log.info("packs: installed %s, version %s; it shows after the next reset",
                 name, manifest.version)
        return Outcome(name, "installed", f"version {manifest.version}", manifest.version)
