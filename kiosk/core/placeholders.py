"""The pack's placeholders ({{emergency}}, {{crisis}}) and shared snippets ({{include NAME}}).

A pack never writes a phone number for urgent help: it writes a placeholder, and the clinic's
settings give the number when the pack is loaded, so every screen, print and slide shows the same
clinic's numbers. Snippets are markdown files under <pack>/snippets/ that guides include, so a
list written once (the warning signs) can never disagree with itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

PLACEHOLDER = re.compile(r"{{\s*([^{}]*?)\s*}}")
# A line holding only an include; its indent is kept so a snippet can sit inside a box.
INCLUDE_LINE = re.compile(r"^(?P<indent>[ \t]*){{\s*include(?:\s+(?P<name>[^{}]*?))?\s*}}\s*$")
SNIPPET_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Numbers for urgent help around the world that a pack must not write bare. Standalone only:
# not part of a longer number ("10,000", "1 in 1,000", "1.000", "10 000", "555-911-0000", "$999").
URGENT_NUMBERS = {
    "911": "emergency", "999": "emergency", "112": "emergency", "000": "emergency",
    "988": "crisis", "116 123": "crisis", "13 11 14": "crisis",
}
BARE_NUMBER = re.compile(
    r"(?<![\w.,/$€£-])(?<!\d )(?<!\d\u00a0)"
    r"(911|988|999|112|000|116[ \u00a0]?123|13[ \u00a0]?11[ \u00a0]?14)"
    r"(?![\w/-]|[.,:][0-9]|[ \u00a0]\d)")


@dataclass(frozen=True)
class ClinicNumbers:
    """The numbers a clinic's patients call for urgent help; the defaults are the US ones."""

    emergency: str = "911"
    crisis: str = "988"

    def values(self) -> dict[str, str]:
        """Placeholder name -> the text it stands for."""
        return {"emergency": self.emergency, "crisis": self.crisis}


US_NUMBERS = ClinicNumbers()


def fill(text: str, numbers: ClinicNumbers) -> tuple[str, list[str]]:
    """Replace every known placeholder; return the text and the names of unknown ones (kept)."""
    known = numbers.values()
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in known:
            return known[name]
        unknown.append(name)
        return match.group(0)

    return PLACEHOLDER.sub(replace, text), unknown


def unknown_message(name: str, numbers: ClinicNumbers) -> str:
    """What to tell an author about a placeholder the app does not know."""
    if name.split()[:1] == ["include"]:
        return ("'{{" + name + "}}' must be on a line of its own in a guide (snippets and "
                "YAML files cannot include)")
    names = ", ".join("{{" + n + "}}" for n in numbers.values())
    return f"unknown placeholder '{{{{{name}}}}}'; the placeholders are {names}"


def bare_numbers(line: str) -> list[tuple[str, str]]:
    """(number, placeholder to use instead) for each urgent-help number written bare in a line."""
    found = []
    for match in BARE_NUMBER.finditer(line):
        number = re.sub(r"[ \u00a0]", " ", match.group(1))
        found.append((number, URGENT_NUMBERS[number]))
    return found


def bare_number_message(number: str, placeholder: str) -> str:
    return (f"write {{{{{placeholder}}}}} instead of the number {number}: the clinic's settings "
            f"fill in its own {placeholder} number (see docs/content-format.md)")


@dataclass
class SnippetShelf:
    """The snippets of one pack, each read from disk once per load."""

    folder: Path
    _cache: dict[str, list[str] | None] = field(default_factory=dict)

    def path_of(self, name: str) -> Path:
        return self.folder / f"{name}.md"

    def lines(self, name: str) -> list[str] | None:
        """The snippet's lines, or None when the name is not a plain slug or the file is missing.

        The name is checked as written (no decoding), and the file must resolve inside the
        snippets folder, so neither '..', a path, an encoded form nor a symlink leads out."""
        if name in self._cache:
            return self._cache[name]
        found: list[str] | None = None
        if SNIPPET_NAME.fullmatch(name):
            path = self.path_of(name)
            try:
                inside = path.resolve().is_relative_to(self.folder.resolve())
                if inside and path.is_file():
                    found = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                found = None
        self._cache[name] = found
        return found


def include_problem(name: str, shelf: SnippetShelf) -> str | None:
    """Why an include of this name cannot be done (None when it can)."""
    if not name:
        return "'{{include}}' needs a snippet name, like {{include warning-signs}}"
    if not SNIPPET_NAME.fullmatch(name):
        return (f"snippet name '{name}' is not allowed: use the name of a file in snippets/ "
                "without '.md', in lower-case words joined by hyphens (never a path)")
    if shelf.lines(name) is None:
        return (f"snippet '{name}' not found: add {shelf.folder.name}/{name}.md to the "
                "language pack or fix the name; the rest of the page still shows")
    return None
