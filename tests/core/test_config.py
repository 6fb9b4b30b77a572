"""Settings: every field valid, invalid (named with its line) and missing; lookup order; set-pin."""

from __future__ import annotations

import io
import re
from dataclasses import fields
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.core.config import Settings, documented_fields, load_settings, parse_settings, write_setting
from kiosk.core.pin import PinGate, hash_pin, verify_pin

REPO = Path(__file__).resolve().parents[2]
GOOD_HASH = hash_pin("4321", salt=b"0123456789abcdef")
PUBLIC_KEY = "RWSFBXoECaN2kWTIoQMJNipCx/WSyWQulpqnvCrW5o6VjGVPgs25iLZG"

# field -> (a valid TOML value, what it parses to, an invalid TOML value)
CASES = {
    "clinic_name": ('"Riverside Pain Clinic"', "Riverside Pain Clinic", "42"),
    "logo": ('"logo.png"', "logo.png", "true"),
    "languages": ('["en", "es"]', ("en", "es"), '["english"]'),
    "default_language": ('"en"', "en", '"French"'),
    "clinic_language": ('"es"', "es", '"Spanish"'),
    "idle_seconds": ("90", 90, "5"),
    "warn_seconds": ("30", 30, "600"),
    "printer": ('"Front_Desk"', "Front_Desk", "[1]"),
    "paper_size": ('"A4"', "a4", '"legal"'),
    "pin_hash": (f'"{GOOD_HASH}"', GOOD_HASH, '"1234"'),
    "hide_cursor": ("true", True, '"yes"'),
    "default_text_size": ("150", 150, "130"),
    "emergency_number": ('"999"', "999", '"call 999"'),
    "crisis_line": ('"116 123"', "116 123", "116123"),
    "speech_voices": ('{ es = "Spanish (Latin America)" }', {"es": "Spanish (Latin America)"},
                      '"Spanish"'),
    "pack_inbox": ('"/srv/kiosk-inbox"', "/srv/kiosk-inbox", "3"),
    "pack_public_key": (f'"{PUBLIC_KEY}"', PUBLIC_KEY, '"RWnotakey"'),
    "packs_dir": ('"packs"', "packs", "false"),
    "usage_counts": ("true", True, "1"),
    "usage_outbox": ('"usage"', "usage", "false"),
    "kiosk_id": ('"front-desk.2"', "front-desk.2", '"front desk/2"'),
    "welcome_color": ('"#5b2a86"', "#5B2A86", '"purple"'),
    "welcome_text_color": ('"#FFFFFF"', "#FFFFFF", '"white"'),
    "welcome_loop": ("false", False, '"no"'),
    "welcome_seconds": ("12", 12, "2"),
    "print_page_limit": ("40", 40, "0"),
}


