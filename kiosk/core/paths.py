"""The one check every path named in a content pack goes through: inside the folder, or refused."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # also catches Windows drive letters (C:)


def decoded(src: str) -> str:
    """The path a viewer would open: HTML entities and %-escapes undone, as often as they nest."""
    for _ in range(5):  # '%252e' needs two rounds; more than a few is an attack, refused below
        plain = unquote(html.unescape(src))
        if plain == src:
            return plain
        src = plain
    return "\x00"


def safe_asset(folder: Path, src: str) -> Path | None:
    """The file `src` names inside `folder`, or None if it could lead anywhere else.

    Refused: encoded dots or slashes that escape, absolute paths, drive letters and other schemes,
    backslashes, NUL, and symbolic links pointing out of the folder (resolve follows them)."""
    plain = decoded(src.strip())
    if not plain or "\x00" in plain or "\\" in plain or plain.startswith("/") \
            or SCHEME.match(plain):
        return None
    root = folder.resolve()
    try:
        target = (root / plain).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a name the system refuses
        return None
    return target if target.is_relative_to(root) and target != root else None


def relative_src(folder: Path, target: Path) -> str:
    """The plain `a/b.svg` form of a checked path, for the viewer to open with no decoding left."""
    return target.relative_to(folder.resolve()).as_posix()
