"""Settings the kiosk is handed by a careless or hostile admin: deep, huge, many keys, long text."""

from __future__ import annotations

from kiosk.core import limits
from kiosk.core.config import key_lines, load_settings, parse_settings


def test_toml_arrays_nested_5000_deep_are_a_message_with_a_line_not_a_recursion_error(tmp_path):
    """Ensure 5,000-deep arrays give a file:line problem and the defaults, no RecursionError."""
    text = 'clinic_name = "Ok"\nlanguages = ' + "[" * 5000 + "]" * 5000 + "\n"
    settings, problems = parse_settings(text, tmp_path / "kiosk.toml")
    assert settings.clinic_name == "" and len(problems) == 1
    assert problems[0].line == 2 and "nest more than" in problems[0].message


def test_brackets_inside_strings_and_comments_do_not_count_as_nesting(tmp_path):
    """Ensure '[[[[' in a quoted value or a comment is not mistaken for deep nesting."""
    text = '# [[[[[[[[[[[[\nclinic_name = "[[[[[[[[[[[[ Clinic"\nprinter = \'{{{{{{{{{{{\'\n'
    settings, problems = parse_settings(text, tmp_path / "kiosk.toml")
    assert problems == [] and settings.clinic_name.startswith("[[[[")


def test_a_settings_file_over_the_size_limit_is_not_read(tmp_path):
    """Ensure a 10 MB settings file is refused by its size before it is read or parsed."""
    path = tmp_path / "kiosk.toml"
    path.write_text('clinic_name = "' + "x" * 10_000_000 + '"\n')
    settings, problems = load_settings(path)
    assert settings.clinic_name == ""
    assert len(problems) == 1 and f"{limits.MAX_SETTINGS_BYTES:,}" in problems[0].message


def test_a_clinic_name_longer_than_the_limit_is_refused_with_a_short_message(tmp_path):
    """Ensure a very long clinic_name falls back to the default and the message stays short."""
    text = 'clinic_name = "' + "x" * 50_000 + '"\n'
    settings, problems = parse_settings(text, tmp_path / "kiosk.toml")
    assert settings.clinic_name == "" and len(problems) == 1
    assert len(problems[0].message) < 400 and "at most 200 characters" in problems[0].message


def test_key_lines_finds_each_key_and_table_in_one_pass():
    """Ensure every key's and table's first line is found by one scan (linear in the file)."""
    text = "".join(f"unknown_{n} = 1\n" for n in range(8000)) + "[table]\nx = 1\n"
    lines = key_lines(text)
    assert lines["unknown_0"] == 1 and lines["unknown_7999"] == 8000 and lines["table"] == 8001


def test_8000_unknown_keys_are_each_reported_on_their_own_line(tmp_path):
    """Ensure each of 8,000 unknown keys is reported with its own line (no rescans of the text)."""
    text = "".join(f"unknown_{n} = 1\n" for n in range(8000))
    _, problems = parse_settings(text, tmp_path / "kiosk.toml")
    assert [p.line for p in problems] == list(range(1, 8001))


def test_a_settings_table_is_reported_at_its_header_line(tmp_path):
    """Ensure an unknown [table] is reported at its own line, not at line 1."""
    text = '# clinic\nclinic_name = "Ok"\n\n[display]\nzoom = 2\n'
    _, problems = parse_settings(text, tmp_path / "kiosk.toml")
    assert [(p.line, "[display] table" in p.message) for p in problems] == [(4, True)]
