"""The core (config, resources, content, render, questions, session, validate) never imports Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = ["config", "resources", "content", "render", "questions", "session", "validate", "pin",
        "handout"]
PACKAGE = Path(__file__).resolve().parents[1] / "kiosk"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_modules_do_not_import_pyside6_directly_or_through_kiosk_modules():
    """Ensure no core module, nor any kiosk module it imports, names PySide6."""
    seen: set[str] = set()
    pending = list(CORE)
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        imports = _imports(PACKAGE / f"{name}.py")
        qt = sorted(i for i in imports if i.split(".")[0] in {"PySide6", "shiboken6"})
        assert not qt, f"kiosk/{name}.py imports {qt}"
        pending += [i.split(".")[1] for i in imports
                    if i.startswith("kiosk.") and i.count(".") == 1 and i != "kiosk.ui"]


def test_loading_and_checking_content_leaves_qt_unloaded():
    """Ensure running the whole core (load, render, check) in a fresh interpreter loads no Qt."""
    code = (
        "import sys\n"
        "from kiosk import resources\n"
        "from kiosk.validate import check_content\n"
        "import kiosk.config, kiosk.questions, kiosk.session\n"
        "check_content(resources.content_root(), resources.assets_dir())\n"
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(qt)\n"
        "sys.exit(1 if qt else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
