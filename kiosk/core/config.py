"""Settings: one TOML file, every field documented, each bad value reported and replaced by its default.

Lookup order: `--config FILE`; `kiosk.toml` beside the executable (portable installs); the per-user
config folder (`platformdirs.user_config_dir("pain-kiosk")/kiosk.toml`); then the defaults.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kiosk.core import limits
from kiosk.core.placeholders import US_NUMBERS, ClinicNumbers
from kiosk.core.problems import Problem

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
    clinic_language: str = field(default="en", metadata={
        "doc": "Language the clinic's staff read. When a patient uses another language, the "
               "visit sheet offers to print each answer in both."})
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
    emergency_number: str = field(default=US_NUMBERS.emergency, metadata={
        "doc": "The number patients call in an emergency, shown wherever the guides write "
               "{{emergency}}: every screen, printed handout and slide. Like \"999\" (UK), "
               "\"000\" (Australia) or \"112\"."})
    crisis_line: str = field(default=US_NUMBERS.crisis, metadata={
        "doc": "The suicide and crisis line patients call or text, shown wherever the guides "
               "write {{crisis}}. Like \"116 123\" (UK Samaritans) or \"13 11 14\" "
               "(Australia's Lifeline)."})
    speech_voices: dict[str, str] = field(default_factory=dict, metadata={
        "doc": "Read aloud: the voice for a language, by language code, like "
               '{ es = "Spanish (Latin America)" } (`kiosk doctor` lists the voices). A language '
               "left out gets its main country's plain voice; a language with no voice has no "
               "Listen button."})
    pack_inbox: str = field(default="", metadata={
        "doc": "Folder the kiosk watches for new signed content packs (a Syncthing receive-only "
               "folder, a share or a USB path). Empty: no updates. See docs/deploy.md."})
    pack_public_key: str = field(default="", metadata={
        "doc": "The clinic group's public key for content packs: the base64 line of the "
               "minisign .pub file (starts with RW). Packs signed with any other key are refused."})
    packs_dir: str = field(default="", metadata={
        "doc": "Folder holding installed content packs (one folder per version). Empty: "
               "'packs' in the app's data folder (platformdirs.user_data_dir)."})
    usage_counts: bool = field(default=False, metadata={
        "doc": "Count, per day only, how the kiosk is used (sessions, guides opened and finished, "
               "questions added by id, prints, languages) and write the totals to `usage_outbox`. "
               "Never anything a patient typed or answered; see docs/privacy.md. Off by default."})
    usage_outbox: str = field(default="", metadata={
        "doc": "Folder for the daily usage files (relative to the config file), for example a "
               "Syncthing send-only folder. Empty: 'usage-outbox' in the app's data folder."})
    kiosk_id: str = field(default="", metadata={
        "doc": "This kiosk's name in its usage files, like \"riverside-front-desk\" (letters, "
               "digits, dot, dash, underscore). Empty: the computer's host name."})
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


    @property
    def numbers(self) -> ClinicNumbers:
        """The clinic's urgent-help numbers, for loading the language packs."""
        return ClinicNumbers(emergency=self.emergency_number, crisis=self.crisis_line)


def _text(value: Any) -> str | None:
    # Text settings are printed on every sheet: a 10 MB clinic name must not reach the printer.
    ok = isinstance(value, str) and len(value) <= limits.MAX_SETTING_TEXT_CHARS
    return value if ok else None


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


def _language(value: Any) -> str | None:
    return value if isinstance(value, str) and re.fullmatch(r"[a-z]{2,3}", value) else None


def _choice(*allowed: Any) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        normal = value.lower() if isinstance(value, str) else value
        return normal if normal in allowed and not isinstance(value, bool) else None
    return check


def _phone(value: Any) -> str | None:
    # Digits with spaces or hyphens between them (and a leading +): it is shown, never dialled.
    ok = isinstance(value, str) and re.fullmatch(r"\+?\d(?:[\d -]{0,18}\d)?", value.strip())
    return value.strip() if ok else None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _voices(value: Any) -> dict[str, str] | None:
    if isinstance(value, dict) and all(
            isinstance(k, str) and re.fullmatch(r"[a-z]{2,3}", k) and isinstance(v, str) and v
            for k, v in value.items()):
        return dict(value)
    return None


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


