"""The kiosk's inbox and pack store: what it installs, what it refuses (and logs), what it waits for."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import stat
import zipfile
from pathlib import Path

import pytest

from kiosk.core import minisign
from kiosk.core.inbox import Inbox, check_archive
from kiosk.core.pack import Manifest, build_pack, read_manifest
from kiosk.core.packstore import PackStore

TODAY = dt.date(2026, 12, 1)
KEY = minisign.generate()


def when(hour: int) -> dt.datetime:
    return dt.datetime(2026, 12, 1, hour, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def make_pack(pack, assets, tmp_path):
    """Build the test content into a pack (at a given hour, so versions order by hour)."""

    def make(hour: int) -> bytes:
        out = tmp_path / "built" / f"{hour}.kpack"
        assert build_pack(pack.parent, assets, out, built=when(hour), today=TODAY).problems == []
        return out.read_bytes()

    return make


def deliver(inbox: Path, name: str, data: bytes, key=KEY, signature: bool = True) -> Path:
    """Put a pack and its signature in the inbox, as Syncthing leaves them (pack first)."""
    inbox.mkdir(parents=True, exist_ok=True)
    path = inbox / name
    path.write_bytes(data)
    if signature:
        (inbox / f"{name}.minisig").write_text(minisign.sign(data, key, f"file:{name}"))
    return path


def crafted(entries: dict[str, bytes], *, links: tuple[str, ...] = (),
            manifest_files: dict[str, str] | None = None, version: str = "2026.12.01.120000"
            ) -> bytes:
    """A zip with a manifest that hashes its entries (a pack built by someone else)."""
    files = manifest_files if manifest_files is not None else {
        name: hashlib.sha256(data).hexdigest() for name, data in entries.items()}
    manifest = Manifest("evil", version, "2026-12-01T12:00:00+00:00", ("en",), {"en": ()}, files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest.to_json())
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def two_polls(inbox: Inbox):
    """The first poll notes the sizes; the second, if nothing grew, takes the pack."""
    assert inbox.poll() == []
    return inbox.poll()


@pytest.fixture
def kiosk_inbox(tmp_path):
    store = PackStore(tmp_path / "packs")
    return Inbox(tmp_path / "inbox", KEY.public, store)


def test_a_good_pack_is_installed_beside_the_running_one_and_staged(kiosk_inbox, make_pack,
                                                                    caplog):
    """Ensure a newer, signed, settled pack is unpacked into its own version folder and staged."""
    caplog.set_level(logging.INFO, "kiosk.packs")
    deliver(kiosk_inbox.folder, "a.kpack", make_pack(9))
    [outcome] = two_polls(kiosk_inbox)
    assert outcome.kind == "installed" and outcome.version == "2026.12.01.090000"
    store = kiosk_inbox.store
    assert store.state.staged == "2026.12.01.090000" and store.state.current is None
    folder = store.folder("2026.12.01.090000")
    assert (folder / "index" / "en.json").is_file() and (folder / "assets" / "icons").is_dir()
    assert "installed a.kpack, version 2026.12.01.090000; it shows after the next reset" \
        in caplog.text
    assert kiosk_inbox.poll() == []  # done with: not installed twice


def test_switch_keeps_the_previous_pack_and_rollback_returns_to_it(kiosk_inbox, make_pack):
    """Ensure activating keeps one previous version, and rollback makes it current again."""
    store = kiosk_inbox.store
    deliver(kiosk_inbox.folder, "a.kpack", make_pack(9))
    two_polls(kiosk_inbox)
    assert store.activate_staged()
    deliver(kiosk_inbox.folder, "b.kpack", make_pack(10))
    two_polls(kiosk_inbox)
    assert store.activate_staged()
    assert (store.state.current, store.state.previous) == ("2026.12.01.100000",
                                                           "2026.12.01.090000")
    assert store.roll_back() == "2026.12.01.090000"
    assert store.state.current == "2026.12.01.090000" and store.state.previous is None
    assert not store.folder("2026.12.01.100000").exists()
    # The state survives a restart, and the pack rolled back from is not installed again.
    again = Inbox(kiosk_inbox.folder, KEY.public, PackStore(store.root))
    assert again.store.state.current == "2026.12.01.090000"
    assert two_polls(again) == [] and again.store.state.staged is None


def refused(inbox: Inbox, caplog, kind: str, words: str) -> None:
    outcomes = two_polls(inbox)
    assert [o.kind for o in outcomes] == [kind], outcomes
    assert words in outcomes[0].message
    assert f"refused {outcomes[0].file}: " in caplog.text and words in caplog.text
    assert inbox.refusals[outcomes[0].file] == outcomes[0]  # flagged for the staff menu
    assert inbox.store.state.staged is None
    state = inbox.store.state
    kept = {p.name for p in (inbox.store.root / "versions").glob("*")}
    assert kept == {v for v in (state.current, state.previous) if v}  # nothing half-unpacked


def test_refuses_a_bad_signature(kiosk_inbox, make_pack, caplog):
    """Ensure a pack whose signature does not match its bytes is refused and logged."""
    path = deliver(kiosk_inbox.folder, "a.kpack", make_pack(9))
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path.with_name("a.kpack.minisig"))  # the signature is not older than the pack
    refused(kiosk_inbox, caplog, "signature", "does not match the file")


def test_refuses_a_pack_signed_with_another_key(kiosk_inbox, make_pack, caplog):
    """Ensure a pack signed by a key the kiosk does not trust is refused, naming both key ids."""
    deliver(kiosk_inbox.folder, "a.kpack", make_pack(9), key=minisign.generate())
    refused(kiosk_inbox, caplog, "key", f"this kiosk trusts {KEY.public.id_hex}")


def test_refuses_everything_when_no_public_key_is_set(tmp_path, make_pack, caplog):
    """Ensure a kiosk with pack_inbox but no pack_public_key refuses, saying to set the key."""
    inbox = Inbox(tmp_path / "inbox", None, PackStore(tmp_path / "packs"))
    deliver(inbox.folder, "a.kpack", make_pack(9))
    refused(inbox, caplog, "key", "no pack_public_key in the settings")


def test_refuses_a_changed_file_whose_hash_differs_from_the_manifest(kiosk_inbox, caplog):
    """Ensure a signed archive holding a file unlike its manifest hash is refused."""
    data = crafted({"index.json": b"{}"}, manifest_files={"index.json": "0" * 64})
    deliver(kiosk_inbox.folder, "a.kpack", data)
    refused(kiosk_inbox, caplog, "changed", "'index.json' does not match its hash")


def test_refuses_an_older_version_than_the_running_one(kiosk_inbox, make_pack, caplog):
    """Ensure no downgrade: a correctly signed pack older than the running one is refused."""
    deliver(kiosk_inbox.folder, "new.kpack", make_pack(10))
    two_polls(kiosk_inbox)
    kiosk_inbox.store.activate_staged()
    deliver(kiosk_inbox.folder, "old.kpack", make_pack(8))
    refused(kiosk_inbox, caplog, "older", "older than the running 2026.12.01.100000")
    assert kiosk_inbox.store.state.current == "2026.12.01.100000"


@pytest.mark.parametrize("name", ["../escape.txt", "/etc/passwd", "C:/Windows/evil.txt",
                                  "assets/../../up.txt", "assets\\..\\up.txt"])
def test_refuses_an_entry_that_escapes_its_folder(kiosk_inbox, caplog, name, tmp_path):
    """Ensure '..', absolute paths, drive letters and backslashes are refused before unpacking."""
    deliver(kiosk_inbox.folder, "a.kpack", crafted({name: b"x"}))
    refused(kiosk_inbox, caplog, "escape", "would land outside the pack's folder")
    assert not (tmp_path / "escape.txt").exists() and not (tmp_path / "up.txt").exists()


def test_refuses_a_link(kiosk_inbox, caplog):
    """Ensure an archive entry that is a symbolic link is refused."""
    deliver(kiosk_inbox.folder, "a.kpack", crafted({"assets/x.svg": b"/etc/passwd"},
                                                   links=("assets/x.svg",)))
    refused(kiosk_inbox, caplog, "link", "entry 'assets/x.svg' is a link")


def test_refuses_an_archive_that_unpacks_past_the_size_limit(tmp_path, caplog):
    """Ensure a pack unpacking past the limit (a zip bomb) is refused."""
    inbox = Inbox(tmp_path / "inbox", KEY.public, PackStore(tmp_path / "packs"),
                  limit=1024 * 1024)
    deliver(inbox.folder, "a.kpack", crafted({"assets/big.bin": bytes(2 * 1024 * 1024)}))
    assert (inbox.folder / "a.kpack").stat().st_size < 100_000  # small on the wire
    refused(inbox, caplog, "size", "unpacks to more than 1 MiB")


def test_a_size_header_that_lies_is_caught_while_unpacking(tmp_path):
    """Ensure bytes are counted as they unpack, not taken from the archive's headers."""
    from kiosk.core.inbox import Refused

    data = crafted({"assets/a.bin": bytes(600_000), "assets/b.bin": bytes(600_000)})
    manifest = read_manifest(data)
    check_archive(data, manifest, limit=2_000_000, into=tmp_path / "ok")
    with pytest.raises(Refused, match="more than 1 MiB"):
        check_archive(data, manifest, limit=1024 * 1024)


