"""Reading the content's YAML safely, with line numbers: every mapping knows its own line and each
key's, a file nested too deep or too large is a problem (never a crash), and bad YAML is a
problem at the line where the broken construct began.

PyYAML is imported on the first read, not with this module: a kiosk starting from a built pack
(kiosk/core/pack.py) reads no YAML.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.core import limits
from kiosk.core.problems import Problem

if TYPE_CHECKING:
    import yaml


class LineDict(dict):
    """A mapping from YAML that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    import yaml

    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    data.update(loader.construct_mapping(node))
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            data.key_lines[str(key_node.value)] = key_node.start_mark.line + 1


@functools.cache
def _line_loader() -> type:
    """A safe YAML loader (libyaml's where present: 6x faster) whose mappings know their lines."""
    import yaml

    class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    return LineLoader


def _yaml_too_deep(text: str) -> int:
    """The line (0-based) where lists and maps nest deeper than the limit, else -1.

    Read as a flat stream of events, so a hostile file cannot exhaust the stack while it is
    measured (building the data is recursive)."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=_line_loader()):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limits.MAX_YAML_DEPTH:
                return event.start_mark.line
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return -1


def load_yaml(text: str, path: Path, problems: list[Problem], first_line: int = 1) -> Any:
    import yaml

    try:
        deep = _yaml_too_deep(text)
        if deep >= 0:
            problems.append(Problem(
                path, first_line + deep, f"lists and maps nest more than "
                f"{limits.MAX_YAML_DEPTH} deep here; flatten them"))
            return None
        return yaml.load(text, Loader=_line_loader())  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as error:
        # Where the broken construct began is where an author should look.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        problems.append(Problem(path, line, f"not valid YAML ({reason}); fix the syntax"))
        return None


def size_ok(path: Path, problems: list[Problem]) -> bool:
    """False (with a problem) for a content file over the size limit, before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return True  # reading it reports why it cannot be read
    if size <= limits.MAX_CONTENT_FILE_BYTES:
        return True
    problems.append(Problem(
        path, 1, f"the file is {size:,} bytes; a content file may be at most "
        f"{limits.MAX_CONTENT_FILE_BYTES:,} bytes: split it up; it is left out until then"))
    return False


def read_content_text(path: Path, problems: list[Problem]) -> str | None:
    """A content file's text, or None with a problem (too large, missing, unreadable)."""
    if not size_ok(path, problems):
        return None
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path, 1, f"{path.name} is missing from the language pack"))
        return None
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(path, 1, f"cannot read the file ({error}); save it as UTF-8"))
        return None


def read_yaml_file(path: Path, problems: list[Problem]) -> Any:
    text = read_content_text(path, problems)
    return None if text is None else load_yaml(text, path, problems)
