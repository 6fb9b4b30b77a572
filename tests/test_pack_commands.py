"""`kiosk pack keygen|sign|verify` and minisign's formats, checked against the real minisign tool."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.core import minisign
from kiosk.core.pack import build_pack, write_archive

REPO = Path(__file__).resolve().parents[1]
BUILT = dt.datetime(2026, 12, 1, 9, 30, 0, tzinfo=dt.UTC)
MINISIGN = shutil.which("minisign")
# CI sets KIOSK_REQUIRE_MINISIGN=1 (and installs the Debian package): there it fails, not skips.
needs_minisign = pytest.mark.skipif(
    MINISIGN is None and not os.environ.get("KIOSK_REQUIRE_MINISIGN"),
    reason="the minisign command is not installed (Debian: apt-get install minisign)")


@pytest.fixture
def built(pack, assets, tmp_path) -> Path:
    out = tmp_path / "clinic.kpack"
    result = build_pack(pack.parent, assets, out, built=BUILT, today=dt.date(2026, 12, 1))
    assert result.problems == []
    return out


def run_minisign(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    assert MINISIGN, "KIOSK_REQUIRE_MINISIGN is set but minisign is not installed"
    return subprocess.run([MINISIGN, *args], input=stdin, capture_output=True, text=True,
                          timeout=120)


def kiosk(*args: str, capsys) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_keygen_sign_verify_round_trip(built, tmp_path, capsys):
    """Ensure a pack signed with a new key verifies with its public key and exits 0."""
    secret, public = tmp_path / "packs.key", tmp_path / "packs.pub"
    assert kiosk("pack", "keygen", "--secret", str(secret), "--public", str(public),
                 capsys=capsys)[0] == 0
    assert secret.stat().st_mode & 0o077 == 0, "the secret key must be readable by its owner only"
    code, out, _ = kiosk("pack", "sign", str(built), "--secret", str(secret), capsys=capsys)
    assert code == 0 and "version 2026.12.01.093000" in out
    signature = built.with_name("clinic.kpack.minisig").read_text()
    assert "trusted comment: timestamp:" in signature and "version:2026.12.01.093000" in signature
    code, out, _ = kiosk("pack", "verify", str(built), "--public", str(public), capsys=capsys)
    assert code == 0 and "good" in out


def test_keygen_never_overwrites_a_key(tmp_path, capsys):
    """Ensure keygen refuses when a key file already exists, leaving it as it was."""
    secret, public = tmp_path / "packs.key", tmp_path / "packs.pub"
    secret.write_text("keep me")
    code, _, err = kiosk("pack", "keygen", "--secret", str(secret), "--public", str(public),
                         capsys=capsys)
    assert code == 1 and "refusing to overwrite" in err
    assert secret.read_text() == "keep me" and not public.exists()


@pytest.mark.parametrize("damage, reason", [
    ("wrong key", "signed with another key"),
    ("changed pack", "it changed after signing"),
    ("no signature", "no signature (.minisig) beside the pack"),
    ("edited comment", "trusted comment was changed"),
])
def test_verify_exits_1_with_the_reason(built, tmp_path, capsys, damage, reason):
    """Ensure verify exits 1 and names what is wrong: key, changed file, missing or edited signature."""
    key, other = minisign.generate(), minisign.generate()
    public = tmp_path / "packs.pub"
    public.write_text((other if damage == "wrong key" else key).public.to_file_text())
    signature = built.with_name(built.name + ".minisig")
    signature.write_text(minisign.sign(built.read_bytes(), key, "pack"))
    if damage == "changed pack":
        data = bytearray(built.read_bytes())
        data[len(data) // 2] ^= 1
        built.write_bytes(bytes(data))
    elif damage == "no signature":
        signature.unlink()
    elif damage == "edited comment":
        signature.write_text(signature.read_text().replace("trusted comment: pack",
                                                           "trusted comment: pick"))
    code, _, err = kiosk("pack", "verify", str(built), "--public", str(public), capsys=capsys)
    assert code == 1
    assert reason in err


def test_verify_names_a_file_that_does_not_match_the_manifest(built, tmp_path, capsys):
    """Ensure a signed pack whose file differs from its manifest hash fails verify."""
    import zipfile

    with zipfile.ZipFile(built) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist()}
    entries["index.json"] = entries["index.json"].replace(b"English", b"Inglish")
    write_archive(built, entries)
    key = minisign.generate()
    (tmp_path / "k.pub").write_text(key.public.to_file_text())
    built.with_name(built.name + ".minisig").write_text(minisign.sign(built.read_bytes(), key, "x"))
    code, _, err = kiosk("pack", "verify", str(built), "--public", str(tmp_path / "k.pub"),
                         capsys=capsys)
    assert code == 1 and "'index.json' does not match its hash in the manifest" in err


@needs_minisign
def test_a_pack_signed_by_minisign_verifies_with_kiosk(built, tmp_path, capsys):
    """Ensure `minisign -S` (unencrypted key from `minisign -G -W`) signs a pack we accept."""
    secret, public = tmp_path / "m.key", tmp_path / "m.pub"
    assert run_minisign("-G", "-W", "-p", str(public), "-s", str(secret)).returncode == 0
    signed = run_minisign("-S", "-s", str(secret), "-m", str(built), "-t", "from minisign")
    assert signed.returncode == 0, signed.stderr
    code, out, err = kiosk("pack", "verify", str(built), "--public", str(public), capsys=capsys)
    assert code == 0, err
    # And our signing reads minisign's secret key file.
    assert kiosk("pack", "sign", str(built), "--secret", str(secret), capsys=capsys)[0] == 0
    assert run_minisign("-V", "-p", str(public), "-m", str(built)).returncode == 0


@needs_minisign
def test_a_pack_signed_by_kiosk_verifies_with_minisign(built, tmp_path, capsys):
    """Ensure `minisign -V` accepts our key file and signature, and rejects a changed pack."""
    secret, public = tmp_path / "packs.key", tmp_path / "packs.pub"
    kiosk("pack", "keygen", "--secret", str(secret), "--public", str(public), capsys=capsys)
    kiosk("pack", "sign", str(built), "--secret", str(secret), capsys=capsys)
    checked = run_minisign("-V", "-p", str(public), "-m", str(built))
    assert checked.returncode == 0, checked.stderr
    assert "version:2026.12.01.093000" in checked.stdout
    built.write_bytes(built.read_bytes() + b"\0")
    assert run_minisign("-V", "-p", str(public), "-m", str(built)).returncode != 0


@needs_minisign
def test_an_encrypted_minisign_key_signs_with_its_password(built, tmp_path):
    """Ensure a password-protected `minisign -G` key signs when the password is piped in."""
    secret, public = tmp_path / "m.key", tmp_path / "m.pub"
    made = run_minisign("-G", "-p", str(public), "-s", str(secret), stdin="s3cret\ns3cret\n")
    assert made.returncode == 0, made.stderr
    done = subprocess.run([sys.executable, "-m", "kiosk", "pack", "sign", str(built), "--secret",
                           str(secret)], input="s3cret\n", capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    assert run_minisign("-V", "-p", str(public), "-m", str(built)).returncode == 0