def _public_key(value: Any) -> str | None:
    from kiosk.core.minisign import SignatureError, parse_public_key

    if not isinstance(value, str):
        return None
    if not value.strip():
        return ""
    try:
        parse_public_key(value)
    except SignatureError:
        return None
    return value.strip()


def packs_folder(settings: Settings) -> Path:
    """Where installed content packs live: `packs_dir`, else the app's data folder."""
    if settings.packs_dir:
        return setting_path(settings, settings.packs_dir)
    from platformdirs import user_data_dir

    return Path(user_data_dir("pain-kiosk", appauthor=False)) / "packs"


def setting_path(settings: Settings, value: str) -> Path:
    """A folder or file named in the settings; a relative one is read from the file's folder."""
    path = Path(value).expanduser()
    if path.is_absolute() or settings.source == "defaults":
        return path
    return Path(settings.source).parent / path


# field -> (parser returning None for a bad value, what is allowed)
RULES: dict[str, tuple[Callable[[Any], Any], str]] = {
    "clinic_name": (_text, f"text in quotes, at most {limits.MAX_SETTING_TEXT_CHARS} characters"),
    "logo": (_text, "a file path in quotes"),
    "languages": (_languages, 'a list of language codes, like ["en", "es"]'),
    "default_language": (_choice(*[]), "one of the 'languages'"),  # checked against languages
    "clinic_language": (_language, 'a language code in quotes, like "en"'),
    "idle_seconds": (_range(10, 3600), "a whole number from 10 to 3600"),
    "warn_seconds": (_range(5, 120), "a whole number from 5 to 120"),
    "printer": (_text, "a printer name in quotes (empty for the default printer)"),
    "paper_size": (_choice(*PAPER_SIZES), "'letter' or 'a4'"),
    "pin_hash": (_pin_hash, "the text `kiosk set-pin` writes (run it again to set a new PIN; a "
                 "hash whose scrypt cost needs more memory than the kiosk allows is refused)"),
    "hide_cursor": (_bool, "true or false"),
    "default_text_size": (_choice(100, 125, 150, 175, 200), "100, 125, 150, 175 or 200"),
    "emergency_number": (_phone, 'a phone number in quotes, like "999"'),
    "crisis_line": (_phone, 'a phone number in quotes, like "116 123"'),
    "speech_voices": (_voices, 'a table of language code = voice name, like '
                      '{ es = "Spanish (Latin America)" }'),
    "pack_inbox": (_text, "a folder path in quotes"),
    "pack_public_key": (_public_key, "the second line of the minisign public key file, in "
                        "quotes (RW...)"),
    "packs_dir": (_text, "a folder path in quotes"),
    "usage_counts": (_bool, "true or false"),
    "usage_outbox": (_text, "a folder path in quotes (empty for the app's data folder)"),
    "kiosk_id": (lambda v: v if isinstance(v, str) and re.fullmatch(r"[A-Za-z0-9._-]{0,60}", v)
                 else None, "a name in quotes of up to 60 letters, digits, dots, dashes or "
                            "underscores"),
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


KEY_LINE = re.compile(r"""^\s*(?:\[\[?\s*(?P<table>[^\]]+?)\s*\]"""
                      r"""|(?P<key>[A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*[.=])""")


def key_lines(text: str) -> dict[str, int]:
    """The first line of each top-level key and each [table] header, in one pass over the text
    (looking each key up by scanning the text again took 23 s for 8,000 unknown keys)."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = KEY_LINE.match(line)
        if match is None:
            continue
        name = (match.group("table") or match.group("key")).split(".")[0].strip().strip("\"'")
        found.setdefault(name, number)
    return found


def toml_too_deep(text: str) -> int:
    """The line where arrays and inline tables nest deeper than the limit, else 0.

    tomllib reads nesting recursively, so 5,000 '[' would end in a RecursionError: this counts
    brackets outside strings and comments first, in one pass."""
    depth, line, quote, index = 0, 1, "", 0
    while index < len(text):
        ch = text[index]
        if ch == "\n":
            line += 1
        if quote:
            if ch == "\\" and quote == '"':
                index += 1
            elif text.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif ch == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end - 1
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, index) else ch
            index += len(quote) - 1
        elif ch in "[{":
            depth += 1
            if depth > limits.MAX_TOML_DEPTH:
                return line
        elif ch in "]}":
            depth = max(0, depth - 1)
        index += 1
    return 0


def _shown(value: Any) -> str:
    """A bad value as the message quotes it: never megabytes of it."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}... ({len(text):,} characters)"


def parse_settings(text: str, path: Path) -> tuple[Settings, list[Problem]]:
    """Read settings from TOML text; every bad field is reported and falls back to its default."""
    import tomllib  # only when a settings file exists

    problems: list[Problem] = []
    deep = toml_too_deep(text)
    if deep:
        problems.append(Problem(path, deep, f"lists nest more than {limits.MAX_TOML_DEPTH} deep "
                                "here; no setting needs that; using every default"))
        return Settings(source=str(path)), problems
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or int(
            (re.search(r"line (\d+)", str(error)) or re.search(r"(\d+)", "1")).group(1))
        problems.append(Problem(path, line, f"not valid TOML ({error}); using every default"))
        return Settings(source=str(path)), problems
    values: dict[str, Any] = {}
    lines = key_lines(text)
    for key, value in data.items():
        if key not in RULES:
            what = f"[{key}] table" if isinstance(value, dict) else f"setting '{key}'"
            problems.append(Problem(
                path, lines.get(key, 1), f"unknown {what}; settings are: "
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
                path, lines.get(key, 1), f"'{key}' = {_shown(value)} is not allowed: use {allowed}; "
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
                size = path.stat().st_size
                if size > limits.MAX_SETTINGS_BYTES:
                    return Settings(), [Problem(
                        path, 1, f"the settings file is {size:,} bytes; at most "
                        f"{limits.MAX_SETTINGS_BYTES:,} are read; using every default")]
                # utf-8-sig: Windows Notepad starts the file with a byte-order mark.
                text = path.read_text(encoding="utf-8-sig")
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
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def documented_fields() -> list[tuple[str, str, str]]:
    """(name, default as TOML, doc) for every setting, for docs/config.md."""
    return [(f.name, toml_value(f.default if f.default_factory is MISSING else f.default_factory()),
             f.metadata["doc"]) for f in fields(Settings) if f.name != "source"]


def usage_outbox_path(settings: Settings) -> Path:
    """The usage outbox folder: the setting (relative to the config file), else the default."""
    if not settings.usage_outbox:
        from kiosk.core.usage import default_outbox

        return default_outbox()
    folder = Path(settings.usage_outbox).expanduser()
    if not folder.is_absolute() and settings.source not in ("defaults", ""):
        folder = Path(settings.source).parent / folder
    return folder


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
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=.*$", re.MULTILINE)
    table = re.search(r"^\s*\[", text, re.MULTILINE)
    found = pattern.search(text)
    if found and (table is None or found.start() < table.start()):
        text = text[: found.start()] + line + text[found.end():]
    elif table is not None:
        # Top-level keys must come before the first [table], or TOML puts them inside it.
        text = text[: table.start()] + line + "\n" + text[table.start():]
    else:
        text = (text.rstrip("\n") + "\n" if text.strip() else "") + line + "\n"
    import tomllib

    if tomllib.loads(text).get(key) != value:  # never write a file the app would read otherwise
        raise ValueError(f"cannot write {key!r} at the top level of {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, text)


def replace_file(path: Path, text: str) -> None:
    """Write `text` over `path` at once (a temporary file, then a rename), keeping the file's
    owner, group and mode: a root:kiosk 0640 settings file stays readable by the kiosk alone."""
    import os
    import tempfile

    try:
        old = path.stat()
    except FileNotFoundError:
        old = None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            if old is not None:
                os.fchmod(file.fileno(), old.st_mode & 0o7777)
                if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                    os.fchown(file.fileno(), old.st_uid, old.st_gid)
            else:
                os.fchmod(file.fileno(), 0o640)  # a PIN hash: never world-readable
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