def test_a_missing_signature_is_never_read_as_a_pack(kiosk_inbox, make_pack, caplog):
    """Ensure a pack without its .minisig waits (no refusal, nothing read) until it arrives."""
    deliver(kiosk_inbox.folder, "a.kpack", make_pack(9), signature=False)
    assert two_polls(kiosk_inbox) == [] and kiosk_inbox.poll() == []
    assert kiosk_inbox.refusals == {} and kiosk_inbox.store.state.staged is None
    assert kiosk_inbox.waiting == ["a.kpack"]  # shown to staff, not refused
    deliver(kiosk_inbox.folder, "a.kpack", (kiosk_inbox.folder / "a.kpack").read_bytes())
    assert [o.kind for o in two_polls(kiosk_inbox)] == ["installed"]
    assert kiosk_inbox.waiting == []


def test_syncthing_temporary_names_are_never_read(kiosk_inbox, make_pack):
    """Ensure .syncthing.*.tmp and ~syncthing~*.tmp files (and dot files) are ignored."""
    data = make_pack(9)
    for name in (".syncthing.a.kpack.tmp", "~syncthing~a.kpack.tmp", ".a.kpack"):
        deliver(kiosk_inbox.folder, name, data)
    assert two_polls(kiosk_inbox) == [] and kiosk_inbox.poll() == []
    assert kiosk_inbox.store.state.staged is None


