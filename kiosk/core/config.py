"""Settings: one TOML file, every field documented, each bad value reported and replaced by its default.

Lookup order: `--config FILE`; `kiosk.toml` beside the executable (portable installs); the per-user
config folder (`platformdirs.user_config_dir("pain-kiosk")/kiosk.toml`); then the defaults.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kiosk.core.content import Problem

CONFIG_NAME = "kiosk.toml"
PAPER_SIZES = ("letter", "a4")


@dataclass(frozen=True)
class Settings:
    """Everything a clinic can set. The metadata 'doc' of each field is its documentation."""

    clinic_name: str = field(default="", metadata={
        "doc": "Clinic name printed at the top of the question sheet and on handouts."})
    logo: str = field(default="", metadata={
        "doc": "Path of a PNG or SVG logo for printed sheets (relative to the config file). "
               "Empty: the app's own neutral logo."})
    languages: tuple[str, ...] = field(default=(), metadata={
        "doc": "Language packs offered to patients, by folder name under content/, like "
               '["en", "es"]. Empty: every pack found, English first.'})
    default_language: str = field(default="en", metadata={
        "doc": "Language the app starts in and returns to after an idle reset."})
    idle_seconds: int = field(default=120, metadata={
        "doc": "Kiosk mode: seconds without a touch before 'Are you still reading?' (10-3600)."})
    warn_seconds: int = field(default=20, metadata={
        "doc": "Kiosk mode: seconds the 'still reading?' countdown lasts before a reset (5-120)."})
    printer: str = field(default="", metadata={
        "doc": "Printer name for kiosk printing. Empty: the system's default printer."})
    paper_size: str = field(default="letter", metadata={
        "doc": "Paper for printing: 'letter' or 'a4'."})
    pin_hash: str = field(default="", metadata={
        "doc": "Admin PIN as a salted scrypt hash; write it with `kiosk set-pin`. "
               "Never the PIN itself."})
    hide_cursor: bool = field(default=False, metadata={
        "doc": "Kiosk mode: hide the mouse pointer (for touch screens)."})
    default_text_size: int = field(default=100, metadata={
        "doc": "Starting text size in percent: 100, 125, 150, 175 or 200."})
    welcome_color: str = field(default="#0F3D4C", metadata={
        "doc": "Kiosk mode: the welcome screen's background, the clinic's colour, as #RRGGBB. "
               "Pick a dark colour: the text on it must stand out (4.5:1 at least)."})
    welcome_text_color: str = field(default="#FFFFFF", metadata={
        "doc": "Kiosk mode: the welcome screen's text colour, as #RRGGBB."})
    welcome_loop: bool = field(default=True, metadata={
        "doc": "Kiosk mode: the welcome screen slowly shows one topic after another. "
               "false: it shows the clinic's name and the start buttons only, with no motion."})
    welcome_seconds: int = field(default=8, metadata={
        "doc": "Kiosk mode: seconds each topic stays on the welcome screen (5-60)."})
    print_page_limit: int = field(default=30, metadata={
        "doc": "Kiosk mode: most pages one patient can print; counted again from 0 at every "
               "reset (1-500)."})
    source: str = field(default="defaults", metadata={
        "doc": "(not set in the file) where these settings came from."})


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _range(low: int, high: int) -> Callable[[Any], int | None]:
    def check(value: Any) -> int | None:
        ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
        return value if ok else None
    return check


def _languages(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(
            isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}", v) for v in value):
        return tuple(value)
    return None


def _choice(*allowed: Any) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        normal = value.lower() if isinstance(value, str) else value
        return normal if normal in allowed and not isinstance(value, bool) else None
    return check


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _colour(value: Any) -> str | None:
    return value.upper() if isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value) \
        else None


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours (1 to 21)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _pin_hash(value: Any) -> str | None:
    from kiosk.core.pin import well_formed

    return value if isinstance(value, str) and (value == "" or well_formed(value)) else None


# field -> (parser returning None for a bad value, what is allowed)
RULES: dict[str, tuple[Callable[[Any], Any], str]] = {
    "clinic_name": (_text, "text in quotes"),
    "logo": (_text, "a file path in quotes"),
    "languages": (_languages, 'a list of language codes, like ["en", "es"]'),
    "default_language": (_choice(*[]), "one of the 'languages'"),  # checked against languages
    "idle_seconds": (_range(10, 3600), "a whole number from 10 to 3600"),
    "warn_seconds": (_range(5, 120), "a whole number from 5 to 120"),
    "printer": (_text, "a printer name in quotes (empty for the default printer)"),
    "paper_size": (_choice(*PAPER_SIZES), "'letter' or 'a4'"),
    "pin_hash": (_pin_hash, "the text `kiosk set-pin` writes (run it again to set a new PIN)"),
    "hide_cursor": (_bool, "true or false"),
    "default_text_size": (_choice(100, 125, 150, 175, 200), "100, 125, 150, 175 or 200"),
    "welcome_color": (_colour, 'a colour like "#0F3D4C"'),
    "welcome_text_color": (_colour, 'a colour like "#FFFFFF"'),
    "welcome_loop": (_bool, "true or false"),
    "welcome_seconds": (_range(5, 60), "a whole number from 5 to 60"),
    "print_page_limit": (_range(1, 500), "a whole number from 1 to 500"),
}


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
    return 1


def parse_settings(text: str, path: Path) -> tuple[Settings, list[Problem]]:
    """Read settings from TOML text; every bad field is reported and falls back to its default."""
    import tomllib  # only when a settings file exists

    problems: list[Problem] = []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or int(
            (re.search(r"line (\d+)", str(error)) or re.search(r"(\d+)", "1")).group(1))
        problems.append(Problem(path, line, f"not valid TOML ({error}); using every default"))
        return Settings(source=str(path)), problems
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in RULES:
            problems.append(Problem(
                path, _line_of(text, key), f"unknown setting '{key}'; settings are: "
                f"{', '.join(RULES)} (see docs/config.md)"))
            continue
        if key == "default_language":
            values[key] = value  # checked below, once 'languages' is known
            continue
        parse, allowed = RULES[key]
        parsed = parse(value)
        if parsed is None:
            default = getattr(Settings(), key)
            problems.append(Problem(
                path, _line_of(text, key), f"'{key}' = {value!r} is not allowed: use {allowed}; "
                f"using the default {default!r}"))
            continue
        values[key] = parsed
    languages = values.get("languages", Settings().languages)
    if "default_language" in values:
        code = values["default_language"]
        if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2,3}", code):
            problems.append(Problem(
                path, _line_of(text, "default_language"),
                f"'default_language' = {code!r} is not allowed: use a language code like "
                f"\"en\"; using {(languages or ('en',))[0]!r}"))
            values["default_language"] = (languages or ("en",))[0]
        elif languages and code not in languages:
            problems.append(Problem(
                path, _line_of(text, "default_language"),
                f"'default_language' = {values['default_language']!r} is not allowed: use one "
                f"of the 'languages' {list(languages)}; using {languages[0]!r}"))
            values["default_language"] = languages[0]
    elif languages and "en" not in languages:
        values["default_language"] = languages[0]
    background = values.get("welcome_color", Settings().welcome_color)
    foreground = values.get("welcome_text_color", Settings().welcome_text_color)
    if contrast_ratio(background, foreground) < 4.5:
        key = "welcome_text_color" if "welcome_text_color" in values else "welcome_color"
        problems.append(Problem(
            path, _line_of(text, key),
            f"'welcome_text_color' {foreground} on 'welcome_color' {background} is hard to read "
            f"(contrast {contrast_ratio(background, foreground):.1f}:1, needs 4.5:1); using the "
            "default colours"))
        values.pop("welcome_color", None)
        values.pop("welcome_text_color", None)
    return replace(Settings(), source=str(path), **values), problems


def config_candidates(explicit: Path | None) -> list[Path]:
    """Where settings are looked for, first match wins."""
    if explicit is not None:
        return [explicit]
    from platformdirs import user_config_dir

    beside = Path(sys.executable).resolve().parent / CONFIG_NAME
    return [beside, Path(user_config_dir("pain-kiosk", appauthor=False)) / CONFIG_NAME]


def load_settings(explicit: Path | None = None) -> tuple[Settings, list[Problem]]:
    """Load the first settings file found (see the module docstring), else the defaults."""
    for path in config_candidates(explicit):
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                return Settings(), [Problem(path, 1, f"cannot read settings ({error}); "
                                            "using every default")]
            return parse_settings(text, path)
        if explicit is not None:
            return Settings(), [Problem(path, 1, "settings file not found; using every default")]
    return Settings(), []


def toml_value(value: Any) -> str:
    """A default as it is written in the TOML file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def documented_fields() -> list[tuple[str, str, str]]:
    """(name, default as TOML, doc) for every setting, for docs/config.md."""
    return [(f.name, toml_value(f.default), f.metadata["doc"]) for f in fields(Settings)
            if f.name != "source"]


def default_config_path() -> Path:
    """Where `kiosk set-pin` writes when no --config is given: the first file found, else the
    per-user config folder."""
    candidates = config_candidates(None)
    for path in candidates:
        if path.is_file():
            return path
    return candidates[-1]


def write_setting(path: Path, key: str, value: str) -> None:
    """Set one text setting in a TOML file, keeping every other line (and comment) as it is."""
    if key not in RULES:
        raise KeyError(key)
    if any(c in value for c in '"\\\n'):
        raise ValueError(f"cannot write {key!r}: the value holds a quote, backslash or newline")
    line = f'{key} = "{value}"'
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=.*$", re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: line, text, count=1)
    else:
        # Top-level keys must come before any [table]; this file has none, so append.
        text = (text.rstrip("\n") + "\n" if text.strip() else "") + line + "\n"
    import tomllib

    tomllib.loads(text)  # never write a file the app could not read back
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
