"""Which language pack to load and what stands behind it: the pack's own strings, then English,
then the app's own English strings; and the welcome screen's words in every offered language."""

from __future__ import annotations

import functools
from pathlib import Path

from kiosk.core.content import Library, Problem, Strings, load_library, load_strings
from kiosk.core.placeholders import US_NUMBERS, ClinicNumbers


def builtin_strings(numbers: ClinicNumbers = US_NUMBERS) -> Strings:
    """The app's own English UI strings (shipped with it): behind every pack, so a pack with no
    strings.yaml, or a content folder that is gone, never shows raw keys like toolbar_home."""
    return _builtin_strings(numbers)


@functools.cache
def _builtin_strings(numbers: ClinicNumbers) -> Strings:  # the shipped file never changes
    from kiosk.core.resources import content_root as bundled_content

    try:
        path = bundled_content() / "en" / "strings.yaml"
    except FileNotFoundError:
        return Strings(Path("strings.yaml"))
    return load_strings(path, [], None, numbers)


def load_for_language(content_root: Path, assets: Path, lang: str,
                      numbers: ClinicNumbers = US_NUMBERS) -> tuple[Library, list[Problem]]:
    """Load one language pack, with English strings behind it for anything not translated;
    `numbers` (the clinic's settings) fill the pack's {{emergency}} and {{crisis}}."""
    problems: list[Problem] = []
    fallback = builtin_strings(numbers)
    if not content_root.is_dir():
        problems.append(Problem(content_root, 1, "content folder not found or not readable; "
                                "showing the 'content unavailable' screen"))
    if lang != "en" and (content_root / "en").is_dir():
        # Only the English strings are needed behind a translation, not the whole English pack.
        fallback = load_strings(content_root / "en" / "strings.yaml", [], fallback, numbers)
    pack = content_root / lang
    if not pack.is_dir():
        problems.append(Problem(pack, 1, f"no language pack '{lang}'; using English"))
        pack = content_root / "en"
        fallback = builtin_strings(numbers)
    library, found = load_library(pack, assets, fallback_strings=fallback, numbers=numbers)
    return library, problems + found


def welcome_starts(content_root: Path, languages: list[tuple[str, str, str]]
                   ) -> list[tuple[str, str, str]]:
    """(code, "Tap anywhere to start" in that language, its accessible name) for each language
    offered; a pack without those words is offered with the English ones."""
    english = load_strings(content_root / "en" / "strings.yaml", [], None).values \
        if (content_root / "en" / "strings.yaml").is_file() else {}
    starts = []
    for code, name, _invite in languages:
        own = load_strings(content_root / code / "strings.yaml", [], None).values
        text = own.get("welcome_start") or english.get("welcome_start", name)
        label = own.get("welcome_start_name") or english.get("welcome_start_name", "{language}")
        starts.append((code, text, label.replace("{language}", name)))
    return starts