def test_every_setting_has_a_case_here():
    assert set(CASES) == {f.name for f in fields(Settings)} - {"source"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_valid_value_is_used(name, tmp_path):
    value, parsed, _ = CASES[name]
    extra = 'languages = ["en", "es"]\n' if name == "default_language" else ""
    settings, problems = parse_settings(f"# clinic settings\n{extra}{name} = {value}\n",
                                        tmp_path / "kiosk.toml")
    assert problems == []
    assert getattr(settings, name) == parsed


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_invalid_value_names_field_file_and_line_and_falls_back(name, tmp_path):
    _, _, bad = CASES[name]
    path = tmp_path / "kiosk.toml"
    text = f'# clinic settings\nclinic_name = "Ok"\n\n{name} = {bad}\n'
    if name == "clinic_name":
        text = f"# clinic settings\n\n\n{name} = {bad}\n"
    settings, problems = parse_settings(text, path)
    assert len(problems) == 1, problems
    message = str(problems[0])
    assert message.startswith(f"{path}:4:") or message.startswith("kiosk.toml:4:"), message
    assert f"'{name}'" in message and "use " in message
    assert getattr(settings, name) == getattr(Settings(), name) or name == "default_language"
    if name == "default_language":
        assert settings.default_language == "en"


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_missing_value_takes_its_default(name, tmp_path):
    settings, problems = parse_settings('clinic_name = "X"\n' if name != "clinic_name" else "",
                                        tmp_path / "kiosk.toml")
    assert problems == []
    assert getattr(settings, name) == getattr(Settings(), name)


def test_a_file_that_is_not_toml_gives_a_clear_message_and_defaults(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text("clinic_name = Riverside\nthis is not toml\n")
    settings, problems = load_settings(path)
    assert settings == Settings(source=str(path))
    assert len(problems) == 1 and "not valid TOML" in str(problems[0])
    assert ":1:" in str(problems[0])


def test_an_unknown_setting_is_reported_with_its_line(tmp_path):
    _, problems = parse_settings('clinic_name = "A"\nidle_secs = 30\n', tmp_path / "k.toml")
    assert len(problems) == 1 and ":2:" in str(problems[0]) and "idle_seconds" in str(problems[0])


def test_lookup_order_explicit_then_beside_the_program_then_user_folder(tmp_path, monkeypatch):
    import sys

    from kiosk.core import config

    program = tmp_path / "app" / "python"
    program.parent.mkdir()
    monkeypatch.setattr(sys, "executable", str(program))
    user = tmp_path / "user"
    monkeypatch.setattr("platformdirs.user_config_dir", lambda *a, **k: str(user))
    assert load_settings(None) == (Settings(), [])
    user.mkdir()
    (user / "kiosk.toml").write_text('clinic_name = "From user folder"\n')
    assert load_settings(None)[0].clinic_name == "From user folder"
    (program.parent / "kiosk.toml").write_text('clinic_name = "Beside the program"\n')
    assert load_settings(None)[0].clinic_name == "Beside the program"
    explicit = tmp_path / "explicit.toml"
    explicit.write_text('clinic_name = "Explicit"\n')
    assert load_settings(explicit)[0].clinic_name == "Explicit"
    assert config.default_config_path() == program.parent / "kiosk.toml"


def test_docs_config_md_documents_every_field_with_its_default():
    text = (REPO / "docs" / "config.md").read_text()
    for name, default, _ in documented_fields():
        row = re.search(rf"^\| `{name}` \| (.+?) \|", text, re.MULTILINE)
        assert row, f"docs/config.md has no row for {name}"
        assert f"`{default}`" in row.group(1), (name, row.group(1))


def test_pin_hash_is_salted_and_verifies_only_the_right_pin():
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second and "2468" not in first
    assert verify_pin("2468", first) and verify_pin("2468", second)
    assert not verify_pin("2469", first) and not verify_pin("", first)
    assert not verify_pin("2468", "scrypt$garbage")


def test_pin_gate_waits_longer_after_each_wrong_pin_past_five():
    clock = [0.0]
    gate = PinGate(hash_pin("2468"), clock=lambda: clock[0])
    for tries_left in (4, 3, 2, 1):
        assert not gate.check("1111") and gate.tries_left() == tries_left
        assert gate.wait_seconds() == 0
    assert not gate.check("1111")
    assert gate.wait_seconds() == 30
    assert not gate.check("2468")  # refused unchecked while waiting
    clock[0] += 30
    assert not gate.check("1111") and gate.wait_seconds() == 60
    clock[0] += 60
    assert gate.check("2468") and gate.failures == 0


def test_set_pin_writes_a_hash_and_keeps_the_rest_of_the_file(tmp_path, monkeypatch, capsys):
    path = tmp_path / "kiosk.toml"
    path.write_text('# Riverside settings\nclinic_name = "Riverside"\npin_hash = ""\n')
    monkeypatch.setattr("sys.stdin", io.StringIO("97531\n"))
    assert cli.main(["set-pin", "--stdin", "--config", str(path)]) == 0
    text = path.read_text()
    assert "97531" not in text and "# Riverside settings" in text
    settings, problems = load_settings(path)
    assert problems == [] and settings.clinic_name == "Riverside"
    assert verify_pin("97531", settings.pin_hash)
    assert "only a salted hash" in capsys.readouterr().out


def test_set_pin_refuses_a_pin_the_keypad_cannot_type(tmp_path, monkeypatch, capsys):
    path = tmp_path / "kiosk.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO("12ab\n"))
    assert cli.main(["set-pin", "--stdin", "--config", str(path)]) == 2
    assert not path.exists() and "4 to 8 digits" in capsys.readouterr().err


def test_kiosk_mode_without_a_pin_refuses_and_says_how(tmp_path, capsys):
    path = tmp_path / "kiosk.toml"
    path.write_text('clinic_name = "Riverside"\n')
    assert cli.main(["--kiosk", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "kiosk set-pin" in err and "--unlocked" in err


def test_write_setting_never_writes_a_file_it_cannot_read(tmp_path):
    path = tmp_path / "kiosk.toml"
    with pytest.raises(ValueError):
        write_setting(path, "pin_hash", 'x"y')
    write_setting(path, "printer", "Front_Desk")
    write_setting(path, "printer", "Back_Office")
    assert path.read_text().count("printer") == 1
    assert load_settings(path)[0].printer == "Back_Office"


def test_pack_folders_are_read_from_the_settings_files_folder(tmp_path):
    """Ensure relative pack_inbox and packs_dir are taken from beside kiosk.toml, absolute as given."""
    from kiosk.core.config import packs_folder, setting_path

    path = tmp_path / "etc" / "kiosk.toml"
    settings, problems = parse_settings('pack_inbox = "inbox"\npacks_dir = "/var/lib/packs"\n',
                                        path)
    assert problems == []
    assert setting_path(settings, settings.pack_inbox) == tmp_path / "etc" / "inbox"
    assert packs_folder(settings) == Path("/var/lib/packs")
    assert packs_folder(Settings()).name == "packs"


def test_welcome_colours_too_close_to_read_fall_back_to_the_defaults(tmp_path):
    """Ensure a welcome text colour that does not stand out from the background is reported with
    its line, and both colours fall back to the readable defaults."""
    path = tmp_path / "kiosk.toml"
    settings, problems = parse_settings(
        'clinic_name = "Ok"\nwelcome_color = "#777777"\nwelcome_text_color = "#888888"\n', path)
    assert len(problems) == 1 and str(problems[0]).startswith(f"{path}:3:")
    assert "hard to read" in str(problems[0]) and "4.5:1" in str(problems[0])
    assert (settings.welcome_color, settings.welcome_text_color) == (
        Settings().welcome_color, Settings().welcome_text_color)
