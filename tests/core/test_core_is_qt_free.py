"""The core (everything under kiosk/core/) never imports Qt, directly or through another module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "kiosk"
CORE = sorted((PACKAGE / "core").rglob("*.py"))
QT = {"PySide6", "shiboken6"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _module_file(name: str) -> Path | None:
    """The file of a kiosk module name (kiosk.core.render -> kiosk/core/render.py), if it is one."""
    parts = name.split(".")[1:]
    for candidate in (PACKAGE.joinpath(*parts).with_suffix(".py"), PACKAGE.joinpath(*parts, "__init__.py")):
        if parts and candidate.is_file():
            return candidate
    return None


def test_the_core_folder_holds_the_core_modules():
    """Ensure the walk below sees the modules the architecture puts in the core."""
    names = {p.stem for p in CORE}
    assert {"config", "resources", "content", "render", "questions", "session", "validate", "pin",
            "handout"} <= names


def test_no_module_under_kiosk_core_imports_pyside6_directly_or_through_kiosk_modules():
    """Ensure every file under kiosk/core/, and every kiosk module it imports, names no Qt."""
    seen: set[Path] = set()
    pending = list(CORE)
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        imports = _imports(path)
        qt = sorted(i for i in imports if i.split(".")[0] in QT)
        assert not qt, f"{path.relative_to(PACKAGE.parent)} imports {qt}"
        pending += [f for i in imports if i.startswith("kiosk.") and (f := _module_file(i))]


def test_loading_and_checking_content_leaves_qt_unloaded():
    """Ensure running the whole core (load, render, check) in a fresh interpreter loads no Qt."""
    code = (
        "import sys\n"
        "from kiosk.core import resources\n"
        "from kiosk.core.validate import check_content\n"
        "import kiosk.core.config, kiosk.core.questions, kiosk.core.session\n"
        "check_content(resources.content_root(), resources.assets_dir())\n"
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(qt)\n"
        "sys.exit(1 if qt else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
