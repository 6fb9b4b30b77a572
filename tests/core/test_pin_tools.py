"""The PIN and its tools: a modern scrypt cost, uncheckable costs refused, set-pin keeps the file."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import stat

import pytest

from kiosk import cli
from kiosk.core import limits
from kiosk.core.config import load_settings, parse_settings
from kiosk.core.pin import hash_pin, normalise_pin, verify_pin, well_formed


def _old_style_hash(pin: str, n: int) -> str:
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=8, p=1, dklen=32,
                            maxmem=limits.MAX_SCRYPT_MEMORY)
    return f"scrypt${n}$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def test_new_pin_hashes_use_a_modern_scrypt_cost_and_old_ones_still_verify():
    """Ensure new hashes cost N=2**15 or more, and a hash written at N=4096 still verifies."""
    n = int(hash_pin("2468").split("$")[1])
    assert n >= 2**15 and n == limits.SCRYPT_N
    old = _old_style_hash("2468", 4096)
    assert verify_pin("2468", old) and not verify_pin("2469", old)


def test_a_hash_the_kiosk_cannot_verify_is_refused_by_the_settings_check(tmp_path):
    """Ensure a well-formed N=2**20 hash (1 GiB per check) is refused with a clear message."""
    digest = base64.b64encode(b"x" * 32).decode()
    salt = base64.b64encode(b"s" * 16).decode()
    costly = f"scrypt${2**20}$8$1${salt}${digest}"
    assert not well_formed(costly)
    settings, problems = parse_settings(f'pin_hash = "{costly}"\n', tmp_path / "kiosk.toml")
    assert settings.pin_hash == "" and len(problems) == 1
    assert problems[0].line == 1 and "memory" in problems[0].message


@pytest.mark.parametrize("typed, stored", [("１２３４", "1234"), ("١٢٣٤٥", "12345"), (" 2468\n", "2468")])
def test_set_pin_normalises_digits_from_any_keyboard_to_what_the_keypad_types(
        tmp_path, monkeypatch, typed, stored):
    """Ensure full-width and Arabic-Indic digits are stored as the keypad's 0-9."""
    path = tmp_path / "kiosk.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert cli.main(["set-pin", "--stdin", "--config", str(path)]) == 0
    assert verify_pin(stored, load_settings(path)[0].pin_hash)


@pytest.mark.parametrize("typed", ["12３a", "½234", "12 34", "----"])
def test_set_pin_refuses_what_the_keypad_cannot_type(tmp_path, monkeypatch, typed):
    """Ensure a PIN with anything but digits is refused and nothing is written."""
    path = tmp_path / "kiosk.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO(typed + "\n"))
    assert cli.main(["set-pin", "--stdin", "--config", str(path)]) == 2
    assert not path.exists()
    assert normalise_pin("１２３４") == "1234"


def test_set_pin_writes_the_pin_at_the_top_level_of_a_file_with_a_table(tmp_path, monkeypatch):
    """Ensure set-pin on a file with a [table] puts pin_hash before it, where the kiosk reads it."""
    path = tmp_path / "kiosk.toml"
    path.write_text('clinic_name = "Riverside"\n\n[printing]\nnote = "front desk"\n')
    monkeypatch.setattr("sys.stdin", io.StringIO("97531\n"))
    assert cli.main(["set-pin", "--stdin", "--config", str(path)]) == 0
    settings, problems = load_settings(path)
    assert verify_pin("97531", settings.pin_hash)
    assert path.read_text().index("pin_hash") < path.read_text().index("[printing]")
    assert [p.line for p in problems] == [4] and "[printing] table" in problems[0].message


def test_a_settings_file_with_a_byte_order_mark_keeps_its_pin_and_set_pin_works(tmp_path, monkeypatch):
    """Ensure a UTF-8 BOM (Windows Notepad) neither loses the PIN nor breaks set-pin."""
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b"\xef\xbb\xbf" + f'pin_hash = "{hash_pin("2468")}"\n'.encode())
    settings, problems = load_settings(path)
    assert problems == [] and verify_pin("2468", settings.pin_hash)
    monkeypatch.setattr("sys.stdin", io.StringIO("1357\n"))
    assert cli.main(["set-pin", "--stdin", "--config", str(path)]) == 0
    assert verify_pin("1357", load_settings(path)[0].pin_hash)


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_set_pin_keeps_the_settings_files_mode_owner_and_group(tmp_path, monkeypatch, umask):
    """Ensure a 0640 settings file stays 0640 with its owner and group, whatever the umask."""
    path = tmp_path / "kiosk.toml"
    path.write_text('clinic_name = "Riverside"\n')
    os.chmod(path, 0o640)
    # As root (CI), make it root:kiosk-like with a group and owner of its own; else our own.
    owner, group = (4242, 4243) if os.geteuid() == 0 else (os.geteuid(), os.getegid())
    os.chown(path, owner, group)
    before = path.stat()
    monkeypatch.setattr("sys.stdin", io.StringIO("97531\n"))
    old_mask = os.umask(umask)
    try:
        assert cli.main(["set-pin", "--stdin", "--config", str(path)]) == 0
    finally:
        os.umask(old_mask)
    after = path.stat()
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert after.st_ino != before.st_ino  # replaced at once by a rename, never half-written
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.toml"]  # no temporary file left


def test_kiosk_mode_without_a_pin_names_the_config_file_and_set_pin_with_it(tmp_path, capsys):
    """Ensure 'Set one first' gives `kiosk set-pin --config FILE` for the file named."""
    path = tmp_path / "kiosk.toml"
    path.write_text('clinic_name = "Riverside"\n')
    assert cli.main(["--kiosk", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"kiosk set-pin --config {path}" in err and "has no PIN" in err


def test_kiosk_mode_with_an_unreadable_settings_file_says_so_not_set_one(tmp_path, capsys,
                                                                         monkeypatch):
    """Ensure an unreadable settings file is named as unreadable, not as lacking a PIN."""
    path = tmp_path / "kiosk.toml"
    path.write_text(f'pin_hash = "{hash_pin("2468")}"\n')
    real_read = type(path).read_text

    def refuse(self, *args, **kwargs):  # root reads every file, so refuse as the kiosk user is
        if self == path:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "read_text", refuse)
    assert cli.main(["--kiosk", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot read it" in err and "Set one first" not in err
