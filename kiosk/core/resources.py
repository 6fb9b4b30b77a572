"""Where the bundled content/ and assets/ live: source tree, installed wheel or frozen build."""

from __future__ import annotations

from pathlib import Path

import kiosk


def _package_dir() -> Path:
    # The package's own folder: in a source checkout, an installed wheel, and a PyInstaller
    # build (which sets __file__ under its bundle folder, where build.spec puts kiosk/content and
    # kiosk/assets). importlib.resources.files() gives the same folder, but importing it brings
    # zipfile, shutil, bz2, lzma and tempfile along: about 9 ms and 1 MiB of every start.
    return Path(kiosk.__file__).parent


def _bundled(name: str) -> Path:
    inside = _package_dir() / name
    if inside.is_dir():
        return inside
    # A source checkout (plain or editable install): the folders sit at the top of the repo,
    # where content authors edit them.
    beside = _package_dir().parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(
        f"bundled folder '{name}' not found in {inside} or {beside}; "
        "reinstall the app or pass --content DIR"
    )


def content_root() -> Path:
    """Return the folder holding the bundled language packs (content/en, content/es, ...)."""
    return _bundled("content")


def assets_dir() -> Path:
    """Return the folder holding icons, illustrations and the default logo."""
    return _bundled("assets")


def locations(content: Path | None) -> tuple[Path, Path]:
    """The content root (`--content DIR` if given, else the bundled one) and the assets folder."""
    return (content.resolve() if content else content_root()), assets_dir()