def test_a_growing_file_waits_until_two_polls_agree(kiosk_inbox, make_pack):
    """Ensure a pack still being copied (its size changing between polls) is not read."""
    data = make_pack(9)
    path = deliver(kiosk_inbox.folder, "a.kpack", data[: len(data) // 2], signature=False)
    (kiosk_inbox.folder / "a.kpack.minisig").write_text(minisign.sign(data, KEY, "a"))
    assert kiosk_inbox.poll() == []
    with path.open("ab") as handle:
        handle.write(data[len(data) // 2:])
    assert kiosk_inbox.poll() == []  # it grew since the last look
    assert [o.kind for o in kiosk_inbox.poll()] == ["installed"]


def test_a_signature_older_than_its_pack_is_not_read(kiosk_inbox, make_pack):
    """Ensure a new pack beside an old .minisig waits for its own signature."""
    data = make_pack(9)
    path = deliver(kiosk_inbox.folder, "a.kpack", data)
    signature = path.with_name("a.kpack.minisig")
    an_hour_ago = path.stat().st_mtime - 3600
    os.utime(signature, (an_hour_ago, an_hour_ago))
    assert two_polls(kiosk_inbox) == [] and kiosk_inbox.poll() == []
    assert kiosk_inbox.refusals == {}
    os.utime(signature)
    assert [o.kind for o in two_polls(kiosk_inbox)] == ["installed"]


def test_a_refusal_flag_clears_when_the_file_is_removed(kiosk_inbox, make_pack, caplog):
    """Ensure the staff-menu flag of a refused pack goes once staff delete the file."""
    deliver(kiosk_inbox.folder, "a.kpack", make_pack(9), key=minisign.generate())
    refused(kiosk_inbox, caplog, "key", "another key")
    (kiosk_inbox.folder / "a.kpack").unlink()
    kiosk_inbox.poll()
    assert kiosk_inbox.refusals == {}
